"""`annotate load`: read and clean articles into article JSONL."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.defaults import DEFAULT_MAX_BYTES
from ..core.errors import AnnotateError
from ._util import InputLog, MaxBytes, Sources, Strict, app, err, fail


@app.command("load")
def load_cli(
    sources: Sources,
    output: Annotated[Path, typer.Option("--output", "-o", help="Article JSONL to write.")],
    strict: Strict = False,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
) -> None:
    """Read and clean articles into article JSONL (schemas/article.schema.json)."""
    from ..core.corpus import check_sources, read_articles
    from ..core.jsonl import write_dicts
    from ..core.schema import Kind

    log = InputLog(strict=strict, sources=", ".join(sources))
    try:
        check_sources(sources)
    except AnnotateError as e:
        fail(e)
    try:
        articles = log.items(read_articles(sources, max_bytes=max_bytes))
        write_dicts(output, (a.to_dict() for a in articles), Kind.ARTICLE)
    except AnnotateError as e:
        log.print_summary()
        fail(e)
    log.print_summary()
    err.print(f"[green]✔[/] wrote {log.loaded} articles to {output}")
