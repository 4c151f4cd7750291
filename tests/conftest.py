"""Shared fixtures. Unit tests use small real inputs; the Label Studio fixture starts a real server."""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

import pytest
import srsly

from annotate.core.records import Record

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
GOLD_PATH = DATA / "seeds.gold.jsonl"
ANNOTATE = str(Path(sys.executable).with_name("annotate"))  # the installed command
SHIPPED_GOLD = [ROOT / "exports" / "seeds.gold.jsonl", ROOT / "exports" / "dev.gold.jsonl"]


@pytest.fixture(scope="session")
def nlp():
    """The rules pipeline: rule tests see the rules alone (the default adds a learned model)."""
    from annotate.core.defaults import RULES_MODEL
    from annotate.pipeline.preannotate import build_pipeline

    return build_pipeline(RULES_MODEL)


@functools.cache
def blank():
    """A blank English pipeline: the vocab that hand-built Docs and rule components share."""
    import spacy

    return spacy.blank("en")


def parsed(rows: str, vocab=None):
    """A Doc built by hand, one token a line: `word head dep pos lemma [ent]`, `head` the index
    of the head token (ROOT points at itself), `ent` an IOB tag such as B-ORG. For rule tests
    where the parse is given, not the point, so no trained model is needed."""
    from spacy.tokens import Doc

    table = [line.split() for line in rows.strip().splitlines()]
    words = [row[0] for row in table]
    return Doc(
        vocab or blank().vocab,
        words=words,
        spaces=[i + 1 < len(words) and table[i + 1][3] != "PUNCT" for i in range(len(words))],
        heads=[int(row[1]) for row in table],
        deps=[row[2] for row in table],
        pos=[row[3] for row in table],
        lemmas=[row[4] for row in table],
        ents=[row[5] if len(row) > 5 else "O" for row in table],
    )


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
    from annotate.labelstudio import server

    data_dir = tmp_path_factory.mktemp("label-studio")
    current, credentials = server.start(data_dir=data_dir, port=free_port())
    yield LabelStudioServer(data_dir=data_dir, url=current.url, credentials=credentials)
    server.stop(data_dir=data_dir)


class LabelStudioServer:
    def __init__(self, *, data_dir: Path, url: str, credentials) -> None:
        self.data_dir, self.url, self.credentials = data_dir, url, credentials

    def client(self, *, legacy: bool = False):
        from annotate.labelstudio import client as ls

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
def twin_projects(label_studio, project_title) -> list[int]:
    """Two projects with the same title (made elsewhere, as another tool would): their ids."""
    from annotate.labelstudio import client as ls
    from annotate.labelstudio.config import LabelingConfig

    client, xml = label_studio.client(), LabelingConfig().xml()
    return [
        ls.create_project(client, title=project_title, label_config=xml, instructions="").id
        for _ in range(2)
    ]


@pytest.fixture
def project_title(request) -> str:
    """A fresh project title per test."""
    import hashlib

    digest = hashlib.blake2b(request.node.nodeid.encode(), digest_size=4).hexdigest()
    return f"{request.node.name[:38]} {digest}"


def wait_for(condition, seconds=120.0) -> bool:
    """Poll `condition` until it is true (True) or `seconds` pass (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def without_one_entity(record: Record) -> tuple[Record, tuple]:
    """The record less its last entity that holds no claim, and that entity's item."""
    holders = {(h.start, h.end) for c in record.stances for h in c.holders}
    dropped = next(e for e in reversed(record.spans) if (e.start, e.end) not in holders)
    item = ("entity", dropped.start, dropped.end, dropped.label)
    return record.with_(spans=tuple(e for e in record.spans if e is not dropped)), item
