"""One validation function for every record read or written: JSON Schema, then offsets.

Records are checked on the hot path by fastjsonschema (the schemas compiled to Python, with
their cross-file references inlined); when a record fails, jsonschema re-checks it against the
same schemas for its best message and JSON pointer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from .errors import RecordError
from .spans import span_mismatch

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


class Kind(StrEnum):
    ARTICLE = "article"
    PREDICTION = "prediction"
    GOLD = "gold"
    REPORT = "evaluation-report"
    MANIFEST = "shard-manifest"


def schema_dir() -> Path:
    """`schemas/` beside the package in a source checkout, `annotate/_schemas` in a wheel."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package.parent / "schemas", package / "_schemas"):
        if (candidate / "defs.schema.json").is_file():
            return candidate
    raise FileNotFoundError(f"schemas/ not found beside {package}")


@cache
def _validator(kind: Kind) -> Draft202012Validator:
    # imported only when a record fails: every command that reads records pays for it otherwise
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    directory = schema_dir()
    resources = []
    for path in directory.glob("*.schema.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    registry = Registry().with_resources(resources)
    schema = json.loads((directory / f"{kind.value}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry)


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """Replace every `$ref` to a `$defs` entry by the definition itself (no recursion here)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and "#/$defs/" in ref:
            inlined = _inline_refs(defs[ref.rsplit("/", 1)[1]], defs)
            return {**inlined, **{k: _inline_refs(v, defs) for k, v in node.items() if k != "$ref"}}
        return {k: _inline_refs(v, defs) for k, v in node.items() if k not in ("$id", "$schema")}
    if isinstance(node, list):
        return [_inline_refs(item, defs) for item in node]
    return node


@cache
def _fast_validator(kind: Kind) -> Any:
    directory = schema_dir()
    schema = json.loads((directory / f"{kind.value}.schema.json").read_text(encoding="utf-8"))
    shared = json.loads((directory / "defs.schema.json").read_text(encoding="utf-8"))["$defs"]
    defs = {**shared, **schema.get("$defs", {})}
    bundled = _inline_refs({k: v for k, v in schema.items() if k != "$defs"}, defs)
    return fastjsonschema.compile(bundled)


def _pointer(path: Any) -> str:
    return "/" + "/".join(str(part) for part in path) if path else "/"


def _check_offsets(obj: Mapping[str, Any], where: str) -> None:
    """What a schema cannot say: each span's text is text[start:end]; entities do not overlap."""
    text = obj["text"]

    def check(item: Mapping[str, Any], pointer: str) -> None:
        reason = span_mismatch(text, item["start"], item["end"], item["text"])
        if reason is not None:
            raise RecordError(reason, where=where, pointer=pointer)

    previous_end = 0
    entity_offsets = set()
    for i, span in enumerate(sorted(obj["spans"], key=lambda s: (s["start"], s["end"]))):
        check(span, f"/spans/{i}")
        if span["start"] < previous_end:
            raise RecordError(
                f"entity {span['text']!r} overlaps the one before it",
                where=where,
                pointer=f"/spans/{i}",
            )
        previous_end = span["end"]
        entity_offsets.add((span["start"], span["end"]))
    for i, stance in enumerate(obj["stances"]):
        check(stance, f"/stances/{i}")
        for j, holder in enumerate(stance["holders"]):
            check(holder, f"/stances/{i}/holders/{j}")
            if (holder["start"], holder["end"]) not in entity_offsets:
                raise RecordError(
                    f"holder {holder['text']!r} is not one of the entity spans",
                    where=where,
                    pointer=f"/stances/{i}/holders/{j}",
                )


def validate(obj: Any, kind: Kind, *, where: str = "") -> None:
    """Raise RecordError naming `where` and the JSON pointer of the first problem."""
    try:
        _fast_validator(kind)(obj)
    except fastjsonschema.JsonSchemaValueException as fast_error:
        error = next(iter(sorted(_validator(kind).iter_errors(obj), key=lambda e: e.path)), None)
        if error is None:  # the two validators disagree: report what the fast one saw
            path = _pointer(fast_error.path[1:])
            raise RecordError(fast_error.message, where=where, pointer=path) from fast_error
        raise RecordError(
            error.message, where=where, pointer=_pointer(error.absolute_path)
        ) from None
    if kind in (Kind.PREDICTION, Kind.GOLD):
        _check_offsets(obj, where)
