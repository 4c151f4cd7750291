"""Label Studio's ML backend protocol over HTTP (the shapes of HumanSignal's
label-studio-ml-backend `label_studio_ml/api.py`), a Starlette app served by uvicorn."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ...core.errors import AnnotateError, RequestError
from .service import Service


async def _body(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw or b"{}")
    except ValueError as e:
        raise RequestError(f"the body is not JSON: {e}") from e


def create_app(service: Service, *, log: Callable[[str], None] = print) -> Starlette:
    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "UP", "model_class": "annotate",
                             "model_version": service.served.version,
                             "training": service.trainer.running})  # fmt: skip

    async def setup(request: Request) -> JSONResponse:
        await _body(request)
        return JSONResponse({"model_version": service.served.version})

    async def predict(request: Request) -> JSONResponse:
        body = await _body(request)
        if not isinstance(body, dict) or "tasks" not in body:
            raise RequestError("a /predict body is a JSON object with 'tasks'")
        version, results = await run_in_threadpool(service.predict, body["tasks"])
        return JSONResponse({"results": results, "model_version": version})

    async def webhook(request: Request) -> JSONResponse:
        return JSONResponse(service.event(await _body(request)))

    async def versions(request: Request) -> JSONResponse:
        numbers = service.store.versions()
        return JSONResponse({"versions": [f"v{n}" for n in numbers] or ["v0"]})

    async def bad_request(request: Request, error: Exception) -> JSONResponse:
        log(f"{request.method} {request.url.path}: 400: {error}")
        return JSONResponse({"status": "error", "error": str(error)}, status_code=400)

    async def failed(request: Request, error: Exception) -> JSONResponse:
        log(f"{request.method} {request.url.path}: 500: {type(error).__name__}: {error}")
        return JSONResponse({"status": "error", "error": str(error)}, status_code=500)

    return Starlette(
        routes=[
            Route("/", health, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
            Route("/setup", setup, methods=["POST"]),
            Route("/predict", predict, methods=["POST"]),
            Route("/webhook", webhook, methods=["POST"]),
            Route("/versions", versions, methods=["GET"]),
        ],
        exception_handlers={RequestError: bad_request, AnnotateError: failed},
    )
