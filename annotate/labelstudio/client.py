"""Every label-studio-sdk call the toolkit makes, with retries and errors that name no secret.

Connection errors, timeouts and 5xx answers are retried with exponential backoff; 401, 403,
404 and other 4xx answers stop at once with a message that says what to check.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from label_studio_sdk.base_client import LabelStudioBase as LabelStudio
from label_studio_sdk.core.api_error import ApiError

from ..core.errors import LabelStudioError, ServerError

T = TypeVar("T")
RETRIES = 5
BACKOFF_SECONDS = 0.5
DEFAULT_TIMEOUT = 600.0  # the SDK's 60 s is too short for large imports and exports
HINTS = {
    401: "the API key was refused: check LABEL_STUDIO_API_KEY (a personal access token or a legacy token)",
    403: "the API key's user may not do this",
    404: "not found: check LABEL_STUDIO_URL and the project",
}


@dataclass(frozen=True)
class Connection:
    url: str
    api_key: str

    def __repr__(self) -> str:
        return f"Connection(url={self.url!r}, api_key=***)"


def resolve_connection(*, url: str | None, api_key: str | None, data_dir: Path) -> Connection:
    """Flags, then LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY, then the local server's credentials.

    The local server's key is used only for the local server's own URL: a key is never sent
    to another server unless it was given for it.
    """
    url = url or os.environ.get("LABEL_STUDIO_URL")
    api_key = api_key or os.environ.get("LABEL_STUDIO_API_KEY")
    if url and api_key:
        return Connection(url.rstrip("/"), api_key)
    from .server import Credentials

    try:
        credentials = Credentials.read(data_dir)
    except ServerError as e:
        if url:
            raise LabelStudioError(_no_key_for(url)) from e
        raise LabelStudioError(
            "no Label Studio to talk to: set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY, "
            "or start the local one with `annotate server start`"
        ) from e
    if url and not _same_server(url, credentials.url):
        raise LabelStudioError(
            f"{_no_key_for(url)} (the local server's key, in {data_dir}, is only for "
            f"{credentials.url})"
        )
    return Connection((url or credentials.url).rstrip("/"), api_key or credentials.api_key)


def _no_key_for(url: str) -> str:
    return f"no API key for {url}: set LABEL_STUDIO_API_KEY (or --api-key) to a key of that server"


def _same_server(a: str, b: str) -> bool:
    def origin(url: str) -> tuple[str, str, int | None]:
        parts = urlsplit(url.strip().rstrip("/"))
        host = (parts.hostname or "").lower()
        host = "127.0.0.1" if host in ("localhost", "::1") else host
        default = {"http": 80, "https": 443}.get(parts.scheme)
        return parts.scheme, host, parts.port or default

    return origin(a) == origin(b)


def connect(connection: Connection, *, timeout: float = DEFAULT_TIMEOUT) -> LabelStudio:
    """A client; a personal access token (a JWT) is checked here, as the SDK reads it at once."""
    try:
        return LabelStudio(base_url=connection.url, api_key=connection.api_key, timeout=timeout)
    except ApiError as e:
        detail = e.body.get("detail") if isinstance(e.body, dict) else None
        raise LabelStudioError(
            f"the API key was refused ({detail or f'HTTP {e.status_code}'}): check "
            "LABEL_STUDIO_API_KEY (a personal access token or a legacy token)"
        ) from None
    except (httpx.TransportError, httpx.TimeoutException) as e:
        raise LabelStudioError(
            f"cannot reach Label Studio at {connection.url} ({type(e).__name__})"
        ) from None


def base_url(client: LabelStudio) -> str:
    return client._client_wrapper.get_base_url()


def call(what: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run one SDK call, retrying what may pass and explaining what will not."""
    for attempt in range(RETRIES):
        try:
            return fn(*args, **kwargs)
        except ApiError as e:
            status = e.status_code or 0
            if status < 500 or attempt == RETRIES - 1:
                detail = HINTS.get(status, str(e.body)[:500])
                raise LabelStudioError(f"{what}: HTTP {status}: {detail}") from None
        except (httpx.TransportError, httpx.TimeoutException) as e:
            if attempt == RETRIES - 1:
                raise LabelStudioError(
                    f"{what}: cannot reach Label Studio ({type(e).__name__})"
                ) from None
        time.sleep(BACKOFF_SECONDS * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _page(list_page: Callable[..., Any], page: int, **query: Any) -> list[Any]:
    try:
        return list(list_page(page=page, **query).items or [])
    except ApiError as e:
        if e.status_code == 404 and page > 1:  # Label Studio's answer past the last page
            return []
        raise


def _every_item(
    what: str, list_page: Callable[..., Any], *, page_size: int, **query: Any
) -> Iterator[Any]:
    """Every item of a paged list, one request (with retries) per page; a short page ends it."""
    for page in itertools.count(1):
        items = call(what, _page, list_page, page, page_size=page_size, **query)
        yield from items
        if len(items) < page_size:
            return


# Only what the toolkit reads: the full listing makes the server compute statistics per project.
PROJECT_FIELDS = "id,title,description,task_number,label_config,expert_instruction,model_version"


def projects_titled(client: LabelStudio, title: str) -> list[Any]:
    """Every project with exactly this title, oldest first."""
    projects = _every_item(
        "list projects", client.projects.list, page_size=100, title=title, include=PROJECT_FIELDS
    )
    return sorted((p for p in projects if p.title == title), key=lambda p: p.id)


def find_project(client: LabelStudio, title: str, *, project_id: int | None = None) -> Any | None:
    """The project with this title; with `project_id`, that one (its title must match).
    Two projects with the title and no id to choose between them is an error naming both."""
    found = projects_titled(client, title)
    if project_id is not None:
        chosen = next((p for p in found if p.id == project_id), None)
        if chosen is None:
            raise LabelStudioError(f"no project {project_id} titled {title!r}")
        return chosen
    if len(found) > 1:
        ids = ", ".join(str(p.id) for p in found)
        raise LabelStudioError(
            f"{len(found)} projects are titled {title!r} (ids {ids}): choose one with --project-id"
        )
    return found[0] if found else None


def delete_project(client: LabelStudio, project_id: int) -> None:
    call("delete project", client.projects.delete, id=project_id)


def create_project(
    client: LabelStudio, *, title: str, label_config: str, instructions: str, description: str = ""
) -> Any:
    return call(
        "create project",
        client.projects.create,
        title=title,
        description=description,
        label_config=label_config,
        expert_instruction=instructions,
        show_instruction=True,
        show_collab_predictions=True,
    )


def update_project(client: LabelStudio, project_id: int, **fields: Any) -> Any:
    return call("update project", client.projects.update, id=project_id, **fields)


def validate_config(client: LabelStudio, project_id: int, label_config: str) -> None:
    call(
        "validate labeling config",
        client.projects.validate_label_config,
        id=project_id,
        label_config=label_config,
    )


@dataclass(frozen=True)
class TaskInfo:
    id: int
    input_hash: int | None
    source_id: str | None
    model_versions: frozenset[str]


def tasks_in_project(
    client: LabelStudio, project_id: int, *, page_size: int = 1000
) -> Iterator[TaskInfo]:
    predictions: dict[int, set[str]] = {}
    for prediction in call("list predictions", client.predictions.list, project=project_id):
        predictions.setdefault(prediction.task, set()).add(prediction.model_version or "")
    tasks = _every_item(
        "list tasks", client.tasks.list, page_size=page_size, project=project_id, fields="task_only"
    )
    for task in tasks:
        data = task.data or {}
        yield TaskInfo(
            task.id,
            data.get("_input_hash"),
            data.get("source_id"),
            frozenset(predictions.get(task.id, ())),
        )


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


def _post_json(client: LabelStudio, path: str, body: bytes, *, params: dict[str, str]) -> Any:
    response = client._client_wrapper.httpx_client.request(
        path, method="POST", params=params, content=body,
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    if response.status_code >= 400:
        raise ApiError(
            status_code=response.status_code, headers=dict(response.headers), body=response.text
        )
    return response.json()


def import_predictions(
    client: LabelStudio, project_id: int, predictions: Sequence[dict[str, Any]]
) -> int:
    """One request: predictions (each with its `task` id) for tasks already in the project."""
    response = call(
        "import predictions",
        client.projects.import_predictions,
        id=project_id,
        request=list(predictions),
    )
    return int(getattr(response, "created", len(predictions)) or len(predictions))


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
