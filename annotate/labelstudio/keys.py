"""The embedded server's secrets: the key it signs access tokens with, and the admin's personal
access token. Plain HTTP on loopback with the admin's legacy token; no SDK calls here.

Label Studio keeps its signing key (Django's SECRET_KEY) in `<data-dir>/.env`, a random string
of which one in fifty begins with `$`. django-environ reads such a value as a reference to
another variable, finds none, and Label Studio makes a new key on every start: every access
token it gave before is refused from then on. The key is kept here in a form read back as
written.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from ..core.errors import ServerError

SIGNING_KEY = "SECRET_KEY"
_SIGNING_KEY_LINE = re.compile(rf"^\s*(?:export\s+)?{SIGNING_KEY}\s*=\s*(.*?)\s*$")


def signing_key_file(data_dir: Path) -> Path:
    return data_dir / ".env"


def _stored_signing_key(lines: list[str]) -> str | None:
    """The value django-environ takes: the last line that sets the key, unquoted."""
    for line in reversed(lines):
        if found := _SIGNING_KEY_LINE.match(line):
            return found.group(1).strip("'\"")
    return None


def ensure_signing_key(data_dir: Path, env: Mapping[str, str]) -> bool:
    """Give the data dir a signing key that survives a restart, unless the environment sets
    one. Only a missing key or one that was never read back is replaced (the tokens it signed
    were lost with it). True when the file was written."""
    if env.get(SIGNING_KEY):
        return False
    path = signing_key_file(data_dir)
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    except (OSError, UnicodeDecodeError) as e:
        raise ServerError(f"{path}: cannot read the server's signing key ({e})") from e
    stored = _stored_signing_key(lines)
    if stored and not stored.startswith("$"):
        return False
    # token_urlsafe draws from letters, digits, - and _: nothing django-environ interprets
    kept = [line for line in lines if not _SIGNING_KEY_LINE.match(line)]
    text = "\n".join([*kept, f"{SIGNING_KEY}={secrets.token_urlsafe(48)}", ""])
    tmp = path.with_name(".env.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return True


def _request_json(
    url: str, *, token: str | None = None, method: str = "GET", body: dict | None = None
) -> dict | list:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", f"Token {token}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def refused(url: str, api_key: str) -> bool:
    """Whether the server refuses a personal access token (it is a JWT refresh token: the
    server answers a refresh with an access token, or 401)."""
    try:
        _request_json(f"{url}/api/token/refresh/", method="POST", body={"refresh": api_key})
    except urllib.error.HTTPError as e:
        if e.code in (400, 401):
            return True
        raise ServerError(f"could not check the access token: HTTP {e.code}") from e
    return False


def personal_access_token(url: str, legacy_token: str) -> str:
    """A new personal access token for the admin. The server gives one token per user and shows
    it only once: one kept from before that was lost or refused is revoked first (the listing
    shows each token without its signature, which is what revoking takes)."""
    create = f"{url}/api/token/"
    try:
        return _request_json(create, token=legacy_token, method="POST")["token"]
    except urllib.error.HTTPError as e:
        if e.code not in (400, 409):  # 400/409: the admin has a token already
            raise ServerError(f"could not create an access token: HTTP {e.code}") from e
    try:
        for listed in _request_json(create, token=legacy_token):
            _revoke(url, listed["token"])
        return _request_json(create, token=legacy_token, method="POST")["token"]
    except urllib.error.HTTPError as e:
        raise ServerError(f"could not replace the access token: HTTP {e.code}") from e


def _revoke(url: str, truncated_token: str) -> None:
    try:
        _request_json(
            f"{url}/api/token/blacklist/", method="POST", body={"refresh": truncated_token}
        )
    except urllib.error.HTTPError as e:
        if e.code != 404:  # 404: revoked already
            raise
