"""`annotate server start|stop|status`: the local Label Studio."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core import defaults
from ..core.errors import AnnotateError
from ._util import DEFAULT_DIR, DataDir, Port, err, fail, out, server_app


@server_app.command("start")
def server_start_cli(
    data_dir: DataDir = DEFAULT_DIR,
    port: Port = defaults.DEFAULT_PORT,
    timeout: Annotated[
        float, typer.Option(min=1, help="Seconds to wait for /health.")
    ] = defaults.DEFAULT_SERVER_TIMEOUT,
) -> None:
    """Start Label Studio in the background; print its URL and where the login is kept."""
    from ..labelstudio.server import start

    try:
        current, credentials = start(data_dir=data_dir, port=port, timeout=timeout)
    except AnnotateError as e:
        fail(e)
    err.print(f"[green]✔[/] Label Studio is running at {current.url} (pid {current.pid})")
    err.print(
        f"  login: {credentials.username}; password and API key in {data_dir / 'credentials.json'}"
    )


@server_app.command("stop")
def server_stop_cli(data_dir: DataDir = DEFAULT_DIR) -> None:
    """Stop the Label Studio this toolkit started (by its pid file)."""
    from ..labelstudio.server import stop

    err.print("[green]✔[/] stopped" if stop(data_dir=data_dir) else "no server was running")


@server_app.command("status")
def server_status_cli(data_dir: DataDir = DEFAULT_DIR, port: Port = defaults.DEFAULT_PORT) -> None:
    """Say whether the local Label Studio runs, and where."""
    from ..labelstudio.server import status

    current = status(data_dir=data_dir, port=port)
    if current.running:
        out.print(f"running at {current.url} (pid {current.pid}, data in {data_dir})")
    else:
        out.print(f"not running (data dir {data_dir})")
        raise typer.Exit(3)
