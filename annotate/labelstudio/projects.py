"""The toolkit's Label Studio project: found by title, or created with the generated labeling
config and instructions, one per title even when two pushes create it at once."""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from typing import Any

from ..core.errors import LabelStudioError
from . import client as ls
from .config import LabelingConfig


def _config_controls(xml: str) -> dict[str, set[str]]:
    root = ET.fromstring(xml)
    return {
        node.get("name", ""): {label.get("value", "") for label in node.iter("Label")}
        for node in root.iter("Labels")
    }


def ensure_project(
    client: Any,
    *,
    title: str,
    config: LabelingConfig,
    project_id: int | None = None,
    model_version: str | None = None,
) -> tuple[ls.Project, bool]:
    """Reuse the project with this title, or create it with the generated config."""
    if not 3 <= len(title) <= 50:
        raise LabelStudioError(
            f"project title {title!r} must have 3 to 50 characters (Label Studio's limits)"
        )
    project = ls.find_project(client, title, project_id=project_id)
    if project is None:
        return _create(client, title=title, config=config, model_version=model_version)
    have = _config_controls(project.label_config or "<View/>")
    for name, labels in config.controls().items():
        missing = set(labels) - have.get(name, set())
        if missing:
            raise LabelStudioError(
                f"project {title!r} exists but its labeling config lacks {name}: {sorted(missing)}; "
                f"push to a new --project or add them in Label Studio"
            )
    return project, False


def _create(
    client: Any, *, title: str, config: LabelingConfig, model_version: str | None
) -> tuple[ls.Project, bool]:
    """Create the project; two pushes that create one title at once, or a create request
    retried after an error the server had already acted on, leave one project: every creator
    marks its projects, looks again, and deletes its own unless one of them is the oldest."""
    marker = f"Pre-annotated with annotate (push {secrets.token_hex(6)})"
    failure = None
    try:
        ls.create_project(
            client,
            title=title,
            label_config=config.xml(),
            instructions=config.instructions(),
            description=marker,
            **({"model_version": model_version} if model_version else {}),
        )
    except LabelStudioError as e:
        failure = e  # the server may have created it all the same: look
    for _ in range(2):  # twice: an older project of another push may be listed only later
        found = ls.projects_titled(client, title)
        if not found:
            raise failure or LabelStudioError(f"project {title!r} was created but is not listed")
        oldest, *newer = found
        for project in newer:
            if (project.description or "") == marker:
                ls.delete_project(client, project.id)
    return oldest, (oldest.description or "") == marker
