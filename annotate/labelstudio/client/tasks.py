"""Tasks, predictions, annotations and snapshot exports."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from label_studio_sdk.base_client import LabelStudioBase as LabelStudio

from ...core.errors import LabelStudioError
from .base import _get_json, _post_json, call, raw_pages


@dataclass(frozen=True, slots=True)  # one per task of a project: kept small
class TaskInfo:
    id: int
    input_hash: int | None
    source_id: str | None


# How the Data Manager's task list is asked for: no annotations or predictions in the answer,
# their data as stored (the server's resolving of storage links in it took a quarter of the
# listing's time, and push reads only the ids it keeps there).
TASK_LISTING = {"fields": "task_only", "resolve_uri": "false"}


def tasks_in_project(
    client: LabelStudio, project_id: int, *, page_size: int = 500
) -> Iterator[TaskInfo]:
    """Every task's id and the ids push keeps in its data, one request per page, read as plain
    JSON (the SDK's models cost more than the request). Pages of 500: 1,000 took no less time
    and left the process larger after each page (measured)."""
    pages = raw_pages("list tasks", client, "api/tasks/", page_size=page_size,
                      project=project_id, include="id,data", **TASK_LISTING)  # fmt: skip
    for tasks in pages:
        for task in tasks:
            data = task.get("data") or {}
            yield TaskInfo(task["id"], data.get("_input_hash"), data.get("source_id"))


def model_versions(client: LabelStudio, project_id: int) -> dict[str, int]:
    """Every model_version of the project's predictions, with its count (one cheap request)."""
    answer = call(
        "list model versions", _get_json, client, f"api/projects/{project_id}/model-versions/", {}
    )
    return {str(k): int(v) for k, v in (answer or {}).items()}


@dataclass(frozen=True)
class VersionHolders:
    """The tasks that have a prediction of one model_version: those in `ids`, or, where
    `all_but`, every task of the project but those."""

    ids: frozenset[int]
    all_but: bool = False

    def __contains__(self, task_id: object) -> bool:
        return (task_id in self.ids) != self.all_but


def tasks_with_model_version(
    client: LabelStudio, project_id: int, version: str, *, page_size: int = 1000
) -> VersionHolders:
    """Which tasks have a prediction of exactly `version`. It holds for the tasks that were in
    the project when it was asked (ask after listing them).

    Where no prediction has it, nothing is asked beyond the project's versions. Otherwise the
    Data Manager lists the tasks *without* it, by id only: none, when a re-push has nothing to
    do, so the answer is one short page (a listing of the tasks that have it, or of every
    task's versions, costs as much as listing the project). Its filter matches a substring,
    without case on SQLite: where another of the project's versions matches this one so, the
    predictions themselves are read to tell them apart.
    """
    present = model_versions(client, project_id)
    if not present.get(version):
        return VersionHolders(frozenset())
    folded = version.casefold()
    if any(folded in other.casefold() for other in present if other != version):
        return VersionHolders(frozenset(
            p.task
            for p in call("list predictions", client.predictions.list, project=project_id)
            if p.model_version == version
        ))  # fmt: skip
    query = {"filters": {"conjunction": "and", "items": [{
        "filter": "filter:tasks:predictions_model_versions", "operator": "not_contains",
        "type": "List", "value": [version]}]}}  # fmt: skip
    pages = raw_pages("list tasks", client, "api/tasks/", page_size=page_size,
                      project=project_id, include="id", query=json.dumps(query),
                      **TASK_LISTING)  # fmt: skip
    return VersionHolders(frozenset(t["id"] for tasks in pages for t in tasks), all_but=True)


def import_tasks(
    client: LabelStudio, project_id: int, tasks: Sequence[dict[str, Any]]
) -> list[int]:
    """One request: tasks with their predictions. Returns the new task ids.

    The body is serialised here, in C, and sent through the SDK's own HTTP client (its base URL,
    key and timeout): `client.projects.import_tasks` first walks every value of the payload in
    Python (`jsonable_encoder`, about 0.1 s per 500 tasks), which holds up every request.
    """
    body = json.dumps(list(tasks), ensure_ascii=False).encode("utf-8")
    answer = call(
        "import tasks", _post_json, client, f"api/projects/{project_id}/import", body,
        params={"return_task_ids": "true"},
    )  # fmt: skip
    return list(answer.get("task_ids") or [])


def encode(item: dict[str, Any]) -> bytes:
    """An item of an import request as UTF-8 JSON, ready to send (a third of the memory of the
    dict it encodes, and joined into a request without another copy as text)."""
    return json.dumps(item, ensure_ascii=False).encode("utf-8")


def import_predictions(client: LabelStudio, project_id: int, predictions: Sequence[bytes]) -> int:
    """One request: predictions (each `encode`d, with its `task` id) for tasks already in the
    project. Sent as it is: the SDK's call walks and copies the payload first."""
    body = b"[" + b",".join(predictions) + b"]"
    answer = call("import predictions", _post_json, client,
                  f"api/projects/{project_id}/import/predictions", body, params={})  # fmt: skip
    created = answer.get("created") if isinstance(answer, dict) else None
    return int(created if isinstance(created, int) else len(predictions))


def create_annotation(
    client: LabelStudio, task_id: int, result: list[dict[str, Any]], **fields: Any
) -> Any:
    return call("create annotation", client.annotations.create, id=task_id, result=result, **fields)


def task_count(client: LabelStudio, project_id: int) -> int:
    return int(call("get project", client.projects.get, id=project_id).task_number or 0)


def download_snapshot(
    client: LabelStudio,
    project_id: int,
    destination: Path,
    *,
    full_predictions: bool = True,
    poll_seconds: float = 1.0,
) -> Path:
    """A JSON snapshot export of the project, its annotators as users (with their email). Its
    predictions are given whole, or as their ids only (the server builds that ~20% faster)."""
    export = call(
        "create export",
        client.projects.exports.create,
        id=project_id,
        title="annotate export",
        serialization_options={
            "predictions": {"only_id": not full_predictions},
            "annotations__completed_by": {"only_id": False},
        },
    )
    while (status := getattr(export, "status", "completed")) not in ("completed", "failed"):
        time.sleep(poll_seconds)
        export = call(
            "export status", client.projects.exports.get, id=project_id, export_pk=export.id
        )
    if status == "failed":
        raise LabelStudioError(
            f"Label Studio could not build export {export.id} of project {project_id}"
        )
    chunks = call(
        "download export",
        client.projects.exports.download,
        id=project_id,
        export_pk=export.id,
        export_type="JSON",
    )
    with destination.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    return destination


def delete_task(client: LabelStudio, task_id: int) -> bool:
    """Delete a task; False when it is already gone (another push removed it first)."""
    try:
        call("delete task", client.tasks.delete, id=task_id)
    except LabelStudioError as e:
        if e.status == HTTPStatus.NOT_FOUND:
            return False
        raise
    return True


def annotated_task_ids(client: LabelStudio, project_id: int, task_ids: Sequence[int]) -> set[int]:
    """Which of these tasks carry an annotation (never delete those)."""
    found = set()
    for task_id in task_ids:
        try:
            task = call("get task", client.tasks.get, id=task_id)
        except LabelStudioError as e:
            if e.status == HTTPStatus.NOT_FOUND:  # another push removed it first
                continue
            raise
        if getattr(task, "total_annotations", 0) or getattr(task, "annotations", None):
            found.add(task_id)
    return found
