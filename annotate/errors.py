"""The project's own exceptions. Library code raises these; only the CLI prints and exits."""


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


class LabelStudioError(AnnotateError):
    """Label Studio answered with an error we cannot retry past, or cannot be reached."""


class ServerError(AnnotateError):
    """The local Label Studio server could not be started, stopped or found."""


class ExportError(AnnotateError):
    """An export would lose or alter an annotation (raised under --strict)."""


class EvaluationError(AnnotateError):
    """Gold and predictions cannot be compared."""
