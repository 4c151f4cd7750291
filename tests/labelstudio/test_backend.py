"""`annotate serve` as a real process, connected to a real Label Studio: predictions retrieved
through the Data Manager action, retraining from annotations, a kill -9 during training, and
bad requests. (The module is `labelstudio/backend/`.)"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from annotate.labelstudio import client as ls
from annotate.labelstudio.backend.models import MARKER
from annotate.labelstudio.codec import check_result, record_to_result
from annotate.labelstudio.config import LabelingConfig
from annotate.labelstudio.push import push

from ..conftest import ANNOTATE, free_port, wait_for

pytestmark = pytest.mark.integration
NEW_ARTICLE = (
    "Hamas rejected the latest ceasefire proposal on Monday, a spokesman said.\n"
    "Egypt's foreign minister said Cairo supports an immediate truce and will keep mediating."
)


class Backend:
    def __init__(self, label_studio, tmp_path: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.models = tmp_path / "models"
        self.log_path = tmp_path / f"serve-{self.port}.log"
        self.args = [ANNOTATE, "serve", "--port", str(self.port), "--models-dir", str(self.models),
                     "--model", "annotate-rules", *args]  # fmt: skip
        self.env = label_studio.env()
        self.start()

    def start(self) -> None:
        self.log = self.log_path.open("a")
        self.proc = subprocess.Popen(self.args, env=self.env, stdout=self.log, stderr=self.log)
        assert wait_for(lambda: self.health() is not None, 120), self.output()

    def health(self) -> dict | None:
        try:
            return self.get("/health")
        except (OSError, ValueError):
            return None

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=10) as answer:
            return json.loads(answer.read())

    def post(self, path: str, body: bytes) -> tuple[int, dict]:
        request = urllib.request.Request(self.url + path, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def version(self) -> str:
        return (self.health() or {}).get("model_version", "")

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text()

    def stop(self, signum: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
            self.proc.wait(timeout=60)
        self.log.close()


@pytest.fixture
def seeded(label_studio, project_title, gold_records):
    """A project made by `annotate push` of the seeds' gold as predictions: (client, project)."""
    client = label_studio.client()
    list(
        push(
            [g.with_(model_version="m0") for g in gold_records], client=client, title=project_title
        )
    )
    return client, ls.find_project(client, project_title)


def annotate_all(client, project, gold_records):
    by_hash = {g.input_hash: g for g in gold_records}
    for info in ls.tasks_in_project(client, project.id):
        if info.input_hash in by_hash:  # not the task made without a prediction
            ls.create_annotation(client, info.id, record_to_result(by_hash[info.input_hash]))


def test_retrieve_predictions_fills_a_new_task_then_annotations_retrain(
    label_studio, project_title, seeded, tmp_path, gold_records
):
    client, project = seeded
    backend = Backend(label_studio, tmp_path, "--project", project_title, "--connect",
                      "--retrain-every", str(len(gold_records)))  # fmt: skip
    try:
        assert wait_for(lambda: "connected to project" in backend.output(), 60), backend.output()
        assert [b.url.rstrip("/") for b in ls.ml_backends(client, project.id)] == [backend.url]
        (task_id,) = ls.import_tasks(client, project.id, [{"data": {"text": NEW_ARTICLE}}])
        ls.retrieve_predictions(client, project.id, [task_id])
        (prediction,) = list(client.predictions.list(task=task_id))
        result = prediction.result
        kinds = {item["type"] for item in result}
        labels = {item["from_name"] for item in result if item["type"] == "labels"}
        assert kinds == {"labels", "relation"} and labels == {"entities", "stance"}
        check_result(result, NEW_ARTICLE, LabelingConfig(), where=f"task {task_id}")
        first = backend.version()
        assert prediction.model_version == first and first.startswith("v0+")

        annotate_all(client, project, gold_records)  # the webhook counts them: one training
        assert wait_for(lambda: backend.health()["training"], 60), backend.output()
        answered = 0
        while backend.health()["training"]:  # /predict keeps answering while it trains
            status, body = backend.post("/predict", json.dumps(
                {"tasks": [{"id": 1, "data": {"text": NEW_ARTICLE}}]}).encode())  # fmt: skip
            assert status == 200 and body["results"][0]["model_version"] == first
            answered += 1
        assert answered >= 1
        assert wait_for(lambda: backend.version().startswith("v1+"), 120), backend.output()
        meta = json.loads((backend.models / "v0001" / MARKER).read_text())
        assert meta["trained_on"] == len(gold_records)
    finally:
        backend.stop()
    secrets = label_studio.secrets()
    assert not any(secret in backend.output() for secret in secrets)


