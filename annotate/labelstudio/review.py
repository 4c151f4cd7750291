"""Several annotators into one gold: agreed tasks straight to gold, disputed ones to a review
project in Label Studio (each annotator's version a prediction named after them), and the
reviewer's annotations collected back.

A review task carries the source task's id and a key of the versions it shows, so a re-run
sends a task again only when its annotations changed since it was sent.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.consensus import Consensus, changed_by_review
from ..core.defaults import PROJECT_TITLE_MAX_LENGTH
from ..core.errors import LabelStudioError, Problem
from ..core.records import Record
from ..core.tally import Tally
from . import client as ls
from .codec import record_to_result, record_to_task
from .config import LabelingConfig
from .export import annotation_to_record, snapshot_tasks

REVIEW_OF, REVIEW_KEY = "review_of", "review_key"  # in a review task's data


REVIEW_SUFFIX = " — review"


def review_title(project_title: str) -> str:
    """ "<project> — review", the project's title shortened to fit Label Studio's limit."""
    return f"{project_title[: PROJECT_TITLE_MAX_LENGTH - len(REVIEW_SUFFIX)]}{REVIEW_SUFFIX}"


@dataclass(frozen=True)
class TaskVersions:
    task_id: int
    versions: Mapping[str, Record]  # annotator -> their latest usable annotation's record
    key: str  # which annotations these are, and when they were last changed

    @property
    def first(self) -> Record:
        """One version (the first annotator's): the task's id, text and meta."""
        return next(iter(self.versions.values()))


@dataclass(frozen=True)
class SentForReview:
    task_id: int
    record_id: str
    reasons: tuple[str, ...]
    already: bool  # sent by an earlier run, with the same versions


@dataclass(frozen=True)
class ReviewSummary:
    tasks: int = 0
    unannotated: int = 0
    agreed: int = 0
    for_review: int = 0  # disputed: sent now, sent before, or reviewed
    sent: int = 0
    reviewed: int = 0
    awaiting: int = 0
    annotations: int = 0
    cancelled: int = 0
    superseded: int = 0  # an annotator's older annotations of a task
    items_changed: int = 0
    items_reviewed: int = 0
    review_project_id: int = 0

    def adds_up(self) -> bool:
        return self.tasks == self.agreed + self.for_review + self.unannotated


@dataclass(frozen=True)
class ReviewResult:
    """Records to write (agreed, and reviewed when collecting) with the versions compared."""

    gold: list[Record] = field(default_factory=list)
    versions: list[Record] = field(default_factory=list)


def _latest_by_annotator(annotations: list[Mapping[str, Any]]) -> dict[Any, Mapping[str, Any]]:
    latest: dict[Any, Mapping[str, Any]] = {}
    for a in annotations:
        who = a.get("completed_by")
        who = who.get("email") if isinstance(who, Mapping) else who
        if who not in latest or _when(a) > _when(latest[who]):
            latest[who] = a
    return latest


def _when(annotation: Mapping[str, Any]) -> tuple[str, int]:
    return str(annotation.get("updated_at") or ""), int(annotation.get("id") or 0)


def task_versions(
    tasks: Iterator[Mapping[str, Any]], *, tally: Tally, report: Any, config: LabelingConfig
) -> Iterator[TaskVersions]:
    for task in tasks:
        tally.tasks += 1
        annotations = list(task.get("annotations") or [])
        tally.annotations += len(annotations)
        usable = [a for a in annotations if not a.get("was_cancelled")]
        tally.cancelled += len(annotations) - len(usable)
        latest = _latest_by_annotator(usable)
        tally.superseded += len(usable) - len(latest)
        if not latest:
            tally.unannotated += 1
            continue
        versions = {
            str(who): annotation_to_record(task, a, config, report) for who, a in latest.items()
        }
        digest = hashlib.blake2b(digest_size=8)
        for who, a in sorted(latest.items(), key=lambda kv: str(kv[0])):
            digest.update(f"{who}\t{a.get('id')}\t{a.get('updated_at')}\n".encode())
        yield TaskVersions(int(task["id"]), dict(sorted(versions.items())), digest.hexdigest())


def _snapshot(client: Any, project_id: int, directory: str, name: str) -> Iterator[dict]:
    return snapshot_tasks(client, project_id, Path(directory) / name)


def _review_project(client: Any, source: Any, title: str, *, create: bool) -> Any | None:
    found = ls.find_project(client, title)
    if found is not None or not create:
        return found
    if len(title) > PROJECT_TITLE_MAX_LENGTH:
        raise LabelStudioError(
            f"review project title {title!r} is longer than Label Studio's "
            f"{PROJECT_TITLE_MAX_LENGTH} characters: give a shorter --review-project"
        )
    return ls.create_project(
        client,
        title=title,
        label_config=source.label_config,
        instructions=source.expert_instruction or "",
        description=f"Review of project {source.id} ({source.title}): annotate review",
    )


def _review_tasks(client: Any, project: Any | None, directory: str) -> dict[tuple[int, str], Any]:
    """(source task, key) -> the newest review task showing those versions."""
    if project is None or not project.task_number:
        return {}
    found: dict[tuple[int, str], Any] = {}
    for task in _snapshot(client, project.id, directory, "review.json"):
        data = task.get("data") or {}
        if REVIEW_OF in data:
            found[(int(data[REVIEW_OF]), str(data.get(REVIEW_KEY)))] = task
    return found


def _review_task(item: TaskVersions, reasons: list[str]) -> dict[str, Any]:
    base = item.first
    task = record_to_task(base.with_(model_version=None, meta=_gold_meta(base.meta)))
    task["data"].update({REVIEW_OF: item.task_id, REVIEW_KEY: item.key, "disputes": reasons})
    task["predictions"] = [
        {"model_version": who, "score": 1.0, "result": record_to_result(record)}
        for who, record in item.versions.items()
    ]
    return task


def merge_annotators(
    client: Any,
    source: Any,
    *,
    min_agree: int | None = None,
    title: str | None = None,
    collect: bool = False,
    config: LabelingConfig | None = None,
) -> Iterator[Problem | SentForReview | ReviewResult | ReviewSummary]:
    """Compare every annotated task's versions; send the disputed ones for review (or, with
    `collect`, take their reviewers' annotations); end with the records and a summary."""
    config = config or LabelingConfig()
    tally, problems = Tally(ReviewSummary), []
    result = ReviewResult()
    with tempfile.TemporaryDirectory(prefix="annotate-review-") as directory:
        tasks = _snapshot(client, source.id, directory, "source.json")
        compared = list(task_versions(tasks, tally=tally, report=problems.append, config=config))
        yield from problems
        shown = len(problems)
        reviews = _review_project(client, source, title or review_title(source.title),
                                  create=not collect)  # fmt: skip
        tally.review_project_id = reviews.id if reviews is not None else 0
        existing = _review_tasks(client, reviews, directory)
        to_send = []
        for item in compared:
            consensus = Consensus(item.versions, min_agree or len(item.versions))
            reasons, agreed = consensus.disputes(), consensus.agreed()
            result.versions.extend(item.versions.values())
            meta = {**dict(item.first.meta), "ls_task_id": item.task_id,
                    "agreement": round(consensus.agreement(), 4)}  # fmt: skip
            if not reasons and agreed is not None:
                tally.agreed += 1
                meta.update(annotators_agreed=sorted(item.versions), reviewer=None)
                result.gold.append(agreed.with_(meta=_gold_meta(meta)))
                continue
            tally.for_review += 1
            sent = existing.get((item.task_id, item.key))
            if collect:
                reviewed = _collected(item, sent, meta, tally, config, problems.append)
                if reviewed is not None:
                    result.gold.append(reviewed)
                continue
            yield SentForReview(item.task_id, item.first.id, tuple(reasons), sent is not None)
            if sent is None:
                to_send.append(_review_task(item, reasons))
            else:
                tally.awaiting += 1
        yield from problems[shown:]
        if to_send:
            if reviews is None:
                raise LabelStudioError("no review project to send tasks to")
            ls.import_tasks(client, reviews.id, to_send)
            tally.sent += len(to_send)
    yield result
    yield tally.freeze()


def _collected(
    item: TaskVersions,
    sent: Mapping[str, Any] | None,
    meta: dict[str, Any],
    tally: Tally,
    config: LabelingConfig,
    report: Any,
) -> Record | None:
    """The gold record a reviewer made of a disputed task (None while none has)."""
    reviewed = _reviewer_record(sent, config, report) if sent else None
    if reviewed is None:
        tally.awaiting += 1
        return None
    reviewer, record = reviewed
    tally.reviewed += 1
    changed, total = changed_by_review(record, list(item.versions.values()))
    tally.items_changed += changed
    tally.items_reviewed += total
    meta = {**meta, "annotators_agreed": [], "annotators": sorted(item.versions),
            "reviewer": reviewer, "review_task_id": sent.get("id")}  # fmt: skip
    return record.with_(id=item.first.id, meta=_gold_meta(meta))


def _gold_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    drop = {"annotator", "ls_annotation_id", "created_at", "updated_at", "lead_time"}
    return {k: v for k, v in meta.items() if k not in drop}


def _reviewer_record(
    task: Mapping[str, Any], config: LabelingConfig, report: Any
) -> tuple[str, Record] | None:
    """The reviewer and the record of their newest usable annotation of a review task."""
    usable = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not usable:
        return None
    newest = max(usable, key=_when)
    record = annotation_to_record(task, newest, config, report)
    return str(record.meta.get("annotator", "")), record
