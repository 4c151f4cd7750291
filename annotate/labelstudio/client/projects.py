"""Projects: find by title, create, update, delete, check a labeling config."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from label_studio_sdk.base_client import LabelStudioBase as LabelStudio

from ...core.errors import LabelStudioError
from .base import _post_json, call, raw_pages


@dataclass(frozen=True)
class Project:
    """What the toolkit reads of a project (the listing is asked for these fields only)."""

    id: int
    title: str | None = None
    description: str | None = None
    task_number: int | None = None
    label_config: str | None = None
    expert_instruction: str | None = None
    model_version: str | None = None


PROJECT_FIELDS = ",".join(field.name for field in fields(Project))


def _project(item: dict[str, Any]) -> Project:
    return Project(**{field.name: item.get(field.name) for field in fields(Project)})


def projects_titled(client: LabelStudio, title: str) -> list[Project]:
    """Every project with exactly this title, oldest first. Read as plain JSON: the SDK's
    project models cost more to import and build than the request takes."""
    pages = raw_pages("list projects", client, "api/projects/", page_size=100, key="results",
                      title=title, include=PROJECT_FIELDS)  # fmt: skip
    found = [_project(item) for page in pages for item in page]
    return sorted((p for p in found if p.title == title), key=lambda p: p.id)


def find_project(
    client: LabelStudio, title: str, *, project_id: int | None = None
) -> Project | None:
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
    **extra: Any,
) -> Project:
    body = {
        "title": title,
        "description": description,
        "label_config": label_config,
        "expert_instruction": instructions,
        "show_instruction": True,
        "show_collab_predictions": True,
        **extra,
    }
    created = call("create project", _post_json, client, "api/projects/",
                   json.dumps(body).encode("utf-8"), params={})  # fmt: skip
    return _project(created)


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
