"""The pre-annotation's choices, stdlib only so that the CLI can offer them cheaply."""

from enum import StrEnum


class Engine(StrEnum):
    LOCAL = "local"  # nlp.pipe in this process (and --n-process workers): one JSONL file
    RAY = "ray"  # Ray Data actors, here or on a cluster: a directory of shards with a manifest
