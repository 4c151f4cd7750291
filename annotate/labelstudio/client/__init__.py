"""Every Label Studio SDK call the toolkit makes, and only here: `base` (the client, retries,
paged and raw requests), `projects`, `tasks` (tasks, predictions, annotations, snapshots)."""

from ..connection import Connection, resolve_connection
from .base import base_url, call, connect
from .ml import connect_backend, ml_backends, retrieve_predictions
from .projects import (
    Project,
    create_project,
    create_user,
    delete_project,
    find_project,
    get_project,
    projects_titled,
    update_project,
    validate_config,
)
from .tasks import (
    TaskInfo,
    annotated_task_ids,
    create_annotation,
    delete_task,
    download_snapshot,
    encode,
    import_predictions,
    import_tasks,
    model_versions,
    task_count,
    tasks_in_project,
    tasks_with_model_version,
)

__all__ = [
    "Connection",
    "Project",
    "TaskInfo",
    "annotated_task_ids",
    "base_url",
    "call",
    "connect",
    "connect_backend",
    "create_annotation",
    "create_project",
    "create_user",
    "delete_project",
    "delete_task",
    "download_snapshot",
    "encode",
    "find_project",
    "get_project",
    "import_predictions",
    "import_tasks",
    "ml_backends",
    "model_versions",
    "projects_titled",
    "resolve_connection",
    "retrieve_predictions",
    "task_count",
    "tasks_in_project",
    "tasks_with_model_version",
    "update_project",
    "validate_config",
]
