"""Tasks, predictions, annotations and snapshot exports."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from label_studio_sdk.base_client import LabelStudioBase as LabelStudio

from ...core.errors import LabelStudioError
from .base import _get_json, _post_json, call, raw_pages

VERSIONS_COLUMN = "predictions_model_versions"
COLUMN_CHARS = 500  # the Data Manager cuts a column's text at this length


@dataclass(frozen=True, slots=True)  # one per task of a project: kept small
class TaskInfo:
    id: int
    input_hash: int | None
    source_id: str | None
    # the model_versions of the task's predictions; None where the listing could not tell
    model_versions: frozenset[str] | None = None


def tasks_in_project(
    client: LabelStudio, project_id: int, *, page_size: int = 500, with_versions: bool = False
) -> Iterator[TaskInfo]:
    """Every task's id and the ids push keeps in its data, one request per page, read as plain
    JSON (the SDK's models cost more than the request).

    `with_versions` asks the same pages for the Data Manager's model-versions column (every
    other column hidden, so nothing else is computed). That column is text, cut at 500
    characters and joined by commas: a task whose text may be cut, or a project whose versions
    hold a comma or a quote, gets `model_versions=None`, and the caller asks exactly
    (`tasks_with_model_version`). If the column's versions disagree with the project's own
    list, none is trusted.
    """
    include, query, known = "id,data", None, None
    if with_versions:
        known = {v for v, count in model_versions(client, project_id).items() if count}
        hidden = _other_columns(client, project_id, VERSIONS_COLUMN)
        if (
            hidden is not None
            and not any(c in v for v in known for c in ',"')
            and all(v == v.strip() for v in known)
        ):
            include += f",{VERSIONS_COLUMN}"
            query = json.dumps({"hiddenColumns": {"explore": hidden, "labeling": hidden}})
    pages = raw_pages("list tasks", client, "api/tasks/", page_size=page_size,
                      project=project_id, fields="task_only", include=include,
                      **({"query": query} if query else {}))  # fmt: skip
    shared: dict[str, frozenset[str]] = {}  # most tasks have the same versions: one set for them
    infos = (_task_info(task, trusted=query is not None, shared=shared)
             for tasks in pages for task in tasks)  # fmt: skip
    if query is None:
        yield from infos
        return
    infos = list(infos)  # ids and hashes only: small, and checked before any is used
    listed = {v for info in infos for v in info.model_versions or ()}
    if listed != known:
        infos = [TaskInfo(i.id, i.input_hash, i.source_id) for i in infos]
    yield from infos


def _task_info(task: dict[str, Any], *, trusted: bool, shared: dict[str, frozenset]) -> TaskInfo:
    data = task.get("data") or {}
    versions = None
    text = task.get(VERSIONS_COLUMN)
    if trusted and isinstance(text, str) and len(text) < COLUMN_CHARS:
        if text not in shared:
            shared[text] = frozenset(v.strip() for v in text.split(",") if v.strip())
        versions = shared[text]
    return TaskInfo(task["id"], data.get("_input_hash"), data.get("source_id"), versions)


def _other_columns(client: LabelStudio, project_id: int, keep: str) -> list[str] | None:
    """The Data Manager's task columns other than `keep` (None if it has no such column)."""
    answer = call("list columns", _get_json, client, "api/dm/columns/", {"project": project_id})
    ids = [c.get("id") for c in answer.get("columns", []) if c.get("target") == "tasks"]
    if keep not in ids:
        return None
    return [f"tasks:{i}" for i in ids if i and i != keep]


def model_versions(client: LabelStudio, project_id: int) -> dict[str, int]:
    """Every model_version of the project's predictions, with its count (one cheap request)."""
    answer = call(
        "list model versions", _get_json, client, f"api/projects/{project_id}/model-versions/", {}
    )
    return {str(k): int(v) for k, v in (answer or {}).items()}


def tasks_with_model_version(
    client: LabelStudio, project_id: int, version: str, *, page_size: int = 1000
) -> set[int]:
    """Ids of the tasks that have a prediction of exactly `version`.

    The Data Manager's filter matches a substring; where another of the project's versions
    contains this one, the predictions themselves are read to tell them apart.
    """
    present = model_versions(client, project_id)
    if version not in present:
        return set()
    if any(version in other for other in present if other != version):
        return {
            p.task
            for p in call("list predictions", client.predictions.list, project=project_id)
            if p.model_version == version
        }
    query = {"filters": {"conjunction": "and", "items": [{
        "filter": "filter:tasks:predictions_model_versions", "operator": "contains",
        "type": "List", "value": [version]}]}}  # fmt: skip
    pages = raw_pages("list tasks", client, "api/tasks/", page_size=page_size,
                      project=project_id, fields="task_only", include="id",
                      query=json.dumps(query))  # fmt: skip
    return {task["id"] for tasks in pages for task in tasks}


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


def encode(item: dict[str, Any]) -> str:
    """An item of an import request as JSON, ready to send (a string holds a third of the
    memory of the dict it encodes)."""
    return json.dumps(item, ensure_ascii=False)


def import_predictions(client: LabelStudio, project_id: int, predictions: Sequence[str]) -> int:
    """One request: predictions (each `encode`d, with its `task` id) for tasks already in the
    project. Sent as it is: the SDK's call walks and copies the payload first."""
    body = ("[" + ",".join(predictions) + "]").encode("utf-8")
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
    client: LabelStudio, project_id: int, destination: Path, *, poll_seconds: float = 1.0
) -> Path:
    """A JSON snapshot with full predictions (the direct export has prediction ids only)."""
    export = call(
        "create export",
        client.projects.exports.create,
        id=project_id,
        title="annotate export",
        serialization_options={
            "predictions": {"only_id": False},
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
        if "HTTP 404" in str(e):
            return False
        raise
    return True


def annotated_task_ids(client: LabelStudio, project_id: int, task_ids: Sequence[int]) -> set[int]:
    """Which of these tasks carry an annotation (never delete those)."""
    found = set()
    for task_id in task_ids:
        task = call("get task", client.tasks.get, id=task_id)
        if getattr(task, "total_annotations", 0) or getattr(task, "annotations", None):
            found.add(task_id)
    return found
