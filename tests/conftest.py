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
