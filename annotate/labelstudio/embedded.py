"""The embedded Label Studio's process: `label-studio` run in this interpreter, with its start-up
heap kept out of the garbage collector's full passes.

After start-up the server holds some 370,000 long-lived objects (Django, its apps, the URL
conf). Every full collection walked all of them: about 0.3 s, on every third page of a task
listing, half the time of a re-push with nothing to do (measured on the server's own gc
callbacks). CPython's `gc.freeze()` is meant for this: once the first request has been answered
(everything loaded), what is alive moves to a generation the collector never scans. Garbage made
by later requests is collected as before.

Run as `python -m annotate.labelstudio.embedded ARGS...` with `label-studio`'s own arguments.
"""

from __future__ import annotations

import gc
import sys
from typing import Any


def _freeze_after_first_request(**_: Any) -> None:
    from django.core.signals import request_finished

    if request_finished.disconnect(dispatch_uid=__name__):  # False: another thread did it
        gc.collect()
        gc.freeze()


def main(argv: list[str]) -> None:
    from django.core.signals import request_finished
    from label_studio.server import main as label_studio_main

    request_finished.connect(_freeze_after_first_request, weak=False, dispatch_uid=__name__)
    sys.argv = ["label-studio", *argv]
    label_studio_main()


if __name__ == "__main__":
    main(sys.argv[1:])
