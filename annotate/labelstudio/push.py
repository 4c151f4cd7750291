"""Push prediction records into a Label Studio project: idempotent, batched, resumable.

A task is identified by its text's `_input_hash` (kept in the task's data with the source id).
Re-pushing the same file creates nothing; a new model_version for a known article is added to
its task; a push killed at any point and run again leaves one task per article with every
prediction, because the state is always read back from the server and duplicates that an
interrupted request may leave are reconciled at the end.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.defaults import DEFAULT_PUSH_BATCH_SIZE as DEFAULT_BATCH_SIZE
from ..core.errors import AnnotateError, Problem
from ..core.records import Record
from ..core.tally import Tally
from . import client as ls
from .batches import (
    Batch,
    check_record,
    peek_version,
    read_ahead,
    worker,
)
from .choices import Order
from .codec import (
    prediction_score,
    prediction_version,
    record_to_task,
)
from .config import LabelingConfig
from .projects import ensure_project

# The server's prediction import does work per request that grows with the project (it
# recounts every task's predictions), so predictions for existing tasks go in large requests.
PREDICTIONS_PER_REQUEST = 2000


@dataclass(frozen=True)
class PushSummary:
    """What a push did; the last event of `push`."""

    project_id: int = 0
    project_created: bool = False
    created: int = 0
    already_present: int = 0
    updated: int = 0
    failed: int = 0
    duplicates_removed: int = 0
    complete: bool = True  # False: yielded just before an error stopped the push


@dataclass(frozen=True)
class Pushed:
    """Progress: a batch of `records` records has been handled (sent, skipped or failed)."""

    records: int


PushEvent = Pushed | Problem | PushSummary


COUNTED = ("created", "already_present", "updated", "failed")  # while a push runs


def in_order(records: Iterable[Record], order: Order) -> Iterable[Record]:
    """The records in push order. Uncertain first holds them all to sort them (by prediction
    score, ties in file order): Label Studio shows tasks in the order they were created."""
    if order is Order.FILE:
        return records
    return sorted(records, key=prediction_score)


def _prepare(
    batch: Batch,
    *,
    known: dict,
    seen: set[int],
    config: LabelingConfig,
    tally: Tally,
    versions: list[str],
    tasks_with: Callable[[str], ls.VersionHolders],
) -> tuple[list[dict], list[bytes], list[Problem]]:
    """Checked tasks to create and predictions to add to existing tasks, for one batch."""
    new_tasks, new_predictions, problems = [], [], []
    for record, checked in batch:
        input_hash = record.input_hash
        if input_hash in seen:
            tally.already_present += 1
            continue
        seen.add(input_hash)
        info = known.get(input_hash)
        version = prediction_version(record)
        if info is not None and info.id in tasks_with(version):
            tally.already_present += 1
            continue
        prediction = checked if checked is not None else check_record(record, config)
        if isinstance(prediction, Problem):
            tally.failed += 1
            problems.append(prediction)
            continue
        if record.model_version and (not versions or versions[-1] != record.model_version):
            versions.append(record.model_version)
        if info is None:
            new_tasks.append(record_to_task(record, prediction))
        else:
            new_predictions.append(ls.encode({**prediction, "task": info.id}))
    return new_tasks, new_predictions, problems


def push(
    records: Iterable[Record],
    *,
    client: Any,
    title: str,
    batch_size: int = DEFAULT_BATCH_SIZE,
    config: LabelingConfig | None = None,
    journal_dir: Path | None = None,
    project_id: int | None = None,
) -> Iterator[PushEvent]:
    """Push `records`: yields `Pushed` after each batch, a `Problem` for each record that
    failed its check, and a `PushSummary` last.

    A marker in `journal_dir` says a push to this project is under way; finding one left by a
    killed push makes this one reconcile duplicates at the end (cheap pushes skip that scan).
    """
    config = config or LabelingConfig()
    records, first_version = peek_version(records)
    # Batches are read while the project is looked up and its tasks listed: that time is
    # otherwise spent waiting for the server before anything can be sent.
    with worker("annotate-read", drop_pending=True) as reader:
        batches = read_ahead(reader, records, batch_size, config)
        project, project_created = ensure_project(
            client, title=title, config=config, project_id=project_id, model_version=first_version
        )
        yield from _push_to(
            project,
            project_created=project_created,
            batches=batches,
            client=client,
            title=title,
            config=config,
            journal_dir=journal_dir,
        )


def _push_to(
    project: ls.Project,
    *,
    project_created: bool,
    batches: Iterable[Batch],
    client: Any,
    title: str,
    config: LabelingConfig,
    journal_dir: Path | None,
) -> Iterator[PushEvent]:
    marker = None
    interrupted = journal_dir is None  # without a journal, always check
    if journal_dir is not None:
        journal_dir.mkdir(parents=True, exist_ok=True)
        key = hashlib.blake2b(f"{ls.base_url(client)}|{project.id}".encode(), digest_size=8)
        marker = journal_dir / f"push-{key.hexdigest()}.pending"
        interrupted = marker.exists()
        marker.write_text(title)
    known: dict[Any, ls.TaskInfo] = {}
    listed = () if project_created else ls.tasks_in_project(client, project.id)
    for info in listed:
        if info.input_hash not in known or info.id < known[info.input_hash].id:
            known[info.input_hash] = info  # the oldest task of a text is the one kept
    seen: set[int] = set()
    versions: list[str] = []
    tally = Tally(PushSummary, COUNTED)

    @functools.cache  # asked once per version, after the listing (so it holds for its tasks)
    def tasks_with(version: str) -> ls.VersionHolders:
        return ls.tasks_with_model_version(client, project.id, version)

    waiting: list[bytes] = []  # encoded predictions for existing tasks, sent in few large requests

    def send(new_tasks: list[dict], new_predictions: list[bytes], *, last: bool = False) -> None:
        if new_tasks:
            tally.created += len(ls.import_tasks(client, project.id, new_tasks))
        waiting.extend(new_predictions)
        while waiting and (last or len(waiting) >= PREDICTIONS_PER_REQUEST):
            chunk = waiting[:PREDICTIONS_PER_REQUEST]
            ls.import_predictions(client, project.id, chunk)
            del waiting[: len(chunk)]
            tally.updated += len(chunk)

    def summary(removed: int = 0, *, complete: bool = True) -> PushSummary:
        return tally.freeze(
            project_id=project.id,
            project_created=project_created,
            duplicates_removed=removed,
            complete=complete,
        )

    # One request at a time, in order; the next batch is prepared while one is in flight.
    try:
        with worker("annotate-push") as sender:
            in_flight: tuple[Future, int] | None = None
            for batch in batches:
                *prepared, problems = _prepare(batch, known=known, seen=seen, config=config,
                                               tally=tally, versions=versions,
                                               tasks_with=tasks_with)  # fmt: skip
                yield from problems
                if in_flight is not None:
                    in_flight[0].result()
                    yield Pushed(in_flight[1])
                in_flight = (sender.submit(send, *prepared), len(batch))
            if in_flight is not None:
                in_flight[0].result()
                yield Pushed(in_flight[1])
            sender.submit(send, [], [], last=True).result()
    except AnnotateError:
        yield summary(complete=False)  # what earlier batches did; then the error
        raise
    latest_version = versions[-1] if versions else None
    removed = 0
    if interrupted and (tally.created or tally.updated):
        removed = reconcile(client, project.id)
    if marker is not None:
        marker.unlink(missing_ok=True)
    if latest_version and project.model_version != latest_version:
        # the editor pre-fills the predictions whose model_version is the project's
        ls.update_project(client, project.id, model_version=latest_version)
    yield summary(removed)


def reconcile(client: Any, project_id: int) -> int:
    """Remove unannotated duplicate tasks (same text) left by an interrupted import request,
    keeping the oldest, which `push` has already given every prediction."""
    by_hash: dict[Any, list[ls.TaskInfo]] = {}
    for info in ls.tasks_in_project(client, project_id):
        by_hash.setdefault(info.input_hash, []).append(info)
    removed = 0
    for infos in by_hash.values():
        if len(infos) < 2:
            continue
        _keep, *extra = sorted(infos, key=lambda info: info.id)
        annotated = ls.annotated_task_ids(client, project_id, [info.id for info in extra])
        for info in extra:
            if info.id in annotated:
                continue
            removed += ls.delete_task(client, info.id)
    return removed
