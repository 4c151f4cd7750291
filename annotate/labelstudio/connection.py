"""Which Label Studio to talk to, and with which key: flags, then the environment, then the
local server's credentials, which go to the local server's own URL and nowhere else."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..core.errors import LabelStudioError, ServerError


@dataclass(frozen=True)
class Connection:
    url: str
    api_key: str

    def __repr__(self) -> str:
        return f"Connection(url={self.url!r}, api_key=***)"


def resolve_connection(*, url: str | None, api_key: str | None, data_dir: Path) -> Connection:
    """Flags, then LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY, then the local server's credentials.

    The local server's key is used only for the local server's own URL: a key is never sent
    to another server unless it was given for it.
    """
    url = url or os.environ.get("LABEL_STUDIO_URL")
    api_key = api_key or os.environ.get("LABEL_STUDIO_API_KEY")
    if url and api_key:
        return Connection(url.rstrip("/"), api_key)
    from .server import Credentials

    try:
        credentials = Credentials.read(data_dir)
    except ServerError as e:
        if url:
            raise LabelStudioError(_no_key_for(url)) from e
        raise LabelStudioError(
            "no Label Studio to talk to: set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY, "
            "or start the local one with `annotate server start`"
        ) from e
    if url and not _same_server(url, credentials.url):
        raise LabelStudioError(
            f"{_no_key_for(url)} (the local server's key, in {data_dir}, is only for "
            f"{credentials.url})"
        )
    return Connection((url or credentials.url).rstrip("/"), api_key or credentials.api_key)


def _no_key_for(url: str) -> str:
    return f"no API key for {url}: set LABEL_STUDIO_API_KEY (or --api-key) to a key of that server"


def _same_server(a: str, b: str) -> bool:
    def origin(url: str) -> tuple[str, str, int | None]:
        parts = urlsplit(url.strip().rstrip("/"))
        host = (parts.hostname or "").lower()
        host = "127.0.0.1" if host in ("localhost", "::1") else host
        default = {"http": 80, "https": 443}.get(parts.scheme)
        return parts.scheme, host, parts.port or default

    return origin(a) == origin(b)
