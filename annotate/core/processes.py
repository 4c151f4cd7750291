"""Processes: whether one runs, and worker processes that end when the process that started
them dies (so a kill -9 of a command leaves nothing running)."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h
M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8  # glibc's malloc.h


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent() -> None:
    """In a worker process: be sent SIGKILL when the parent dies, and exit now if it already
    has. Linux only (prctl); elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


_forked_workers_die_with_parent = False


def forked_workers_die_with_parent() -> None:
    """Every process this one forks from now on (spaCy's nlp.pipe workers, say) dies with it."""
    global _forked_workers_die_with_parent
    if not _forked_workers_die_with_parent:
        os.register_at_fork(after_in_child=die_with_parent)
        _forked_workers_die_with_parent = True


def steady_heap() -> bool:
    """Keep this process's memory flat over long streams (glibc only; elsewhere a no-op that
    returns False). Call it before any thread starts.

    Reading pages of several MB, glibc raises its mmap threshold to their size after the first
    is freed and serves the next from the heap, which then fragments and grows by about 1 MB
    a page; each thread's own arena fragments again. A fixed threshold and one arena keep
    a 10,000-task re-push within 15% of a 2,000-task one (benchmarks/bench_repush.py). Not for
    spaCy's work: its large, short-lived arrays make `preannotate` ~15% slower with it.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, 128 * 1024)) and bool(mallopt(M_ARENA_MAX, 1))