def test_killed_during_training_the_previous_model_serves_and_nothing_is_lost(
    label_studio, project_title, seeded, tmp_path, gold_records
):
    client, project = seeded
    annotate_all(client, project, gold_records[:3])  # before the backend runs: not counted
    backend = Backend(label_studio, tmp_path, "--project", project_title)
    try:
        assert backend.post("/webhook", b'{"action": "START_TRAINING"}')[1]["training"]
        assert wait_for(lambda: backend.version().startswith("v1+"), 120), backend.output()
        annotate_all(client, project, gold_records[3:])  # more, then a training killed
        backend.post("/webhook", b'{"action": "START_TRAINING"}')
        assert wait_for(lambda: any(backend.models.glob(".training-*")), 60)
        backend.stop(signal.SIGKILL)
        assert wait_for(lambda: not _children_alive(backend.proc.pid), 30)
        backend.start()  # again: the newest good model serves, the half training is gone
        assert backend.version().startswith("v1+")
        assert not list(backend.models.glob(".training-*"))
        backend.post("/webhook", b'{"action": "START_TRAINING"}')
        assert wait_for(lambda: backend.version().startswith("v2+"), 120), backend.output()
        meta = json.loads((backend.models / "v0002" / MARKER).read_text())
        assert meta["trained_on"] == len(gold_records)  # what came before the kill is in it
    finally:
        backend.stop()


def _children_alive(pid: int) -> bool:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                return True
        except (OSError, ValueError, IndexError):
            continue
    return False


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/predict", b"{not json", "the body is not JSON"),
        ("/predict", b'{"tasks": [{"id": 7, "data": {}}]}', "task 7 has no text in data.text"),
        ("/predict", b'{"no": "tasks"}', "with 'tasks'"),
        ("/webhook", b'{"action": "PROJECT_DELETED"}', "unknown event 'PROJECT_DELETED'"),
        ("/webhook", b"[1, 2]", "with an 'action'"),
    ],
)
def test_bad_requests_get_a_4xx_with_a_message_and_no_secret(
    label_studio, plain_backend, path, body, message
):
    status, answer = plain_backend.post(path, body)
    assert status == 400 and message in answer["error"]
    assert plain_backend.get("/health")["status"] == "UP"  # and it keeps serving
    output = plain_backend.output()
    assert "Traceback" not in output and message in output
    assert not any(secret in output for secret in label_studio.secrets())


def test_setup_answers_the_model_version(plain_backend):
    status, answer = plain_backend.post("/setup", b'{"project": "1.1700000000"}')
    assert status == 200 and answer["model_version"] == plain_backend.version()


@pytest.fixture(scope="module")
def plain_backend(label_studio, tmp_path_factory):
    """A backend connected to no project, for the requests it must refuse."""
    backend = Backend(label_studio, tmp_path_factory.mktemp("backend"))
    yield backend
    backend.stop()


def test_a_label_studio_that_refuses_local_backends_is_a_named_error(tmp_path, project_title):
    """A server with Label Studio's defaults (no loopback backends, SSRF protection on), as a
    remote one would be: --connect fails, naming the setting, and the backend stops."""
    from annotate.labelstudio import server

    strict = {"ML_BLOCK_LOCAL_IP": "true", "SSRF_PROTECTION_ENABLED": "true"}
    current, credentials = server.start(
        data_dir=tmp_path / "ls", port=free_port(), extra_env=strict
    )
    try:
        client = ls.connect(ls.Connection(current.url, credentials.api_key))
        project = ls.create_project(client, title=project_title,
                                    label_config=LabelingConfig().xml(), instructions="")  # fmt: skip
        env = {**os.environ, "LABEL_STUDIO_URL": current.url,
               "LABEL_STUDIO_API_KEY": credentials.api_key}  # fmt: skip
        args = [ANNOTATE, "serve", "--port", str(free_port()), "--project", project_title,
                "--connect", "--model", "annotate-rules", "--models-dir", str(tmp_path / "m")]  # fmt: skip
        result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=180)
        assert result.returncode == 1, result.stderr
        assert "ML_BLOCK_LOCAL_IP" in result.stderr and "Traceback" not in result.stderr
        assert credentials.api_key not in result.stderr + result.stdout
        assert ls.ml_backends(client, project.id) == []  # not half connected
    finally:
        server.stop(data_dir=tmp_path / "ls")
