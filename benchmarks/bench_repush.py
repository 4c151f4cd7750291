"""Re-push speed and memory (issue: the loop at scale). For each project size, in paired rounds
against one local server, each round into a fresh project: the first `annotate push` of N
synthetic tasks, a re-push of the same file (nothing to do), and a re-push of the same tasks
with a new model_version (one new prediction per task). Prints each round, the medians, the
ratios to the first push, the cost per task, and the re-push's peak RSS.
Usage: python benchmarks/bench_repush.py [N ...]   (default: 2000 10000)"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from statistics import median

from common import annotate_bin, run_child, started_server, synthetic_records

from annotate.core.jsonl import write_records
from annotate.core.schema import Kind

ROUNDS = 3


def push(path: Path, title: str) -> tuple[float, float]:
    return run_child([annotate_bin(), "push", str(path), "--project", title])


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-repush-") as tmp_name:
        tmp = Path(tmp_name)
        current, credentials, stop = started_server(tmp)
        os.environ.update(LABEL_STUDIO_URL=current.url, LABEL_STUDIO_API_KEY=credentials.api_key)
        try:
            summary = {}
            for count in sizes:
                first_file, second_file = tmp / f"v1-{count}.jsonl", tmp / f"v2-{count}.jsonl"
                write_records(first_file, synthetic_records(count), Kind.PREDICTION)
                write_records(
                    second_file,
                    synthetic_records(count, model_version="bench-model-2"),
                    Kind.PREDICTION,
                )
                rounds = []
                for number in range(1, ROUNDS + 1):
                    title = f"bench repush {count} {number}"
                    first, _ = push(first_file, title)
                    same, same_rss = push(first_file, title)
                    new, new_rss = push(second_file, title)
                    rounds.append((first, same, new, max(same_rss, new_rss)))
                    print(
                        f"{count} tasks, round {number}: first {first:5.1f} s, same file "
                        f"{same:5.1f} s ({same / first:.2f}x), new model_version {new:5.1f} s "
                        f"({new / first:.2f}x), re-push peak RSS {max(same_rss, new_rss):.0f} MB",
                        flush=True,
                    )
                summary[count] = {
                    "first": median(r[0] for r in rounds),
                    "same_ratio": median(r[1] / r[0] for r in rounds),
                    "new_ratio": median(r[2] / r[0] for r in rounds),
                    "new_per_task_ms": median(r[2] / count * 1000 for r in rounds),
                    "rss": max(r[3] for r in rounds),
                }
            for count, s in summary.items():
                print(
                    f"{count} tasks (medians of {ROUNDS} paired rounds): first push "
                    f"{s['first']:.1f} s; same file {s['same_ratio']:.2f}x the first (target "
                    f"<= 0.5); new model_version {s['new_ratio']:.2f}x (target <= 1.3), "
                    f"{s['new_per_task_ms']:.2f} ms/task; re-push peak RSS {s['rss']:.0f} MB"
                )
            if len(summary) > 1:
                small, large = summary[min(summary)], summary[max(summary)]
                print(
                    f"new-version cost per task, {max(summary)} vs {min(summary)} tasks: "
                    f"{large['new_per_task_ms'] / small['new_per_task_ms']:.2f}x (target flat, "
                    f"within 15%); re-push peak RSS {large['rss'] / small['rss']:.2f}x"
                )
        finally:
            stop()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000, 10_000])
