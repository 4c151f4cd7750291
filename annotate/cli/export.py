"""`annotate export`: human-corrected annotations out as gold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core import defaults
from ..core.errors import AnnotateError, ExportError, Problem
from ..labelstudio.choices import Format, Policy
from ._util import (
    DEFAULT_DIR,
    ApiKey,
    DataDir,
    ProjectId,
    Url,
    app,
    err,
    fail,
    open_project,
    print_counts,
    warn,
)


@app.command("export")
def export_cli(
    project: Annotated[str, typer.Option("--project", help="Title of the Label Studio project.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Gold file to write (.jsonl or .spacy).")
    ],
    file_format: Annotated[
        Format, typer.Option("--format", help="jsonl (gold records) or spacy (DocBin).")
    ] = Format.JSONL,
    policy: Annotated[
        Policy,
        typer.Option("--policy", help="latest: newest annotation per task; all: every annotation."),
    ] = Policy.LATEST,
    tokens: Annotated[
        bool, typer.Option("--tokens", help="Also write Prodigy's `tokens` list (larger, slower).")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail, writing nothing, on any invalid item.")
    ] = False,
    n_process: Annotated[
        int,
        typer.Option(
            "--n-process",
            min=1,
            help="Processes that tokenize, hash and validate JSONL records (1: no extra "
            "process; projects under 5,000 tasks never start any).",
        ),
    ] = defaults.DEFAULT_EXPORT_N_PROCESS,
    project_id: ProjectId = None,
    url: Url = None,
    api_key: ApiKey = None,
    data_dir: DataDir = DEFAULT_DIR,
) -> None:
    """Export human-corrected annotations as gold JSONL or a spaCy DocBin; nothing lost."""
    from ..labelstudio.export import ExportSummary, TasksRead, export_project
    from .progress import Progress

    summary = None
    try:
        client, found = open_project(title=project, project_id=project_id, url=url,
                                     api_key=api_key, data_dir=data_dir)  # fmt: skip
        events = export_project(
            client,
            found,
            output,
            file_format=file_format,
            policy=policy,
            keep_tokens=tokens,
            n_process=n_process,
        )
        with Progress(description="exporting", total=found.task_number or None) as bar:
            for event in events:
                if isinstance(event, Problem):
                    warn(event, verb="")
                elif isinstance(event, TasksRead):
                    bar.update(completed=event.tasks)
                elif isinstance(event, ExportSummary):
                    summary = event
                    if strict and summary.invalid:
                        events.close()  # the file is committed only at the end of the stream
                        raise ExportError(
                            f"{summary.invalid} invalid item(s) and --strict is set: "
                            "nothing was written"
                        )
    except AnnotateError as e:
        if summary is not None:
            print_summary(summary, project, output)
        fail(e)
    if summary is None:
        fail(AnnotateError("the export ended without a summary"))
    print_summary(summary, project, output)
    verdict = "[green]✔ adds up[/]" if summary.adds_up() else "[red]✘ does not add up[/]"
    err.print(
        f"{verdict}: tasks = annotated + unannotated; annotations = exported + cancelled + superseded"
    )
    if not summary.adds_up():
        raise typer.Exit(1)


def print_summary(summary, project: str, output: Path) -> None:
    keys = ("tasks", "annotated", "unannotated", "annotations", "exported", "cancelled")
    keys += ("superseded", "repaired", "invalid")
    print_counts(f"Export {project!r} -> {output}", {k: getattr(summary, k) for k in keys})
