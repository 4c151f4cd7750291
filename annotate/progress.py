"""Progress display for streams (the library yields; only the CLI shows progress)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

T = TypeVar("T")


def track(
    items: Iterable[T],
    *,
    description: str,
    total: int | None = None,
    console: Console | None = None,
) -> Iterator[T]:
    """Yield items while a progress bar (or a counter, with no total) runs on stderr."""
    console = console or Console(stderr=True)
    columns = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn() if total else TextColumn("{task.completed}"),
        TimeElapsedColumn(),
    ]
    with Progress(
        *columns, console=console, transient=False, disable=not console.is_terminal
    ) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)
