"""Projects: find by title, create, update, delete, check a labeling config."""

from __future__ import annotations

from typing import Any

from label_studio_sdk.base_client import LabelStudioBase as LabelStudio

from ...core.errors import LabelStudioError
from .base import _every_item, call

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
    client: LabelStudio,
    *,
    title: str,
    label_config: str,
    instructions: str,
    description: str = "",
    **fields: Any,
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
        **fields,
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


def create_user(client: LabelStudio, *, email: str, username: str, password: str) -> Any:
    """A user of the server (an annotator or a reviewer); returns it with its id."""
    return call(
        "create user", client.users.create, email=email, username=username, password=password
    )


def get_project(client: LabelStudio, project_id: int) -> Any:
    return call("get project", client.projects.get, id=project_id)
