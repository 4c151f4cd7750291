"""A learned sentence claim (`annotate.pipeline.learned.sentence_claim`) is held as a rule
claim is, and is made only where the rules would make one."""

from __future__ import annotations

import pytest

from annotate.pipeline.learned import sentence_claim
from annotate.pipeline.stance import stance_component


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        (
            "Omar Haddad backed the truce proposal on Monday.",
            "SUPPORTS",
            ("Omar Haddad backed the truce proposal on Monday", ["Omar Haddad"]),
        ),
        # no named actor holds it: no claim
        ("The truce proposal was discussed on Monday.", "SUPPORTS", None),
        # what a plan does is no one's support
        ("The truce proposal calls for the withdrawal of troops.", "SUPPORTS", None),
    ],
)
def test_a_sentence_claim_is_held_or_not_made(nlp, text, label, expected):
    doc = nlp(text)
    claim = sentence_claim(next(doc.sents), label, 0.9, stance_component(nlp))
    found = None if claim is None else (claim.text, [doc[s:e].text for s, e in claim._.holders])
    assert found == expected
