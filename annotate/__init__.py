"""annotate: pre-annotate news with spaCy, correct in Label Studio, export gold, evaluate."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("annotate")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
