"""`annotate validate`: check any records file against its schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import AnnotateError
from ._util import app, err, fail


@app.command("validate")
def validate_cli(
    path: Annotated[Path, typer.Argument(help="A JSONL records file.", exists=True)],
    kind: Annotated[
        str, typer.Option(help="article, prediction, gold, or auto (by the records' fields).")
    ] = "auto",
) -> None:
    """Check every line of a records file against its JSON Schema and its offsets."""
    from ..core.jsonl import iter_json_lines
    from ..core.schema import Kind, validate

    def guess(obj: dict) -> Kind:
        if "spans" not in obj:
            return Kind.ARTICLE
        return Kind.PREDICTION if "model_version" in obj else Kind.GOLD

    count = 0
    try:
        for line_no, obj in iter_json_lines(path):
            chosen = guess(obj) if kind == "auto" else Kind(kind)
            validate(obj, chosen, where=f"{path}:{line_no}")
            count += 1
    except (AnnotateError, ValueError) as e:
        fail(e)
    err.print(f"[green]✔[/] {path}: {count} valid records")
