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
from annotate.labelstudio import server
from annotate.labelstudio.push import push

from ..conftest import free_port

pytestmark = pytest.mark.integration


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


def test_a_restart_keeps_a_working_key_on_another_port_or_without_its_token(tmp_path):
    data_dir = tmp_path / "ls"
    first, credentials = server.start(data_dir=data_dir, port=free_port())
    server.stop(data_dir=data_dir)
    try:
        moved, again = server.start(data_dir=data_dir, port=free_port())
        assert moved.url != first.url and again.url == moved.url
        assert again.api_key == credentials.api_key
        assert server.Credentials.read(data_dir) == again
        client = ls.connect(ls.Connection(moved.url, again.api_key))
        assert ls.find_project(client, "no such project") is None
        # a start that died before writing the token: the server will not show it again
        server.stop(data_dir=data_dir)
        dataclasses.replace(again, api_key="").write(data_dir)
        _, fallback = server.start(data_dir=data_dir, port=free_port())
        assert fallback.api_key == credentials.legacy_token
        client = ls.connect(ls.Connection(fallback.url, fallback.api_key))
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
