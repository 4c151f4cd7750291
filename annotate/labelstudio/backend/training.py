"""Retraining in the background: the project's submitted annotations exported as `annotate
export` does, `annotate train`'s code on them, in a child process (so /predict keeps its CPU
and the GIL), the new pipeline moved into the store only once it is whole."""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.defaults import DEFAULT_MODEL, RULES_MODEL
from ...core.errors import AnnotateError
from ...core.processes import die_with_parent


@dataclass(frozen=True)
class TrainingJob:
    url: str
    api_key: str = field(repr=False)  # never in a log line or a traceback's repr
    project_id: int
    base_model: str
    seed: int = 0


def base_for_training(model: str) -> str:
    """The pipeline a retraining starts from: the rules under the default's learned model."""
    return RULES_MODEL if model == DEFAULT_MODEL else model


def run_job(job: TrainingJob, output: str, answer: Any) -> None:
    """In the child: export, train, save to `output`; send back (annotated tasks, None) or
    (0, the reason it failed)."""
    die_with_parent()
    try:
        from ...core.jsonl import read_records
        from ...core.schema import Kind
        from ...pipeline.train import save, train
        from .. import client as ls
        from ..export import export_project

        client = ls.connect(ls.Connection(job.url, job.api_key))
        project = ls.get_project(client, job.project_id)
        with tempfile.TemporaryDirectory(prefix="annotate-retrain-") as tmp:
            gold = Path(tmp) / "gold.jsonl"
            for _ in export_project(client, project, gold, n_process=1):
                pass
            records = list(read_records(gold, Kind.GOLD))
            if not records:
                raise AnnotateError("the project has no submitted annotations yet")
            nlp, _ = train(records, base_model=job.base_model, seed=job.seed)
            save(nlp, Path(output))
        answer.send((len(records), None))
    except (AnnotateError, OSError, ValueError) as e:
        answer.send((0, str(e)))


class Trainer:
    """One training at a time; a request during a training runs one more after it, so every
    annotation submitted before a request is in some training."""

    def __init__(self, *, scratch: Path, on_trained: Callable[[Path, int], None],
                 log: Callable[[str], None]) -> None:  # fmt: skip
        self.scratch, self.on_trained, self.log = scratch, on_trained, log
        self._lock = threading.Lock()
        self._running = False
        self._again: TrainingJob | None = None

    @property
    def running(self) -> bool:
        return self._running

    def request(self, job: TrainingJob) -> bool:
        """Start a training (True), or queue one after the current (False)."""
        with self._lock:
            if self._running:
                self._again = job
                return False
            self._running = True
        threading.Thread(target=self._loop, args=(job,), daemon=True).start()
        return True

    def _loop(self, job: TrainingJob | None) -> None:
        while job is not None:
            self._train(job)
            with self._lock:
                job, self._again = self._again, None
                if job is None:
                    self._running = False

    def _train(self, job: TrainingJob) -> None:
        self.scratch.mkdir(parents=True, exist_ok=True)
        output = Path(tempfile.mkdtemp(prefix=".training-", dir=self.scratch)) / "model"
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=run_job, args=(job, str(output), send), daemon=True)
        self.log(f"training started on project {job.project_id}'s annotations")
        child.start()
        send.close()
        try:
            count, error = receive.recv()
        except EOFError:
            count, error = 0, f"the training process ended unexpectedly (exit {child.exitcode})"
        child.join()
        if error is not None:
            self.log(f"training failed, the current model keeps serving: {error}")
            return
        try:
            self.on_trained(output, count)
        except (AnnotateError, OSError, ValueError) as e:
            self.log(f"the trained model did not load, the current model keeps serving: {e}")
        finally:
            shutil.rmtree(output.parent, ignore_errors=True)


def remove_unfinished(scratch: Path) -> None:
    """What a killed training left: never loaded, removed when the backend starts again."""
    for leftover in scratch.glob(".training-*"):
        shutil.rmtree(leftover, ignore_errors=True)
