"""Helpers shared by the benchmark scripts: synthetic corpora from the seeds, child timing."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def seed_sentences() -> list[str]:
    from annotate.core.corpus import read_articles
    from annotate.core.records import Article

    sentences = []
    for article in read_articles([ROOT / "seeds"]):
        if not isinstance(article, Article):
            raise SystemExit(f"seeds/: {article}")
        for line in article.text.split("\n"):
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) > 3]
    return sentences


def synthetic_articles(count: int, *, sentences_per_article: int = 10, seed: int = 0) -> list[dict]:
    """`count` articles of shuffled seed sentences (distinct texts, so none is a duplicate)."""
    rng = random.Random(seed)
    pool = seed_sentences()
    articles = []
    for i in range(count):
        body = " ".join(rng.sample(pool, sentences_per_article))
        articles.append({"id": f"syn-{i:05d}", "text": f"Synthetic article {i}\n{body}"})
    return articles


def write_corpus(path: Path, articles: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps(article) + "\n")
    return path


def run_child(args: list[str], *, on_start=None) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak RSS of that process in MB). `on_start(pid)`
    may return a function that is called once the process has ended."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    on_end = on_start(proc.pid) if on_start else None
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if on_end:
        on_end()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(
            f"benchmark command failed: {' '.join(args)}\n{proc.stderr.read().decode()[-2000:]}"
        )
    return seconds, usage.ru_maxrss / 1024


def run_tree(args: list[str], *, every: float = 0.05) -> tuple[float, float, float]:
    """Run a command; return (wall seconds, peak RSS of its largest process, peak RSS of the
    process and its children together, sampled every `every` s) in MB."""
    import threading

    import psutil

    peak_total = 0.0
    done = threading.Event()

    def sample(pid: int) -> None:
        nonlocal peak_total
        while not done.is_set():
            try:
                parent = psutil.Process(pid)
                tree = [parent, *parent.children(recursive=True)]
                total = sum(p.memory_info().rss for p in tree if p.is_running())
            except psutil.Error:  # a process ended between listing and reading
                continue
            peak_total = max(peak_total, total / 2**20)
            done.wait(every)

    def watch(pid: int):
        sampler = threading.Thread(target=sample, args=(pid,))
        sampler.start()
        return lambda: (done.set(), sampler.join())

    seconds, largest = run_child(args, on_start=watch)
    return seconds, largest, peak_total


def annotate_bin() -> str:
    return str(Path(sys.executable).with_name("annotate"))


def synthetic_records(
    count: int, *, spans: int = 10, seed: int = 0, model_version: str = "bench-model"
):
    """Prediction records of ~3.5 KB of seed sentences with `spans` entity spans each."""
    from annotate.core.records import Entity, Record

    rng = random.Random(seed)
    pool = seed_sentences()
    labels = ["ORG", "GPE", "PERSON", "DATE", "NORP"]
    for i in range(count):
        text = f"Bench article {i}. "
        while len(text) < 3400:
            text += rng.choice(pool) + " "
        words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)]
        chosen = sorted(rng.sample(words, spans), key=lambda m: m.start())
        entities = tuple(
            Entity(m.start(), m.end(), rng.choice(labels), m.group(), score=1.0) for m in chosen
        )
        yield Record(f"bench-{i:05d}", text.strip(), spans=entities, model_version=model_version)


def started_server(tmp: Path):
    """A fresh local Label Studio for a benchmark, and a function that stops it."""
    import socket

    from annotate.labelstudio import server

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    current, credentials = server.start(data_dir=tmp / "ls", port=port)
    return current, credentials, lambda: server.stop(data_dir=tmp / "ls")
