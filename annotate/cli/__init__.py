"""The `annotate` command line: thin typer commands that parse, call the library and print.

One module per command, as in spaCy's `spacy/cli/`; importing them registers the commands.
"""

from . import agreement, evaluate, export, load, preannotate, push, server, validate  # noqa: F401
from ._util import app

__all__ = ["app"]
