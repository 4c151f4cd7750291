"""Cross-validation by article and a learning curve, as Prodigy's `train-curve`.

Articles are split into K folds (no article in both the training and the test side); for each
fold the model is trained on 25/50/75/100% of the other folds' articles (the same seeded order
for every fraction) and scored on the fold's articles; 0% is the rules alone, the baseline. The rules pipeline parses every article
once: the rules do not learn, so only the stance model is fit per fold and fraction.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.defaults import RULES_MODEL
from ..core.errors import EvaluationError
from ..core.records import Article, Record
from ..pipeline.learned import LEARNED_FACTORY
from ..pipeline.preannotate import build_pipeline, doc_to_record, model_version
from ..pipeline.stance import stance_component
from ..pipeline.train import fit_model, parse, with_model
from .evaluate import evaluate, pair_records

FRACTIONS = (0.0, 0.25, 0.5, 0.75, 1.0)  # 0: the rules alone, the baseline
SUMMARY_KEYS = ("entity_f1", "supports_f1", "rejects_f1", "f_avg", "holder_accuracy", "edits")


@dataclass(frozen=True)
class FoldScore:
    fold: int
    fraction: float
    train_articles: int
    test_articles: int
    scores: dict[str, float]


def folds(ids: Sequence[str], k: int, *, seed: int) -> list[list[str]]:
    if not 2 <= k <= len(ids):
        raise EvaluationError(f"--folds must be between 2 and the number of articles ({len(ids)})")
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def summarise(report: dict[str, Any]) -> dict[str, float]:
    per_label = report["stance"]["per_label"]
    return {
        "entity_f1": report["ner"]["strict"]["f1"],
        "supports_f1": per_label["SUPPORTS"]["f1"],
        "rejects_f1": per_label["REJECTS"]["f1"],
        "supports_p": per_label["SUPPORTS"]["p"],
        "supports_r": per_label["SUPPORTS"]["r"],
        "rejects_p": per_label["REJECTS"]["p"],
        "rejects_r": per_label["REJECTS"]["r"],
        "f_avg": report["stance"]["f_avg"],
        "holder_accuracy": report["stance"]["holder_accuracy"],
        "edits": report["correction_effort_per_100"],
    }


def train_curve(
    records: Sequence[Record],
    *,
    k: int = 5,
    seed: int = 0,
    base_model: str = RULES_MODEL,
    fractions: Sequence[float] = FRACTIONS,
) -> Iterator[FoldScore]:
    """Yield the test-fold scores of every fold and training fraction."""
    by_id = {r.id: r for r in records}
    nlp = build_pipeline(base_model)
    if LEARNED_FACTORY in nlp.pipe_names:
        nlp.remove_pipe(LEARNED_FACTORY)
    docs = dict(zip(by_id, parse(nlp, list(by_id.values())), strict=True))
    span_key = stance_component(nlp).span_key
    version = model_version(nlp)
    for number, test_ids in enumerate(folds(list(by_id), k, seed=seed), start=1):
        train_ids = [i for i in sorted(by_id) if i not in test_ids]
        random.Random(seed + number).shuffle(train_ids)
        for fraction in fractions:
            chosen = train_ids[: round(fraction * len(train_ids))]
            learned = None
            if chosen:
                model, _ = fit_model(
                    nlp, [docs[i] for i in chosen], [by_id[i] for i in chosen], seed=seed
                )
                learned = with_model(nlp, model).get_pipe(LEARNED_FACTORY)
            predictions = []
            for i in test_ids:
                doc = learned(docs[i].copy()) if learned is not None else docs[i]
                article = Article(i, by_id[i].text, dict(by_id[i].meta))
                predictions.append(doc_to_record(doc, article, version, span_key=span_key))
            gold = [by_id[i] for i in test_ids]
            report = evaluate(pair_records(gold, predictions))
            yield FoldScore(number, fraction, len(chosen), len(test_ids), summarise(report))
        if LEARNED_FACTORY in nlp.pipe_names:
            nlp.remove_pipe(LEARNED_FACTORY)


def mean_scores(scores: Sequence[FoldScore], fraction: float) -> dict[str, float]:
    chosen = [s.scores for s in scores if s.fraction == fraction]
    return {key: sum(s[key] for s in chosen) / len(chosen) for key in chosen[0]}
