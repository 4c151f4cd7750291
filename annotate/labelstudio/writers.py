"""Gold records out: validated JSONL lines (Prodigy's token indices, hashes, schema check) or a
spaCy DocBin.

Tokenizing, hashing and validating are most of an export's own work, so they run in worker
processes while this process parses the snapshot; lines come back in record order. Records
travel in small batches, a few at a time, so memory stays flat whatever the project size.
With one process the work runs here, once the tokenizer has loaded in a thread.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from itertools import islice, pairwise
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..core.defaults import DEFAULT_SPAN_KEY
from ..core.errors import ExportError, Problem
from ..core.processes import die_with_parent
from ..core.records import Entity, Record
from ..core.schema import Kind, validate
from ..core.tokens import blank_tokenizer, prodigy_tokens
from .choices import Format

Report = Callable[[Problem], None]

BATCH_RECORDS = 100
BATCHES_PER_WORKER = 3  # queued ahead: enough to keep every worker busy, little memory

_tokenizer: Any = None  # one per worker process, or this process's own with one process


def with_tokens(
    records: Iterable[Record], *, tokenizer: Any, keep_tokens: bool = False
) -> Iterator[Record]:
    """Each span's token_start/token_end (inclusive, as Prodigy); Prodigy's `tokens` on request."""
    for record in records:
        doc = tokenizer(record.text)
        spans = []
        for entity in record.spans:
            span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
            spans.append(
                Entity(entity.start, entity.end, entity.label, entity.text,
                       token_start=span.start, token_end=span.end - 1)
            )  # fmt: skip
        yield record.with_(spans=tuple(spans), tokens=prodigy_tokens(doc) if keep_tokens else None)


def _load_tokenizer(in_worker: bool) -> None:
    global _tokenizer
    if in_worker:  # Ctrl-C is the parent's to handle: it shuts the workers down
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        die_with_parent()
    _tokenizer = blank_tokenizer()


def _lines(batch: Sequence[Record], *, first: int, where: str, keep_tokens: bool) -> list[str]:
    import srsly  # loaded with spaCy by now; imported at start-up it costs every command ~80 ms

    lines = []
    tokenized = with_tokens(batch, tokenizer=_tokenizer, keep_tokens=keep_tokens)
    for number, record in enumerate(tokenized, start=first):
        obj = record.to_dict()
        validate(obj, Kind.GOLD, where=f"{where} record {number} (id {record.id})")
        lines.append(srsly.json_dumps(obj))
    return lines


@dataclass(frozen=True)
class LineWorkers:
    executor: Executor
    count: int
    ready: Future  # done once a worker process (or this process) has loaded its tokenizer


@contextmanager
def line_workers(n_process: int = 1) -> Iterator[LineWorkers]:
    """Workers for `gold_lines`. They start loading spaCy at once, so start them early (e.g.
    before waiting for a snapshot). n_process=1: no new process; the tokenizer loads in a thread
    and the lines are made in this one (a thread would only contend for the GIL)."""
    if n_process < 1:
        raise ExportError(f"n_process must be 1 or more, not {n_process}")
    if n_process == 1:
        workers: Executor = ThreadPoolExecutor(1)
        ready = workers.submit(_load_tokenizer, False)
    else:  # spawn, not fork: this process may already run threads (HTTP client, progress bar)
        workers = ProcessPoolExecutor(
            n_process,
            mp_context=get_context("spawn"),
            initializer=_load_tokenizer,
            initargs=(True,),
        )
        ready = [workers.submit(int) for _ in range(n_process)][-1]
    with workers:
        yield LineWorkers(workers, n_process, ready)


def _finished(job: Future) -> Any:
    try:
        return job.result()
    except BrokenProcessPool as e:
        raise ExportError("a worker process stopped unexpectedly; nothing was written") from e


def gold_lines(
    records: Iterable[Record], *, workers: LineWorkers, where: str = "", keep_tokens: bool = False
) -> Iterator[str]:
    """Validated gold JSONL lines for `records`, in order. `where` names the output in errors."""
    _finished(workers.ready)
    in_this_process = workers.count == 1
    ahead = BATCHES_PER_WORKER * workers.count
    pending: deque[Future] = deque()
    stream = iter(records)
    first = 1
    while batch := tuple(islice(stream, BATCH_RECORDS)):
        options = {"first": first, "where": where, "keep_tokens": keep_tokens}
        first += len(batch)
        if in_this_process:
            yield from _lines(batch, **options)
            continue
        pending.append(workers.executor.submit(_lines, batch, **options))
        if len(pending) >= ahead:
            yield from _finished(pending.popleft())
    while pending:
        yield from _finished(pending.popleft())


def write_lines(path: str | Path, lines: Iterable[str]) -> Iterator[int]:
    """Write JSONL lines to `path` (make it an `atomic_path`); yields the count after each."""
    with Path(path).open("w", encoding="utf-8") as handle:
        for count, line in enumerate(lines, start=1):
            handle.write(line + "\n")
            yield count


HOLDERS_KEY = "annotate_holders"  # doc.user_data: claim (start, end) -> holder entity offsets


def aligned_doc(tokenizer: Any, record: Record, report: Report) -> Any:
    """The record's text as a Doc whose tokens end at every span boundary.

    One rule for spans that do not fall on token boundaries ("Hezbo" inside "Hezbollah"): the
    token is split there, so every entity and claim keeps its exact characters in the DocBin,
    and each such span is reported. A span that begins or ends in whitespace cannot be a span
    of tokens: it is left out and reported as invalid.
    """
    from spacy.tokens import Doc

    doc = tokenizer(record.text)
    items = (*record.spans, *record.stances)
    misaligned = [i for i in items if doc.char_span(i.start, i.end) is None]
    if not misaligned:
        return doc
    where = _where(record)
    for item in misaligned:
        reason = f"{item.label} {item.start}..{item.end} {item.text!r} does not fall on token boundaries: the tokens are split there"
        report(Problem(where, "retokenized", reason, skipped=False))
    cuts = sorted({o for i in misaligned for o in (i.start, i.end)})
    words, spaces = [], []
    for token in doc:
        start, end = token.idx, token.idx + len(token)
        inner = [c for c in cuts if start < c < end]
        bounds = [start, *inner, end]
        pieces = [record.text[x:y] for x, y in pairwise(bounds)]
        words += pieces
        spaces += [False] * (len(pieces) - 1) + [bool(token.whitespace_)]
    return Doc(doc.vocab, words=words, spaces=spaces)


def _where(record: Record) -> str:
    meta = record.meta
    if "ls_task_id" in meta:
        return f"task {meta['ls_task_id']} annotation {meta.get('ls_annotation_id')}"
    return f"record {record.id!r}"


def _spans(doc: Any, items: Iterable[Any], record: Record, report: Report) -> list[Any]:
    spans = []
    for item in items:
        span = doc.char_span(item.start, item.end, label=item.label)
        if span is None:
            reason = f"{item.label} {item.start}..{item.end} {item.text!r} begins or ends in whitespace: left out of the DocBin"
            report(Problem(_where(record), "invalid", reason))
            continue
        spans.append(span)
    return spans


def write_docbin(
    records: Iterable[Record], path: Any, *, tokenizer: Any, report: Report
) -> Iterator[int]:
    """A `.spacy` DocBin: entities as doc.ents, claims in doc.spans under the stance component's
    default key, holders kept in user_data. Yields the count after each record."""
    from spacy.tokens import DocBin

    doc_bin = DocBin(store_user_data=True)
    for count, record in enumerate(records, start=1):
        doc = aligned_doc(tokenizer, record, report)
        doc.ents = _spans(doc, record.spans, record, report)
        doc.spans[DEFAULT_SPAN_KEY] = _spans(doc, record.stances, record, report)
        doc.user_data[HOLDERS_KEY] = {
            f"{c.start}:{c.end}": [[h.start, h.end] for h in c.holders] for c in record.stances
        }
        doc.user_data["id"] = record.id
        doc_bin.add(doc)
        yield count
    doc_bin.to_disk(path)


def _jsonl_writer(
    stack: ExitStack, *, n_process: int, keep_tokens: bool, where: str, report: Report
):
    workers = stack.enter_context(line_workers(n_process))
    return lambda records, path: write_lines(
        path, gold_lines(records, workers=workers, where=where, keep_tokens=keep_tokens)
    )


def _docbin_writer(
    stack: ExitStack, *, n_process: int, keep_tokens: bool, where: str, report: Report
):
    loading = stack.enter_context(ThreadPoolExecutor(max_workers=1)).submit(blank_tokenizer)
    return lambda records, path: write_docbin(
        records, path, tokenizer=loading.result(), report=report
    )


# Each starts what it needs at once (spaCy loads while the server builds the snapshot) and
# returns a function (records, path) -> counts, a generator that writes as it is consumed.
WRITERS = {Format.JSONL: _jsonl_writer, Format.SPACY: _docbin_writer}
