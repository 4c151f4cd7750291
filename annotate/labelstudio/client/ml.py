"""ML backends: connect one to a project, and ask Label Studio to run it over tasks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from label_studio_sdk.base_client import LabelStudioBase as LabelStudio

from ...core.errors import LabelStudioError
from .base import call

BLOCKED_HINT = (
    "Label Studio refuses ML backends on loopback and private addresses unless its "
    "ML_BLOCK_LOCAL_IP setting is false (and its webhooks unless SSRF_PROTECTION_ENABLED is "
    "false); `annotate server start` sets both for the embedded server"
)


def ml_backends(client: LabelStudio, project_id: int) -> list[Any]:
    return list(call("list ML backends", client.ml.list, project=project_id))


def connect_backend(client: LabelStudio, project_id: int, url: str, *, title: str) -> Any:
    """The project's backend at `url`, connected now unless it already was. A refusal, or a
    connection without the training webhook, is an error naming the setting to change."""
    found = next((b for b in ml_backends(client, project_id) if b.url.rstrip("/") == url), None)
    if found is None:
        try:
            found = call("connect ML backend", client.ml.create, project=project_id, url=url,
                         title=title, is_interactive=False)  # fmt: skip
        except LabelStudioError as e:
            raise LabelStudioError(f"{e}. {BLOCKED_HINT}") from e
    hooks = call("list webhooks", client.webhooks.list, project=str(project_id))
    if not any(str(h.url).rstrip("/") == f"{url}/webhook" for h in hooks):
        raise LabelStudioError(
            f"the backend is connected but Label Studio made no webhook to {url}/webhook, so "
            f"annotations would never reach it. {BLOCKED_HINT}"
        )
    return found


def retrieve_predictions(client: LabelStudio, project_id: int, task_ids: Sequence[int]) -> None:
    """The Data Manager action "Retrieve predictions": the backend predicts these tasks."""
    call("retrieve predictions", client.actions.create, id="retrieve_tasks_predictions",
         project=project_id, selected_items={"all": False, "included": list(task_ids)})  # fmt: skip
