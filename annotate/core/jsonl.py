"""Lazy, validated JSONL reading and atomic writing (srsly underneath)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import srsly

from .errors import RecordError
from .records import Record
from .schema import Kind, validate


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield (line number, object); blank lines skipped, bad JSON raises RecordError.

    The stdlib parser, not srsly's ujson: ujson reads 0.7 as 0.7000000000000001.
    """
    with path.open("r", encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield line_no, json.loads(line)
            except ValueError as e:
                raise RecordError(f"invalid JSON: {e}", where=f"{path}:{line_no}") from e


def read_records(path: str | Path, kind: Kind) -> Iterator[Record]:
    path = Path(path)
    for line_no, obj in iter_json_lines(path):
        validate(obj, kind, where=f"{path}:{line_no}")
        yield Record.from_dict(obj)


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed onto it only if the block finishes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_records(path: str | Path, records: Iterable[Record], kind: Kind) -> int:
    """Validate and write records atomically; return how many were written."""
    return write_dicts(path, (record.to_dict() for record in records), kind)


def write_dicts(path: str | Path, objects: Iterable[dict[str, Any]], kind: Kind) -> int:
    count = 0

    def checked() -> Iterator[dict[str, Any]]:
        nonlocal count
        for count, obj in enumerate(objects, start=1):
            validate(obj, kind, where=f"{path} record {count}")
            yield obj

    with atomic_path(path) as tmp:
        srsly.write_jsonl(tmp, checked())
    return count
