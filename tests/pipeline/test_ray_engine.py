"""`preannotate --engine ray` on a real local Ray: same records as the local engine, resumable
after kill -9, the loader's problems, and shard directories read by push, evaluate, validate."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import srsly
from typer.testing import CliRunner

from annotate.cli import app
from annotate.core.corpus import read_articles
from annotate.core.errors import Problem
from annotate.core.shards import MANIFEST, read_manifest
from annotate.pipeline.preannotate import build_pipeline, preannotate

from ..conftest import ANNOTATE, GOLD_PATH, SEEDS, wait_for

ray = pytest.importorskip("ray", reason='Ray is not installed (pip install -e ".[ray]")')


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray for the in-process runs of this module (each CLI subprocess starts its
    own); the engine joins a Ray that is already running and leaves it running."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def synthetic_corpus(directory: Path, *, copies: int) -> list[Path]:
    """Seed texts made distinct, as .txt files and as one JSONL file, with a duplicate text
    and a taken id among them (so the loader's de-duplication and renaming are exercised)."""
    directory.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(copies):
        for seed in seeds:
            (directory / f"{seed.stem}-{i}.txt").write_text(f"Copy {i}.\n{seed.read_text()}")
    text = seeds[0].read_text()
    lines = [{"id": f"j{i}", "text": f"Line {i}.\n{text}"} for i in range(copies)]
    lines.append({"id": "j0", "text": "Another article under a taken id, on a truce."})
    lines.append({"id": "dup", "text": f"Copy 0.\n{text}"})  # the same text as a .txt file
    srsly.write_jsonl(directory / "more.jsonl", lines)
    return [directory]


def ray_records(directory: Path) -> list[dict]:
    manifest = read_manifest(directory)
    return [json.loads(line) for entry in manifest.shards
            for line in (directory / entry.name).read_text().splitlines()]  # fmt: skip


def local_records(sources, nlp) -> list[dict]:
    events = preannotate(read_articles(sources), nlp=nlp)
    return [event.to_dict() for event in events if not isinstance(event, Problem)]


def by_id(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: r["id"])


def run_engine(sources, out: Path, **options) -> list:
    from annotate.pipeline.ray_engine import preannotate_ray

    return list(preannotate_ray(sources, output_dir=out, **options))


@pytest.mark.parametrize("corpus", ["seeds", "synthetic"])
def test_ray_gives_the_local_engines_records(local_ray, tmp_path, nlp, corpus):
    sources = [SEEDS] if corpus == "seeds" else synthetic_corpus(tmp_path / "in", copies=4)
    out = tmp_path / "shards"
    run_engine(sources, out, model="annotate-rules", actors=2, shard_size=3, batch_size=2)
    got, expected = ray_records(out), local_records(sources, nlp)
    assert len(got) == len(expected) > 0
    assert by_id(got) == by_id(expected)  # same fields, same offsets, same ids; order may differ
    manifest = read_manifest(out)
    assert manifest.complete and sum(e.records for e in manifest.shards) == len(expected)


def test_bad_inputs_are_reported_as_the_local_engine_reports_them(local_ray, tmp_path, write):
    write("in/good.txt", "Hamas said it supports a ceasefire.")
    write("in/binary.txt", b"\x00\x01 not text")
    write("in/latin1.txt", b"caf\xe9 au lait")
    write("in/empty.txt", "   \n")
    write("in/lines.jsonl", '{"id": "a", "text": "A truce."}\nnot json\n{"text": 3}\n')
    sources = [tmp_path / "in"]
    events = run_engine(sources, tmp_path / "shards", model="annotate-rules", shard_size=2)
    problems = [e for e in events if isinstance(e, Problem)]
    expected = [e for e in read_articles(sources) if isinstance(e, Problem)]
    assert problems == expected and len(problems) == 5
    assert {r["id"] for r in ray_records(tmp_path / "shards")} == {"good", "a"}


def test_a_rerun_keeps_complete_shards_and_a_new_model_rewrites_them(local_ray, tmp_path):
    from annotate.pipeline.ray_engine import RaySummary

    out = tmp_path / "shards"
    run_engine([SEEDS], out, model="annotate-rules", shard_size=2)
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("shard-*.jsonl")}
    again = run_engine([SEEDS], out, model="annotate-rules", shard_size=2)[-1]
    assert isinstance(again, RaySummary) and (again.kept, again.written) == (3, 0)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("shard-*.jsonl")} == first
    rules_version = read_manifest(out).model_version
    other = run_engine([SEEDS], out, model="annotate-default", shard_size=2)[-1]
    assert (other.kept, other.written) == (0, 3)
    version = read_manifest(out).model_version
    assert version != rules_version
    assert {r["model_version"] for r in ray_records(out)} == {version}


