"""The embedded server's process freezes its start-up heap once, after its first request."""

from __future__ import annotations

import gc
import sys

from django.core.signals import request_finished

from annotate.labelstudio import embedded, server


def test_first_finished_request_freezes_the_heap_once():
    request_finished.connect(
        embedded._freeze_after_first_request, weak=False, dispatch_uid=embedded.__name__
    )
    try:
        request_finished.send(sender=None)
        frozen = gc.get_freeze_count()
        assert frozen > 0
        # it has disconnected itself: later requests leave the collector as it is
        assert not request_finished.disconnect(dispatch_uid=embedded.__name__)
    finally:
        request_finished.disconnect(dispatch_uid=embedded.__name__)
        gc.unfreeze()


def test_server_runs_in_this_interpreter_through_the_launcher():
    assert server._command() == [sys.executable, "-m", "annotate.labelstudio.embedded"]
