"""Prodigy-style `_input_hash` / `_task_hash`: stable signed 32-bit ints over canonical JSON."""

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def stable_hash(value: Any) -> int:
    # exactly srsly.json_dumps(value, sort_keys=True), as Prodigy hashes, without importing
    # srsly (and numpy through it) in every command
    payload = json.dumps(value, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(payload, digest_size=4).digest(), "big", signed=True)


def input_hash(text: str) -> int:
    """Hash of what the annotator sees: two articles with the same text are the same input."""
    return stable_hash({"text": text})


def task_hash(record: Mapping[str, Any]) -> int:
    """Hash of the question asked about an input: its text plus the proposed annotations."""
    keys = ("spans", "stances")
    return stable_hash(
        {"input": record["_input_hash"], **{key: record.get(key, []) for key in keys}}
    )
