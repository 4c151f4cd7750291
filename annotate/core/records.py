"""Typed, frozen records. Plain dicts exist only at the JSON edge (`to_dict` / `from_dict`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import Any

from .hashing import input_hash, task_hash


class StanceLabel(StrEnum):
    """The two stances of the annotation scheme (section 2)."""

    SUPPORTS = "SUPPORTS"
    REJECTS = "REJECTS"

    @property
    def opposite(self) -> StanceLabel:
        return StanceLabel.REJECTS if self is StanceLabel.SUPPORTS else StanceLabel.SUPPORTS


STANCE_LABELS: tuple[str, ...] = tuple(label.value for label in StanceLabel)
ENTITY_LABELS = (
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
)


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=dict)

    @cached_property  # hashing serialises the whole text: do it once per record
    def input_hash(self) -> int:
        return input_hash(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "meta": dict(self.meta),
            "_input_hash": self.input_hash,
        }


@dataclass(frozen=True)
class Holder:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str
    text: str
    score: float | None = None
    token_start: int | None = None
    token_end: int | None = None  # inclusive, as Prodigy writes it

    def to_dict(self) -> dict[str, Any]:
        return _span_dict(
            self, token_start=self.token_start, token_end=self.token_end, score=self.score
        )


@dataclass(frozen=True)
class Stance:
    start: int
    end: int
    label: str
    text: str
    holders: tuple[Holder, ...] = ()
    score: float | None = None
    cue: str | None = None  # the rule that fired, shown to annotators

    def to_dict(self) -> dict[str, Any]:
        holders = [h.to_dict() for h in self.holders]
        return _span_dict(self, holders=holders, score=self.score, cue=self.cue)


def _span_dict(span: Entity | Stance, **extra: Any) -> dict[str, Any]:
    """A labelled span at the JSON edge: its offsets, label and text, then the extras set."""
    out: dict[str, Any] = {
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": span.text,
    }
    out.update({k: v for k, v in extra.items() if v is not None})
    return out


@dataclass(frozen=True)
class Record:
    """A gold or prediction record (annotation scheme, section 6)."""

    id: str
    text: str
    spans: tuple[Entity, ...] = ()
    stances: tuple[Stance, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    model_version: str | None = None
    answer: str | None = None
    tokens: tuple[Mapping[str, Any], ...] | None = None
    score: float | None = None  # a prediction's certainty, 0-1: the least certain go first

    @cached_property  # hashing serialises the whole text: do it once per record
    def input_hash(self) -> int:
        return input_hash(self.text)

    def with_(self, **changes: Any) -> Record:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "spans": [e.to_dict() for e in sorted(self.spans, key=lambda e: (e.start, e.end))],
            "stances": [s.to_dict() for s in sorted(self.stances, key=lambda s: s.start)],
            "meta": dict(self.meta),
            "_input_hash": self.input_hash,
        }
        if self.tokens is not None:
            out["tokens"] = [dict(t) for t in self.tokens]
        out["_task_hash"] = task_hash(out)
        if self.model_version is not None:
            out["model_version"] = self.model_version
        if self.answer is not None:
            out["answer"] = self.answer
        if self.score is not None:
            out["score"] = self.score
        return out

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any]) -> Record:
        return cls(
            id=str(obj.get("id") or obj.get("_input_hash") or input_hash(obj["text"])),
            text=obj["text"],
            spans=tuple(
                Entity(
                    start=s["start"],
                    end=s["end"],
                    label=s["label"],
                    text=s["text"],
                    score=s.get("score"),
                    token_start=s.get("token_start"),
                    token_end=s.get("token_end"),
                )
                for s in obj.get("spans", [])
            ),
            stances=tuple(
                Stance(
                    start=s["start"],
                    end=s["end"],
                    label=s["label"],
                    text=s["text"],
                    holders=tuple(
                        Holder(h["start"], h["end"], h["text"]) for h in s.get("holders", [])
                    ),
                    score=s.get("score"),
                    cue=s.get("cue"),
                )
                for s in obj.get("stances", [])
            ),
            meta=dict(obj.get("meta", {})),
            model_version=obj.get("model_version"),
            answer=obj.get("answer"),
            tokens=tuple(obj["tokens"]) if "tokens" in obj else None,
            score=obj.get("score"),
        )
