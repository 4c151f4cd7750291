"""The driver's side of `--engine ray`: finished lines in, shards and manifest out."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..core.errors import Problem
from ..core.jsonl import atomic_path
from ..core.records import StanceLabel
from ..core.shards import Manifest, ShardEntry, write_manifest


@dataclass(frozen=True)
class Progressed:
    articles: int


@dataclass(frozen=True)
class ShardDone:
    name: str
    articles: int
    records: int


class _Abandoned(Exception):
    """Thrown into a shard's atomic write so that it removes its temporary file."""


@dataclass
class _Open:
    """A shard being written: its atomic write, its file, rows received, records written."""

    write: AbstractContextManager[Path]
    handle: IO[str]
    rows: int = 0
    records: int = 0


class ShardSink:
    """Writes each shard's rows, which arrive in any order, to the shard's temporary file;
    renames it when the shard's last row is in, then lists it in the manifest."""

    def __init__(self, directory: Path, manifest: Manifest, plans: Mapping[str, Any]) -> None:
        self.directory, self.manifest, self.plans = directory, manifest, plans
        self.entities, self.words = 0, 0
        self.claims: Counter[str] = Counter({label.value: 0 for label in StanceLabel})
        self._open: dict[str, _Open] = {}

    def take(self, batch: Mapping[str, Any]) -> Iterator[Problem | Progressed | ShardDone]:
        for i, name in enumerate(batch["shard"]):
            name = str(name)
            shard = self._open.get(name) or self._start(name)
            if batch["problem"][i]:
                yield Problem(**json.loads(batch["problem"][i]))
            else:
                shard.handle.write(f"{batch['line'][i]}\n")
                shard.records += 1
                self.entities += int(batch["entities"][i])
                self.claims[StanceLabel.SUPPORTS] += int(batch["supports"][i])
                self.claims[StanceLabel.REJECTS] += int(batch["rejects"][i])
                self.words += int(batch["words"][i])
            shard.rows += 1
            if shard.rows == len(self.plans[name].refs):
                yield self._finish(name)
        yield Progressed(len(batch["shard"]))

    def _start(self, name: str) -> _Open:
        write = atomic_path(self.directory / name)
        shard = _Open(write, write.__enter__().open("w", encoding="utf-8"))
        self._open[name] = shard
        return shard

    def _finish(self, name: str) -> ShardDone:
        shard, plan = self._open.pop(name), self.plans[name]
        shard.handle.close()
        shard.write.__exit__(None, None, None)  # renames the file onto the shard's name
        entry = ShardEntry(name, plan.digest, len(plan.refs), shard.records)
        self.manifest = self.manifest.with_shard(entry)
        write_manifest(self.directory, self.manifest)
        return ShardDone(name, entry.articles, entry.records)

    def abandon(self) -> None:
        """Drop the shards being written: their temporary files go, the manifest stays."""
        for shard in self._open.values():
            shard.handle.close()
            shard.write.__exit__(_Abandoned, _Abandoned(), None)
        self._open.clear()
