"""Processes: whether one runs, and worker processes that end when the process that started
them dies (so a kill -9 of a command leaves nothing running)."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


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
