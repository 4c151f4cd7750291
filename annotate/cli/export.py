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
    url: Url = None,
    api_key: ApiKey = None,
    data_dir: DataDir = DEFAULT_DIR,
) -> None:
    """Export human-corrected annotations as gold JSONL or a spaCy DocBin; nothing lost."""
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    from .. import labelstudio as ls
    from ..export import (
        ExportSummary,
        Policy,
        blank_tokenizer,
        fail_if_strict,
        gold_records,
        tasks_in_snapshot,
        with_tokens,
        write_docbin,
    )
    from ..jsonl import atomic_path, write_records
    from ..progress import track
    from ..schema import Kind

    def write_jsonl(records, path, *, tokenizer) -> int:
        tokenized = with_tokens(records, tokenizer=tokenizer, keep_tokens=tokens)
        return write_records(path, tokenized, Kind.GOLD)

    writers = {"jsonl": write_jsonl, "spacy": write_docbin}
    if file_format not in writers or policy not in {p.value for p in Policy}:
        fail(
            AnnotateError(
                f"--format must be one of {sorted(writers)} and --policy one of latest, all"
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
        with (
            tempfile.TemporaryDirectory(prefix="annotate-export-") as tmp_dir,
            ThreadPoolExecutor(max_workers=1) as background,
        ):
            # spaCy loads while the server builds the snapshot
            tokenizer = background.submit(blank_tokenizer)
            snapshot = ls.download_snapshot(client, found.id, Path(tmp_dir) / "snapshot.json")
            with atomic_path(output) as tmp:
                tasks = track(
                    tasks_in_snapshot(snapshot), description="exporting", total=found.task_number
                )
                records = gold_records(tasks, policy=Policy(policy), summary=summary)
                writers[file_format](records, tmp, tokenizer=tokenizer.result())
                fail_if_strict(summary, strict=strict)
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
