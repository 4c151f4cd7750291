"""Evaluation: score prediction records against gold records (entities, stance, effort)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from nervaluate import Evaluator

from ..core.errors import EvaluationError
from ..core.records import STANCE_LABELS, Article, Record
from . import metrics

NERVALUATE_SCHEMES = ("strict", "exact", "partial", "ent_type")
SCHEME_KEYS = (
    "precision",
    "recall",
    "f1",
    "correct",
    "incorrect",
    "partial",
    "missed",
    "spurious",
    "possible",
    "actual",
)


@dataclass
class Pairing:
    pairs: list[tuple[Record, Record]] = field(default_factory=list)
    missing_predictions: list[str] = field(default_factory=list)
    missing_gold: list[str] = field(default_factory=list)
    missing_scored_as_empty: bool = True


def _unique(records: Iterable[Record], what: str) -> Iterator[Record]:
    first: dict[str, int] = {}
    for number, record in enumerate(records, start=1):
        if record.id in first:
            raise EvaluationError(
                f"{what}: id {record.id!r} appears twice (records {first[record.id]} and "
                f"{number}); ids must be unique to pair gold with predictions"
            )
        first[record.id] = number
        yield record


def pair_records(
    gold: Iterable[Record],
    predictions: Iterable[Record],
    *,
    ignore_missing: bool = False,
    gold_name: str = "gold",
    predictions_name: str = "predictions",
) -> Pairing:
    """Match by `id`, else by `_input_hash`; a text mismatch or a repeated id is an error that
    names the record. A gold record without a prediction counts as predicted empty (all its
    items missed) unless `ignore_missing` leaves it out of the scores."""
    by_id: dict[str, Record] = {}
    by_hash: dict[int, Record] = {}
    for pred in _unique(predictions, predictions_name):
        by_id[pred.id] = pred
        by_hash[pred.input_hash] = pred
    pairing = Pairing(missing_scored_as_empty=not ignore_missing)
    used: set[str] = set()
    for record in _unique(gold, gold_name):
        pred = by_id.get(record.id) or by_hash.get(record.input_hash)
        if pred is None:
            pairing.missing_predictions.append(record.id)
            if not ignore_missing:
                pairing.pairs.append((record, Record(id=record.id, text=record.text)))
            continue
        if pred.text != record.text:
            raise EvaluationError(
                f"record {record.id!r}: the prediction's text differs from the gold text "
                f"(lengths {len(pred.text)} and {len(record.text)}); were they made from the same input?"
            )
        used.add(pred.id)
        pairing.pairs.append((record, pred))
    pairing.missing_gold = sorted(set(by_id) - used)
    return pairing


def as_articles(records: Iterable[Record]) -> Iterator[Article]:
    """Gold texts to pre-annotate with `--model`, keeping ids so the records pair up."""
    for record in records:
        yield Article(id=record.id, text=record.text, meta=dict(record.meta))


def _nervaluate_spans(record: Record, labels: set[str]) -> list[dict[str, Any]]:
    return [
        {"label": e.label, "start": e.start, "end": e.end - 1}  # nervaluate: inclusive end
        for e in record.spans
        if e.label in labels
    ]


def _scheme_dict(result: Any) -> dict[str, Any]:
    out = asdict(result)
    return {key: out[key] for key in SCHEME_KEYS}


def score_entities(pairs: list[tuple[Record, Record]], labels: list[str]) -> dict[str, Any]:
    wanted = set(labels)
    true = [_nervaluate_spans(g, wanted) for g, _ in pairs]
    pred = [_nervaluate_spans(p, wanted) for _, p in pairs]
    results = Evaluator(true, pred, tags=labels, loader="dict").evaluate() if pairs else None
    counts = [
        metrics.set_counts(metrics.entity_keys(g, wanted), metrics.entity_keys(p, wanted))
        for g, p in pairs
    ]
    tp, fp, fn = (sum(column) for column in zip(*counts, strict=True)) if counts else (0, 0, 0)
    ner: dict[str, Any] = {"micro": metrics.prf(tp, fp, fn), "per_label": {}}
    for scheme in NERVALUATE_SCHEMES:
        ner[scheme] = _scheme_dict(results["overall"][scheme]) if results else _empty_scheme()
    for label in labels:
        per = results["entities"].get(label) if results else None
        ner["per_label"][label] = {
            scheme: _scheme_dict(per[scheme]) if per else _empty_scheme()
            for scheme in NERVALUATE_SCHEMES
        }
    return ner


def _empty_scheme() -> dict[str, Any]:
    return dict.fromkeys(SCHEME_KEYS, 0)


def score_stance(pairs: list[tuple[Record, Record]]) -> tuple[dict[str, Any], int]:
    counts = metrics.StanceCounts.empty()
    labels = metrics.SENTENCE_LABELS
    confusion = [[0] * len(labels) for _ in labels]
    claim_edits = 0
    for gold, pred in pairs:
        matched = metrics.count_stances(pred, gold, counts)
        claim_edits += metrics.claim_edits(pred, gold, matched)
        sentences = metrics.sentence_spans(gold.text)
        for g, p in zip(
            metrics.sentence_labels(gold, sentences),
            metrics.sentence_labels(pred, sentences),
            strict=True,
        ):
            confusion[labels.index(g)][labels.index(p)] += 1
    per_label = {
        label: metrics.prf(counts.tp[label], counts.fp[label], counts.fn[label])
        for label in STANCE_LABELS
    }
    stance = {
        "per_label": per_label,
        "f_avg": sum(per_label[label]["f1"] for label in STANCE_LABELS) / len(STANCE_LABELS),
        "holder_accuracy": counts.holders_ok / counts.holders_total
        if counts.holders_total
        else 0.0,
        "holders": {"correct": counts.holders_ok, "matched_claims": counts.holders_total},
        "confusion": {
            "gold_rows": list(labels),
            "predicted_columns": list(labels),
            "matrix": confusion,
        },
    }
    return stance, claim_edits


def evaluate(pairing: Pairing, *, labels: list[str] | None = None) -> dict[str, Any]:
    """The evaluation report (schemas/evaluation-report.schema.json) for paired records."""
    pairs = pairing.pairs
    if labels is None:
        gold_labels = {e.label for g, _ in pairs for e in g.spans}
        pred_labels = {e.label for _, p in pairs for e in p.spans}
        labels = sorted(gold_labels & pred_labels)
    ner = score_entities(pairs, labels)
    stance, claim_edits = score_stance(pairs)
    wanted = set(labels)
    entity_edits = sum(
        metrics.entity_edits(
            [e for e in p.spans if e.label in wanted], [e for e in g.spans if e.label in wanted]
        )
        for g, p in pairs
    )
    gold_items = sum(
        len([e for e in g.spans if e.label in wanted]) + len(g.stances) for g, _ in pairs
    )
    return {
        "docs": len(pairs),
        "missing": {
            "predictions": pairing.missing_predictions,
            "gold": pairing.missing_gold,
            "predictions_scored_as_empty": pairing.missing_scored_as_empty,
        },
        "labels": labels,
        "ner": ner,
        "stance": stance,
        "correction_effort": {
            "entity_edits": entity_edits,
            "claim_edits": claim_edits,
            "gold_items": gold_items,
        },
        "correction_effort_per_100": 100 * (entity_edits + claim_edits) / gold_items
        if gold_items
        else 0.0,
    }
