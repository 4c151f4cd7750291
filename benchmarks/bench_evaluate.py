"""Evaluation speed (issue: evaluate): scoring N documents (gold vs perturbed predictions) with
the toolkit's evaluate() against nervaluate alone on the same entities, in one run.
Usage: python benchmarks/bench_evaluate.py [N]"""

from __future__ import annotations

import random
import sys
import time

from common import synthetic_records
from nervaluate import Evaluator

from annotate.core.records import Entity, Stance
from annotate.evaluation.evaluate import Pairing, evaluate

LABELS = ["ORG", "GPE", "PERSON", "DATE", "NORP"]


def perturbed(record, rng):
    spans = []
    for e in record.spans:
        roll = rng.random()
        if roll < 0.1:
            continue
        label = rng.choice(LABELS) if roll < 0.2 else e.label
        spans.append(Entity(e.start, e.end, label, e.text))
    cut = record.text.index(". ") + 1
    stances = (Stance(0, cut, rng.choice(["SUPPORTS", "REJECTS"]), record.text[:cut]),)
    return record.with_(spans=tuple(spans), stances=stances)


def main(count: int = 10_000) -> None:
    rng = random.Random(1)
    gold = [
        g.with_(
            stances=(
                Stance(0, g.text.index(". ") + 1, "SUPPORTS", g.text[: g.text.index(". ") + 1]),
            )
        )
        for g in synthetic_records(count, model_version=None)
    ]
    pairs = [(g, perturbed(g, rng)) for g in gold]
    true = [
        [{"label": e.label, "start": e.start, "end": e.end - 1} for e in g.spans] for g, _ in pairs
    ]
    pred = [
        [{"label": e.label, "start": e.start, "end": e.end - 1} for e in p.spans] for _, p in pairs
    ]
    started = time.perf_counter()
    Evaluator(true, pred, tags=LABELS, loader="dict").evaluate()
    alone = time.perf_counter() - started
    started = time.perf_counter()
    report = evaluate(Pairing(pairs=pairs), labels=LABELS)
    ours = time.perf_counter() - started
    print(f"{count} documents, {sum(len(g.spans) for g in gold):,} gold entities")
    print(f"nervaluate alone:  {alone:6.2f} s")
    print(
        f"annotate evaluate: {ours:6.2f} s -> {ours / alone:.2f}x (target <= 1.5); strict F1 {report['ner']['strict']['f1']:.3f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
