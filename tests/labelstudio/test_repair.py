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


@pytest.mark.parametrize(
    ("text", "astral"), [("plain text", False), ("café ü ß", False), ("a 😀 b", True), ("🇱🇧", True)]
)
def test_astral_characters_are_told_apart(text, astral):
    from annotate.labelstudio.repair import has_astral

    assert has_astral(text) is astral


def test_an_ambiguous_reading_names_both_places_and_a_plain_one_is_kept():
    from annotate.labelstudio.repair import read_span

    text = "🙂🙂🙂🙂🙂 Iran Iran rejected it."
    ambiguous = read_span(text, 11, 15, "Iran")  # code points: the second; UTF-16: the first
    assert ambiguous.offsets is None and ambiguous.candidates == ((11, 15), (6, 10))
    assert read_span("no emoji Iran", 9, 13, "Iran").offsets == (9, 13)
    assert read_span(text, 6, 10, "Iran").offsets == (6, 10)  # as UTF-16 it is not Iran
