"""`annotate evaluate`: score an extractor against gold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..core.errors import AnnotateError
from ._util import app, err, fail, out


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[
        Path, typer.Argument(help="Gold JSONL (schemas/gold.schema.json).", exists=True)
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions",
            "-p",
            exists=True,
            help="Prediction JSONL to score, or a directory of shards.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            help="Pre-annotate the gold texts with this spaCy pipeline and score that.",
        ),
    ] = None,
    ignore_missing: Annotated[
        bool,
        typer.Option(
            "--ignore-missing",
            help="Leave gold documents without a prediction out of the scores (by default "
            "they count as predicted empty: all their items missed).",
        ),
    ] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="report.json")] = None,
    html_path: Annotated[Path | None, typer.Option("--html", help="report.html")] = None,
) -> None:
    """Score an extractor against gold: entities, stance claims, holders, correction effort."""
    from ..core.jsonl import atomic_path, read_records
    from ..core.schema import Kind, validate
    from ..evaluation.evaluate import as_articles, evaluate, pair_records

    if (predictions is None) == (model is None):
        fail(AnnotateError("give exactly one of --predictions and --model"), code=2)
    try:
        gold_records = list(read_records(gold, Kind.GOLD))
        if model is not None:
            from ..pipeline.preannotate import build_pipeline, preannotate

            nlp = build_pipeline(model)
            preds = preannotate(as_articles(gold_records), nlp=nlp)  # articles: no Problems
        else:
            preds = read_records(predictions, Kind.PREDICTION)
        pairing = pair_records(
            gold_records,
            preds,
            ignore_missing=ignore_missing,
            gold_name=str(gold),
            predictions_name=str(predictions or model),
        )
        report = evaluate(pairing)
        validate(report, Kind.REPORT, where="evaluation report")
        if output is not None:
            import srsly

            with atomic_path(output) as tmp:
                srsly.write_json(tmp, report)
        if html_path is not None:
            from ..evaluation.report_html import render_report

            with atomic_path(html_path) as tmp:
                tmp.write_text(
                    render_report(report, pairing.pairs, title=f"Evaluation: {gold.name}"),
                    encoding="utf-8",
                )
    except (AnnotateError, OSError) as e:
        fail(e)
    print_evaluation(report)


def print_evaluation(report: dict) -> None:
    ner, stance = report["ner"], report["stance"]
    table = Table(title=f"Entities ({report['docs']} docs)")
    for column in (
        "label",
        "strict P",
        "strict R",
        "strict F1",
        "exact F1",
        "partial F1",
        "type F1",
    ):
        table.add_column(column, justify="right" if column != "label" else "left")
    rows = [("ALL", ner), *sorted(ner["per_label"].items())]
    for label, scores in rows:
        s = scores["strict"]
        table.add_row(
            label,
            f"{s['precision']:.3f}",
            f"{s['recall']:.3f}",
            f"{s['f1']:.3f}",
            *(f"{scores[k]['f1']:.3f}" for k in ("exact", "partial", "ent_type")),
        )
    out.print(table)
    table = Table(title="Stance claims")
    for column in ("label", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="right" if column != "label" else "left")
    for label, s in stance["per_label"].items():
        table.add_row(
            label,
            f"{s['p']:.3f}",
            f"{s['r']:.3f}",
            f"{s['f1']:.3f}",
            str(s["tp"]),
            str(s["fp"]),
            str(s["fn"]),
        )
    out.print(table)
    out.print(
        f"entity micro F1 {ner['micro']['f1']:.3f}  stance F_avg {stance['f_avg']:.3f}  "
        f"holder accuracy {stance['holder_accuracy']:.3f} "
        f"({stance['holders']['correct']}/{stance['holders']['matched_claims']})  "
        f"correction edits per 100 gold items {report['correction_effort_per_100']:.1f}"
    )
    missing = report["missing"]
    if missing["predictions"]:
        how = (
            "scored as predicted empty (all their items missed)"
            if missing["predictions_scored_as_empty"]
            else "left out of the scores (--ignore-missing)"
        )
        err.print(
            f"[yellow]⚠[/] {len(missing['predictions'])} gold record(s) without a prediction, "
            f"{how}: {', '.join(missing['predictions'][:10])}"
        )
    if missing["gold"]:
        err.print(f"[yellow]⚠[/] {len(missing['gold'])} prediction(s) without gold, not scored")
