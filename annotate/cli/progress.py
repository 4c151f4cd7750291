"""Progress display on stderr (the library yields events; only the CLI shows progress)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from rich import progress as rich_progress
from rich.console import Console

T = TypeVar("T")


class Progress:
    """A bar (or a counter, with no total) that a command advances from the events it reads."""

    def __init__(self, *, description: str, total: int | None = None) -> None:
        console = Console(stderr=True)
        columns = [
            rich_progress.SpinnerColumn(),
            rich_progress.TextColumn("{task.description}"),
            rich_progress.BarColumn(),
            rich_progress.MofNCompleteColumn()
            if total
            else rich_progress.TextColumn("{task.completed}"),
            rich_progress.TimeElapsedColumn(),
        ]
        self._bar = rich_progress.Progress(
            *columns, console=console, transient=False, disable=not console.is_terminal
        )
        self._task = self._bar.add_task(description, total=total)

    def __enter__(self) -> Progress:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._bar.__exit__(*exc)

    def advance(self, amount: int = 1) -> None:
        self._bar.advance(self._task, amount)

    def update(self, *, completed: int, total: int | None = None) -> None:
        self._bar.update(self._task, completed=completed, total=total)


def track(items: Iterable[T], *, description: str, total: int | None = None) -> Iterator[T]:
    """Yield items while a progress bar runs."""
    with Progress(description=description, total=total) as bar:
        for item in items:
            yield item
            bar.advance()
