"""The one span check every reader and writer uses."""

from __future__ import annotations

import pytest

from annotate.core.spans import span_mismatch

TEXT = "Hamas rejected the truce."


@pytest.mark.parametrize(
    ("start", "end", "expected", "reason"),
    [
        (0, 5, "Hamas", None),
        (0, 5, "Hama", "text[0:5] is 'Hamas', the span says 'Hama'"),
        (20, 99, "truce", "offsets 20..99 outside the text (length 25)"),
        (5, 5, "", "offsets 5..5 outside the text"),
        (-1, 5, "Hamas", "outside the text"),
        (0.0, 5, "Hamas", "offsets 0.0..5 are not whole numbers"),
        (True, 5, "amas", "are not whole numbers"),
    ],
)
def test_span_mismatch_says_why(start, end, expected, reason):
    found = span_mismatch(TEXT, start, end, expected)
    assert found is None if reason is None else reason in found
