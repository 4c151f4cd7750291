"""What the commands share: the typer app, consoles, common options, problems and errors.

The library yields events (records, `Problem`s, progress, summaries); the commands here print
them, apply --strict and exit. Defaults come from `annotate.core.defaults`, never repeated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

import annotate

from ..core import defaults
from ..core.errors import AnnotateError, Problem, count_kinds

T = TypeVar("T")

app = typer.Typer(
    help="Pre-annotate news with spaCy, correct it in Label Studio, export gold, evaluate.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

Sources = Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl), directories or globs.")]
Strict = Annotated[
    bool, typer.Option("--strict", help="Exit non-zero, writing nothing, if any input is skipped.")
]
MaxBytes = Annotated[
    int, typer.Option("--max-bytes", min=1, help="Largest article accepted, in bytes.")
]


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived (a BaseException, so no `except Exception` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def fail(error: Exception, code: int = 1) -> NoReturn:
    err.print(f"[bold red]✘[/] {error}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def warn(problem: Problem, *, verb: str) -> None:
    lead = f"{verb} " if verb else ""
    err.print(f"[yellow]⚠[/] {lead}{problem}", highlight=False, soft_wrap=True)


def version_callback(value: bool) -> None:
    if value:
        out.print(f"annotate {annotate.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=version_callback,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """annotate: gold data for news information extraction, fast."""


class InputLog:
    """Shows and counts the problems of an input stream while a command writes its output, and
    decides at the stream's end, inside the (atomic) write: under --strict any skipped input,
    and always an empty result, stops the write, so the output is never touched."""

    def __init__(self, *, strict: bool, sources: str) -> None:
        self.strict, self.sources = strict, sources
        self.problems: list[Problem] = []
        self.loaded = 0

    def items(self, events: Iterable[T | Problem]) -> Iterator[T]:
        for event in events:
            if isinstance(event, Problem):
                self.take_problem(event)
            else:
                self.loaded += 1
                yield event
        self.check()

    def take_problem(self, problem: Problem) -> None:
        self.problems.append(problem)
        warn(problem, verb="skipped" if problem.skipped else "note:")

    def check(self) -> None:
        """Raise if the write must not happen: a skipped input under --strict, or nothing."""
        skipped = [p for p in self.problems if p.skipped]
        if self.strict and skipped:
            raise AnnotateError(
                f"{len(skipped)} input(s) skipped and --strict is set: nothing was written"
            )
        if not self.loaded:
            raise AnnotateError(f"no article loaded from {self.sources}: nothing was written")

    def print_summary(self) -> None:
        table = Table(title="Corpus", show_header=True)
        table.add_column("outcome")
        table.add_column("count", justify="right")
        table.add_row("loaded", str(self.loaded))
        counts = count_kinds([p for p in self.problems if p.skipped])
        for kind, count in sorted(counts.items()):
            table.add_row(f"skipped: {kind}", str(count))
        for kind, count in sorted(count_kinds([p for p in self.problems if not p.skipped]).items()):
            table.add_row(f"note: {kind}", str(count))
        err.print(table)


def print_counts(title: str, counts: dict[str, object], *, column: str = "count") -> None:
    table = Table(title=title)
    table.add_column("what")
    table.add_column(column, justify="right")
    for key, value in counts.items():
        table.add_row(key, str(value))
    err.print(table)


server_app = typer.Typer(
    help="The local Label Studio (127.0.0.1, SQLite): start, stop, status.", no_args_is_help=True
)
app.add_typer(server_app, name="server")
DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir", envvar="ANNOTATE_DATA_DIR", help="Where the local server keeps its database."
    ),
]
Port = Annotated[
    int,
    typer.Option("--port", envvar="ANNOTATE_PORT", min=1, max=65535, help="Port on 127.0.0.1."),
]
Url = Annotated[
    str | None,
    typer.Option(
        "--url",
        envvar="LABEL_STUDIO_URL",
        help="Label Studio URL (else the local server's).",
        show_envvar=True,
    ),
]
ApiKey = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        envvar="LABEL_STUDIO_API_KEY",
        show_default=False,
        help="Personal access token or legacy token.",
        show_envvar=True,
    ),
]
ProjectId = Annotated[
    int | None,
    typer.Option(
        "--project-id", min=1, help="The project's id, where several have the same title."
    ),
]
DEFAULT_DIR = defaults.DEFAULT_DATA_DIR
Model = Annotated[
    str,
    typer.Option(
        "--model",
        "-m",
        envvar="ANNOTATE_MODEL",
        help="annotate-default (rules + the shipped stance model), annotate-rules (rules "
        "alone), a directory from `annotate train`, or any spaCy package name or path.",
    ),
]


def open_project(
    *, title: str, project_id: int | None, url: str | None, api_key: str | None, data_dir: Path
):
    """A client of the Label Studio the options name, and its project of this title (an error
    if there is none)."""
    from ..labelstudio import client as ls

    connection = ls.resolve_connection(url=url, api_key=api_key, data_dir=data_dir)
    client = ls.connect(connection)
    found = ls.find_project(client, title, project_id=project_id)
    if found is None:
        raise AnnotateError(f"no project titled {title!r} at {connection.url}")
    return client, found
