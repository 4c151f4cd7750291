"""The one check of a span against its text, used by every reader and writer of spans."""

from __future__ import annotations


def span_mismatch(
    text: str, start: object, end: object, expected: object, *, noun: str = "span"
) -> str | None:
    """Why (start, end, expected) is not a span of `text`, or None when it is one."""
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        return f"offsets {start!r}..{end!r} are not whole numbers"
    if not 0 <= start < end <= len(text):
        return f"offsets {start}..{end} outside the text (length {len(text)})"
    if text[start:end] != expected:
        return f"text[{start}:{end}] is {text[start:end]!r}, the {noun} says {expected!r}"
    return None
