"""`annotate train` and `annotate train-curve`: learn the stance decision from gold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..core import defaults
from ..core.errors import AnnotateError
from ._util import app, err, fail, out, print_counts

GoldFiles = Annotated[
    list[Path],
    typer.Argument(help="Gold JSONL (what `annotate export` writes).", exists=True, dir_okay=False),
]
BaseModel = Annotated[
    str,
    typer.Option("--base-model", help="spaCy pipeline to build on: package name or path."),
]
Seed = Annotated[int, typer.Option("--seed", help="Same seed, same data: same model.")]


def read_gold(paths: list[Path]):
    """Every gold record of every file; a bad line or an empty file is an error naming it."""
    from ..core.jsonl import read_records
    from ..core.schema import Kind

    records = []
    for path in paths:
        found = list(read_records(path, Kind.GOLD))
        if not found:
            raise AnnotateError(f"{path}: no gold records in it")
        records += found
    ids = [r.id for r in records]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise AnnotateError(f"the same article id in the gold more than once: {repeated[:5]}")
    return records


@app.command("train")
def train_cli(
    gold: GoldFiles,
    output: Annotated[Path, typer.Option("--output", "-o", help="Pipeline directory to write.")],
    base_model: BaseModel = defaults.RULES_MODEL,
    eval_gold: Annotated[
        Path | None, typer.Option("--eval", exists=True, help="Gold JSONL to score the result on.")
    ] = None,
    seed: Seed = 0,
) -> None:
    """Learn the stance decision from gold and save a pipeline that preannotate, evaluate and
    push load with --model DIR (the rules stay; the model adds and relabels claims)."""
    from ..pipeline.train import save, train

    try:
        records = read_gold(gold)
        nlp, summary = train(records, base_model=base_model, seed=seed)
        save(nlp, output)
    except (AnnotateError, OSError) as e:
        fail(e)
    print_counts(
        f"Trained -> {output}",
        {
            "gold articles": summary.articles,
            "candidate sentences": summary.sentences,
            **{f"sentences {label}": n for label, n in sorted(summary.labels.items())},
            "features": summary.features,
            "seconds": f"{summary.seconds:.1f}",
        },
        column="value",
    )
    if eval_gold is not None:
        from ..evaluation.evaluate import as_articles, evaluate, pair_records
        from ..pipeline.preannotate import preannotate
        from .evaluate import print_evaluation

        try:
            held_out = read_gold([eval_gold])
            predictions = preannotate(as_articles(held_out), nlp=nlp)
            print_evaluation(evaluate(pair_records(held_out, predictions)))
        except AnnotateError as e:
            fail(e)
    err.print(f"[green]✔[/] pipeline saved to {output}: use --model {output}")


@app.command("train-curve")
def train_curve_cli(
    gold: GoldFiles,
    folds: Annotated[int, typer.Option("--folds", min=2, help="Article-level folds.")] = 5,
    seed: Seed = 0,
    base_model: BaseModel = defaults.RULES_MODEL,
    html_path: Annotated[Path | None, typer.Option("--html", help="curve.html")] = None,
) -> None:
    """Cross-validate by article (no article in train and test) with a learning curve at
    25/50/75/100% of the training articles, as Prodigy's train-curve."""
    from ..core.jsonl import atomic_path
    from ..evaluation.curve import FRACTIONS, mean_scores, train_curve
    from ..evaluation.report_html import render_curve
    from .progress import track

    try:
        records = read_gold(gold)
        steps = folds * len(FRACTIONS)
        scores = list(track(train_curve(records, k=folds, seed=seed, base_model=base_model),
                            description="folds x fractions", total=steps))  # fmt: skip
    except AnnotateError as e:
        fail(e)
    columns = ("entity F1", "SUP P", "SUP R", "SUP F1", "REJ P", "REJ R", "REJ F1", "F_avg",
               "holder acc", "edits/100")  # fmt: skip
    keys = ("entity_f1", "supports_p", "supports_r", "supports_f1", "rejects_p", "rejects_r",
            "rejects_f1", "f_avg", "holder_accuracy", "edits")  # fmt: skip
    table = Table(title=f"{folds}-fold cross-validation by article, all training articles")
    table.add_column("fold")
    for column in columns:
        table.add_column(column, justify="right")
    for score in (s for s in scores if s.fraction == 1.0):
        table.add_row(str(score.fold), *(f"{score.scores[k]:.3f}" for k in keys))
    table.add_row("mean", *(f"{mean_scores(scores, 1.0)[k]:.3f}" for k in keys))
    out.print(table)
    curve = Table(title="Learning curve (mean over folds)")
    for column in ("training articles", "F_avg", "REJECTS F1", "holder acc", "edits/100"):
        curve.add_column(column, justify="right")
    for fraction in FRACTIONS:
        mean = mean_scores(scores, fraction)
        share = "0% (rules only)" if fraction == 0 else f"{fraction:.0%}"
        curve.add_row(share, f"{mean['f_avg']:.3f}", f"{mean['rejects_f1']:.3f}",
                      f"{mean['holder_accuracy']:.3f}", f"{mean['edits']:.1f}")  # fmt: skip
    out.print(curve)
    if html_path is not None:
        with atomic_path(html_path) as tmp:
            tmp.write_text(render_curve(scores, folds=folds), encoding="utf-8")
