"""Spans whose offsets do not fit their text: a browser's UTF-16 offsets (shifted by every
character outside the Basic Multilingual Plane before them) are read back as code points only
when the repair is unambiguous."""

from __future__ import annotations


def utf16_to_codepoints(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Read (start, end) as UTF-16 code-unit offsets and return code-point offsets."""
    units = 0
    mapping = {}
    for index, char in enumerate(text):
        mapping[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    mapping[units] = len(text)
    if start in mapping and end in mapping:
        return mapping[start], mapping[end]
    return None


def repair_span(text: str, start: int, end: int, expected: str) -> tuple[int, int] | None:
    """The span's true offsets when they can be told without doubt, else None."""
    if not expected:
        return None
    converted = utf16_to_codepoints(text, start, end)
    if converted and text[converted[0] : converted[1]] == expected:
        return converted
    occurrences = [i for i in range(len(text)) if text.startswith(expected, i)]
    if len(occurrences) == 1:
        return occurrences[0], occurrences[0] + len(expected)
    return None
