"""The `annotate` command line: thin typer commands that parse, call the library and print."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import AnnotateError

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
    err.print(f"[bold red]✘[/] {error}", highlight=False)
    raise typer.Exit(code)


def version_callback(value: bool) -> None:
    if value:
        out.print(f"annotate {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True,
                           help="Print the version and exit.")  # fmt: skip
    ] = False,
) -> None:
    """annotate: gold data for news information extraction, fast."""


def print_corpus_report(report, *, strict: bool) -> None:
    for problem in report.problems:
        err.print(f"[yellow]⚠[/] skipped {problem}", highlight=False)
    table = Table(title="Corpus", show_header=True)
    table.add_column("outcome")
    table.add_column("count", justify="right")
    table.add_row("loaded", str(report.loaded))
    for kind, count in sorted(report.counts().items()):
        table.add_row(f"skipped: {kind}", str(count))
    err.print(table)
    if strict and report.problems:
        fail(AnnotateError(f"{len(report.problems)} input(s) skipped and --strict is set"))


@app.command("load")
def load_cli(
    sources: Sources,
    output: Annotated[Path, typer.Option("--output", "-o", help="Article JSONL to write.")],
    strict: Strict = False,
    max_bytes: MaxBytes = 5_000_000,
) -> None:
    """Read and clean articles into article JSONL (schemas/article.schema.json)."""
    from .corpus import CorpusReport, read_articles
    from .jsonl import write_dicts
    from .schema import Kind

    report = CorpusReport()
    articles = read_articles(sources, max_bytes=max_bytes, report=report)
    try:
        write_dicts(output, (a.to_dict() for a in articles), Kind.ARTICLE)
    except AnnotateError as e:
        fail(e)
    print_corpus_report(report, strict=strict)
    err.print(f"[green]✔[/] wrote {report.loaded} articles to {output}")


@app.command("validate")
def validate_cli(
    path: Annotated[Path, typer.Argument(help="A JSONL records file.", exists=True)],
    kind: Annotated[
        str, typer.Option(help="article, prediction, gold, or auto (by the records' fields).")
    ] = "auto",
) -> None:
    """Check every line of a records file against its JSON Schema and its offsets."""
    from .jsonl import iter_json_lines
    from .schema import Kind, validate

    def guess(obj: dict) -> Kind:
        if "spans" not in obj:
            return Kind.ARTICLE
        return Kind.PREDICTION if "model_version" in obj else Kind.GOLD

    count = 0
    try:
        for line_no, obj in iter_json_lines(path):
            chosen = guess(obj) if kind == "auto" else Kind(kind)
            validate(obj, chosen, where=f"{path}:{line_no}")
            count += 1
    except (AnnotateError, ValueError) as e:
        fail(e)
    err.print(f"[green]✔[/] {path}: {count} valid records")


def run() -> None:  # pragma: no cover - console entry for `python -m annotate`
    sys.exit(app())
