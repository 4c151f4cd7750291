"""The backend's models on disk: `v0001/`, `v0002/`, ... each a spaCy pipeline directory with a
marker written last, so a version without its marker (a killed training) is never loaded."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from ...core.errors import PipelineError
from ...pipeline.preannotate import build_pipeline, model_version

MARKER = "annotate-backend.json"
VERSION_DIR = re.compile(r"^v(\d{4,})$")


@dataclass(frozen=True)
class Served:
    """A loaded pipeline and the version Label Studio sees: `v<N>+<pipeline version>`; N
    increments with every model the backend trains (0: the model it was started with)."""

    number: int
    nlp: Language
    version: str
    trained_on: int = 0  # annotated tasks in its training data


def served(nlp: Language, number: int, trained_on: int = 0) -> Served:
    return Served(number, nlp, f"v{number}+{model_version(nlp)}", trained_on)


class ModelStore:
    def __init__(self, directory: Path, base_model: str) -> None:
        self.directory, self.base_model = directory, base_model

    def versions(self) -> list[int]:
        """Complete versions on disk, oldest first."""
        if not self.directory.is_dir():
            return []
        found = []
        for path in self.directory.iterdir():
            match = VERSION_DIR.match(path.name)
            if match and (path / MARKER).is_file():
                found.append(int(match.group(1)))
        return sorted(found)

    def path(self, number: int) -> Path:
        return self.directory / f"v{number:04d}"

    def load_newest(self) -> tuple[Served, list[str]]:
        """The newest version that loads (else the base model), and why newer ones did not."""
        problems = []
        for number in reversed(self.versions()):
            try:
                meta = json.loads((self.path(number) / MARKER).read_text(encoding="utf-8"))
                return served(build_pipeline(str(self.path(number))), number,
                              int(meta.get("trained_on", 0))), problems  # fmt: skip
            except (OSError, ValueError, PipelineError) as e:
                problems.append(f"model v{number} does not load ({e}); trying an older one")
        return served(build_pipeline(self.base_model), 0), problems

    def add(self, trained: Path, meta: dict[str, Any]) -> int:
        """Move a trained pipeline directory in as the next version; the marker goes last."""
        number = max(self.versions(), default=0) + 1
        target = self.path(number)
        if target.exists():  # a killed training's leftovers under this number
            shutil.rmtree(target)
        self.directory.mkdir(parents=True, exist_ok=True)
        shutil.move(str(trained), target)
        marker = target / f".{MARKER}.tmp"
        marker.write_text(json.dumps({**meta, "number": number}, indent=2), encoding="utf-8")
        marker.rename(target / MARKER)
        return number
