"""Gold JSONL lines: Prodigy token indices, validation, order, in this process or in workers."""

from __future__ import annotations

import json

import pytest
import spacy

from annotate.core.errors import ExportError, RecordError
from annotate.core.records import Entity, Record
from annotate.core.schema import Kind, validate
from annotate.labelstudio import writers
from annotate.labelstudio.writers import gold_lines, line_workers, with_tokens, write_lines


def many(gold_records, count):
    """`count` distinct records (the seeds, renamed) so that several batches are in flight."""
    return [
        gold_records[i % len(gold_records)].with_(id=f"copy-{i}", meta={"n": i})
        for i in range(count)
    ]


def test_token_indices_are_prodigy_style_inclusive():
    text = "Egypt's envoy met Hamas leaders in Cairo."
    record = Record("t", text, spans=(Entity(0, 5, "GPE", "Egypt"), Entity(18, 23, "ORG", "Hamas"),
                                      Entity(35, 40, "GPE", "Cairo")))  # fmt: skip
    (tokenized,) = with_tokens([record], tokenizer=spacy.blank("en").tokenizer, keep_tokens=True)
    assert [(e.token_start, e.token_end) for e in tokenized.spans] == [(0, 0), (4, 4), (7, 7)]
    assert [t["text"] for t in tokenized.tokens][:3] == ["Egypt", "'s", "envoy"]


@pytest.mark.parametrize("n_process", [1, 2])
@pytest.mark.parametrize("keep_tokens", [False, True])
def test_lines_equal_the_in_process_result_in_order(
    gold_records, monkeypatch, n_process, keep_tokens
):
    monkeypatch.setattr(writers, "BATCH_RECORDS", 7)  # 60 records: 9 batches
    records = many(gold_records, 60)
    tokenizer = spacy.blank("en").tokenizer
    expected = [
        r.to_dict() for r in with_tokens(records, tokenizer=tokenizer, keep_tokens=keep_tokens)
    ]
    with line_workers(n_process) as workers:
        lines = list(gold_lines(records, workers=workers, keep_tokens=keep_tokens))
    assert [json.loads(line) for line in lines] == expected
    for obj in expected:
        validate(obj, Kind.GOLD)
        assert ("tokens" in obj) is keep_tokens
        assert all(s["token_end"] >= s["token_start"] for s in obj["spans"])


@pytest.mark.parametrize("n_process", [1, 2])
def test_an_invalid_record_names_the_output_record_and_id(gold_records, n_process):
    good = many(gold_records, 3)
    bad = Record("broken", "Hamas said no.", spans=(Entity(0, 5, "ORG", "Egypt"),))
    with line_workers(n_process) as workers, pytest.raises(RecordError) as caught:
        list(gold_lines([*good, bad], workers=workers, where="out.jsonl"))
    assert "out.jsonl record 4 (id broken)" in str(caught.value)


def test_write_lines_counts_what_it_wrote(tmp_path):
    path = tmp_path / "g.jsonl"
    assert list(write_lines(path, iter(['{"a":1}', '{"b":2}']))) == [1, 2]
    assert path.read_text(encoding="utf-8") == '{"a":1}\n{"b":2}\n'


def test_no_workers_is_an_error():
    with pytest.raises(ExportError, match="1 or more"), line_workers(0):
        pass


def test_workers_end_when_their_parent_is_killed(tmp_path):
    import subprocess
    import sys
    import time
    from pathlib import Path

    script = (
        "import time\n"
        "from annotate.labelstudio.writers import line_workers\n"
        "with line_workers(2) as workers:\n"
        "    workers.ready.result()\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout.readline().strip() == "ready"
    children = [
        int(p.parent.name)
        for p in Path("/proc").glob("[0-9]*/stat")
        if p.exists() and p.read_text().rsplit(")", 1)[1].split()[1] == str(parent.pid)
    ]
    assert len(children) >= 2
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)
