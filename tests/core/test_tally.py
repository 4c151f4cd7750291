"""Counts kept while a stream runs, frozen into a summary."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from annotate.core.tally import Tally


@dataclass(frozen=True)
class Summary:
    read: int = 0
    kept: int = 0
    name: str = ""


def test_counts_freeze_into_the_summary_and_unknown_counters_fail():
    tally = Tally(Summary, ["read", "kept"])
    tally.read += 2
    tally.kept += 1
    assert tally.freeze(name="x") == Summary(2, 1, "x")
    with pytest.raises(AttributeError, match="Summary counts no 'kpet'"):
        tally.kpet += 1
