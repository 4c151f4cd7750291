"""Spans whose offsets do not fit their text: a browser's UTF-16 offsets (shifted by every
character outside the Basic Multilingual Plane before them) are read back as code points only
when the repair is unambiguous."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.spans import span_mismatch


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


@dataclass(frozen=True)
class SpanReading:
    """Where a span of `expected` text is: `offsets` when that can be told (`repaired` if they
    are not the ones given), else None; `candidates` lists the places when there are two."""

    offsets: tuple[int, int] | None
    repaired: bool = False
    candidates: tuple[tuple[int, int], ...] = ()


def has_astral(text: str) -> bool:
    """Whether any character lies outside the Basic Multilingual Plane (two UTF-16 units)."""
    return len(text.encode("utf-16-le")) != 2 * len(text)


def read_span(
    text: str, start: int, end: int, expected: str, *, astral: bool | None = None
) -> SpanReading:
    """Read a span's offsets as code points, or as UTF-16 code units when that is the only
    reading that fits. Where both readings give the span's text at different places (the same
    word twice after an emoji), neither is picked: the reading is ambiguous. `astral` is
    `has_astral(text)`, for a caller that reads many spans of one text."""
    as_given = span_mismatch(text, start, end, expected) is None
    if as_given and not (has_astral(text) if astral is None else astral):
        return SpanReading((start, end))  # without astral characters the readings agree
    converted = utf16_to_codepoints(text, start, end)
    as_utf16 = (
        converted is not None
        and converted != (start, end)
        and text[converted[0] : converted[1]] == expected
    )
    if as_given and as_utf16:
        return SpanReading(None, candidates=((start, end), converted))
    if as_given:
        return SpanReading((start, end))
    fixed = repair_span(text, start, end, expected)
    return SpanReading(fixed, repaired=fixed is not None)
