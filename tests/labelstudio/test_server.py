"""The local server started by the tests themselves: moved to another port, and on PostgreSQL
instead of SQLite (a throwaway cluster)."""

from __future__ import annotations

import dataclasses
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from annotate.core.records import Entity, Record
from annotate.labelstudio import client as ls
from annotate.labelstudio import keys, server
from annotate.labelstudio.push import push

from ..conftest import free_port

pytestmark = pytest.mark.integration
MADE_UP_SIGNING_KEY = "Will generate a random key"  # Label Studio's warning when it makes one


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


@pytest.fixture
def postgres():
    """A PostgreSQL cluster in a temporary directory, trusting loopback, on a free port."""
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.fail("PostgreSQL is not installed: `make test` installs Debian's postgresql package")
    user = pwd.getpwnam("postgres")
    root = Path(tempfile.mkdtemp(prefix="annotate-pg-"))
    os.chown(root, user.pw_uid, user.pw_gid)
    port = free_port()

    def as_postgres(*args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120
        )

    as_postgres(initdb, "-D", str(root / "data"), "--auth=trust", "-U", "postgres")
    as_postgres(pg_ctl, "-D", str(root / "data"), "-l", str(root / "log"), "-w", "start",
                "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1")  # fmt: skip
    try:
        as_postgres(
            pg_bin("createdb") or "createdb", "-h", "127.0.0.1", "-p", str(port), "labelstudio"
        )
        yield {"DJANGO_DB": "default", "POSTGRE_NAME": "labelstudio", "POSTGRE_USER": "postgres",
               "POSTGRE_PASSWORD": "", "POSTGRE_HOST": "127.0.0.1", "POSTGRE_PORT": str(port)}  # fmt: skip
    finally:
        as_postgres(pg_ctl, "-D", str(root / "data"), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def test_a_restart_keeps_a_working_key_on_another_port_and_replaces_a_refused_one(tmp_path):
    data_dir = tmp_path / "ls"
    log = data_dir / "server.log"
    first, credentials = server.start(data_dir=data_dir, port=free_port())
    try:
        # Label Studio's own keys begin with "$" one time in fifty and are misread after a restart
        assert MADE_UP_SIGNING_KEY not in log.read_text()
        server.stop(data_dir=data_dir)
        moved, again = server.start(data_dir=data_dir, port=free_port())
        assert moved.url != first.url and again.url == moved.url
        assert again.api_key == credentials.api_key
        assert server.Credentials.read(data_dir) == again
        client = ls.connect(ls.Connection(moved.url, again.api_key))
        assert ls.find_project(client, "no such project") is None
        assert MADE_UP_SIGNING_KEY not in log.read_text()
        # a data dir whose key Label Studio made with a "$": its token fails after a restart
        server.stop(data_dir=data_dir)
        keys.signing_key_file(data_dir).write_text("\nSECRET_KEY=$k9q!x@z#k^2s*u=m+r_e-w)0p%t&y1\n")
        replaced, renewed = server.start(data_dir=data_dir, port=free_port())
        assert renewed.api_key not in (credentials.api_key, credentials.legacy_token)
        assert server.Credentials.read(data_dir) == renewed
        client = ls.connect(ls.Connection(replaced.url, renewed.api_key))
        assert ls.find_project(client, "no such project") is None
        assert keys.refused(replaced.url, credentials.api_key)  # the old one no longer works
        # a start that died before writing the token: the server will not show it again
        server.stop(data_dir=data_dir)
        dataclasses.replace(renewed, api_key="").write(data_dir)
        last, fresh = server.start(data_dir=data_dir, port=free_port())
        assert fresh.api_key not in ("", renewed.api_key, credentials.legacy_token)
        client = ls.connect(ls.Connection(last.url, fresh.api_key))
        assert ls.find_project(client, "no such project") is None
    finally:
        server.stop(data_dir=data_dir)


def test_server_uses_postgresql_when_configured(postgres, tmp_path):
    data_dir = tmp_path / "ls"
    current, credentials = server.start(data_dir=data_dir, port=free_port(), extra_env=postgres)
    try:
        client = ls.connect(ls.Connection(current.url, credentials.api_key))
        text = "Qatar pushed for a truce."
        record = Record("pg", text, spans=(Entity(0, 5, "GPE", "Qatar"),), model_version="m")
        list(push([record], client=client, title="PostgreSQL check"))
        psql = pg_bin("psql") or "psql"
        count = subprocess.run([psql, "-h", "127.0.0.1", "-p", postgres["POSTGRE_PORT"], "-U", "postgres", "-d",
                                "labelstudio", "-tAc", "select count(*) from task"],
                               capture_output=True, text=True, check=True)  # fmt: skip
        assert count.stdout.strip() == "1"
        assert not list(data_dir.glob("*.sqlite3"))
    finally:
        server.stop(data_dir=data_dir)
