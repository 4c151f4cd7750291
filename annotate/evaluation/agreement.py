"""Agreement between annotators on records exported with `--policy all` (one per annotation)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

from ..core.errors import EvaluationError
from ..core.records import Record
from . import metrics


def _annotator(record: Record) -> str:
    name = record.meta.get("annotator")
    if name in (None, ""):
        raise EvaluationError(
            f"record {record.id!r} has no meta.annotator: export with --policy all"
        )
    return str(name)


def _finite(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def agreement(records: Iterable[Record]) -> dict[str, Any]:
    by_doc: dict[str, dict[str, Record]] = {}
    for record in records:
        by_doc.setdefault(record.id, {})[_annotator(record)] = record
    annotators = sorted({a for doc in by_doc.values() for a in doc})
    units: list[tuple[str, int, str]] = []  # (doc id, sentence index, sentence text)
    labels: dict[str, list[str | None]] = {a: [] for a in annotators}
    for doc_id, versions in sorted(by_doc.items()):
        text = next(iter(versions.values())).text
        sentences = metrics.sentence_spans(text)
        per_annotator = {a: metrics.sentence_labels(r, sentences) for a, r in versions.items()}
        for k, (start, end) in enumerate(sentences):
            units.append((doc_id, k, text[start:end]))
            for a in annotators:
                labels[a].append(per_annotator[a][k] if a in per_annotator else None)
    pairs = []
    for a, b in combinations(annotators, 2):
        shared = [doc for doc in by_doc.values() if a in doc and b in doc]
        counts = [
            metrics.set_counts(metrics.entity_keys(doc[a]), metrics.entity_keys(doc[b]))
            for doc in shared
        ]
        tp, fp, fn = (sum(c) for c in zip(*counts, strict=True)) if counts else (0, 0, 0)
        both = [(x, y) for x, y in zip(labels[a], labels[b], strict=True) if x and y]
        kappa = cohen_kappa_score([x for x, _ in both], [y for _, y in both]) if both else math.nan
        pairs.append(
            {
                "annotators": [a, b],
                "docs": len(shared),
                "entity_f1": metrics.prf(tp, fp, fn)["f1"],
                "stance_kappa": _finite(kappa),
                "sentences": len(both),
            }
        )
    codes = {label: i for i, label in enumerate(metrics.SENTENCE_LABELS)}
    data = np.array(
        [[codes[x] if x else np.nan for x in labels[a]] for a in annotators], dtype=float
    )
    alpha = math.nan
    values_present = len({v for v in data.flatten() if not math.isnan(v)})
    pairable = int(np.sum((~np.isnan(data)).sum(axis=0) >= 2)) if data.size else 0
    if len(annotators) > 1 and values_present > 1 and pairable:
        try:
            alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        except ValueError:  # krippendorff's word for data it cannot score (no pairable unit)
            alpha = math.nan
    disagreements = [
        {
            "id": doc_id,
            "sentence": k,
            "text": text,
            "labels": {a: labels[a][u] for a in annotators if labels[a][u]},
        }
        for u, (doc_id, k, text) in enumerate(units)
        if len({labels[a][u] for a in annotators if labels[a][u]}) > 1
    ]
    return {
        "annotators": annotators,
        "docs": len(by_doc),
        "pairs": pairs,
        "stance_alpha": _finite(alpha),
        "units_with_two_annotators": pairable,
        "disagreements": disagreements,
    }
