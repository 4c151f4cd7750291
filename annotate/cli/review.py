"""`annotate review`: several annotators' work into one gold; disputes reviewed in Label Studio."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import AnnotateError, Problem
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


@app.command("review")
def review_cli(
    project: Annotated[str, typer.Option("--project", help="Title of the annotated project.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Gold JSONL to write.")],
    min_agree: Annotated[
        int | None,
        typer.Option(
            "--min-agree",
            min=1,
            help="Annotators who must have exactly an item for it to be agreed (and lack it "
            "for it to be rejected). Default: every annotator of the task.",
        ),
    ] = None,
    review_project: Annotated[
        str | None,
        typer.Option(
            "--review-project", help='Review project title (default "<project> — review").'
        ),
    ] = None,
    collect: Annotated[
        bool,
        typer.Option(
            "--collect",
            help="Take the reviewers' annotations: write agreed + reviewed tasks as the gold "
            "(send nothing).",
        ),
    ] = False,
    project_id: ProjectId = None,
    url: Url = None,
    api_key: ApiKey = None,
    data_dir: DataDir = DEFAULT_DIR,
) -> None:
    """Merge annotators: agreed tasks go to gold, disputed ones to a review project in Label
    Studio (each annotator's version a prediction named after them); --collect writes the gold."""
    from ..core.jsonl import write_records
    from ..core.schema import Kind
    from ..evaluation.agreement import agreement
    from ..labelstudio.review import ReviewResult, ReviewSummary, SentForReview, merge_annotators

    result, summary = ReviewResult(), None
    try:
        client, found = open_project(title=project, project_id=project_id, url=url,
                                     api_key=api_key, data_dir=data_dir)  # fmt: skip
        events = merge_annotators(client, found, min_agree=min_agree, title=review_project,
                                collect=collect)  # fmt: skip
        for event in events:
            if isinstance(event, Problem):
                warn(event, verb="")
            elif isinstance(event, SentForReview):
                verb = "already in review" if event.already else "sent for review"
                err.print(f"task {event.task_id} ({event.record_id}) {verb}:", highlight=False)
                for reason in event.reasons:
                    err.print(f"    {reason}", highlight=False, soft_wrap=True)
            elif isinstance(event, ReviewResult):
                result = event
            elif isinstance(event, ReviewSummary):
                summary = event
        written = write_records(output, result.gold, Kind.GOLD)
    except AnnotateError as e:
        fail(e)
    if summary is None:
        fail(AnnotateError("the review ended without a summary"))
    counts = {
        "tasks": summary.tasks,
        "agreed": summary.agreed,
        "for review": summary.for_review,
        "  sent now": summary.sent,
        "  awaiting a reviewer": summary.awaiting,
        "  reviewed (collected)": summary.reviewed,
        "unannotated": summary.unannotated,
        "annotations": summary.annotations,
        "cancelled (ignored)": summary.cancelled,
        "superseded (older, same annotator)": summary.superseded,
        "gold records written": written,
    }
    if collect:
        share = summary.items_changed / summary.items_reviewed if summary.items_reviewed else 0.0
        counts["items changed by review"] = (
            f"{summary.items_changed} of {summary.items_reviewed} ({share:.0%})"
        )
    print_counts(f"Review {project!r} -> {output}", counts)
    if summary.review_project_id:
        err.print(f"review project: id {summary.review_project_id}", highlight=False)
    pairs = agreement(result.versions)["pairs"] if result.versions else []
    for pair in pairs:
        kappa = "n/a" if pair["stance_kappa"] is None else f"{pair['stance_kappa']:.2f}"
        err.print(f"agreement before review, {' & '.join(pair['annotators'])}: {pair['docs']} "
                  f"task(s), entity F1 {pair['entity_f1']:.2f}, stance kappa {kappa}",
                  highlight=False)  # fmt: skip
    verdict = "[green]✔ adds up[/]" if summary.adds_up() else "[red]✘ does not add up[/]"
    err.print(f"{verdict}: tasks = agreed + for review + unannotated")
    if not summary.adds_up():
        raise typer.Exit(1)
