"""Push's record batches: read, checked against the labeling config, and the worker threads
that read the first batch ahead and send while the next is prepared."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from itertools import chain, islice

from ..core.errors import Problem, RecordError
from ..core.records import Record
from .codec import check_result, record_to_prediction
from .config import LabelingConfig


def peek_version(records: Iterable[Record]) -> tuple[Iterator[Record], str | None]:
    """The stream unchanged, and its first record's model_version (a new project starts with
    it, so the editor pre-fills those predictions without a further request)."""
    stream = iter(records)
    first = next(stream, None)
    if first is None:
        return iter(()), None
    return chain([first], stream), first.model_version


Checked = dict | Problem  # a record's prediction checked against the labeling config, or why not
Batch = list[tuple[Record, Checked | None]]  # None: not checked yet (it may not be needed)


def batches_of(items: Iterable[Record], size: int) -> Iterator[Batch]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield [(record, None) for record in batch]


def checked_batch(items: Iterator[Record], size: int, config: LabelingConfig) -> Batch:
    """The next batch, read and checked (whether or not its records turn out to be needed).
    The thread gives way after each record: the project lookup running beside it waits for
    each answer of the server, and would otherwise wait for the interpreter each time too."""
    batch: Batch = []
    for record in islice(items, size):
        batch.append((record, check_record(record, config)))
        time.sleep(0)
    return batch


def check_record(record: Record, config: LabelingConfig) -> Checked:
    where = f"record {record.id!r}"
    try:
        prediction = record_to_prediction(record)
        check_result(prediction["result"], record.text, config, where=where)
    except RecordError as e:
        reason = e.reason if not e.pointer else f"at {e.pointer}: {e.reason}"
        return Problem(where, "failed", reason)
    except KeyError as e:
        return Problem(where, "failed", f"holder {e} is not one of the entity spans")
    return prediction


@contextmanager
def worker(name: str) -> Iterator[ThreadPoolExecutor]:
    """One worker thread, started before it is given work: a thread that starts busy holds up
    the one that started it for tens of milliseconds (measured: ~40 ms)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=name) as pool:
        pool.submit(int).result()
        yield pool


def read_ahead(batch: Future) -> Iterator[Batch]:
    """The batch read in another thread, when it is wanted (a reading error is raised here)."""
    if first := batch.result():
        yield first
