"""Export speed and memory (issue: export). In one run, against one fresh local server: N tasks
with predictions and an annotation each; `annotate export` end to end vs the bare snapshot
export (create + download through the SDK); and the peak RSS of `annotate export` at 1k and N.
Usage: python benchmarks/bench_export.py [N]"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from common import annotate_bin, run_child, run_tree, started_server, synthetic_records

from annotate.labelstudio import client as ls
from annotate.labelstudio.codec import record_to_result, record_to_task
from annotate.labelstudio.config import LabelingConfig

ROUNDS = 5

BARE_SCRIPT = """
import os, sys
from label_studio_sdk import LabelStudio
client = LabelStudio(base_url=os.environ["LABEL_STUDIO_URL"], api_key=os.environ["LABEL_STUDIO_API_KEY"], timeout=600)
project = int(sys.argv[1])
export = client.projects.exports.create(id=project, title="bare", serialization_options={"predictions": {"only_id": False}})
with open(sys.argv[2], "wb") as handle:
    for chunk in client.projects.exports.download(id=project, export_pk=export.id, export_type="JSON"):
        handle.write(chunk)
"""


def timed_call(client, project_id: int, destination: Path) -> float:
    """The bare snapshot export call: create (the server builds it) and download."""
    started = time.perf_counter()
    ls.download_snapshot(client, project_id, destination)
    return time.perf_counter() - started


def annotated_project(client, title: str, count: int) -> int:
    """Import tasks whose annotation is part of the import (one request per 1,000)."""
    project = ls.create_project(
        client, title=title, label_config=LabelingConfig().xml(), instructions=""
    )
    batch = []
    for record in synthetic_records(count):
        task = record_to_task(record)
        task["annotations"] = [{"result": record_to_result(record)}]
        batch.append(task)
        if len(batch) == 1000:
            ls.import_tasks(client, project.id, batch)
            batch = []
    if batch:
        ls.import_tasks(client, project.id, batch)
    return project.id


def main(count: int = 10_000) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp_name:
        tmp = Path(tmp_name)
        current, credentials, stop = started_server(tmp)
        os.environ.update(
            {"LABEL_STUDIO_URL": current.url, "LABEL_STUDIO_API_KEY": credentials.api_key}
        )
        try:
            client = ls.connect(ls.Connection(current.url, credentials.api_key))
            sizes = sorted({1000, count})
            projects = {n: annotated_project(client, f"bench export {n}", n) for n in sizes}
            # The server's snapshot build varies by a second or two between runs, so the three
            # are timed in rounds, each round's ratios paired, the order alternated (the server
            # slows as exports pile up); the median is the figure.
            runs = {
                "call": lambda: timed_call(client, projects[count], tmp / "bare.json"),
                "script": lambda: run_child(
                    [sys.executable, "-c", BARE_SCRIPT, str(projects[count]), str(tmp / "b2.json")]
                )[0],
                "ours": lambda: run_child(
                    [
                        annotate_bin(),
                        "export",
                        "--project",
                        f"bench export {count}",
                        "-o",
                        str(tmp / "g.jsonl"),
                    ]
                )[0],
            }
            rounds = []
            for round_number in range(1, ROUNDS + 1):
                order = list(runs) if round_number % 2 else list(reversed(runs))
                seconds = {name: runs[name]() for name in order}
                bare, script, ours = seconds["call"], seconds["script"], seconds["ours"]
                rounds.append((bare, script, ours))
                print(
                    f"round {round_number}: SDK call in process {bare:5.1f} s, "
                    f"SDK script {script:5.1f} s, annotate export {ours:5.1f} s "
                    f"-> {ours / bare:.2f}x the call, {ours / script:.2f}x the script",
                    flush=True,
                )
            print(f"{count} annotated tasks, ~10 spans each, {ROUNDS} rounds")
            print(
                "annotate export (CLI, end to end) vs the bare snapshot export call "
                f"(SDK, create + download, in process): median {median(o / b for b, _, o in rounds):.2f}x "
                "(target <= 1.3)"
            )
            print(
                "vs a bare SDK script end to end (start-up + import): "
                f"median {median(o / s for _, s, o in rounds):.2f}x"
            )
            for n in sizes:
                seconds, rss, tree = run_tree(
                    [
                        annotate_bin(),
                        "export",
                        "--project",
                        f"bench export {n}",
                        "-o",
                        str(tmp / f"g{n}.jsonl"),
                    ]
                )
                print(
                    f"peak RSS of annotate export, {n:>6} tasks: {rss:,.0f} MB in its largest "
                    f"process, {tree:,.0f} MB for it and its workers together ({seconds:.1f} s)"
                )
        finally:
            stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
