"""The `annotate` command line: thin typer commands that parse, call the library and print.

One module per command, as in spaCy's `spacy/cli/`; importing them registers the commands.
"""

from __future__ import annotations

import gc
import signal
import sys
from types import FrameType

from . import (  # noqa: F401  (importing a command module registers it)
    agreement,
    evaluate,
    export,
    load,
    preannotate,
    push,
    review,
    serve,
    server,
    train,
    validate,
)
from ._util import Interrupted, app, err

__all__ = ["app", "main"]


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


def main() -> None:
    """The console script: SIGINT and SIGTERM unwind the command like an error, so that
    temporary files are removed and workers stopped, then say so and exit 128 + the signal."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    try:
        app(prog_name="annotate")
    except Interrupted as stop:
        name = signal.Signals(stop.signum).name
        err.print(
            f"[bold red]✘[/] stopped by {name}: every output is written whole or not at all, "
            "so nothing half-written is left; run the same command again to redo or resume it",
            highlight=False,
        )
        sys.exit(128 + stop.signum)
    finally:
        # The interpreter's last collections at exit would walk every object the command
        # loaded (~0.15 s once spaCy is in); frozen, they are skipped, and nothing is lost.
        gc.freeze()
