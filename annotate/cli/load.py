"""`annotate load`: read and clean articles into article JSONL."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import AnnotateError
from ._util import (
    MaxBytes,
    Sources,
    Strict,
    app,
    err,
    fail,
    print_corpus_report,
)


@app.command("load")
def load_cli(
    sources: Sources,
    output: Annotated[Path, typer.Option("--output", "-o", help="Article JSONL to write.")],
    strict: Strict = False,
    max_bytes: MaxBytes = 5_000_000,
) -> None:
    """Read and clean articles into article JSONL (schemas/article.schema.json)."""
    from ..corpus import CorpusReport, read_articles
    from ..jsonl import write_dicts
    from ..schema import Kind

    report = CorpusReport()
    articles = read_articles(sources, max_bytes=max_bytes, report=report)
    try:
        write_dicts(output, (a.to_dict() for a in articles), Kind.ARTICLE)
    except AnnotateError as e:
        fail(e)
    print_corpus_report(report, strict=strict)
    err.print(f"[green]✔[/] wrote {report.loaded} articles to {output}")
