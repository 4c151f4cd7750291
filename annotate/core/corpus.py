"""Read news articles (.txt and .jsonl; paths, directories, globs) into clean Article records.

The loader never stops at a bad file: it yields a Problem in the stream of Articles and goes
on, so a caller (the CLI) can print a summary and decide, with --strict, whether to fail.
"""

from __future__ import annotations

import glob
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .defaults import DEFAULT_MAX_BYTES
from .errors import Problem, RecordError
from .records import Article
from .schema import Kind, validate

BOM = b"\xef\xbb\xbf"
NUL = b"\x00"
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)


@dataclass(frozen=True)
class BoilerplateRule:
    """A whole line dropped from an article: `pattern` must match the stripped line in full."""

    name: str
    pattern: str
    example: str

    def matches(self, line: str) -> bool:
        return re.fullmatch(self.pattern, line.strip()) is not None


BOILERPLATE_RULES: tuple[BoilerplateRule, ...] = (
    BoilerplateRule("advertisement", r"Advertisement", "Advertisement"),
    BoilerplateRule("breadcrumb", r"•.*", "  • World»"),
    BoilerplateRule("posted-on", r"- Posted on\b.*", "- Posted on October 31, 2024"),
    BoilerplateRule("category", r"- News\b.*", "- News"),
    BoilerplateRule("byline", r"- By .+", "- By Arijit Dutta"),
    BoilerplateRule("view-counter", r"- \d[\d,]* Views?", "- 86 Views"),
    BoilerplateRule("also-read", r"Also Read:.*", "Also Read: Kejriwal Responds to Modi"),
)


CorpusEvent = Article | Problem


def clean_text(raw: str, rules: Iterable[BoilerplateRule] = BOILERPLATE_RULES) -> str:
    """CRLF to LF, boilerplate lines dropped, lines right-stripped, outer blank lines removed."""
    rules = tuple(rules)
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = [line.rstrip() for line in lines if not any(rule.matches(line) for rule in rules)]
    return "\n".join(kept).strip("\n")


def decode_utf8(data: bytes) -> str:
    """Decode strictly, dropping a BOM; a NUL byte or a bad byte skips the input, naming it."""
    offset = len(BOM) if data.startswith(BOM) else 0
    if NUL in data:
        raise _Skip("binary", f"binary file (NUL byte at offset {data.index(NUL)})")
    try:
        return data[offset:].decode("utf-8")
    except UnicodeDecodeError as e:
        bad = offset + e.start
        raise _Skip("encoding", f"invalid UTF-8 at byte {bad} ({data[bad : bad + 1]!r})") from e


class _Skip(Exception):
    """Internal: this input is skipped for `kind`, for `reason`."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def expand_sources(sources: Iterable[str | Path]) -> Iterator[Path | Problem]:
    """Files named directly, the .txt/.jsonl files under directories, and glob matches."""
    suffixes = TEXT_SUFFIXES + JSONL_SUFFIXES
    for source in sources:
        path = Path(source)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in suffixes and p.is_file())
        elif path.is_file():
            yield path
        elif glob.has_magic(str(source)):
            matches = sorted(Path(p) for p in glob.glob(str(source), recursive=True))
            if not matches:
                yield Problem(str(source), "missing", "glob matches no file")
            yield from (p for p in matches if p.is_file())
        else:
            yield Problem(str(source), "missing", "no such file or directory")


def _article(text: str, *, article_id: str, source: str, meta: dict[str, Any]) -> Article:
    cleaned = clean_text(text)
    if not cleaned.strip():
        raise _Skip("empty", "empty after cleaning" if text.strip() else "empty file")
    title = cleaned.split("\n", 1)[0].strip()
    return Article(id=article_id, text=cleaned, meta={"source": source, "title": title, **meta})


def _read_txt(path: Path, max_bytes: int) -> Iterator[Article]:
    size = path.stat().st_size
    if size > max_bytes:
        raise _Skip("too-large", f"{size} bytes is over the limit of {max_bytes} (--max-bytes)")
    text = decode_utf8(path.read_bytes())
    yield _article(text, article_id=path.stem, source=path.name, meta={})


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[CorpusEvent]:
    """One article per line; a bad line is reported with its number and the rest still load."""
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                if len(raw) > max_bytes:
                    raise _Skip("too-large", f"{len(raw)} bytes is over the limit of {max_bytes}")
                line = decode_utf8(raw)
                try:
                    obj = json.loads(line)
                except ValueError as e:
                    raise _Skip("json", f"invalid JSON: {e}") from e
                try:
                    validate(obj, Kind.ARTICLE, where=f"{path}:{line_no}")
                except RecordError as e:
                    raise _Skip("schema", f"{e.reason} (at {e.pointer})") from e
                yield _article(
                    obj["text"],
                    article_id=obj.get("id") or f"{path.stem}-{line_no}",
                    source=f"{path.name}:{line_no}",
                    meta=dict(obj.get("meta", {})),
                )
            except _Skip as skip:
                yield Problem(str(path), skip.kind, skip.reason, line_no)


def read_articles(
    sources: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[CorpusEvent]:
    """Stream clean, de-duplicated articles, and a Problem for every input skipped."""
    seen: dict[int, str] = {}
    for path in expand_sources(sources):
        if isinstance(path, Problem):
            yield path
            continue
        try:
            if path.suffix in JSONL_SUFFIXES:
                events = _read_jsonl(path, max_bytes)
            else:
                events = _read_txt(path, max_bytes)
            for event in events:
                if isinstance(event, Problem):
                    yield event
                    continue
                first = seen.get(event.input_hash)
                if first is not None:
                    yield Problem(str(path), "duplicate", f"same text as {first!r}; kept that one")
                    continue
                seen[event.input_hash] = event.id
                yield event
        except _Skip as skip:
            yield Problem(str(path), skip.kind, skip.reason)
        except OSError as e:
            yield Problem(str(path), "unreadable", e.strerror or str(e))
