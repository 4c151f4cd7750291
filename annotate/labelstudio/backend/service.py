"""The serving state: the current model (swapped whole when a training succeeds), the
predictions it makes, and the webhook events that lead to retraining."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ...core.errors import RequestError
from ...core.records import Article
from ...pipeline.preannotate import build_pipeline, preannotate
from ..codec import prediction_score, record_to_result
from ..config import TEXT_NAME
from .models import ModelStore, Served, served
from .training import Trainer, TrainingJob, base_for_training, remove_unfinished

CHANGES = {"ANNOTATION_CREATED": 1, "ANNOTATION_UPDATED": 1, "ANNOTATIONS_DELETED": 1}
START_TRAINING = "START_TRAINING"


class Service:
    def __init__(
        self,
        *,
        store: ModelStore,
        retrain_every: int,
        project_id: int | None = None,
        connection: Any | None = None,
        log: Callable[[str], None] = print,
    ) -> None:
        self.store, self.retrain_every, self.project_id = store, retrain_every, project_id
        self.connection, self.log = connection, log
        remove_unfinished(store.directory)
        self._served, problems = store.load_newest()
        for problem in problems:
            log(problem)
        self._predict_lock = threading.Lock()  # a spaCy pipeline is not safe across threads
        self._changes = 0
        self.trainer = Trainer(scratch=store.directory, on_trained=self._swap, log=log)

    @property
    def served(self) -> Served:
        return self._served

    def predict(self, tasks: Any) -> tuple[str, list[dict[str, Any]]]:
        """One prediction per task, all from one model; RequestError for a bad task."""
        if not isinstance(tasks, list):
            raise RequestError("'tasks' must be a list of Label Studio tasks")
        articles = [_article(task, i) for i, task in enumerate(tasks)]
        current = self._served
        with self._predict_lock:
            records = list(preannotate(articles, nlp=current.nlp))
        results = []
        for record in records:
            record = record.with_(model_version=current.version)
            results.append({"result": record_to_result(record),
                            "score": prediction_score(record),
                            "model_version": current.version})  # fmt: skip
        return current.version, results

    def event(self, payload: Any) -> dict[str, Any]:
        """Count an annotation event or start a training; answers at once (Label Studio waits
        1 s and does not retry), the training runs in the background."""
        if not isinstance(payload, Mapping) or not isinstance(payload.get("action"), str):
            raise RequestError("a webhook body is a JSON object with an 'action'")
        action = payload["action"]
        if action not in CHANGES and action != START_TRAINING:
            known = ", ".join([*CHANGES, START_TRAINING])
            raise RequestError(f"unknown event {action!r} (this backend handles {known})")
        project = self.project_id or _project_id(payload)
        if action in CHANGES:
            self._changes += CHANGES[action]
            if self._changes < self.retrain_every:
                return {"status": "ok", "training": False, "changes": self._changes}
        if self.connection is None or project is None:
            self.log(f"{action}: no training: start serve with a Label Studio key and --project")
            return {"status": "ok", "training": False}
        self._changes = 0
        job = TrainingJob(self.connection.url, self.connection.api_key, project,
                          base_for_training(self.store.base_model))  # fmt: skip
        started = self.trainer.request(job)
        return {"status": "ok", "training": True, "queued": not started}

    def _swap(self, trained: Path, annotated_tasks: int) -> None:
        number = self.store.add(trained, {"trained_on": annotated_tasks})
        new = served(build_pipeline(str(self.store.path(number))), number, annotated_tasks)
        self._served = new  # one assignment: a request in flight keeps the model it took
        self.log(f"now serving {new.version} (trained on {annotated_tasks} annotated tasks)")


def _article(task: Any, index: int) -> Article:
    where = f"task {task.get('id', index)}" if isinstance(task, Mapping) else f"task {index}"
    if not isinstance(task, Mapping):
        raise RequestError(f"{where} is not a JSON object")
    text = (task.get("data") or {}).get(TEXT_NAME)
    if not isinstance(text, str) or not text.strip():
        raise RequestError(f"{where} has no text in data.{TEXT_NAME}")
    return Article(id=str(task.get("id", index)), text=text)


def _project_id(payload: Mapping[str, Any]) -> int | None:
    project = payload.get("project")
    if isinstance(project, Mapping) and isinstance(project.get("id"), int):
        return project["id"]
    return None
