"""A directory of prediction shards and its manifest: what `--engine ray` writes and what
`push`, `evaluate` and `validate` read as one stream of records.

A shard is written under a temporary name and renamed; it is listed in `manifest.json` (also
written atomically) only then, so a killed run leaves complete shards and a manifest that
names exactly those. A re-run keeps a listed shard whose input digest and model are the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, RecordError
from .schema import Kind, validate

MANIFEST = "manifest.json"
FORMAT = "annotate-shards/1"


def shard_name(index: int) -> str:
    return f"shard-{index:05d}.jsonl"


@dataclass(frozen=True)
class ShardEntry:
    name: str
    digest: str
    articles: int
    records: int


@dataclass(frozen=True)
class Manifest:
    model_version: str
    planned: int
    shards: tuple[ShardEntry, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return len(self.shards) == self.planned

    def with_shard(self, entry: ShardEntry) -> Manifest:
        kept = tuple(s for s in self.shards if s.name != entry.name)
        ordered = tuple(sorted((*kept, entry), key=lambda s: s.name))
        return Manifest(self.model_version, self.planned, ordered)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "model_version": self.model_version,
            "planned": self.planned,
            "complete": self.complete,
            "shards": [asdict(s) for s in self.shards],
        }

    @classmethod
    def from_dict(cls, obj: dict[str, Any]) -> Manifest:
        shards = tuple(ShardEntry(**s) for s in obj["shards"])
        return cls(obj["model_version"], obj["planned"], shards)


def is_shard_dir(path: Path) -> bool:
    return path.is_dir() and (path / MANIFEST).is_file()


def read_manifest(directory: Path) -> Manifest | None:
    """The directory's manifest, None if it has none; RecordError if it is not valid."""
    path = directory / MANIFEST
    if not path.is_file():
        return None
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise RecordError(f"cannot read the shard manifest: {e}", where=str(path)) from e
    validate(obj, Kind.MANIFEST, where=str(path))
    return Manifest.from_dict(obj)


def write_manifest(directory: Path, manifest: Manifest) -> None:
    from .jsonl import atomic_path

    obj = manifest.to_dict()
    validate(obj, Kind.MANIFEST, where=str(directory / MANIFEST))
    with atomic_path(directory / MANIFEST) as tmp:
        tmp.write_text(json.dumps(obj, indent=2) + "\n", encoding="utf-8")


def shard_files(directory: Path) -> Iterator[Path]:
    """The shards of a complete run, in order. InputError, naming what is missing, for a
    directory without a manifest or with an unfinished run."""
    manifest = read_manifest(directory)
    if manifest is None:
        raise InputError(f"{directory} is a directory without a {MANIFEST}: give a JSONL file")
    if not manifest.complete:
        raise InputError(
            f"{directory}: the run is unfinished ({len(manifest.shards)} of {manifest.planned} "
            "shards written); run the same `annotate preannotate --engine ray` again to finish it"
        )
    for entry in manifest.shards:
        path = directory / entry.name
        if not path.is_file():
            raise InputError(f"{path}: listed in {MANIFEST} but missing")
        yield path
