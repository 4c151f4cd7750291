"""`annotate preannotate`: entities and ceasefire stance claims with spaCy."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core import defaults
from ..core.errors import AnnotateError
from ._util import InputLog, MaxBytes, Sources, Strict, app, fail, print_counts


@app.command("preannotate")
def preannotate_cli(
    sources: Sources,
    output: Annotated[Path, typer.Option("--output", "-o", help="Prediction JSONL to write.")],
    model: Annotated[
        str,
        typer.Option(
            "--model",
            "-m",
            envvar="ANNOTATE_MODEL",
            help="annotate-default (rules + the shipped stance model), annotate-rules (rules "
            "alone), a directory from `annotate train`, or any spaCy package name or path.",
        ),
    ] = defaults.DEFAULT_MODEL,
    n_process: Annotated[
        int, typer.Option("--n-process", min=1, help="Worker processes.")
    ] = defaults.DEFAULT_N_PROCESS,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Docs per batch.")
    ] = defaults.DEFAULT_PREANNOTATE_BATCH_SIZE,
    tokens: Annotated[
        bool, typer.Option("--tokens", help="Also write Prodigy's `tokens` list.")
    ] = False,
    strict: Strict = False,
    max_bytes: MaxBytes = defaults.DEFAULT_MAX_BYTES,
) -> None:
    """Pre-annotate articles with entities and ceasefire stance claims (prediction JSONL)."""
    import time

    from ..core.corpus import check_sources, read_articles
    from ..core.jsonl import write_records
    from ..core.records import STANCE_LABELS
    from ..core.schema import Kind
    from ..pipeline.preannotate import build_pipeline, preannotate
    from .progress import track

    started = time.perf_counter()
    try:
        check_sources(sources)
        nlp = build_pipeline(model)
    except OSError as e:
        fail(AnnotateError(f"cannot load spaCy model {model!r}: {e}"))
    except AnnotateError as e:
        fail(e)
    loaded = time.perf_counter()
    log = InputLog(strict=strict, sources=", ".join(sources))
    counts = {"articles": 0, "entities": 0, **{f"claims {label}": 0 for label in STANCE_LABELS}}
    words = 0

    def counted(records):
        nonlocal words
        for record in records:
            counts["articles"] += 1
            counts["entities"] += len(record.spans)
            for claim in record.stances:
                counts[f"claims {claim.label}"] += 1
            words += len(record.text.split())
            yield record

    events = preannotate(
        read_articles(sources, max_bytes=max_bytes),
        nlp=nlp,
        batch_size=batch_size,
        n_process=n_process,
        with_tokens=tokens,
    )
    records = counted(log.items(events))
    try:
        write_records(output, track(records, description="pre-annotating"), Kind.PREDICTION)
    except AnnotateError as e:
        log.print_summary()
        fail(e)
    finished = time.perf_counter()
    log.print_summary()
    print_counts(
        f"Pre-annotation -> {output}",
        {
            **counts,
            "seconds (with model load)": f"{finished - started:.1f}",
            "words/s (after model load)": f"{words / max(finished - loaded, 1e-9):,.0f}",
        },
        column="value",
    )
