"""Read news articles (.txt and .jsonl; paths, directories, globs) into clean Article records.

The loader never stops at a bad file: it yields a Problem in the stream of Articles and goes
on, so a caller (the CLI) can print a summary and decide, with --strict, whether to fail.
"""

from __future__ import annotations

import glob
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .defaults import DEFAULT_MAX_BYTES
from .errors import InputError, Problem, RecordError
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


def check_sources(sources: Iterable[str | Path]) -> None:
    """Raise InputError naming every source that is no file, no directory and no matching glob."""
    missing = []
    for source in sources:
        path = Path(source)
        if path.exists():
            continue
        if glob.has_magic(str(source)):
            if not glob.glob(str(source), recursive=True):
                missing.append(f"{source} (the pattern matches no file)")
        else:
            missing.append(f"{source} (no such file or directory)")
    if missing:
        raise InputError(f"input not found: {'; '.join(missing)}")


def _is_article_file(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES and path.is_file()


def expand_sources(sources: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, the .txt/.jsonl files (any case) under directories, glob matches."""
    sources = list(sources)
    check_sources(sources)
    for source in sources:
        path = Path(source)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if _is_article_file(p))
        elif path.is_file():
            yield path
        else:
            yield from sorted(
                p for p in (Path(m) for m in glob.glob(str(source), recursive=True)) if p.is_file()
            )


def _article(
    text: str, *, article_id: str, source: str, meta: dict[str, Any], empty: str
) -> Article:
    cleaned = clean_text(text)
    if not cleaned.strip():
        raise _Skip("empty", "empty after cleaning" if text.strip() else empty)
    title = cleaned.split("\n", 1)[0].strip()
    return Article(id=article_id, text=cleaned, meta={"source": source, "title": title, **meta})


@dataclass(frozen=True)
class ArticleRef:
    """Where an article is read from: a .txt file, or the line of a JSONL file starting at
    `offset`; `id` is the id the loader gave it (unique in its corpus). Small enough to send
    to another process or machine, which reads the article again with `load_article`."""

    path: str
    id: str
    line: int | None = None
    offset: int = 0


Located = tuple[ArticleRef | None, Article | Problem]


def _read_txt(path: Path, max_bytes: int) -> Iterator[Located]:
    size = path.stat().st_size
    if size > max_bytes:
        raise _Skip("too-large", f"{size} bytes is over the limit of {max_bytes} (--max-bytes)")
    yield ArticleRef(str(path), path.stem), _txt_article(path.read_bytes(), path)


def _txt_article(data: bytes, path: Path) -> Article:
    text = decode_utf8(data)
    return _article(text, article_id=path.stem, source=path.name, meta={}, empty="empty file")


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Located]:
    """One article per line; a bad line is reported with its number and the rest still load."""
    with path.open("rb") as handle:
        offset = 0
        for line_no, raw in enumerate(handle, start=1):
            start, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            try:
                if len(raw) > max_bytes:
                    raise _Skip("too-large", f"{len(raw)} bytes is over the limit of {max_bytes}")
                article = _jsonl_article(raw, path, line_no)
                yield ArticleRef(str(path), article.id, line_no, start), article
            except _Skip as skip:
                yield None, Problem(str(path), skip.kind, skip.reason, line_no)


def _jsonl_article(raw: bytes, path: Path, line_no: int) -> Article:
    line = decode_utf8(raw)
    try:
        obj = json.loads(line)
    except ValueError as e:
        raise _Skip("json", f"invalid JSON: {e}") from e
    try:
        validate(obj, Kind.ARTICLE, where=f"{path}:{line_no}")
    except RecordError as e:
        raise _Skip("schema", f"{e.reason} (at {e.pointer})") from e
    return _article(
        obj["text"],
        article_id=obj.get("id") or f"{path.stem}-{line_no}",
        source=f"{path.name}:{line_no}",
        meta=dict(obj.get("meta", {})),
        empty="empty text",
    )


def load_article(ref: ArticleRef) -> Article:
    """Read the article at `ref` again, exactly as `locate_articles` read it (same cleaning,
    same meta), under the id the corpus gave it. InputError if it is no longer the same."""
    path = Path(ref.path)
    try:
        if ref.line is None:
            article = _txt_article(path.read_bytes(), path)
        else:
            with path.open("rb") as handle:
                handle.seek(ref.offset)
                article = _jsonl_article(handle.readline(), path, ref.line)
    except _Skip as skip:
        raise InputError(f"{path}: changed since it was read ({skip.reason})") from skip
    except OSError as e:
        raise InputError(f"{path}: cannot read again: {e.strerror or e}") from e
    return replace(article, id=ref.id)


def _unique_id(article: Article, path: Path, line: int | None, taken: set[str]) -> str:
    """The article's id, or one derived from its path (and line) where that is taken."""
    if article.id not in taken:
        return article.id
    base = path.with_suffix("").as_posix() if line is None else f"{article.id}-{path.stem}-{line}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def read_articles(
    sources: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[CorpusEvent]:
    """Stream clean, de-duplicated articles with unique ids, and a Problem for every input
    skipped (or, not skipped, whose id was taken and was derived from its path instead).

    A source that does not exist raises InputError before anything is read."""
    for _, event in locate_articles(sources, max_bytes=max_bytes):
        yield event


def locate_articles(
    sources: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Located]:
    """`read_articles`, each article with the ref it can be read again from (None for a
    Problem)."""
    first_of_text: dict[int, str] = {}
    ids: set[str] = set()
    for path in expand_sources(sources):
        try:
            reader = _read_jsonl if path.suffix.lower() in JSONL_SUFFIXES else _read_txt
            for ref, event in reader(path, max_bytes):
                line = None if ref is None else ref.line
                if isinstance(event, Problem):
                    yield None, event
                    continue
                first = first_of_text.get(event.input_hash)
                if first is not None:
                    reason = f"same text as {first!r}; kept that one"
                    yield None, Problem(str(path), "duplicate", reason, line)
                    continue
                unique = _unique_id(event, path, line, ids)
                if unique != event.id:
                    reason = (
                        f"id {event.id!r} is taken by an earlier article; this one is {unique!r}"
                    )
                    yield None, Problem(str(path), "renamed", reason, line, skipped=False)
                    event = replace(event, id=unique)
                first_of_text[event.input_hash] = unique
                ids.add(unique)
                yield replace(ref, id=unique), event
        except _Skip as skip:
            yield None, Problem(str(path), skip.kind, skip.reason)
        except OSError as e:
            yield None, Problem(str(path), "unreadable", e.strerror or str(e))
