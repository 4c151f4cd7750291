"""Records to Label Studio prediction result items (push), result items back to records
(export), and the check of every item against the labeling config (Label Studio itself accepts
a bad item and silently hides it)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.errors import RecordError
from ..core.records import Entity, Holder, Record, Stance
from ..core.spans import span_mismatch
from .config import ENTITY_CONTROL, RELATION_LABEL, STANCE_CONTROL, TEXT_NAME, LabelingConfig


def region_id(kind: str, start: int, end: int, label: str) -> str:
    """Stable region ids, so a re-push or a re-export names the same regions."""
    digest = hashlib.blake2b(f"{kind}:{start}:{end}:{label}".encode(), digest_size=5).hexdigest()
    return f"{kind[0]}{digest}"


def _region(
    control: str, start: int, end: int, text: str, label: str, score: float | None
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": region_id(control, start, end, label),
        "from_name": control,
        "to_name": TEXT_NAME,
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }
    if score is not None:
        item["score"] = score
    return item


def record_to_result(record: Record) -> list[dict[str, Any]]:
    """Entities, claims and holder relations as Label Studio result items."""
    result = [
        _region(ENTITY_CONTROL, e.start, e.end, e.text, e.label, e.score) for e in record.spans
    ]
    entity_ids = {
        (e.start, e.end): item["id"] for e, item in zip(record.spans, result, strict=True)
    }
    for claim in record.stances:
        item = _region(STANCE_CONTROL, claim.start, claim.end, claim.text, claim.label, claim.score)
        if claim.cue:
            item["meta"] = {"text": [f"cue: {claim.cue}"]}
        result.append(item)
        for holder in claim.holders:
            result.append(
                {
                    "type": "relation",
                    "from_id": entity_ids[(holder.start, holder.end)],
                    "to_id": item["id"],
                    "direction": "right",
                    "labels": [RELATION_LABEL],
                }
            )
    return result


def prediction_version(record: Record) -> str:
    """The model_version a record's prediction carries in Label Studio."""
    return record.model_version or "unknown"


def prediction_score(record: Record) -> float:
    """The record's certainty where the model gave one, else the mean of its items' scores."""
    if record.score is not None:
        return record.score
    scores = [item.score for item in (*record.spans, *record.stances) if item.score is not None]
    return sum(scores) / len(scores) if scores else 0.0


def record_to_prediction(record: Record) -> dict[str, Any]:
    return {
        "model_version": prediction_version(record),
        "score": prediction_score(record),
        "result": record_to_result(record),
    }


def record_to_task(record: Record, prediction: dict[str, Any] | None = None) -> dict[str, Any]:
    """A task with the record's text, ids and (if it has a model_version) its prediction."""
    data = {
        TEXT_NAME: record.text,
        "source_id": record.id,
        "_input_hash": record.input_hash,
        "meta": dict(record.meta),
    }
    if prediction is None and record.model_version:
        prediction = record_to_prediction(record)
    return {"data": data, "predictions": [prediction] if prediction else []}


def check_result(
    result: Sequence[Mapping[str, Any]], text: str, config: LabelingConfig, *, where: str
) -> None:
    """Raise RecordError if any item would be rejected or hidden by the generated config."""
    controls = config.controls()
    ids = set()
    for k, item in enumerate(result):
        pointer = f"/result/{k}"
        if item.get("type") == "relation":
            continue
        name, value = item.get("from_name"), item.get("value", {})
        if name not in controls or item.get("to_name") != TEXT_NAME or item.get("type") != "labels":
            raise RecordError(
                f"control {name!r} -> {item.get('to_name')!r} is not in the labeling config",
                where=where,
                pointer=pointer,
            )
        unknown = [label for label in value.get("labels", []) if label not in controls[name]]
        if unknown or len(value.get("labels", [])) != 1:
            raise RecordError(
                f"labels {value.get('labels')} do not fit control {name!r}",
                where=where,
                pointer=pointer,
            )
        reason = span_mismatch(
            text, value.get("start"), value.get("end"), value.get("text"), noun="item"
        )
        if reason is not None:
            raise RecordError(reason, where=where, pointer=pointer)
        ids.add(item.get("id"))
    for k, item in enumerate(result):
        if item.get("type") == "relation" and not {item.get("from_id"), item.get("to_id")} <= ids:
            raise RecordError(
                "relation to a region that is not in the result",
                where=where,
                pointer=f"/result/{k}",
            )


@dataclass(frozen=True)
class Regions:
    """Result items split by kind, for rebuilding a record (export)."""

    entities: dict[str, tuple[int, int, str, str]]
    claims: dict[str, tuple[int, int, str, str]]
    relations: list[tuple[str, str]]
    unknown: list[str]


def split_result(result: Iterable[Mapping[str, Any]], config: LabelingConfig) -> Regions:
    entities: dict[str, tuple[int, int, str, str]] = {}
    claims: dict[str, tuple[int, int, str, str]] = {}
    relations, unknown = [], []
    target = {ENTITY_CONTROL: entities, STANCE_CONTROL: claims}
    allowed = config.controls()
    for item in result:
        if item.get("type") == "relation":
            relations.append((item["from_id"], item["to_id"]))
            continue
        value = item.get("value", {})
        labels = value.get("labels", [])
        name = item.get("from_name")
        if name not in target or len(labels) != 1 or labels[0] not in allowed[name]:
            unknown.append(f"region {item.get('id')!r}: {name}={labels}")
            continue
        target[name][item["id"]] = (value["start"], value["end"], labels[0], value.get("text", ""))
    return Regions(entities, claims, relations, unknown)


def regions_to_record(
    regions: Regions, *, record_id: str, text: str, meta: Mapping[str, Any]
) -> tuple[Record, list[str]]:
    """The gold record and the problems found (relations to missing or wrong-kind regions)."""
    problems = []
    holders: dict[str, list[Holder]] = {cid: [] for cid in regions.claims}
    for from_id, to_id in regions.relations:
        ent_id, claim_id = (from_id, to_id) if from_id in regions.entities else (to_id, from_id)
        if ent_id not in regions.entities or claim_id not in regions.claims:
            problems.append(f"relation {from_id!r} -> {to_id!r} does not link an entity to a claim")
            continue
        start, end, _, ent_text = regions.entities[ent_id]
        holders[claim_id].append(Holder(start, end, ent_text))
    spans = tuple(
        sorted(
            (Entity(s, e, label, t) for s, e, label, t in regions.entities.values()),
            key=lambda x: (x.start, x.end),
        )
    )
    stances = tuple(
        sorted(
            (
                Stance(s, e, label, t, tuple(sorted(holders[cid], key=lambda h: h.start)))
                for cid, (s, e, label, t) in regions.claims.items()
            ),
            key=lambda x: x.start,
        )
    )
    return Record(id=record_id, text=text, spans=spans, stances=stances, meta=dict(meta)), problems
