"""Cue rules on Docs built by hand: the parse is given, so no trained model is needed."""

from __future__ import annotations

import pytest

from annotate.core.records import StanceLabel
from annotate.pipeline import cues
from annotate.pipeline.lexicon import StanceLexicon

from ..conftest import parsed

LEX = StanceLexicon()

NOT_ACCEPT = """
Egypt 3 nsubj PROPN Egypt B-GPE
did 3 aux AUX do
not 3 neg PART not
accept 3 ROOT VERB accept
the 5 det DET the
truce 3 dobj NOUN truce
"""
REFUSED_TO_ACCEPT = """
Qatar 1 nsubj PROPN Qatar B-GPE
refused 1 ROOT VERB refuse
to 3 aux PART to
accept 1 xcomp VERB accept
the 5 det DET the
truce 3 dobj NOUN truce
"""
IF_ACCEPTS = """
talks 1 nsubj NOUN talk
resume 1 ROOT VERB resume
if 4 mark SCONJ if
Iran 4 nsubj PROPN Iran B-GPE
accepts 1 advcl VERB accept
the 6 det DET the
truce 4 dobj NOUN truce
"""
READY_FOR = """
Oman 1 nsubj PROPN Oman B-GPE
is 1 ROOT AUX be
ready 1 acomp ADJ ready
for 2 prep ADP for
a 5 det DET a
ceasefire 3 pobj NOUN ceasefire
"""
NOT_STOP_UNTIL = """
Mali 3 nsubj PROPN Mali B-GPE
will 3 aux AUX will
not 3 neg PART not
stop 3 ROOT VERB stop
fighting 3 xcomp VERB fight
until 6 mark SCONJ until
victory 3 advcl NOUN victory
"""


@pytest.mark.parametrize(
    ("word", "lemma", "expected"),
    [
        ("rejected", "reject", StanceLabel.REJECTS),
        ("dismissal", "dismiss", StanceLabel.REJECTS),
        ("welcomed", "welcome", StanceLabel.SUPPORTS),
        ("readiness", "readiness", StanceLabel.SUPPORTS),
        ("visited", "visit", None),
    ],
)
def test_cue_label_by_lemma_or_form(word, lemma, expected):
    doc = parsed(f"{word} 0 ROOT VERB {lemma}")
    assert cues.cue_label(doc[0], LEX) == expected


def test_the_lexicon_decides_what_a_cue_is():
    doc = parsed("snubbed 0 ROOT VERB snub")
    assert cues.cue_label(doc[0], LEX) is None
    custom = LEX.updated({"reject_cues": ["snub"]}, where="test")
    assert cues.cue_label(doc[0], custom) is StanceLabel.REJECTS


@pytest.mark.parametrize(
    ("rows", "cue", "anchor", "expected"),
    [
        (NOT_ACCEPT, 3, 3, StanceLabel.REJECTS),  # negation flips support
        (REFUSED_TO_ACCEPT, 3, 1, StanceLabel.REJECTS),  # a rejecting verb above reverses it
        (READY_FOR, 2, 1, StanceLabel.SUPPORTS),
    ],
)
def test_stance_of_a_cue(rows, cue, anchor, expected):
    doc = parsed(rows)
    assert cues.stance_of(doc[cue], doc[anchor], LEX) is expected


def test_nearest_cue_above_the_target():
    doc = parsed(READY_FOR)
    assert cues.find_cue(doc[5], LEX) == doc[2]  # "ready", through "for"
    doc = parsed(REFUSED_TO_ACCEPT)
    assert cues.find_cue(doc[5], LEX) == doc[3]  # "accept", the nearest one


def test_a_cue_in_an_if_clause_is_a_condition():
    doc = parsed(IF_ACCEPTS)
    assert cues.conditional(doc[4], LEX)
    assert cues.hypothetical(doc[4], LEX)
    assert not cues.hypothetical(parsed(NOT_ACCEPT)[3], LEX)


def test_a_negated_stop_until_is_a_vow_to_fight_on():
    doc = parsed(NOT_STOP_UNTIL)
    assert cues.continuation_vows(doc[:], LEX) == [doc[3]]
    assert cues.continuation_vows(parsed(NOT_ACCEPT)[:], LEX) == []
