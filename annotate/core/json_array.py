"""A JSON array of objects (a Label Studio snapshot) read one object at a time.

Each object is decoded by the standard library's C decoder from a window of the file, so the
file is never held whole and reading runs at `json.loads` speed (several times an event
parser's). The window is extended when an object runs past its end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import InputError

CHUNK_CHARS = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Window:
    """The unread part of a text file, extended chunk by chunk on demand."""

    def __init__(self, handle: Any, where: str) -> None:
        self.handle, self.where = handle, where
        self.text, self.at, self.consumed = "", 0, 0

    def extend(self) -> bool:
        try:
            chunk = self.handle.read(CHUNK_CHARS)
        except UnicodeDecodeError as e:
            raise self.error(f"not UTF-8 ({e.reason})") from None
        if not chunk:
            return False
        self.consumed += self.at
        self.text, self.at = self.text[self.at :] + chunk, 0
        return True

    def next_char(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            self.at = _SPACE.match(self.text, self.at).end()
            if self.at < len(self.text):
                return self.text[self.at]
            if not self.extend():
                return ""

    def error(self, reason: str) -> InputError:
        return InputError(f"{self.where}: {reason} (at character {self.consumed + self.at})")

    def decode(self) -> Any:
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError as e:
                if self.extend():  # the value may only run past the window
                    continue
                raise self.error(f"not valid JSON: {e.msg}") from None
            self.at = end
            return value


def json_array_objects(path: str | Path) -> Iterator[dict[str, Any]]:
    """The objects of the JSON array in `path`, in order; InputError names where it is not one."""
    with open(path, encoding="utf-8") as handle:
        window = _Window(handle, str(path))
        if window.next_char() != "[":
            raise window.error("not a JSON array")
        window.at += 1
        if window.next_char() == "]":
            return
        while True:
            window.next_char()
            value = window.decode()
            if not isinstance(value, dict):
                raise window.error(f"an item is a {type(value).__name__}, not an object")
            yield value
            following = window.next_char()
            if following == "]":
                return
            if not following:
                raise window.error("the array ends before its closing ']'")
            if following != ",":
                raise window.error("expected ',' or ']' after an item")
            window.at += 1
