"""Push into a real Label Studio server (started by the session fixture); no mocks."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import srsly

from annotate.core.errors import LabelStudioError, Problem
from annotate.core.jsonl import write_records
from annotate.core.records import Entity, Record
from annotate.core.schema import Kind
from annotate.labelstudio import client as ls
from annotate.labelstudio.config import LabelingConfig
from annotate.labelstudio.push import PushSummary, push

from ..conftest import ANNOTATE

pytestmark = pytest.mark.integration


def synthetic_predictions(count: int, version: str = "test-model-1") -> list[Record]:
    records = []
    for i in range(count):
        text = f"Article {i}: Hamas and Israel discussed a truce in Cairo."
        start = text.index("Hamas")
        records.append(Record(f"a{i}", text, spans=(Entity(start, start + 5, "ORG", "Hamas", score=1.0),),
                              model_version=version))  # fmt: skip
    return records


def run_push(label_studio, path, title, *extra):
    result = subprocess.run(
        [ANNOTATE, "push", str(path), "--project", title, *extra],
        env=label_studio.env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result  # fmt: skip


def test_server_accepts_the_generated_config(label_studio, project_title):
    client = label_studio.client()
    records = synthetic_predictions(3)
    list(push(records, client=client, title=project_title))
    project = ls.find_project(client, project_title)
    ls.validate_config(client, project.id, LabelingConfig().xml())
    assert project.label_config.strip().startswith("<View>")
    assert "SUPPORTS" in project.expert_instruction


def test_predictions_are_stored_and_shown(label_studio, project_title, gold_records):
    client = label_studio.client()
    predictions = [g.with_(model_version="gold-as-model-1") for g in gold_records]
    *_, summary = push(predictions, client=client, title=project_title, batch_size=2)
    assert isinstance(summary, PushSummary)
    assert (summary.created, summary.failed) == (5, 0)
    project = ls.find_project(client, project_title)
    assert project.model_version == "gold-as-model-1"  # the editor pre-fills these
    stored = client.predictions.list(project=project.id)
    assert len(stored) == 5
    by_task = {p.task: p for p in stored}
    for info in ls.tasks_in_project(client, project.id):
        gold = next(g for g in gold_records if g.input_hash == info.input_hash)
        result = by_task[info.id].result
        assert len(result) == len(gold.spans) + len(gold.stances) + sum(
            len(s.holders) for s in gold.stances
        )
        assert info.source_id == gold.id


def test_repush_creates_nothing_and_new_model_version_updates(
    label_studio, project_title, tmp_path
):
    path = tmp_path / "p.jsonl"
    write_records(path, synthetic_predictions(20), Kind.PREDICTION)
    first = run_push(label_studio, path, project_title, "--batch-size", "7")
    assert "created            │    20" in first.stderr
    second = run_push(label_studio, path, project_title)
    assert (
        "created            │     0" in second.stderr
        and "already present    │    20" in second.stderr
    )
    write_records(path, synthetic_predictions(20, version="test-model-2"), Kind.PREDICTION)
    third = run_push(label_studio, path, project_title)
    assert "updated            │    20" in third.stderr
    client = label_studio.client()
    project = ls.find_project(client, project_title)
    assert ls.task_count(client, project.id) == 20
    versions = [p.model_version for p in client.predictions.list(project=project.id)]
    assert sorted(set(versions)) == ["test-model-1", "test-model-2"] and len(versions) == 40
    again = run_push(label_studio, path, project_title)  # test-model-1 contains no other version
    assert (
        "updated            │     0" in again.stderr
        and "already present    │    20" in again.stderr
    )
    write_records(path, synthetic_predictions(20, version="test-model"), Kind.PREDICTION)
    prefix = run_push(label_studio, path, project_title)  # a version inside the others' names
    assert "updated            │    20" in prefix.stderr
    assert "already present    │    20" in run_push(label_studio, path, project_title).stderr


def test_a_version_some_tasks_have_goes_to_the_others_only(label_studio, project_title):
    client = label_studio.client()
    records = synthetic_predictions(6)
    list(push(records, client=client, title=project_title))
    *_, some = push([r.with_(model_version="test-model-2") for r in records[:2]],
                    client=client, title=project_title)  # fmt: skip
    assert some.updated == 2
    project = ls.find_project(client, project_title)
    ids = {info.input_hash: info.id for info in ls.tasks_in_project(client, project.id)}
    holders = ls.tasks_with_model_version(client, project.id, "test-model-2")
    assert {r.id for r in records if ids[r.input_hash] in holders} == {"a0", "a1"}
    *_, rest = push([r.with_(model_version="test-model-2") for r in records],
                    client=client, title=project_title)  # fmt: skip
    assert (rest.updated, rest.already_present) == (4, 2)
    # another case is another version, though the server's filter (SQLite LIKE) ignores case
    *_, other_case = push([r.with_(model_version="TEST-MODEL-2") for r in records],
                          client=client, title=project_title)  # fmt: skip
    assert (other_case.updated, other_case.already_present) == (6, 0)
    versions = [p.model_version for p in client.predictions.list(project=project.id)]
    assert sorted(versions) == sorted(["test-model-1", "test-model-2", "TEST-MODEL-2"] * 6)


@pytest.mark.parametrize("kill_after", [0.3, 1.5, 3.0, 5.0])
def test_kill_during_push_then_rerun_gives_one_task_per_article(
    label_studio, project_title, tmp_path, kill_after
):
    path = tmp_path / "p.jsonl"
    records = synthetic_predictions(1500)
    write_records(path, records, Kind.PREDICTION)
    proc = subprocess.Popen([ANNOTATE, "push", str(path), "--project", project_title, "--batch-size", "100"],
                            env=label_studio.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    run_push(label_studio, path, project_title, "--batch-size", "100")
    client = label_studio.client()
    project = ls.find_project(client, project_title)
    infos = list(ls.tasks_in_project(client, project.id))
    assert sorted(info.input_hash for info in infos) == sorted(r.input_hash for r in records)
    predictions = list(client.predictions.list(project=project.id))
    assert sorted(p.task for p in predictions) == sorted(info.id for info in infos)  # one each
    assert {p.model_version for p in predictions} == {"test-model-1"}
    holders = ls.tasks_with_model_version(client, project.id, "test-model-1")
    assert all(info.id in holders for info in infos)


@pytest.mark.parametrize("legacy", [False, True], ids=["personal-access-token", "legacy-token"])
def test_both_token_kinds_work(label_studio, legacy):
    client = label_studio.client(legacy=legacy)
    assert isinstance(ls.find_project(client, "no such project here"), type(None))
    assert client.users.whoami().email == label_studio.credentials.username


def test_bad_key_is_a_clear_error_without_the_key(label_studio, tmp_path):
    path = tmp_path / "p.jsonl"
    write_records(path, synthetic_predictions(1), Kind.PREDICTION)
    bad_key = "not-a-real-key-0123456789"
    result = subprocess.run([ANNOTATE, "push", str(path), "--project", "whatever"], capture_output=True, text=True,
                            env={**label_studio.env(), "LABEL_STUDIO_API_KEY": bad_key})  # fmt: skip
    assert result.returncode == 1
    assert "401" in result.stderr and "LABEL_STUDIO_API_KEY" in result.stderr
    assert bad_key not in result.stderr + result.stdout


def test_the_key_does_not_leak_into_output_logs_or_arguments(label_studio, project_title, tmp_path):
    path = tmp_path / "p.jsonl"
    write_records(path, synthetic_predictions(2), Kind.PREDICTION)
    result = run_push(label_studio, path, project_title)
    status = subprocess.run([ANNOTATE, "server", "status", "--data-dir", str(label_studio.data_dir)],
                            capture_output=True, text=True)  # fmt: skip
    log = (label_studio.data_dir / "server.log").read_text(errors="replace")
    pid = (label_studio.data_dir / "server.pid").read_text().split()[0]
    args = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    for secret in label_studio.secrets():
        for text in (
            result.stdout,
            result.stderr,
            status.stdout,
            log,
            args,
            repr(label_studio.credentials),
        ):
            assert secret not in text
    assert oct((label_studio.data_dir / "credentials.json").stat().st_mode & 0o777) == "0o600"


def test_invalid_prediction_is_counted_not_sent(label_studio, project_title):
    client = label_studio.client()
    bad = synthetic_predictions(2)
    bad[1] = bad[1].with_(spans=(Entity(0, 5, "ORG", "Wrong"),))
    events = list(push(bad, client=client, title=project_title))
    summary, problems = events[-1], [str(e) for e in events if isinstance(e, Problem)]
    assert (summary.created, summary.failed) == (1, 1)
    assert "record 'a1'" in problems[0] and "the item says 'Wrong'" in problems[0]


def test_short_title_and_foreign_config_stop_with_a_message(label_studio, project_title):
    client = label_studio.client()
    with pytest.raises(LabelStudioError, match="3 to 50 characters"):
        list(push(synthetic_predictions(1), client=client, title="ab"))
    ls.create_project(client, title=project_title, label_config='<View><Text name="text" value="$text"/></View>',
                      instructions="")  # fmt: skip
    with pytest.raises(LabelStudioError, match="lacks entities"):
        list(push(synthetic_predictions(1), client=client, title=project_title))


def test_server_status_and_restart_keep_credentials(label_studio):
    from annotate.labelstudio import server

    current = server.status(data_dir=label_studio.data_dir)
    assert current.running and current.url == label_studio.url
    again, credentials = server.start(
        data_dir=label_studio.data_dir, port=int(label_studio.url.rsplit(":", 1)[1])
    )
    assert again.pid == current.pid and credentials == label_studio.credentials
    assert srsly.read_json(label_studio.data_dir / "credentials.json")["url"] == label_studio.url


class FlakyProxy:
    """Answers the first `failures` requests with 503, then forwards to the real server."""

    def __init__(self, upstream: str, failures: int) -> None:
        import http.server
        import threading
        import urllib.error
        import urllib.request

        proxy = self
        self.failures, self.seen = failures, 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def forward(self) -> None:
                proxy.seen += 1
                if proxy.seen <= proxy.failures:
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
                request = urllib.request.Request(
                    upstream + self.path, data=body, method=self.command
                )
                for key in ("Authorization", "Content-Type", "Accept"):
                    if self.headers.get(key):
                        request.add_header(key, self.headers[key])
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        status, payload, kind = (
                            response.status,
                            response.read(),
                            response.headers.get("Content-Type"),
                        )
                except urllib.error.HTTPError as e:
                    status, payload, kind = e.code, e.read(), e.headers.get("Content-Type")
                self.send_response(status)
                self.send_header("Content-Type", kind or "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_DELETE = forward

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_5xx_answers_are_retried_with_backoff(label_studio, project_title, monkeypatch):
    monkeypatch.setattr(ls.base, "BACKOFF_SECONDS", 0.05)
    proxy = FlakyProxy(label_studio.url, failures=3)
    try:
        client = ls.connect(ls.Connection(proxy.url, label_studio.credentials.legacy_token))
        *_, summary = push(synthetic_predictions(3), client=client, title=project_title)
        assert summary.created == 3 and proxy.seen > 3
    finally:
        proxy.server.shutdown()


def test_unreachable_server_fails_after_retries_with_a_clear_message(monkeypatch):
    from ..conftest import free_port

    monkeypatch.setattr(ls.base, "BACKOFF_SECONDS", 0.01)
    client = ls.connect(
        ls.Connection(f"http://127.0.0.1:{free_port()}", "some-key-that-must-not-show")
    )
    with pytest.raises(LabelStudioError, match="cannot reach Label Studio") as info:
        ls.find_project(client, "anything")
    assert "some-key-that-must-not-show" not in str(info.value)


def test_concurrent_first_pushes_to_a_new_title_make_one_project(label_studio, project_title):
    from concurrent.futures import ThreadPoolExecutor

    def one_push(offset: int) -> PushSummary:
        records = synthetic_predictions(4)[offset : offset + 2]
        *_, summary = push(records, client=label_studio.client(), title=project_title)
        return summary

    with ThreadPoolExecutor(4) as pool:
        summaries = list(pool.map(one_push, [0, 2, 0, 2]))
    client = label_studio.client()
    (project,) = ls.projects_titled(client, project_title)
    assert {s.project_id for s in summaries} == {project.id}
    assert sorted(i.source_id for i in ls.tasks_in_project(client, project.id)) == [
        "a0", "a1", "a2", "a3"
    ]  # fmt: skip


def test_two_projects_of_one_title_are_named_and_one_is_chosen_by_id(
    label_studio, project_title, twin_projects, tmp_path
):
    client, ids = label_studio.client(), twin_projects
    with pytest.raises(LabelStudioError, match=f"ids {ids[0]}, {ids[1]}.*--project-id"):
        list(push(synthetic_predictions(1), client=client, title=project_title))
    path = tmp_path / "p.jsonl"
    write_records(path, synthetic_predictions(1), Kind.PREDICTION)
    run_push(label_studio, path, project_title, "--project-id", str(ids[1]))
    assert [i.source_id for i in ls.tasks_in_project(client, ids[1])] == ["a0"]
    assert list(ls.tasks_in_project(client, ids[0])) == []


def test_a_push_that_stops_at_a_bad_line_says_what_it_pushed(label_studio, project_title, tmp_path):
    path = tmp_path / "p.jsonl"
    write_records(path, synthetic_predictions(4), Kind.PREDICTION)
    with path.open("a") as handle:
        handle.write("{not json\n")
    result = subprocess.run([ANNOTATE, "push", str(path), "--project", project_title,
                             "--batch-size", "2"], env=label_studio.env(), capture_output=True,
                            text=True, timeout=600)  # fmt: skip
    assert result.returncode == 1
    said = " ".join(result.stderr.split())
    assert f"{path}:5: invalid JSON" in said and "Traceback" not in said
    assert "created │ 4" in said and "records were handled before the error" in said


def test_a_url_without_a_key_never_gets_the_local_key(label_studio, tmp_path):
    import http.server
    import threading

    seen: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append(
                f"{self.path} {self.headers} {self.rfile.read(int(self.headers.get('Content-Length', 0)))!r}"
            )
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST

        def log_message(self, *args):
            pass

    listener = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    path = tmp_path / "p.jsonl"
    write_records(path, synthetic_predictions(1), Kind.PREDICTION)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    try:
        result = subprocess.run([ANNOTATE, "push", str(path), "--project", "leak check", "--url",
                                 f"http://127.0.0.1:{listener.server_port}", "--data-dir",
                                 str(label_studio.data_dir)], env=env, capture_output=True,
                                text=True, timeout=120)  # fmt: skip
    finally:
        listener.shutdown()
    assert result.returncode == 1
    assert "no API key for" in result.stderr and "LABEL_STUDIO_API_KEY" in result.stderr
    assert seen == []
    for secret in label_studio.secrets():
        assert secret not in result.stderr + result.stdout


def test_the_data_dir_is_private_on_creation_and_on_reuse(label_studio):
    from annotate.labelstudio import server

    data_dir = label_studio.data_dir
    database = data_dir / "label_studio.sqlite3"
    assert database.is_file()

    def modes():
        return {p.name: p.stat().st_mode & 0o777 for p in [data_dir, *data_dir.rglob("*")]
                if not p.is_symlink()}  # fmt: skip

    assert all(mode in (0o700, 0o600) for mode in modes().values()), modes()
    database.chmod(0o644)
    data_dir.chmod(0o755)
    server.start(data_dir=data_dir, port=int(label_studio.url.rsplit(":", 1)[1]))
    assert modes()[data_dir.name] == 0o700 and modes()[database.name] == 0o600


def test_start_on_a_port_held_by_another_program_fails_at_once(tmp_path):
    import socket

    from annotate.core.errors import ServerError
    from annotate.labelstudio import server

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(ServerError, match=f"port {port} on 127.0.0.1 is in use"):
            server.start(data_dir=tmp_path / "ls", port=port)
        assert time.monotonic() - started < 10


def test_order_uncertain_creates_the_least_certain_tasks_first(
    label_studio, project_title, tmp_path
):
    scores = [0.9, 0.2, None, 0.55, 0.4]
    records = [r.with_(score=s) for r, s in zip(synthetic_predictions(5), scores, strict=True)]
    path = tmp_path / "p.jsonl"
    write_records(path, records, Kind.PREDICTION)
    run_push(label_studio, path, project_title, "--order", "uncertain")
    client = label_studio.client()
    project = ls.find_project(client, project_title)
    stored = {p.task: p.score for p in client.predictions.list(project=project.id)}
    in_creation_order = [stored[task] for task in sorted(stored)]
    assert in_creation_order == sorted(in_creation_order)  # lowest score: first task
    assert sorted(in_creation_order)[:4] == [0.2, 0.4, 0.55, 0.9]  # None: the items' mean
