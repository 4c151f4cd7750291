"""The SDK layer against a real server: paged lists end cleanly, whatever the page size."""

from __future__ import annotations

import pytest

from annotate.core.records import Record
from annotate.labelstudio import client as ls
from annotate.labelstudio.codec import record_to_task
from annotate.labelstudio.config import LabelingConfig

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("page_size", [1, 2, 3, 4, 100])
def test_every_task_is_listed_across_pages(label_studio, project_title, page_size):
    # 4 tasks: page sizes 1, 2 and 4 end exactly on a page boundary, 3 and 100 do not
    client = label_studio.client()
    project = ls.create_project(
        client, title=project_title, label_config=LabelingConfig().xml(), instructions=""
    )
    records = [Record(f"page-{i}", f"Egypt hosted round {i} of the talks.") for i in range(4)]
    ls.import_tasks(client, project.id, [record_to_task(r) for r in records])
    listed = list(ls.tasks_in_project(client, project.id, page_size=page_size))
    assert sorted(info.source_id for info in listed) == [r.id for r in records]
    assert ls.find_project(client, project_title).id == project.id
    assert ls.find_project(client, project_title + " (missing)") is None
