"""Claim assembly on Docs built by hand: targets, extent, holders, no overlaps."""

from __future__ import annotations

from annotate.core.records import StanceLabel
from annotate.pipeline.claims import Claim, merge_claims, speaker_in
from annotate.pipeline.lexicon import StanceLexicon
from annotate.pipeline.stance import CeasefireStance

from ..conftest import blank, parsed

REJECTED = """
Iran 1 nsubj PROPN Iran B-GPE
rejected 1 ROOT VERB reject
the 3 det DET the
truce 1 dobj NOUN truce
. 1 punct PUNCT .
"""
SAID_READY = """
Cuba 1 nsubj PROPN Cuba B-GPE
said 1 ROOT VERB say
it 3 nsubj PRON it
was 1 ccomp AUX be
ready 3 acomp ADJ ready
for 4 prep ADP for
a 7 det DET a
truce 5 pobj NOUN truce
"""
TALKS_ONLY = """
Talks 4 nsubj NOUN talk
on 0 prep ADP on
a 3 det DET a
truce 1 pobj NOUN truce
continued 4 ROOT VERB continue
"""
NO_TARGET = """
Iran 1 nsubj PROPN Iran B-GPE
rejected 1 ROOT VERB reject
the 3 det DET the
plan 1 dobj NOUN plan
"""
# the parser hangs "said" on the claim's clause: the speaker is not what the climb reaches
SPEAKER_AFTER = """
The 1 det DET the
truce 2 compound NOUN truce
deal 5 nsubj NOUN deal
Egypt 4 nsubj PROPN Egypt B-GPE
drafted 2 relcl VERB draft
is 5 ROOT AUX be
unacceptable 5 acomp ADJ unacceptable
, 5 punct PUNCT ,
Ross 9 nsubj PROPN Ross B-PERSON
said 5 parataxis VERB say
. 5 punct PUNCT .
"""

# the same, parsed worse: "deal" is the subject of "said" and the speaker a conjunct of Egypt
SPEAKER_AFTER_MISPARSED = """
The 2 det DET the
truce 2 compound NOUN truce
deal 10 nsubj NOUN deal
Egypt 4 nsubj PROPN Egypt B-GPE
drafted 2 relcl VERB draft
is 2 ccomp AUX be
unacceptable 5 acomp ADJ unacceptable
, 3 punct PUNCT ,
Minister 9 compound PROPN minister
Ross 3 conj PROPN Ross B-PERSON
said 10 ROOT VERB say
. 10 punct PUNCT .
"""
# "as Ross says": a subordinate report is not the sentence's attribution
SUBORDINATE_REPORT = """
Talks 1 nsubj NOUN talk
went 1 ROOT VERB go
on 1 prt ADP on
as 5 mark SCONJ as
Ross 5 nsubj PROPN Ross B-PERSON
says 1 advcl VERB say
"""
# two claims joined by "and": the first one ends before the connective
TWO_CLAIMS = """
Iran 1 nsubj PROPN Iran B-GPE
rejected 1 ROOT VERB reject
the 3 det DET the
truce 1 dobj NOUN truce
, 1 punct PUNCT ,
and 1 cc CCONJ and
Chad 7 nsubj PROPN Chad B-GPE
backed 1 conj VERB back
a 9 det DET a
truce 7 dobj NOUN truce
"""


def claims(rows: str, **config):
    doc = CeasefireStance(blank(), **config)(parsed(rows))
    key = config.get("span_key", "stance")
    return [(c.text, c.label_, [doc[s:e].text for s, e in c._.holders]) for c in doc.spans[key]]


def test_a_rejection_with_its_holder_and_extent():
    assert claims(REJECTED) == [("Iran rejected the truce", "REJECTS", ["Iran"])]


def test_reported_speech_climbs_to_the_speaker():
    assert claims(SAID_READY) == [("Cuba said it was ready for a truce", "SUPPORTS", ["Cuba"])]


def test_a_claim_without_an_actor_of_its_own_is_its_speakers():
    (claim,) = claims(SPEAKER_AFTER)
    assert claim[1:] == ("REJECTS", ["Ross"])  # not Egypt, named before the cue


def test_the_name_right_before_said_is_the_speaker_however_it_is_parsed():
    doc = parsed(SPEAKER_AFTER_MISPARSED)
    assert [span.text for span in speaker_in(doc[:], StanceLexicon())] == ["Ross"]


def test_a_subordinate_report_names_no_speaker():
    doc = parsed(SUBORDINATE_REPORT)
    assert speaker_in(doc[:], StanceLexicon()) == []


def test_a_claim_ends_before_the_connective_of_the_next():
    assert claims(TWO_CLAIMS) == [
        ("Iran rejected the truce", "REJECTS", ["Iran"]),
        ("Chad backed a truce", "SUPPORTS", ["Chad"]),
    ]


def test_an_activity_without_a_holder_is_no_claim():
    assert claims(TALKS_ONLY) == []


def test_without_a_ceasefire_mention_nothing_is_claimed():
    assert claims(NO_TARGET) == []


def test_claims_go_under_the_components_span_key():
    assert claims(REJECTED, span_key="claims") == [("Iran rejected the truce", "REJECTS", ["Iran"])]


def claim(start, end, *, holders=((0, 1),), sent=0):
    return Claim(start, end, StanceLabel.SUPPORTS, holders, "supports:x", 0.9, sent)


def test_merged_claims_never_overlap():
    merged = merge_claims([claim(0, 6), claim(4, 9), claim(1, 3)])
    assert [(c.start, c.end) for c in merged] == [(0, 6), (6, 9)]


def test_a_holderless_claim_gives_way_to_one_with_a_holder_in_its_sentence():
    merged = merge_claims([claim(0, 3, holders=()), claim(4, 8), claim(10, 12, holders=(), sent=9)])
    assert [(c.start, c.end) for c in merged] == [(4, 8), (10, 12)]
