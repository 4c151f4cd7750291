"""annotate: pre-annotate news with spaCy, correct in Label Studio, export gold, evaluate."""


def __getattr__(name: str) -> str:
    # looked up only when asked for: importlib.metadata costs every command ~30 ms at start-up
    if name != "__version__":
        raise AttributeError(f"module 'annotate' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("annotate")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"
