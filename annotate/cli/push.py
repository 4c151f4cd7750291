"""`annotate push`: pre-annotations into Label Studio as predictions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core import defaults
from ..core.errors import AnnotateError, Problem
from ..labelstudio.choices import Order
from ._util import (
    DEFAULT_DIR,
    ApiKey,
    DataDir,
    Interrupted,
    ProjectId,
    Url,
    app,
    err,
    fail,
    print_counts,
    warn,
)


@app.command("push")
def push_cli(
    tasks: Annotated[
        Path,
        typer.Argument(
            help="Prediction JSONL (annotate preannotate's output), or its directory of shards "
            "(--engine ray).",
            exists=True,
        ),
    ],
    project: Annotated[
        str, typer.Option("--project", help="Project title: created, or reused if it exists.")
    ],
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Tasks per import request.")
    ] = defaults.DEFAULT_PUSH_BATCH_SIZE,
    order: Annotated[
        Order,
        typer.Option(
            "--order",
            help="file: as in the file. uncertain: the model's least certain predictions first "
            "(lowest score; holds the file in memory to sort it).",
        ),
    ] = Order.FILE,
    project_id: ProjectId = None,
    url: Url = None,
    api_key: ApiKey = None,
    data_dir: DataDir = DEFAULT_DIR,
) -> None:
    """Push pre-annotated articles to Label Studio as predictions (idempotent, resumable)."""
    from ..core.jsonl import count_lines, read_records
    from ..core.processes import steady_heap
    from ..core.schema import Kind
    from ..labelstudio import client as ls
    from ..labelstudio.push import PushSummary, in_order, push
    from .progress import Progress

    steady_heap()  # before the push starts its threads; not for spaCy's work (slower there)
    summary, handled = None, 0
    try:
        total = count_lines(tasks)
        connection = ls.resolve_connection(url=url, api_key=api_key, data_dir=data_dir)
        client = ls.connect(connection)
        events = push(
            in_order(read_records(tasks, Kind.PREDICTION), order),
            client=client,
            title=project,
            batch_size=batch_size,
            journal_dir=data_dir / "journal",
            project_id=project_id,
        )
        with Progress(description="pushing", total=total) as bar:
            for event in events:
                if isinstance(event, Problem):
                    warn(event, verb="not pushed:")
                elif isinstance(event, PushSummary):
                    summary = event
                else:
                    handled += event.records
                    bar.advance(event.records)
    except AnnotateError as e:
        if summary is not None:
            print_summary(summary, project)
            err.print(f"{handled} of {total} records were handled before the error; "
                      "after fixing it, run the same push again: it resumes")  # fmt: skip
        fail(e)
    except Interrupted:
        err.print(f"{handled} of {total} records were pushed before the interruption; "
                  "run the same push again: it resumes and creates nothing twice")  # fmt: skip
        raise
    if summary is None:
        fail(AnnotateError("the push ended without a summary"))
    print_summary(summary, project)
    err.print(f"open {connection.url}/projects/{summary.project_id}/data")
    if summary.failed:
        raise typer.Exit(1)


def print_summary(summary, project: str) -> None:
    keys = ("created", "already_present", "updated", "failed", "duplicates_removed")
    print_counts(
        f"Push -> {project!r} (project {summary.project_id}"
        f"{', new' if summary.project_created else ''})",
        {key.replace("_", " "): getattr(summary, key) for key in keys},
    )
