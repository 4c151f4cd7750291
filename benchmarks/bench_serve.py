"""`annotate serve` (issue: ML backend).

Prints /predict latency for one ~300-word article (median and p95 over 200 calls, after one
warm-up call), and the time for Label Studio's "Retrieve predictions" on N tasks (default
1,000) through the connected backend against `annotate preannotate` + `annotate push` of the
same articles. Usage: python benchmarks/bench_serve.py [N] [CALLS]
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import OUT, annotate_bin, started_server, synthetic_articles, write_corpus


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=600) as answer:
        return json.loads(answer.read())


def run(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(args)}\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


def main(count: int = 1000, calls: int = 200) -> None:
    from annotate.labelstudio import client as ls

    articles = synthetic_articles(count, sentences_per_article=13)
    words = sum(len(a["text"].split()) for a in articles) / count
    corpus = write_corpus(OUT / f"serve-corpus-{count}.jsonl", articles)
    print(f"{count} articles of {words:.0f} words on average")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        current, credentials, stop = started_server(Path(tmp))
        env = {**os.environ, "LABEL_STUDIO_URL": current.url,
               "LABEL_STUDIO_API_KEY": credentials.api_key}  # fmt: skip
        client = ls.connect(ls.Connection(current.url, credentials.api_key))
        backend = None
        try:
            pushed = run(
                [annotate_bin(), "preannotate", str(corpus), "-o", str(OUT / "serve.jsonl")], env
            )
            pushed += run(
                [annotate_bin(), "push", str(OUT / "serve.jsonl"), "--project", "bench pushed"], env
            )
            print(f"annotate preannotate + annotate push: {pushed:.1f} s")
            project = ls.create_project(client, title="bench served", label_config=
                                        ls.find_project(client, "bench pushed").label_config,
                                        instructions="")  # fmt: skip
            ids = []
            for start in range(0, count, 500):
                batch = [{"data": {"text": a["text"]}} for a in articles[start : start + 500]]
                ids += ls.import_tasks(client, project.id, batch)
            port = free_port()
            backend = subprocess.Popen([annotate_bin(), "serve", "--port", str(port), "--project",
                                        "bench served", "--connect", "--models-dir", f"{tmp}/models"],
                                       env=env, stderr=subprocess.PIPE, text=True)  # fmt: skip
            while not ls.ml_backends(client, project.id):
                time.sleep(0.2)
            url = f"http://127.0.0.1:{port}/predict"
            one = {"tasks": [{"id": 1, "data": {"text": articles[0]["text"]}}]}
            post(url, one)  # warm-up
            latencies = []
            for _ in range(calls):
                started = time.perf_counter()
                post(url, one)
                latencies.append(time.perf_counter() - started)
            latencies.sort()
            p95 = latencies[int(0.95 * len(latencies)) - 1]
            print(f"/predict, one article: median {statistics.median(latencies) * 1000:.0f} ms, "
                  f"p95 {p95 * 1000:.0f} ms over {calls} calls")  # fmt: skip
            started = time.perf_counter()
            ls.retrieve_predictions(client, project.id, ids)
            retrieved = time.perf_counter() - started
            made = len(list(client.predictions.list(project=project.id)))
            print(f"Retrieve predictions on {count} tasks: {retrieved:.1f} s ({made} predictions); "
                  f"{retrieved / pushed:.2f}x preannotate + push")  # fmt: skip
        finally:
            if backend is not None:
                backend.terminate()
                backend.wait()
            stop()


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
