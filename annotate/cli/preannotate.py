"""`annotate preannotate`: entities and ceasefire stance claims with spaCy."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from ..core import defaults
from ..core.errors import AnnotateError
from ..pipeline.choices import Engine
from ._util import (
    InputLog,
    Interrupted,
    MaxBytes,
    Model,
    Sources,
    Strict,
    app,
    err,
    fail,
    print_counts,
)


@app.command("preannotate")
def preannotate_cli(
    sources: Sources,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Prediction JSONL to write (a directory with --engine ray)."
        ),
    ],
    model: Model = defaults.DEFAULT_MODEL,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="local: this machine, one JSONL file. ray: Ray Data actors (pip install -e "
            "'.[ray]'), shards and a manifest in the --output directory; re-running resumes.",
        ),
    ] = Engine.LOCAL,
    n_process: Annotated[
        int, typer.Option("--n-process", min=1, help="Worker processes (--engine local).")
    ] = defaults.DEFAULT_N_PROCESS,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Docs per batch.")
    ] = defaults.DEFAULT_PREANNOTATE_BATCH_SIZE,
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            envvar="RAY_ADDRESS",
            help="Ray cluster to join (--engine ray); without it a local Ray is started.",
        ),
    ] = None,
    actors: Annotated[
        int | None,
        typer.Option(
            "--actors", min=1, help="Pipeline actors (--engine ray; default: the cluster's CPUs)."
        ),
    ] = None,
    shard_size: Annotated[
        int, typer.Option("--shard-size", min=1, help="Articles per shard (--engine ray).")
    ] = defaults.DEFAULT_SHARD_SIZE,
    tokens: Annotated[
        bool, typer.Option("--tokens", help="Also write Prodigy's `tokens` list.")
    ] = False,
    strict: Strict = False,
    max_bytes: MaxBytes = defaults.DEFAULT_MAX_BYTES,
) -> None:
    """Pre-annotate articles with entities and ceasefire stance claims (prediction JSONL)."""
    from ..core.corpus import check_sources

    started = time.perf_counter()
    try:
        check_sources(sources)
    except AnnotateError as e:
        fail(e)
    log = InputLog(strict=strict, sources=", ".join(sources))
    options = {"model": model, "batch_size": batch_size, "tokens": tokens, "max_bytes": max_bytes}
    if engine is Engine.RAY:
        run_ray(sources, output, log, started, address=address, actors=actors,
                shard_size=shard_size, **options)  # fmt: skip
    else:
        run_local(sources, output, log, started, n_process=n_process, **options)


def run_local(
    sources: list[str],
    output: Path,
    log: InputLog,
    started: float,
    *,
    model: str,
    n_process: int,
    batch_size: int,
    tokens: bool,
    max_bytes: int,
) -> None:
    from ..core.corpus import read_articles
    from ..core.jsonl import write_records
    from ..core.records import STANCE_LABELS
    from ..core.schema import Kind
    from ..pipeline.preannotate import build_pipeline, preannotate
    from .progress import track

    try:
        nlp = build_pipeline(model)
    except OSError as e:
        fail(AnnotateError(f"cannot load spaCy model {model!r}: {e}"))
    except AnnotateError as e:
        fail(e)
    loaded = time.perf_counter()
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


def run_ray(
    sources: list[str],
    output: Path,
    log: InputLog,
    started: float,
    *,
    model: str,
    address: str | None,
    actors: int | None,
    shard_size: int,
    batch_size: int,
    tokens: bool,
    max_bytes: int,
) -> None:
    from ..core.errors import Problem
    from ..pipeline.ray_engine import Planned, Progressed, RaySummary, preannotate_ray
    from .progress import Progress

    events = preannotate_ray(
        sources,
        output_dir=output,
        model=model,
        address=address,
        actors=actors,
        batch_size=batch_size,
        shard_size=shard_size,
        max_bytes=max_bytes,
        with_tokens=tokens,
    )
    summary, bar, planned_at = None, None, started
    try:
        for event in events:
            if isinstance(event, Problem):
                log.take_problem(event)
            elif isinstance(event, Planned):
                log.loaded = event.articles
                log.check()  # under --strict, or with nothing loaded, stop before any work
                planned_at = time.perf_counter()
                if event.pending < event.shards:
                    err.print(f"{event.shards - event.pending} of {event.shards} shards are "
                              f"already complete in {output}: kept")  # fmt: skip
                bar = Progress(description="pre-annotating (ray)", total=event.pending_articles)
                bar.__enter__()
            elif isinstance(event, Progressed) and bar is not None:
                bar.advance(event.articles)
            elif isinstance(event, RaySummary):
                summary = event
    except AnnotateError as e:
        log.print_summary()
        fail(e)
    except Interrupted:
        err.print(f"interrupted: the shards complete so far are kept in {output}; "
                  "run the same command again to finish")  # fmt: skip
        raise
    finally:
        events.close()  # an unfinished shard's temporary file goes; Ray shuts down
        if bar is not None:
            bar.__exit__(None, None, None)
    finished = time.perf_counter()
    log.print_summary()
    if summary is None:
        return
    print_counts(
        f"Pre-annotation (ray) -> {output}",
        {
            "shards": summary.shards,
            "shards written": summary.written,
            "shards kept from an earlier run": summary.kept,
            "actors": summary.actors,
            "records in the directory": summary.records,
            "entities written": summary.entities,
            **{f"claims {label} written": n for label, n in summary.claims.items()},
            "seconds (with planning)": f"{finished - started:.1f}",
            "words/s (after planning)": f"{summary.words / max(finished - planned_at, 1e-9):,.0f}",
        },
        column="value",
    )
