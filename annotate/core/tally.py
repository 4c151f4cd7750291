"""Counts kept while a stream runs, frozen into the stage's summary record at its end."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any


class Tally:
    """Mutable counters named after fields of a frozen summary dataclass (`tally.created += 1`),
    so a stage's counts are written once: in its summary type."""

    def __init__(self, summary: type, counted: Iterable[str] | None = None) -> None:
        names = list(counted) if counted is not None else [f.name for f in fields(summary)]
        object.__setattr__(self, "_summary", summary)
        object.__setattr__(self, "_counts", dict.fromkeys(names, 0))

    def __getattr__(self, name: str) -> int:
        try:
            return self._counts[name]
        except KeyError as e:
            raise AttributeError(f"{self._summary.__name__} counts no {name!r}") from e

    def __setattr__(self, name: str, value: int) -> None:
        if name not in self._counts:
            raise AttributeError(f"{self._summary.__name__} counts no {name!r}")
        self._counts[name] = value

    def freeze(self, **others: Any) -> Any:
        return self._summary(**self._counts, **others)
