"""Push speed (issue: Label Studio push). In one run, against one fresh local server:
`annotate push` of N synthetic tasks (~10 spans each) vs (a) one bare SDK import_tasks call with
the same payload, and (b) per-task SDK creation (task, then its prediction) of 200 tasks.
Usage: python benchmarks/bench_push.py [N]"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from common import annotate_bin, started_server, synthetic_records

from annotate.core.jsonl import write_records
from annotate.core.schema import Kind
from annotate.labelstudio import client as ls
from annotate.labelstudio.codec import record_to_prediction, record_to_task
from annotate.labelstudio.config import LabelingConfig

ROUNDS = 5


def timed_push(path: Path, title: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([annotate_bin(), "push", str(path), "--project", title], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def timed_import(client, project_id: int, payload: list[dict]) -> float:
    """The bare SDK call: one import_tasks request with the whole payload."""
    started = time.perf_counter()
    client.projects.import_tasks(id=project_id, request=payload, return_task_ids=True)
    return time.perf_counter() - started


def main(count: int = 10_000) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-push-") as tmp_name:
        tmp = Path(tmp_name)
        current, credentials, stop = started_server(tmp)
        try:
            records = list(synthetic_records(count))
            path = tmp / "tasks.jsonl"
            write_records(path, records, Kind.PREDICTION)
            size = path.stat().st_size / 1e6
            env = {
                **os.environ,
                "LABEL_STUDIO_URL": current.url,
                "LABEL_STUDIO_API_KEY": credentials.api_key,
            }
            client = ls.connect(ls.Connection(current.url, credentials.api_key))
            config = LabelingConfig()
            payload = [record_to_task(r) for r in records]
            # The server's import time varies between runs, so push and the bare call are timed
            # in rounds, each into a fresh project, and each round's ratio is paired.
            rounds = []
            for round_number in range(1, ROUNDS + 1):
                bare_project = ls.create_project(
                    client,
                    title=f"bench bare import {round_number}",
                    label_config=config.xml(),
                    instructions="",
                )
                runs = {
                    "push": (timed_push, (path, f"bench push {round_number}", env)),
                    "bare": (timed_import, (client, bare_project.id, payload)),
                }
                # alternate which goes first: the server slows as its database grows
                order = ["push", "bare"] if round_number % 2 else ["bare", "push"]
                seconds = {name: runs[name][0](*runs[name][1]) for name in order}
                ours, bare = seconds["push"], seconds["bare"]
                rounds.append((ours, bare))
                print(
                    f"round {round_number}: annotate push {ours:5.1f} s, bare import_tasks "
                    f"{bare:5.1f} s -> {ours / bare:.2f}x",
                    flush=True,
                )
            ours = median(o for o, _ in rounds)

            slow_project = ls.create_project(
                client, title="bench per task", label_config=config.xml(), instructions=""
            )
            started = time.perf_counter()
            for record in records[:200]:
                task = client.tasks.create(
                    project=slow_project.id, data=record_to_task(record)["data"]
                )
                prediction = record_to_prediction(record)
                client.predictions.create(
                    task=task.id,
                    result=prediction["result"],
                    model_version=prediction["model_version"],
                    score=prediction["score"],
                )
            per_task_slow = (time.perf_counter() - started) / 200
            per_task_ours = ours / count
            print(f"{count} tasks, ~10 predicted spans each ({size:.1f} MB of JSONL)")
            print(
                f"annotate push (CLI, end to end), median: {ours:5.1f} s ({count / ours:,.0f} tasks/s)"
            )
            print(
                "(a) push vs one bare SDK import_tasks (same payload): median "
                f"{median(o / b for o, b in rounds):.2f}x over {ROUNDS} rounds (target <= 1.15)"
            )
            print(
                f"(b) per-task SDK creation (200):   {per_task_slow * 1000:7.1f} ms/task -> push is "
                f"{per_task_slow / per_task_ours:.0f}x faster per task (target >= 50)"
            )
        finally:
            stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
