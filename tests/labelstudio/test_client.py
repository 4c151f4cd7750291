"""The SDK layer: paged lists end cleanly against a real server, whatever the page size; which
key goes to which server; tokens the SDK refuses."""

from __future__ import annotations

import pytest

from annotate.core.errors import LabelStudioError
from annotate.core.records import Record
from annotate.labelstudio import client as ls
from annotate.labelstudio.codec import record_to_task
from annotate.labelstudio.config import LabelingConfig


@pytest.mark.integration
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


@pytest.mark.integration
def test_a_task_another_push_removed_meanwhile_is_neither_annotated_nor_an_error(
    label_studio, project_title
):
    # two pushes reconciling one project at once: both list the same duplicate, one removes it
    client = label_studio.client()
    project = ls.create_project(
        client, title=project_title, label_config=LabelingConfig().xml(), instructions=""
    )
    record = Record("twice", "Egypt hosted the talks.")
    ls.import_tasks(client, project.id, [record_to_task(record)] * 2)
    kept, extra = sorted(info.id for info in ls.tasks_in_project(client, project.id))
    assert ls.delete_task(client, extra)  # the other push
    assert ls.annotated_task_ids(client, project.id, [extra]) == set()
    assert not ls.delete_task(client, extra)
    assert [info.id for info in ls.tasks_in_project(client, project.id)] == [kept]


@pytest.fixture
def local_credentials(tmp_path, monkeypatch):
    from annotate.labelstudio.server import Credentials

    for name in ("LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    Credentials("http://127.0.0.1:8080", "admin", "pw", "local-key", "legacy").write(tmp_path)
    return tmp_path


@pytest.mark.parametrize("url", [None, "http://127.0.0.1:8080", "http://localhost:8080/"])
def test_the_local_key_goes_to_the_local_server(local_credentials, url):
    connection = ls.resolve_connection(url=url, api_key=None, data_dir=local_credentials)
    assert connection.api_key == "local-key"


@pytest.mark.parametrize("url", ["http://127.0.0.1:9999", "https://ls.example.org"])
def test_the_local_key_never_goes_elsewhere(local_credentials, url):
    with pytest.raises(LabelStudioError, match=f"no API key for {url}") as error:
        ls.resolve_connection(url=url, api_key=None, data_dir=local_credentials)
    assert "local-key" not in str(error.value)
    given = ls.resolve_connection(url=url, api_key="theirs", data_dir=local_credentials)
    assert given.api_key == "theirs"


@pytest.mark.parametrize("expires_in", [-100, None])
def test_an_expired_or_endless_token_is_a_clear_error(expires_in):
    import base64
    import json
    import time

    claims = {} if expires_in is None else {"exp": int(time.time()) + expires_in}

    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    token = (
        f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'token_type': 'refresh', **claims})}.sig"
    )
    with pytest.raises(LabelStudioError, match="the API key was refused") as error:
        ls.connect(ls.Connection("http://127.0.0.1:9", token))
    assert token not in str(error.value)
