"""Where a push's task listing spends the server's time (issue: the loop at scale). Pushes N
synthetic tasks into a fresh local Label Studio, stops it, then serves the listing push asks
for (the Data Manager's `api/tasks/`, pages of 500) inside this process under cProfile, with
Label Studio's resolving of storage links in the data on (its default) and off (what push
asks). Prints the time per listing and the share spent prefetching every task's predictions
(which the listing never returns), decoding JSON, and serializing.
Usage: python benchmarks/profile_listing.py [N]   (default: 2000)"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from common import annotate_bin, run_child, started_server, synthetic_records

from annotate.core.jsonl import write_records
from annotate.core.schema import Kind
from annotate.labelstudio.client.tasks import TASK_LISTING
from annotate.labelstudio.server import QUIET_ENV

PAGE_SIZE = 500
ROUNDS = 3
# (what, file name ending, function name): the cumulative time of the outermost such function
# (nested serializers call one another's `to_representation`)
PARTS = [
    ("prefetching related rows (predictions, annotations, ...)", "django/db/models/query.py",
     "prefetch_related_objects"),
    ("decoding JSON fields (task data, prediction results)", "json/decoder.py", "raw_decode"),
    ("serializing the page", "rest_framework/serializers.py", "to_representation"),
    ("resolving storage links in the data", "tasks/models.py", "resolve_uri"),
]  # fmt: skip


def built_project(tmp: Path, count: int) -> tuple[Path, str]:
    """A data dir holding one project of `count` pushed tasks, and the admin's legacy token."""
    current, credentials, stop = started_server(tmp)
    os.environ.update(LABEL_STUDIO_URL=current.url, LABEL_STUDIO_API_KEY=credentials.api_key)
    try:
        path = tmp / "records.jsonl"
        write_records(path, synthetic_records(count), Kind.PREDICTION)
        run_child([annotate_bin(), "push", str(path), "--project", "profile listing"])
    finally:
        stop()
    return tmp / "ls", credentials.legacy_token


def django_client(data_dir: Path, token: str):
    import label_studio

    sys.path.insert(0, os.path.dirname(label_studio.__file__))
    os.environ.update(QUIET_ENV, DJANGO_SETTINGS_MODULE="core.settings.label_studio",
                      LABEL_STUDIO_BASE_DATA_DIR=str(data_dir),
                      LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true")  # fmt: skip
    import django

    django.setup()
    from django.test import Client

    return Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")


def listing(client, count: int, resolve_uri: str) -> None:
    for page in range(1, -(-count // PAGE_SIZE) + 1):
        answer = client.get("/api/tasks/", {**TASK_LISTING, "resolve_uri": resolve_uri,
                                             "project": 1, "include": "id,data",
                                             "page": page, "page_size": PAGE_SIZE})  # fmt: skip
        if answer.status_code != 200:
            raise SystemExit(f"listing page {page}: HTTP {answer.status_code}")
        if page == 1 and json.loads(answer.content)["total"] != count:
            raise SystemExit("the project does not hold the pushed tasks")


def main(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="profile-listing-") as tmp_name:
        data_dir, token = built_project(Path(tmp_name), count)
        client = django_client(data_dir, token)
        listing(client, count, "true")  # warm: first queries, imports
        for resolve_uri in ("true", "false"):
            seconds = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                listing(client, count, resolve_uri)
                seconds.append(time.perf_counter() - started)
            profile = cProfile.Profile()
            profile.runcall(listing, client, count, resolve_uri)
            stats = pstats.Stats(profile).stats
            total = sum(tt for _cc, _nc, tt, _ct, _callers in stats.values())
            print(f"{count} tasks, resolve_uri={resolve_uri}: listing {min(seconds):.2f} s (best of "
                  f"{ROUNDS}, unprofiled); profiled {total:.2f} s, of which:")  # fmt: skip
            for what, ending, name in PARTS:
                spent = max((ct for (file, _line, func), (_cc, _nc, _tt, ct, _c) in stats.items()
                             if func == name and file.endswith(ending)), default=0.0)  # fmt: skip
                print(f"  {spent:5.2f} s ({spent / total:4.0%}) {what}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
