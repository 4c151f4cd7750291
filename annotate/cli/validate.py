"""`annotate validate`: check any records file against its schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import AnnotateError, RecordError
from ._util import app, err, fail

SHOWN = 20  # bad lines printed; all are counted


@app.command("validate")
def validate_cli(
    path: Annotated[
        Path,
        typer.Argument(
            help="A JSONL records file, or a directory of shards (preannotate --engine ray).",
            exists=True,
        ),
    ],
    kind: Annotated[
        str,
        typer.Option(
            help="article, prediction, gold, or auto: prediction when a record has a "
            "model_version or lacks id or meta, else gold; article when it has no spans."
        ),
    ] = "auto",
) -> None:
    """Check every line of a records file against its JSON Schema, its offsets and its ids."""
    from ..core.jsonl import iter_json_objects
    from ..core.schema import Kind, validate

    def guess(obj: object) -> Kind:
        if not isinstance(obj, dict) or "spans" not in obj:
            return Kind.ARTICLE
        if "model_version" in obj or "meta" not in obj or "id" not in obj:
            return Kind.PREDICTION
        return Kind.GOLD

    if kind != "auto" and kind not in {k.value for k in Kind}:
        fail(AnnotateError(f"--kind must be auto, article, prediction or gold, not {kind!r}"), 2)
    count, bad = 0, []
    first_seen: dict[str, str] = {}
    try:
        for where, obj in iter_json_objects(path):
            try:
                validate(obj, guess(obj) if kind == "auto" else Kind(kind), where=where)
            except RecordError as e:
                bad.append(e)
                continue
            record_id = obj.get("id")
            if record_id is not None and record_id in first_seen:
                reason = f"id {record_id!r} was already used at {first_seen[record_id]}"
                bad.append(RecordError(reason, where=where, pointer="/id"))
                continue
            if record_id is not None:
                first_seen[record_id] = where
            count += 1
    except AnnotateError as e:  # the file itself cannot be read on: stop there
        bad.append(e)
    for error in bad[:SHOWN]:
        err.print(f"[bold red]✘[/] {error}", highlight=False, soft_wrap=True)
    if bad:
        more = f" ({len(bad) - SHOWN} more not shown)" if len(bad) > SHOWN else ""
        fail(AnnotateError(f"{path}: {len(bad)} invalid record(s){more}, {count} valid"))
    err.print(f"[green]✔[/] {path}: {count} valid records")
