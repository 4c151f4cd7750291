"""The SDK client, the retrying call every request goes through, and paged and raw requests.

Connection errors, timeouts and 5xx answers are retried with exponential backoff; 401, 403,
404 and other 4xx answers stop at once with a message that says what to check and names no
secret.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import httpx
from label_studio_sdk.base_client import LabelStudioBase as LabelStudio
from label_studio_sdk.core.api_error import ApiError

from ...core.errors import LabelStudioError
from ..connection import Connection

T = TypeVar("T")
RETRIES = 5
BACKOFF_SECONDS = 0.5
DEFAULT_TIMEOUT = 600.0  # the SDK's 60 s is too short for large imports and exports
HINTS = {
    401: "the API key was refused: check LABEL_STUDIO_API_KEY (a personal access token or a legacy token)",
    403: "the API key's user may not do this",
    404: "not found: check LABEL_STUDIO_URL and the project",
}


def connect(connection: Connection, *, timeout: float = DEFAULT_TIMEOUT) -> LabelStudio:
    """A client; a personal access token (a JWT) is checked here, as the SDK reads it at once."""
    try:
        return LabelStudio(base_url=connection.url, api_key=connection.api_key, timeout=timeout)
    except ApiError as e:
        detail = e.body.get("detail") if isinstance(e.body, dict) else None
        raise LabelStudioError(
            f"the API key was refused ({detail or f'HTTP {e.status_code}'}): check "
            "LABEL_STUDIO_API_KEY (a personal access token or a legacy token)"
        ) from None
    except (httpx.TransportError, httpx.TimeoutException) as e:
        raise LabelStudioError(
            f"cannot reach Label Studio at {connection.url} ({type(e).__name__})"
        ) from None


def base_url(client: LabelStudio) -> str:
    return client._client_wrapper.get_base_url()


def call(what: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run one SDK call, retrying what may pass and explaining what will not."""
    for attempt in range(RETRIES):
        try:
            return fn(*args, **kwargs)
        except ApiError as e:
            status = e.status_code or 0
            if status < 500 or attempt == RETRIES - 1:
                detail = HINTS.get(status, str(e.body)[:500])
                raise LabelStudioError(f"{what}: HTTP {status}: {detail}", status=status) from None
        except (httpx.TransportError, httpx.TimeoutException) as e:
            if attempt == RETRIES - 1:
                raise LabelStudioError(
                    f"{what}: cannot reach Label Studio ({type(e).__name__})"
                ) from None
        time.sleep(BACKOFF_SECONDS * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


# Only what the toolkit reads: the full listing makes the server compute statistics per project.
def _get_json(client: LabelStudio, path: str, params: dict[str, Any]) -> Any:
    response = client._client_wrapper.httpx_client.request(path, method="GET", params=params)
    if response.status_code >= 400:
        raise ApiError(
            status_code=response.status_code, headers=dict(response.headers), body=response.text
        )
    return response.json()


def _get_page(
    client: LabelStudio, path: str, params: dict[str, Any], key: str
) -> tuple[list[dict[str, Any]], int | None]:
    """A page's items, and the list's length where the answer gives it (`total` or `count`)."""
    try:
        answer = _get_json(client, path, params)
    except ApiError as e:
        if e.status_code == 404 and params.get("page", 1) > 1:  # past the last page
            return [], None
        raise
    if not isinstance(answer, dict):
        return list(answer), None
    length = answer.get("total", answer.get("count"))
    return list(answer.get(key, [])), length if isinstance(length, int) else None


def _post_json(client: LabelStudio, path: str, body: bytes, *, params: dict[str, str]) -> Any:
    response = client._client_wrapper.httpx_client.request(
        path, method="POST", params=params, content=body,
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    if response.status_code >= 400:
        raise ApiError(
            status_code=response.status_code, headers=dict(response.headers), body=response.text
        )
    return response.json()


def raw_pages(
    what: str, client: LabelStudio, path: str, *, page_size: int, key: str = "tasks", **params: Any
) -> Iterator[list[dict[str, Any]]]:
    """The pages of a paged list read as plain JSON (the items under `key`). A short page is
    the last, and so is the page that reaches the length the server gives: no request is
    made for the empty page after it."""
    read = 0
    for page in itertools.count(1):
        query = {**params, "page": page, "page_size": page_size}
        items, length = call(what, _get_page, client, path, query, key)
        yield items
        read += len(items)
        if len(items) < page_size or (length is not None and read >= length):
            return
