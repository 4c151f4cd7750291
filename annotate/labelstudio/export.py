"""Export human-corrected Label Studio annotations as gold records (JSONL) or a spaCy DocBin.

The project is read through a snapshot export, streamed task by task from a temporary file.
Every span is checked against the text: a span shifted by characters outside the Basic
Multilingual Plane (browser UTF-16 offsets) is repaired when the repair is unambiguous;
anything else that is wrong is reported as a Problem and counted, never dropped silently.
"""

from __future__ import annotations

import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.defaults import DEFAULT_EXPORT_N_PROCESS as DEFAULT_N_PROCESS
from ..core.errors import Problem
from ..core.json_array import json_array_objects
from ..core.jsonl import atomic_path
from ..core.records import Record
from ..core.tally import Tally
from . import client as ls
from .choices import Format, Policy
from .codec import Regions, regions_to_record, split_result
from .config import LabelingConfig
from .repair import has_astral, read_span
from .writers import WRITERS

WORKERS_FROM_TASKS = 5000  # below this, starting processes costs more than they save (measured)


@dataclass(frozen=True)
class ExportSummary:
    """What an export read and wrote; the last event of `export_project` before it commits."""

    tasks: int = 0
    annotated: int = 0
    unannotated: int = 0
    annotations: int = 0
    cancelled: int = 0
    superseded: int = 0
    exported: int = 0
    repaired: int = 0
    invalid: int = 0

    def adds_up(self) -> bool:
        return (
            self.tasks == self.annotated + self.unannotated
            and self.annotations == self.exported + self.cancelled + self.superseded
        )


@dataclass(frozen=True)
class TasksRead:
    """Progress: `tasks` of the snapshot's `total` tasks have been read."""

    tasks: int
    total: int


ExportEvent = TasksRead | Problem | ExportSummary
Report = Callable[[Problem], None]


def _count(tally: Tally, problem: Problem) -> Problem:
    if problem.skipped:
        tally.invalid += 1
    else:
        tally.repaired += 1  # kept, with its offsets or its tokens mended
    return problem


Region = tuple[int, int, str, str]


def _checked(
    regions: dict[str, Region], text: str, where: str, report: Report
) -> dict[str, Region]:
    good = {}
    astral = has_astral(text)
    for region_id, (start, end, label, span_text) in regions.items():
        reading = read_span(text, start, end, span_text, astral=astral)
        name = f"region {region_id} {label} {start}..{end} {span_text!r}"
        if reading.candidates:
            (a, b), (c, d) = reading.candidates
            reason = (
                f"{name} is ambiguous: as code points it is the text at {a}..{b}, as UTF-16 "
                f"offsets the same text at {c}..{d}; left out (fix it in Label Studio)"
            )
            report(Problem(where, "invalid", reason))
            continue
        if reading.offsets is None:
            reason = f"{name} does not match the text and cannot be repaired unambiguously"
            report(Problem(where, "invalid", reason))
            continue
        if reading.repaired:
            s, e = reading.offsets
            reason = f"repaired region {region_id} {label} {start}..{end} -> {s}..{e}"
            report(Problem(where, "repaired", reason, skipped=False))
        good[region_id] = (*reading.offsets, label, span_text)
    return good


def _without_overlaps(entities: dict[str, Region], where: str, report: Report) -> dict[str, Region]:
    kept: dict[str, Region] = {}
    last_end, last = -1, None
    for region_id, item in sorted(entities.items(), key=lambda kv: (kv[1][0], kv[1][1])):
        if item[0] < last_end:
            report(
                Problem(
                    where, "invalid", f"entity {region_id} {item[2]} {item[3]!r} overlaps {last}"
                )
            )
            continue
        kept[region_id], last_end, last = item, item[1], f"{region_id} {item[3]!r}"
    return kept


def annotation_to_record(
    task: Mapping[str, Any], annotation: Mapping[str, Any], config: LabelingConfig, report: Report
) -> Record:
    """The gold record of one annotation; whatever cannot be used is reported, not kept."""
    data = task.get("data", {})
    text = data.get("text", "")
    where = f"task {task.get('id')} annotation {annotation.get('id')}"
    regions = split_result(annotation.get("result", []), config)
    for unknown in regions.unknown:
        report(Problem(where, "invalid", f"unknown label or control in {unknown}"))
    entities = _without_overlaps(_checked(regions.entities, text, where, report), where, report)
    claims = _checked(regions.claims, text, where, report)
    predictions = {p.get("id"): p for p in task.get("predictions", []) if isinstance(p, Mapping)}
    parent = predictions.get(annotation.get("parent_prediction"), {})
    completed_by = annotation.get("completed_by")
    annotator = completed_by.get("email") if isinstance(completed_by, Mapping) else completed_by
    meta = {
        **dict(data.get("meta") or {}),
        "source": (data.get("meta") or {}).get("source", data.get("source_id", "")),
        "ls_task_id": task.get("id"),
        "ls_annotation_id": annotation.get("id"),
        "annotator": str(annotator) if annotator is not None else "",
        "created_at": annotation.get("created_at"),
        "updated_at": annotation.get("updated_at"),
        "lead_time": annotation.get("lead_time"),
        "model_version": parent.get("model_version"),
    }
    record, problems = regions_to_record(
        Regions(entities, claims, regions.relations, []),
        record_id=str(data.get("source_id") or task.get("id")),
        text=text,
        meta=meta,
    )
    for problem in problems:
        report(Problem(where, "invalid", problem))
    return record.with_(answer="accept")


