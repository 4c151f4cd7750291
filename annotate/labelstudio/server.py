"""The embedded default: a local Label Studio (PyPI `label-studio`) on 127.0.0.1 with SQLite.

`start` launches it in the background with its own data dir, creates an admin with a generated
password and a legacy token on the first start, obtains a personal access token (a new one where
the kept one is lost or refused; `keys`), and writes `<data-dir>/credentials.json` (mode 0600).
Secrets travel in the child's environment, never in its arguments. `stop` ends only the process
whose pid file we wrote. No SDK calls here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..core.defaults import DEFAULT_DATA_DIR, DEFAULT_PORT, DEFAULT_SERVER_TIMEOUT
from ..core.errors import ServerError
from ..core.processes import running
from . import keys

ADMIN_EMAIL = "admin@annotate.local"
QUIET_ENV = {
    "LATEST_VERSION_CHECK": "false",
    "LABEL_STUDIO_COLLECT_ANALYTICS": "false",
    "SENTRY_DSN": "",
    "FRONTEND_SENTRY_DSN": "",
    "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
    # Label Studio's own switch for its batched prediction import: it recounts only the tasks
    # it touched, where the default path recounts every task of the project on each request
    # (a re-push of a new model version slowed down with the project's size)
    "fflag_fix_back_4620_memory_efficient_predictions_import_08012025_short": "true",
    # an ML backend on 127.0.0.1 (`annotate serve`) and its training webhook: the embedded
    # server listens on loopback only, so its requests stay on this machine
    "ML_BLOCK_LOCAL_IP": "false",
    "SSRF_PROTECTION_ENABLED": "false",
    # "Retrieve predictions" sends every selected task in one request: a thousand articles
    # take about a minute on two cores, and Label Studio gives up after 100 s by default
    "ML_TIMEOUT_PREDICT": "600",
}


@dataclass(frozen=True)
class Credentials:
    url: str
    username: str
    password: str
    api_key: str  # a personal access token (JWT refresh token)
    legacy_token: str

    def __repr__(self) -> str:  # never show secrets in tracebacks or logs
        return f"Credentials(url={self.url!r}, username={self.username!r}, secrets=***)"

    @classmethod
    def read(cls, data_dir: Path) -> Credentials:
        path = data_dir / "credentials.json"
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as e:
            raise ServerError(
                f"no usable credentials at {path}: run `annotate server start`"
            ) from e

    def write(self, data_dir: Path) -> Path:
        path = data_dir / "credentials.json"
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.__dict__, handle, indent=2)
        os.replace(tmp, path)
        return path


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    url: str
    pid: int | None
    data_dir: Path


def _pid_file(data_dir: Path) -> Path:
    return data_dir / "server.pid"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return json.loads(response.read()).get("status") == "UP"
    except (OSError, ValueError):
        return False


def status(*, data_dir: Path = DEFAULT_DATA_DIR, port: int = DEFAULT_PORT) -> ServerStatus:
    url = f"http://127.0.0.1:{port}"
    pid_file = _pid_file(data_dir)
    if pid_file.is_file():
        pid, _, recorded = pid_file.read_text().partition(" ")
        url = recorded.strip() or url
        if running(int(pid)):
            return ServerStatus(True, url, int(pid), data_dir)
    return ServerStatus(False, url, None, data_dir)


def _log_tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _command() -> list[str]:
    """Label Studio in this interpreter through `embedded` (its start-up heap frozen), or the
    `label-studio` on PATH where this interpreter does not have it."""
    if importlib.util.find_spec("label_studio") is not None:
        return [sys.executable, "-m", "annotate.labelstudio.embedded"]
    found = shutil.which("label-studio")
    if not found:
        raise ServerError("label-studio is not installed: pip install 'annotate[server]'")
    return [found]


def start(
    *,
    data_dir: Path = DEFAULT_DATA_DIR,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_SERVER_TIMEOUT,
    extra_env: dict[str, str] | None = None,
) -> tuple[ServerStatus, Credentials]:
    """Start the server (or find it running) and return its status and credentials."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    make_private(data_dir)
    current = status(data_dir=data_dir, port=port)
    if current.running and _healthy(current.url):
        return current, Credentials.read(data_dir)
    url = f"http://127.0.0.1:{port}"
    if _healthy(url):
        raise ServerError(f"port {port} is already serving something else: choose --port")
    if not port_free(port):
        # Label Studio would move itself to the next free port without a word
        raise ServerError(f"port {port} on 127.0.0.1 is in use by another program: choose --port")
    previous = (data_dir / "credentials.json").is_file()
    credentials = (
        Credentials.read(data_dir)
        if previous
        else Credentials(url, ADMIN_EMAIL, secrets.token_urlsafe(18), "", secrets.token_hex(20))
    )
    env = {
        **os.environ,
        **QUIET_ENV,
        **(extra_env or {}),
        "LABEL_STUDIO_USERNAME": credentials.username,
        "LABEL_STUDIO_PASSWORD": credentials.password,
        "LABEL_STUDIO_USER_TOKEN": credentials.legacy_token,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
    }
    keys.ensure_signing_key(data_dir, env)
    args = [
        *_command(),
        "start",
        "--no-browser",
        "--internal-host",
        "127.0.0.1",
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
    ]
    log = data_dir / "server.log"
    with log.open("ab") as log_handle:
        process = subprocess.Popen(
            args,
            env=env,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=data_dir,
            umask=0o077,  # the database holds API tokens: nothing it writes is readable by others
        )
    _pid_file(data_dir).write_text(f"{process.pid} {url}")
    deadline = time.monotonic() + timeout
    while not _healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            reason = (
                "exited" if process.poll() is not None else f"did not answer in {timeout:.0f} s"
            )
            stop(data_dir=data_dir)
            raise ServerError(f"Label Studio {reason}; last lines of {log}:\n{_log_tail(log)}")
        time.sleep(0.5)
    api_key = credentials.api_key  # a token outlives a move to another port
    try:
        if not api_key or keys.refused(url, api_key):
            api_key = keys.personal_access_token(url, credentials.legacy_token)
    except (urllib.error.URLError, ValueError, KeyError, TypeError) as e:
        raise ServerError(
            f"Label Studio started at {url} but would not give an access token ({e}); see {log}"
        ) from e
    if (api_key, url) != (credentials.api_key, credentials.url):
        credentials = dataclasses.replace(credentials, url=url, api_key=api_key)
        credentials.write(data_dir)
    make_private(data_dir)  # and what the server and this start wrote meanwhile
    return status(data_dir=data_dir, port=port), credentials


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def make_private(data_dir: Path) -> None:
    """The data dir and everything in it readable by its owner only (0700 dirs, 0600 files)."""
    data_dir.chmod(0o700)
    for path in data_dir.rglob("*"):
        if path.is_symlink():
            continue
        path.chmod(0o700 if path.is_dir() else 0o600)


def stop(*, data_dir: Path = DEFAULT_DATA_DIR, timeout: float = 20) -> bool:
    """Stop the server we started (by its pid file); False when none was running."""
    pid_file = _pid_file(data_dir)
    current = status(data_dir=data_dir)
    if not current.running or current.pid is None:
        pid_file.unlink(missing_ok=True)
        return False
    os.killpg(current.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while running(current.pid) and time.monotonic() < deadline:
        _reap(current.pid)
        time.sleep(0.2)
    if running(current.pid):
        os.killpg(current.pid, signal.SIGKILL)
        _reap(current.pid)
    pid_file.unlink(missing_ok=True)
    return True


def _reap(pid: int) -> None:
    """Collect the exit status when the server is our own child (tests, `make demo`)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
