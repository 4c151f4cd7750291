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

from common import annotate_bin, started_server, synthetic_records

from annotate import labelstudio as ls
from annotate.jsonl import write_records
from annotate.lsformat import LabelingConfig, record_to_prediction, record_to_task
from annotate.schema import Kind


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
            started = time.perf_counter()
            subprocess.run(
                [annotate_bin(), "push", str(path), "--project", "bench push"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            ours = time.perf_counter() - started

            client = ls.connect(ls.Connection(current.url, credentials.api_key))
            config = LabelingConfig()
            bare_project = ls.create_project(
                client, title="bench bare import", label_config=config.xml(), instructions=""
            )
            payload = [record_to_task(r) for r in records]
            started = time.perf_counter()
            client.projects.import_tasks(id=bare_project.id, request=payload, return_task_ids=True)
            bare = time.perf_counter() - started

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
                f"annotate push (CLI, end to end):   {ours:7.1f} s  ({count / ours:,.0f} tasks/s)"
            )
            print(
                f"(a) one bare SDK import_tasks:     {bare:7.1f} s  -> push / bare = {ours / bare:.2f}x (target <= 1.2)"
            )
            print(
                f"(b) per-task SDK creation (200):   {per_task_slow * 1000:7.1f} ms/task -> push is "
                f"{per_task_slow / per_task_ours:.0f}x faster per task (target >= 50)"
            )
        finally:
            stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
