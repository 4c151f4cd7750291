"""The project's own exceptions and the one `Problem` type every stage reports.

Library code raises these or yields Problems; only the CLI prints and exits.
"""

from __future__ import annotations

from dataclasses import dataclass


class AnnotateError(Exception):
    """Base class: every error the toolkit raises on purpose."""


class RecordError(AnnotateError):
    """A record does not follow its schema or its offsets do not fit its text.

    `where` names the place (file:line, task id, ...) and `pointer` the JSON pointer.
    """

    def __init__(self, message: str, *, where: str = "", pointer: str = "") -> None:
        self.where = where
        self.pointer = pointer
        self.reason = message
        location = where + (f" at {pointer}" if pointer else "")
        super().__init__(f"{location}: {message}" if location else message)


class InputError(AnnotateError):
    """An input named on the command line does not exist or cannot be used at all."""


class OutputError(AnnotateError):
    """An output cannot be written where it was asked for (a directory, no permission, ...)."""


class LexiconError(AnnotateError, ValueError):
    """A component's lexicon (its word lists) has an unknown key or a value of the wrong type."""


class PipelineError(AnnotateError):
    """A spaCy pipeline cannot be loaded or lacks a component the toolkit needs."""


class LabelStudioError(AnnotateError):
    """Label Studio answered with an error we cannot retry past, or cannot be reached.

    `status` is the HTTP status of the answer (None when there was none).
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class ServerError(AnnotateError):
    """The local Label Studio server could not be started, stopped or found."""


class RequestError(AnnotateError):
    """A request to the ML backend that it cannot answer (the client's fault: a 4xx)."""


class ExportError(AnnotateError):
    """An export would lose or alter an annotation."""


class EvaluationError(AnnotateError):
    """Gold and predictions cannot be compared."""


@dataclass(frozen=True)
class Problem:
    """Something a stage skipped, repaired or could not use, and where.

    `source` is the file, record or task; `kind` a short tag that summaries count by
    (for example "duplicate", "invalid", "repaired"); `line` a line number if any. `skipped`
    is False for a notice about an item that was kept (an id derived anew, say).
    """

    source: str
    kind: str
    reason: str
    line: int | None = None
    skipped: bool = True

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


def count_kinds(problems: list[Problem]) -> dict[str, int]:
    """How many problems of each kind, for a summary table."""
    out: dict[str, int] = {}
    for problem in problems:
        out[problem.kind] = out.get(problem.kind, 0) + 1
    return out
