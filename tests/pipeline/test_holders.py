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
# plural title: the countries it comes from, not a place inside its relative clause
MINISTERS_FROM = """
Foreign 1 amod ADJ foreign
ministers 10 nsubj NOUN minister
from 1 prep ADP from
Chile 2 pobj PROPN Chile B-GPE
and 3 cc CCONJ and
Peru 3 conj PROPN Peru B-GPE
who 7 nsubj PRON who
flew 1 relcl VERB fly
to 7 prep ADP to
Quito 8 pobj PROPN Quito B-GPE
urged 10 ROOT VERB urge
calm 10 dobj NOUN calm
"""
# the parser hangs the name on the nearest noun, not on the title
NESTED_APPOSITION = """
The 1 det DET the
leader 7 nsubj NOUN leader
of 1 prep ADP of
the 4 det DET the
party 2 pobj NOUN party
Ana 6 compound PROPN Ana B-PERSON
Ruiz 4 appos PROPN Ruiz I-PERSON
spoke 7 ROOT VERB speak
"""
# a dateline read as a second subject: the one nearest the verb is the subject
DATELINE = """
Lima 3 nsubj PROPN Lima B-GPE
: 0 punct PUNCT :
Peru 3 nsubj PROPN Peru B-GPE
said 3 ROOT VERB say
"""


@pytest.mark.parametrize(
    ("rows", "subject", "holders"),
    [
        (PRONOUN, 3, ["Chad"]),  # a group pronoun: the nearest earlier GPE/ORG subject
        (APPOSITION, 1, ["Ana Ruiz"]),  # a description named by its apposition
        (COLLECTIVE, 4, ["Fatah"]),  # "the group": the nearest earlier organisation
        (CONJOINED, 0, ["Peru", "Chile"]),  # conjoined named subjects
        (TITLED, 1, ["Ito"]),  # a title with no earlier holder: the later person with it
        (MINISTERS_FROM, 1, ["Chile", "Peru"]),
        (NESTED_APPOSITION, 1, ["Ana Ruiz"]),
    ],
)
def test_resolve_actor(rows, subject, holders):
    doc = parsed(rows)
    for token in doc:  # the fine-grained tags the rules read, as the tagger gives them
        token.tag_ = {"NOUN": "NNS" if token.lemma_ != token.lower_ else "NN"}.get(token.pos_, "")
    assert [span.text for span in resolve_actor(doc[subject], LEX)] == holders


def test_subject_of_a_clause():
    doc = parsed(PRONOUN)
    assert subject_of(doc[4], LEX) == doc[3]
    assert subject_of(doc[1], LEX) == doc[0]
    dateline = parsed(DATELINE)
    assert subject_of(dateline[3], LEX) == dateline[2]


def test_the_lexicon_decides_which_labels_are_actors():
    doc = parsed(CONJOINED)
    assert resolve_actor(doc[0], LEX.updated({"actor_labels": ["ORG"]}, where="test")) == []
