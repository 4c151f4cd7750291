"""Holder rules on Docs built by hand (scheme section 2, "Holder"): no trained model needed."""

from __future__ import annotations

import pytest

from annotate.pipeline.holders import resolve_actor, subject_of
from annotate.pipeline.lexicon import HolderLexicon

from ..conftest import parsed

LEX = HolderLexicon()

PRONOUN = """
Chad 1 nsubj PROPN Chad B-GPE
spoke 1 ROOT VERB speak
. 1 punct PUNCT .
It 4 nsubj PRON it
backed 4 ROOT VERB back
the 6 det DET the
truce 4 dobj NOUN truce
"""
APPOSITION = """
its 1 poss PRON its
envoy 4 nsubj NOUN envoy
Ana 3 compound PROPN Ana B-PERSON
Ruiz 1 appos PROPN Ruiz I-PERSON
backed 4 ROOT VERB back
it 4 dobj PRON it
"""
COLLECTIVE = """
Fatah 1 nsubj PROPN Fatah B-ORG
met 1 ROOT VERB meet
. 1 punct PUNCT .
The 5 det DET the
group 6 nsubj NOUN group
rejected 6 ROOT VERB reject
it 6 dobj PRON it
"""
CONJOINED = """
Peru 3 nsubj PROPN Peru B-GPE
and 0 cc CCONJ and
Chile 0 conj PROPN Chile B-GPE
urged 3 ROOT VERB urge
calm 3 dobj NOUN calm
"""
TITLED = """
The 1 det DET the
minister 2 nsubj NOUN minister
agreed 2 ROOT VERB agree
. 2 punct PUNCT .
Minister 5 compound PROPN minister
Ito 6 nsubj PROPN Ito B-PERSON
spoke 6 ROOT VERB speak
"""


@pytest.mark.parametrize(
    ("rows", "subject", "holders"),
    [
        (PRONOUN, 3, ["Chad"]),  # a group pronoun: the nearest earlier GPE/ORG subject
        (APPOSITION, 1, ["Ana Ruiz"]),  # a description named by its apposition
        (COLLECTIVE, 4, ["Fatah"]),  # "the group": the nearest earlier organisation
        (CONJOINED, 0, ["Peru", "Chile"]),  # conjoined named subjects
        (TITLED, 1, ["Ito"]),  # a title with no earlier holder: the later person with it
    ],
)
def test_resolve_actor(rows, subject, holders):
    doc = parsed(rows)
    assert [span.text for span in resolve_actor(doc[subject], LEX)] == holders


def test_subject_of_a_clause():
    doc = parsed(PRONOUN)
    assert subject_of(doc[4], LEX) == doc[3]
    assert subject_of(doc[1], LEX) == doc[0]


def test_the_lexicon_decides_which_labels_are_actors():
    doc = parsed(CONJOINED)
    assert resolve_actor(doc[0], LEX.updated({"actor_labels": ["ORG"]}, where="test")) == []
