"""Shared fixtures. Unit tests use small real inputs; the Label Studio fixture starts a real server."""

from __future__ import annotations

from pathlib import Path

import pytest
import srsly

from annotate.records import Record

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
GOLD_PATH = DATA / "seeds.gold.jsonl"


@pytest.fixture(scope="session")
def nlp():
    from annotate.preannotate import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def gold_records() -> list[Record]:
    return [Record.from_dict(obj) for obj in srsly.read_jsonl(GOLD_PATH)]


@pytest.fixture
def write(tmp_path):
    """Write bytes or text to a file under tmp_path and return its path."""

    def _write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return _write


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory):
    """A real Label Studio (PyPI label-studio) on a free loopback port, for the whole session."""
    from annotate import server

    data_dir = tmp_path_factory.mktemp("label-studio")
    current, credentials = server.start(data_dir=data_dir, port=free_port())
    yield LabelStudioServer(data_dir=data_dir, url=current.url, credentials=credentials)
    server.stop(data_dir=data_dir)


class LabelStudioServer:
    def __init__(self, *, data_dir: Path, url: str, credentials) -> None:
        self.data_dir, self.url, self.credentials = data_dir, url, credentials

    def client(self, *, legacy: bool = False):
        from annotate import labelstudio as ls

        key = self.credentials.legacy_token if legacy else self.credentials.api_key
        return ls.connect(ls.Connection(self.url, key))

    def env(self) -> dict[str, str]:
        """Environment for a CLI run against this server (the key travels in the environment)."""
        import os

        return {
            **os.environ,
            "LABEL_STUDIO_URL": self.url,
            "LABEL_STUDIO_API_KEY": self.credentials.api_key,
        }

    def secrets(self) -> list[str]:
        return [self.credentials.api_key, self.credentials.legacy_token, self.credentials.password]


@pytest.fixture
def project_title(request) -> str:
    """A fresh project title per test."""
    import hashlib

    digest = hashlib.blake2b(request.node.nodeid.encode(), digest_size=4).hexdigest()
    return f"{request.node.name[:38]} {digest}"
