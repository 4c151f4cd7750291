"""Pre-annotation on Ray Data (`annotate preannotate --engine ray`).

The driver reads the sources once with the corpus loader (its cleaning, de-duplication, ids
and problems are the local engine's) and keeps only where each article is: an `ArticleRef`.
It cuts the refs into shards and gives Ray Data the refs of the shards not already written.
`map_batches` runs a pool of actors, each loading the pipeline once in its constructor; an
actor reads its articles again from their refs, pre-annotates and validates them, and returns
finished JSON lines. The driver receives them as they finish and writes each shard under a temporary
name, renames it and only then lists it in the manifest: a killed run loses at most the shards
it was writing, and the same command resumes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core import defaults
from ..core.corpus import ArticleRef, load_article, locate_articles
from ..core.errors import InputError, PipelineError, Problem
from ..core.records import StanceLabel
from ..core.shards import Manifest, ShardEntry, read_manifest, shard_name, write_manifest
from .ray_sink import Progressed, ShardDone, ShardSink

NO_LINE = -1  # a .txt article's `line` in Ray's columns, which have no None
EMPTY_COUNTS = {"entities": 0, "supports": 0, "rejects": 0, "words": 0}


@dataclass(frozen=True)
class ShardPlan:
    name: str
    refs: tuple[ArticleRef, ...]
    digest: str


@dataclass(frozen=True)
class Planned:
    """The plan, before any Ray work: a caller may stop here (under --strict, say)."""

    shards: int
    pending: int
    articles: int
    pending_articles: int


@dataclass(frozen=True)
class RaySummary:
    shards: int
    written: int
    kept: int
    articles: int
    records: int
    entities: int
    claims: dict[str, int]
    words: int
    actors: int


RayEvent = Problem | Planned | Progressed | ShardDone | RaySummary


def plan_shards(
    sources: Iterable[str | Path], *, shard_size: int, max_bytes: int, nlp: Any
) -> Iterator[ShardPlan | Problem]:
    """The corpus loader's Problems (and one per article too long for `nlp`), and its articles
    cut into shards of `shard_size`; each shard's digest covers its articles' ids, places and
    texts, so a changed input is seen."""
    from .preannotate import length_problem

    refs: list[ArticleRef] = []
    digest = hashlib.blake2b(digest_size=12)
    index = 0
    for ref, event in locate_articles(sources, max_bytes=max_bytes):
        if ref is None or (too_long := length_problem(event, nlp)) is not None:
            yield event if ref is None else too_long
            continue
        refs.append(ref)
        digest.update(f"{ref.id}\t{ref.path}\t{ref.line}\t{event.input_hash}\n".encode())
        if len(refs) == shard_size:
            yield ShardPlan(shard_name(index), tuple(refs), digest.hexdigest())
            refs, digest, index = [], hashlib.blake2b(digest_size=12), index + 1
    if refs:
        yield ShardPlan(shard_name(index), tuple(refs), digest.hexdigest())


def kept_shards(directory: Path, plans: list[ShardPlan], version: str) -> tuple[ShardEntry, ...]:
    """The shards of an earlier run into `directory` that this run need not write again: same
    name, same input digest, same model version, file present."""
    manifest = read_manifest(directory) if directory.is_dir() else None
    if manifest is None or manifest.model_version != version:
        return ()
    digests = {plan.name: plan.digest for plan in plans}
    return tuple(
        entry
        for entry in manifest.shards
        if digests.get(entry.name) == entry.digest and (directory / entry.name).is_file()
    )


def preannotate_ray(
    sources: Iterable[str | Path],
    *,
    output_dir: Path,
    model: str = defaults.DEFAULT_MODEL,
    address: str | None = None,
    actors: int | None = None,
    batch_size: int = defaults.DEFAULT_PREANNOTATE_BATCH_SIZE,
    shard_size: int = defaults.DEFAULT_SHARD_SIZE,
    max_bytes: int = defaults.DEFAULT_MAX_BYTES,
    with_tokens: bool = False,
) -> Iterator[RayEvent]:
    """Pre-annotate `sources` into shards in `output_dir` with a manifest; yields the loader's
    Problems, the plan, progress, each shard written, and a summary."""
    from .preannotate import build_pipeline, model_version

    if output_dir.exists() and not output_dir.is_dir():
        raise InputError(f"{output_dir} is a file: --engine ray writes a directory of shards")
    try:
        nlp = build_pipeline(model)  # for its version and max_length; the actors run it
    except OSError as e:
        raise PipelineError(f"cannot load spaCy model {model!r}: {e}") from e
    version = model_version(nlp)
    plans: list[ShardPlan] = []
    for item in plan_shards(sources, shard_size=shard_size, max_bytes=max_bytes, nlp=nlp):
        if isinstance(item, Problem):
            yield item
        else:
            plans.append(item)
    del nlp
    kept = kept_shards(output_dir, plans, version)
    kept_names = {entry.name for entry in kept}
    pending = [plan for plan in plans if plan.name not in kept_names]
    yield Planned(
        shards=len(plans),
        pending=len(pending),
        articles=sum(len(p.refs) for p in plans),
        pending_articles=sum(len(p.refs) for p in pending),
    )
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create {output_dir}: {e.strerror or e}") from e
    manifest = Manifest(version, len(plans), kept)
    write_manifest(output_dir, manifest)
    for stale in output_dir.glob("shard-*.jsonl"):
        if stale.name not in kept_names:
            stale.unlink()  # an earlier run's shard of another input or model
    sink = ShardSink(output_dir, manifest, {plan.name: plan for plan in pending})
    used_actors = 0
    if pending:
        from .ray_run import run_actors

        rows = ({**_ref_row(ref), "shard": plan.name} for plan in pending for ref in plan.refs)
        batches, used_actors = run_actors(
            rows,
            model=model,
            address=address,
            actors=actors,
            batch_size=batch_size,
            with_tokens=with_tokens,
        )
        try:
            for batch in batches:
                yield from sink.take(batch)
        finally:
            sink.abandon()  # after an error or interruption; a no-op once all are written
    yield RaySummary(
        shards=len(plans),
        written=len(pending),
        kept=len(kept),
        articles=sum(len(p.refs) for p in plans),
        records=sum(entry.records for entry in sink.manifest.shards),
        entities=sink.entities,
        claims=dict(sink.claims),
        words=sink.words,
        actors=used_actors,
    )


def _ref_row(ref: ArticleRef) -> dict[str, Any]:
    line = NO_LINE if ref.line is None else ref.line
    return {"path": ref.path, "id": ref.id, "line": line, "offset": ref.offset}


def ref_from_row(row: dict[str, Any]) -> ArticleRef:
    line = int(row["line"])
    return ArticleRef(
        str(row["path"]), str(row["id"]), None if line == NO_LINE else line, int(row["offset"])
    )


def annotate_refs(
    refs: list[ArticleRef], *, nlp: Any, batch_size: int, with_tokens: bool
) -> Iterator[dict[str, Any]]:
    """One output row per ref, in order: the record's validated JSON line and its counts, or
    the Problem that kept it out (read again and changed, or too long)."""
    import srsly

    from ..core.schema import Kind, validate
    from .preannotate import length_problem, preannotate

    outcomes: list[Problem | None] = []
    articles = []
    for ref in refs:
        try:
            article = load_article(ref)
        except InputError as e:
            outcomes.append(Problem(ref.path, "changed", str(e), ref.line))
            continue
        problem = length_problem(article, nlp)
        outcomes.append(problem)
        if problem is None:
            articles.append(article)
    records = iter(preannotate(articles, nlp=nlp, batch_size=batch_size, with_tokens=with_tokens))
    for ref, problem in zip(refs, outcomes, strict=True):
        if problem is not None:
            yield {**EMPTY_COUNTS, "line": "", "problem": srsly.json_dumps(asdict(problem))}
            continue
        record = next(records)
        obj = record.to_dict()
        validate(obj, Kind.PREDICTION, where=f"{ref.path} ({ref.id})")
        labels = [claim.label for claim in record.stances]
        yield {
            "line": srsly.json_dumps(obj),
            "problem": "",
            "entities": len(record.spans),
            "supports": labels.count(StanceLabel.SUPPORTS),
            "rejects": labels.count(StanceLabel.REJECTS),
            "words": len(record.text.split()),
        }
