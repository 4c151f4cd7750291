"""Lazy, validated JSONL reading and atomic writing (srsly underneath)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import OutputError, RecordError
from .processes import running
from .records import Record
from .schema import Kind, validate
from .shards import shard_files


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield (line number, object); blank lines skipped. A line that is not UTF-8 JSON raises
    RecordError naming the file, the line and (for a bad byte) its offset in the file.

    The stdlib parser, not srsly's ujson: ujson reads 0.7 as 0.7000000000000001.
    """
    if path.is_dir():
        raise RecordError("is a directory without shards, not a JSONL file", where=str(path))
    try:
        handle = path.open("rb")
    except OSError as e:
        raise RecordError(f"cannot read: {e.strerror or e}", where=str(path)) from e
    with handle:
        offset = 0
        for line_no, raw in enumerate(handle, start=1):
            where = f"{path}:{line_no}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                bad = offset + e.start
                raise RecordError(
                    f"not UTF-8: byte {raw[e.start : e.start + 1]!r} at offset {bad} of the file",
                    where=where,
                ) from e
            offset += len(raw)
            if not line.strip():
                continue
            try:
                yield line_no, json.loads(line)
            except ValueError as e:
                raise RecordError(f"invalid JSON: {e}", where=where) from e


def iter_json_objects(path: str | Path) -> Iterator[tuple[str, Any]]:
    """Yield (where, object) from a JSONL file, or from every shard of a shard directory in its
    manifest's order; `where` is the file and line."""
    path = Path(path)
    files = shard_files(path) if path.is_dir() else (path,)
    for file in files:
        for line_no, obj in iter_json_lines(file):
            yield f"{file}:{line_no}", obj


def count_lines(path: str | Path) -> int:
    """Non-blank lines of a JSONL file or of a shard directory's shards (for progress bars)."""
    path = Path(path)
    total = 0
    for file in shard_files(path) if path.is_dir() else (path,):
        with file.open("rb") as handle:
            total += sum(1 for line in handle if line.strip())
    return total


def read_records(path: str | Path, kind: Kind) -> Iterator[Record]:
    """Validated records from a JSONL file or a shard directory."""
    for where, obj in iter_json_objects(path):
        validate(obj, kind, where=where)
        yield Record.from_dict(obj)


TEMP_SUFFIX = ".tmp"


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed onto it only if the block finishes.

    The temporary name carries this process's id, so that a later write of the same output
    removes what a killed writer left behind (its process is gone) and nothing else.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path} is a directory: give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(path)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent
        )
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from e
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            os.replace(tmp, path)
        except OSError as e:
            raise OutputError(f"cannot write {path}: {e.strerror or e}") from e
    finally:
        tmp.unlink(missing_ok=True)


def remove_stale_temps(path: Path) -> list[Path]:
    """Remove the temporary files of `path` whose writing process no longer runs."""
    removed = []
    for candidate in path.parent.glob(f".{glob_escape(path.name)}.*{TEMP_SUFFIX}"):
        pid = candidate.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not running(int(pid)):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


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
        import srsly  # only writers pay for its import

        srsly.write_jsonl(tmp, checked())
    return count
