"""`annotate push`: pre-annotations into Label Studio as predictions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..errors import AnnotateError
from ._util import (
    DEFAULT_DIR,
    ApiKey,
    DataDir,
    Url,
    app,
    err,
    fail,
)


@app.command("push")
def push_cli(
    tasks: Annotated[
        Path, typer.Argument(help="Prediction JSONL (annotate preannotate's output).", exists=True)
    ],
    project: Annotated[
        str, typer.Option("--project", help="Project title: created, or reused if it exists.")
    ],
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Tasks per import request.")
    ] = 500,
    url: Url = None,
    api_key: ApiKey = None,
    data_dir: DataDir = DEFAULT_DIR,
) -> None:
    """Push pre-annotated articles to Label Studio as predictions (idempotent, resumable)."""
    from .. import labelstudio as ls
    from ..jsonl import read_records
    from ..progress import track
    from ..push import PushSummary, push
    from ..schema import Kind

    summary = PushSummary()
    try:
        with tasks.open("rb") as handle:
            total = sum(1 for line in handle if line.strip())
        connection = ls.resolve_connection(url=url, api_key=api_key, data_dir=data_dir)
        client = ls.connect(connection)
        batches = push(
            read_records(tasks, Kind.PREDICTION),
            client=client,
            title=project,
            batch_size=batch_size,
            summary=summary,
            journal_dir=data_dir / "journal",
        )
        bar = track((None for n in batches for _ in range(n)), description="pushing", total=total)
        for _ in bar:
            pass
    except AnnotateError as e:
        fail(e)
    for problem in summary.problems:
        err.print(f"[yellow]⚠[/] not pushed: {problem}", highlight=False, soft_wrap=True)
    table = Table(
        title=f"Push -> {project!r} (project {summary.project_id}"
        f"{', new' if summary.project_created else ''})"
    )
    table.add_column("tasks")
    table.add_column("count", justify="right")
    for key in ("created", "already_present", "updated", "failed", "duplicates_removed"):
        table.add_row(key.replace("_", " "), str(getattr(summary, key)))
    err.print(table)
    err.print(f"open {connection.url}/projects/{summary.project_id}/data")
    if summary.failed:
        raise typer.Exit(1)
