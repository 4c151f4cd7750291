"""What the commands share: the typer app, consoles, common options, error exit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .. import __version__
from ..errors import AnnotateError

app = typer.Typer(
    help="Pre-annotate news with spaCy, correct it in Label Studio, export gold, evaluate.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

Sources = Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl), directories or globs.")]
Strict = Annotated[bool, typer.Option("--strict", help="Exit non-zero if any input was skipped.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Largest article accepted, in bytes.")]


def fail(error: Exception, code: int = 1) -> None:
    err.print(f"[bold red]✘[/] {error}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def version_callback(value: bool) -> None:
    if value:
        out.print(f"annotate {__version__}")
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


def print_corpus_report(report, *, strict: bool) -> None:
    for problem in report.problems:
        err.print(f"[yellow]⚠[/] skipped {problem}", highlight=False, soft_wrap=True)
    table = Table(title="Corpus", show_header=True)
    table.add_column("outcome")
    table.add_column("count", justify="right")
    table.add_row("loaded", str(report.loaded))
    for kind, count in sorted(report.counts().items()):
        table.add_row(f"skipped: {kind}", str(count))
    err.print(table)
    if strict and report.problems:
        fail(AnnotateError(f"{len(report.problems)} input(s) skipped and --strict is set"))


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
Port = Annotated[int, typer.Option("--port", envvar="ANNOTATE_PORT", help="Port on 127.0.0.1.")]
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
DEFAULT_DIR = Path(".annotate/label-studio")
