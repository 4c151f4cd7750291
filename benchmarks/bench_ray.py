"""`annotate preannotate --engine ray` on this machine (issue: Ray).

Prints words/s end to end (command start to last shard written, Ray's start and the actors'
model loads included) for: Ray with 1 actor, Ray with 2 actors, and the local engine with
`--n-process 2`; the ratios the issue targets; and the peak RSS of each pipeline actor
(processes named ray::MapWorker, sampled). Usage: python benchmarks/bench_ray.py [N] [ROUNDS]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import threading
import time

from common import OUT, annotate_bin, synthetic_articles, write_corpus


def actor_peak(done: threading.Event, peaks: dict[int, float]) -> None:
    import psutil

    while not done.is_set():
        for proc in psutil.process_iter(["cmdline", "memory_info"]):
            cmdline = " ".join(proc.info["cmdline"] or [])
            if cmdline.startswith("ray::MapWorker") and proc.info["memory_info"]:
                rss = proc.info["memory_info"].rss / 2**20
                peaks[proc.pid] = max(peaks.get(proc.pid, 0.0), rss)
        done.wait(0.2)


def timed(args: list[str]) -> tuple[float, list[float]]:
    out = OUT / "ray-shards"
    shutil.rmtree(out, ignore_errors=True)
    (OUT / "local.jsonl").unlink(missing_ok=True)
    peaks: dict[int, float] = {}
    done = threading.Event()
    sampler = threading.Thread(target=actor_peak, args=(done, peaks))
    sampler.start()
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if result.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(args)}\n{result.stderr[-2000:]}")
    return seconds, sorted(peaks.values())


def main(count: int = 2000, rounds: int = 2) -> None:
    articles = synthetic_articles(count)
    corpus = write_corpus(OUT / f"corpus-{count}.jsonl", articles)
    words = sum(len(a["text"].split()) for a in articles)
    print(f"corpus: {count} articles, {words:,} words; {rounds} rounds, median shown")
    base = [annotate_bin(), "preannotate", str(corpus), "--model", "annotate-default"]
    ray = [*base, "--engine", "ray", "-o", str(OUT / "ray-shards"), "--shard-size", "250"]
    runs = {
        "ray, 1 actor": [*ray, "--actors", "1"],
        "ray, 2 actors": [*ray, "--actors", "2"],
        "local, --n-process 2": [*base, "-o", str(OUT / "local.jsonl"), "--n-process", "2"],
    }
    rates: dict[str, float] = {}
    for name, args in runs.items():
        seconds, peaks = [], []
        for _ in range(rounds):
            took, actor_peaks = timed(args)
            seconds.append(took)
            peaks.extend(actor_peaks)
        rates[name] = words / statistics.median(seconds)
        actors = f"; peak RSS per actor {max(peaks):.0f} MB" if peaks else ""
        print(
            f"{name}: {rates[name]:,.0f} words/s ({', '.join(f'{s:.1f}' for s in seconds)} s){actors}"
        )
    print(
        f"ray 2 actors / 1 actor: {rates['ray, 2 actors'] / rates['ray, 1 actor']:.2f}x (target >= 1.7)"
    )
    print(f"ray 2 actors / local --n-process 2: "
          f"{rates['ray, 2 actors'] / rates['local, --n-process 2']:.2f}x (target >= 0.85)")  # fmt: skip
    per_core = rates["ray, 2 actors"] / 2 * 3600 / (words / count)
    print(f"articles per hour per core at the 2-actor rate: {per_core:,.0f}")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