def ray_processes_of(session: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if os.getsid(int(stat.parent.name)) == session:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def test_kill_9_mid_run_then_rerun_gives_each_article_exactly_once(tmp_path):
    sources = synthetic_corpus(tmp_path / "in", copies=30)
    out = tmp_path / "shards"
    args = [ANNOTATE, "preannotate", *map(str, sources), "--engine", "ray", "-o", str(out),
            "--model", "annotate-rules", "--shard-size", "4", "--batch-size", "4"]  # fmt: skip
    run = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)  # fmt: skip
    try:
        assert wait_for(lambda: len(getattr(read_manifest(out), "shards", ())) >= 2, 180)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
    finally:  # Ray's agents outlive a killed driver (Ray's behaviour): end them with the session
        for pid in ray_processes_of(run.pid):
            os.kill(pid, signal.SIGKILL)
    manifest = read_manifest(out)
    assert not manifest.complete, "the run finished before it was killed: make the corpus bigger"
    rerun = subprocess.run(args, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert (
        f"{len(manifest.shards)} of {manifest.planned} shards are already complete" in rerun.stderr
    )
    ids = Counter(r["id"] for r in ray_records(out))
    expected = {a.id for a in read_articles(sources) if not isinstance(a, Problem)}
    assert set(ids) == expected and set(ids.values()) == {1}
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MANIFEST, *(e.name for e in read_manifest(out).shards)]
    )  # no half shard, no temporary file


def test_an_unfinished_run_is_named_by_the_commands_that_read_shards(tmp_path, local_ray):
    out = tmp_path / "shards"
    run_engine([SEEDS], out, model="annotate-rules", shard_size=2)
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["shards"], manifest["complete"] = manifest["shards"][:1], False
    (out / MANIFEST).write_text(json.dumps(manifest))
    for command in (["validate", str(out)], ["evaluate", str(GOLD_PATH), "-p", str(out)]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 1, result.output
        assert "unfinished (1 of 3 shards written)" in " ".join(result.output.split())
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_validate_and_evaluate_read_a_directory_of_shards(tmp_path, local_ray):
    out, single = tmp_path / "shards", tmp_path / "one.jsonl"
    run_engine([SEEDS], out, model="annotate-rules", shard_size=2)
    result = CliRunner().invoke(app, ["validate", str(out)])
    assert result.exit_code == 0 and "5 valid records" in " ".join(result.output.split())
    nlp = build_pipeline("annotate-rules")
    srsly.write_jsonl(single, local_records([SEEDS], nlp))
    reports = []
    for predictions in (out, single):
        report = tmp_path / f"{predictions.stem}.report.json"
        args = ["evaluate", str(GOLD_PATH), "-p", str(predictions), "-o", str(report)]
        assert CliRunner().invoke(app, args).exit_code == 0
        reports.append(json.loads(report.read_text()))
    assert reports[0] == reports[1]


@pytest.mark.integration
def test_a_directory_of_shards_pushed_gives_one_task_per_article(
    label_studio, project_title, tmp_path, local_ray
):
    out = tmp_path / "shards"
    run_engine(synthetic_corpus(tmp_path / "in", copies=2), out, model="annotate-rules",
               shard_size=3)  # fmt: skip
    records = ray_records(out)
    args = [ANNOTATE, "push", str(out), "--project", project_title]
    for _ in range(2):  # and again: nothing twice
        result = subprocess.run(args, env=label_studio.env(), capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    from annotate.labelstudio import client as ls

    client = label_studio.client()
    project = ls.find_project(client, project_title)
    tasks = list(ls.tasks_in_project(client, project.id))
    assert len(tasks) == len(records) == len({r["id"] for r in records})
