"""`annotate export`: human-corrected annotations out as gold."""

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


@app.command("export")
def export_cli(
    project: Annotated[str, typer.Option("--project", help="Title of the Label Studio project.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Gold file to write (.jsonl or .spacy).")
    ],
    file_format: Annotated[
        str, typer.Option("--format", help="jsonl (gold records) or spacy (DocBin).")
    ] = "jsonl",
    policy: Annotated[
        str,
        typer.Option("--policy", help="latest: newest annotation per task; all: every annotation."),
    ] = "latest",
    tokens: Annotated[
        bool, typer.Option("--tokens", help="Also write Prodigy's `tokens` list (larger, slower).")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on any invalid span, relation or label.")
    ] = False,
    n_process: Annotated[
        int,
        typer.Option(
            "--n-process",
            help="Processes that tokenize, hash and validate JSONL records (1: no extra "
            "process; projects under 1,000 tasks never start any).",
        ),
    ] = 2,
    url: Url = None,
    api_key: ApiKey = None,
    data_dir: DataDir = DEFAULT_DIR,
) -> None:
    """Export human-corrected annotations as gold JSONL or a spaCy DocBin; nothing lost."""
    from .. import labelstudio as ls
    from ..export import ExportSummary, Format, Policy, export_project
    from ..progress import track

    formats, policies = {f.value for f in Format}, {p.value for p in Policy}
    if file_format not in formats or policy not in policies or n_process < 1:
        fail(
            AnnotateError(
                f"--format must be one of {sorted(formats)}, --policy one of {sorted(policies)}, "
                "--n-process 1 or more"
            ),
            code=2,
        )
    summary = ExportSummary()
    try:
        connection = ls.resolve_connection(url=url, api_key=api_key, data_dir=data_dir)
        client = ls.connect(connection)
        found = ls.find_project(client, project)
        if found is None:
            raise AnnotateError(f"no project titled {project!r} at {connection.url}")
        export_project(
            client,
            found,
            output,
            file_format=Format(file_format),
            policy=Policy(policy),
            keep_tokens=tokens,
            strict=strict,
            n_process=n_process,
            summary=summary,
            progress=lambda tasks, total: track(tasks, description="exporting", total=total),
        )
    except AnnotateError as e:
        for problem in summary.problems:
            err.print(f"[yellow]⚠[/] {problem}", highlight=False, soft_wrap=True)
        fail(e)
    for problem in summary.problems:
        err.print(f"[yellow]⚠[/] {problem}", highlight=False, soft_wrap=True)
    table = Table(title=f"Export {project!r} -> {output}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in (
        "tasks",
        "annotated",
        "unannotated",
        "annotations",
        "exported",
        "cancelled",
        "superseded",
        "repaired",
        "invalid",
    ):
        table.add_row(key, str(getattr(summary, key)))
    err.print(table)
    verdict = "[green]✔ adds up[/]" if summary.adds_up() else "[red]✘ does not add up[/]"
    err.print(
        f"{verdict}: tasks = annotated + unannotated; annotations = exported + cancelled + superseded"
    )
    if not summary.adds_up():
        raise typer.Exit(1)
