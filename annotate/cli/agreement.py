"""`annotate agreement`: agreement between annotators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..core.errors import AnnotateError
from ._util import app, fail, out


@app.command("agreement")
def agreement_cli(
    records: Annotated[
        Path, typer.Argument(help="Gold JSONL from `export --policy all`.", exists=True)
    ],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="agreement.json")] = None,
) -> None:
    """Agreement between annotators: entity F1, Cohen's kappa, Krippendorff's alpha."""
    from ..core.jsonl import atomic_path, read_records
    from ..core.schema import Kind
    from ..evaluation.agreement import agreement

    try:
        result = agreement(read_records(records, Kind.GOLD))
        if output is not None:
            import srsly

            with atomic_path(output) as tmp:
                srsly.write_json(tmp, result)
    except AnnotateError as e:
        fail(e)
    table = Table(
        title=f"Agreement ({result['docs']} docs, {len(result['annotators'])} annotators)"
    )
    for column in ("pair", "docs", "entity F1", "stance kappa"):
        table.add_column(column)
    for pair in result["pairs"]:
        kappa = pair["stance_kappa"]
        table.add_row(
            " vs ".join(pair["annotators"]),
            str(pair["docs"]),
            f"{pair['entity_f1']:.3f}",
            "n/a" if kappa is None else f"{kappa:.3f}",
        )
    out.print(table)
    alpha = result["stance_alpha"]
    why = "" if alpha is not None else " (no sentence was labelled by two annotators or more)"
    out.print(
        f"Krippendorff's alpha (sentence stance): {'n/a' if alpha is None else f'{alpha:.3f}'}"
        f"{why if not result['units_with_two_annotators'] else ''}"
    )
    for item in result["disagreements"][:20]:
        out.print(f"  {item['id']} #{item['sentence']}: {item['labels']}  {item['text'][:80]}")
