"""The export's choices, stdlib only so that the CLI can offer them without importing more."""

from enum import StrEnum


class Format(StrEnum):
    JSONL = "jsonl"  # gold records, one JSON object per line
    SPACY = "spacy"  # a DocBin for `spacy train`


class Policy(StrEnum):
    LATEST = "latest"  # one record per annotated task: its newest non-cancelled annotation
    ALL = "all"  # one record per non-cancelled annotation (for agreement)


class Order(StrEnum):
    FILE = "file"  # as the records come
    UNCERTAIN = "uncertain"  # lowest prediction score (the model's least certain) first