def _gold(
    tasks: Iterable[Mapping[str, Any]],
    *,
    policy: Policy,
    config: LabelingConfig,
    tally: Tally,
    report: Report,
) -> Iterator[Record]:
    """Records of the usable annotations. A record's id is its task's source id, made unique
    where two tasks share one (each annotation of a task shares it under Policy.ALL)."""
    task_of_id: dict[str, Any] = {}
    for task in tasks:
        tally.tasks += 1
        annotations = list(task.get("annotations") or [])
        tally.annotations += len(annotations)
        if not annotations:
            tally.unannotated += 1
            continue
        tally.annotated += 1
        usable = [a for a in annotations if not a.get("was_cancelled")]
        tally.cancelled += len(annotations) - len(usable)
        if policy is Policy.LATEST and usable:
            newest = max(usable, key=lambda a: (a.get("updated_at") or "", a.get("id") or 0))
            tally.superseded += len(usable) - 1
            usable = [newest]
        for annotation in usable:
            tally.exported += 1
            record = annotation_to_record(task, annotation, config, report)
            owner = task_of_id.setdefault(record.id, task.get("id"))
            if owner != task.get("id"):
                unique = f"{record.id}-task{task.get('id')}"
                reason = f"id {record.id!r} is also task {owner}'s: this record's id is {unique!r}"
                report(Problem(f"task {task.get('id')}", "renamed", reason, skipped=False))
                record = record.with_(id=unique)
                task_of_id[unique] = task.get("id")
            yield record


def gold_records(
    tasks: Iterable[Mapping[str, Any]],
    *,
    policy: Policy = Policy.LATEST,
    config: LabelingConfig | None = None,
) -> Iterator[Record | Problem]:
    """Gold records from exported tasks, and a Problem for each item left out or repaired."""
    found: deque[Problem] = deque()
    records = _gold(
        tasks,
        policy=policy,
        config=config or LabelingConfig(),
        tally=Tally(ExportSummary),
        report=found.append,
    )
    for record in records:
        yield from _drain(found)
        yield record
    yield from _drain(found)


def _drain(queue: deque) -> Iterator[Any]:
    while queue:
        yield queue.popleft()


def export_project(
    client: Any,
    project: Any,
    output: Path,
    *,
    file_format: Format = Format.JSONL,
    policy: Policy = Policy.LATEST,
    keep_tokens: bool = False,
    n_process: int = DEFAULT_N_PROCESS,
    config: LabelingConfig | None = None,
) -> Iterator[ExportEvent]:
    """Snapshot `project` (as `client.find_project` returns it) and write its gold to `output`.

    Yields `TasksRead` progress and a `Problem` for every item repaired or left out while it
    writes, then the `ExportSummary`. The file is committed (atomically renamed into place)
    only when the stream is consumed to its end: a caller that stops after the summary (for
    example under --strict, seeing invalid items) leaves nothing written, as does any error.
    """
    tally, events = Tally(ExportSummary), deque()
    total = project.task_number or 0
    options = {"keep_tokens": keep_tokens, "where": str(output)}
    n_process = n_process if total >= WORKERS_FROM_TASKS else 1

    def tasks(snapshot: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for count, task in enumerate(snapshot, start=1):
            events.append(TasksRead(count, total))
            yield task

    def report(problem: Problem) -> None:
        events.append(_count(tally, problem))

    with ExitStack() as stack:
        # the writer starts its tokenizer(s) now, so that spaCy loads while the server builds
        write = WRITERS[Format(file_format)](stack, n_process=n_process, report=report, **options)
        tmp_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="annotate-export-"))
        snapshot = snapshot_tasks(client, project.id, Path(tmp_dir) / "snapshot.json")
        with atomic_path(output) as tmp:
            records = _gold(
                tasks(snapshot),
                policy=policy,
                config=config or LabelingConfig(),
                tally=tally,
                report=report,
            )
            for _ in write(records, tmp):
                yield from _drain(events)
            yield from _drain(events)
            yield tally.freeze()


def snapshot_tasks(client: Any, project_id: int, destination: Path) -> Iterator[dict[str, Any]]:
    """The project's tasks, from a snapshot export saved at `destination` and read one at a time.

    An annotation's model_version is that of its parent prediction. While all the project's
    predictions are of one model_version, the snapshot names them by id only, and each comes
    back as {"id", "model_version"}: whole predictions are much of a snapshot, and of the time
    the server takes to build it. If the versions changed while it was built (a push came in),
    it is built again with whole predictions.
    """
    versions = ls.model_versions(client, project_id)
    if len(versions) <= 1:
        path = ls.download_snapshot(client, project_id, destination, full_predictions=False)
        if ls.model_versions(client, project_id) == versions:
            return _with_version(json_array_objects(path), next(iter(versions), None))
    return json_array_objects(ls.download_snapshot(client, project_id, destination))


def _with_version(tasks: Iterator[dict[str, Any]], version: str | None) -> Iterator[dict[str, Any]]:
    for task in tasks:
        task["predictions"] = [
            p if isinstance(p, Mapping) else {"id": p, "model_version": version}
            for p in task.get("predictions") or []
        ]
        yield task
