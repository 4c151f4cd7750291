"""`annotate serve`: the toolkit's pipeline as a Label Studio ML backend, retrained as people
submit annotations."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from ..core import defaults
from ..core.errors import AnnotateError
from ._util import DEFAULT_DIR, ApiKey, DataDir, Model, Url, app, err, fail, open_project


def log(message: str) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    err.print(f"[dim]{stamp}[/] {message}", highlight=False, soft_wrap=True)


@app.command("serve")
def serve_cli(
    model: Model = defaults.DEFAULT_MODEL,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = defaults.DEFAULT_BACKEND_PORT,
    project: Annotated[
        str | None,
        typer.Option("--project", help="Label Studio project it serves and retrains from."),
    ] = None,
    connect: Annotated[
        bool,
        typer.Option("--connect", help="Connect this backend to --project (Settings → Model)."),
    ] = False,
    retrain_every: Annotated[
        int,
        typer.Option(
            "--retrain-every", min=1, help="Retrain after this many new or changed annotations."
        ),
    ] = defaults.DEFAULT_RETRAIN_EVERY,
    models_dir: Annotated[
        Path | None,
        typer.Option(
            "--models-dir", help="Where trained versions are kept (default: DATA_DIR/backend/...)."
        ),
    ] = None,
    url: Url = None,
    api_key: ApiKey = None,
    data_dir: DataDir = DEFAULT_DIR,
) -> None:
    """Serve the pipeline as a Label Studio ML backend (/health, /setup, /predict, /webhook);
    runs in the foreground until Ctrl-C or SIGTERM."""
    import uvicorn

    from ..labelstudio import client as ls
    from ..labelstudio.backend.app import create_app
    from ..labelstudio.backend.models import ModelStore
    from ..labelstudio.backend.service import Service
    from ..labelstudio.server import port_free

    if connect and project is None:
        fail(AnnotateError("--connect needs --project"), code=2)
    if not port_free(port):
        fail(AnnotateError(f"port {port} is in use: choose another with --port"))
    connection, client, project_id = None, None, None
    try:
        connection = ls.resolve_connection(url=url, api_key=api_key, data_dir=data_dir)
        if project is not None:
            client, found = open_project(title=project, project_id=None, url=url,
                                         api_key=api_key, data_dir=data_dir)  # fmt: skip
            project_id = found.id
    except AnnotateError as e:
        if project is not None:
            fail(e)
        log(f"no Label Studio connection ({e}): serving predictions, no retraining")
        connection = None
    where = models_dir or data_dir / "backend" / (
        f"project-{project_id}" if project_id else "default"
    )
    try:
        service = Service(store=ModelStore(where, model), retrain_every=retrain_every,
                          project_id=project_id, connection=connection, log=log)  # fmt: skip
    except (AnnotateError, OSError) as e:
        fail(AnnotateError(f"cannot load model {model!r}: {e}"))
    backend_url = f"http://{host}:{port}"
    server = uvicorn.Server(uvicorn.Config(create_app(service, log=log), host=host, port=port,
                                           log_level="warning", access_log=False, lifespan="off"))  # fmt: skip
    failure: list[AnnotateError] = []

    def connect_when_up() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        try:
            ls.connect_backend(client, project_id, backend_url, title="annotate")
            log(f"connected to project {project!r} (id {project_id})")
        except AnnotateError as e:
            failure.append(e)
            server.should_exit = True

    if connect:
        threading.Thread(target=connect_when_up, daemon=True).start()
    log(f"serving {service.served.version} at {backend_url} (models in {where}); "
        f"retraining every {retrain_every} annotation changes")  # fmt: skip
    server.run()
    if failure:
        fail(failure[0])
    log("stopped")
