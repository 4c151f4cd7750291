"""Reading back spans whose offsets a browser counted in UTF-16 code units."""

from __future__ import annotations

import pytest

from annotate.labelstudio.repair import repair_span, utf16_to_codepoints


@pytest.mark.parametrize(
    ("text", "utf16_span", "expected"),
    [("😀 Hamas", (3, 8), (2, 7)), ("🇱🇧 and Hamas", (9, 14), (7, 12)), ("a Hamas", (2, 7), (2, 7))],
)
def test_utf16_offsets_convert_to_code_points(text, utf16_span, expected):
    assert utf16_to_codepoints(text, *utf16_span) == expected
    assert repair_span(text, *utf16_span, "Hamas") == expected


def test_repair_refuses_ambiguity():
    assert repair_span("the cat and the dog", 50, 53, "the") is None
    assert repair_span("one cat", 40, 43, "cat") == (4, 7)
