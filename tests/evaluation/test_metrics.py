from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator
from spacy.scorer import Scorer
from spacy.tokens import Span
from spacy.training import Example

from annotate.core.records import Entity, Holder, Record, Stance
from annotate.evaluation import metrics
from annotate.evaluation.evaluate import score_entities

TEXT = "Hamas rejected the truce. Egypt welcomed the ceasefire agreement on Sunday."


def claim(start, end, label="SUPPORTS", holders=()):
    return Stance(
        start, end, label, TEXT[start:end], tuple(Holder(s, e, TEXT[s:e]) for s, e in holders)
    )


def test_prf_hand_computed():
    assert metrics.prf(3, 1, 2) == {
        "p": 0.75,
        "r": 0.6,
        "f1": pytest.approx(2 / 3),
        "tp": 3,
        "fp": 1,
        "fn": 2,
    }
    assert metrics.prf(0, 0, 0)["f1"] == 0.0


@pytest.mark.parametrize(
    ("pred", "gold", "match"),
    [
        (claim(0, 24, "REJECTS"), claim(0, 24, "REJECTS"), True),
        (claim(0, 24, "SUPPORTS"), claim(0, 24, "REJECTS"), False),  # labels must agree
        (claim(0, 10), claim(0, 24), True),  # overlap 10 of the shorter 10
        (claim(0, 10), claim(5, 24), True),  # overlap 5 = half of the shorter 10
        (claim(0, 10), claim(6, 24), False),  # overlap 4 < 5
    ],
)
def test_claim_match_needs_half_the_shorter_span(pred, gold, match):
    assert metrics.claims_match(pred, gold) is match


def test_matching_is_one_to_one():
    gold = [claim(0, 24)]
    pred = [claim(0, 24), claim(0, 20)]
    assert metrics.match_claims(pred, gold) == [(0, 0)]


@pytest.mark.parametrize(
    ("pred", "gold", "same"),
    [
        ("Qassem", "Naim Qassem", True),
        ("US", "U.S.", True),
        ("Hamas", "Hezbollah", False),
        ("Naim", "Naim Qassem", False),
    ],
)
def test_holder_same_name(pred, gold, same):
    assert (
        metrics.same_actor(Holder(0, len(pred), pred), Holder(100, 100 + len(gold), gold)) is same
    )


def test_stance_counts_and_holders_hand_computed():
    gold = Record(
        "d",
        TEXT,
        stances=(claim(0, 24, "REJECTS", [(0, 5)]), claim(26, 74, "SUPPORTS", [(26, 31)])),
    )
    pred = Record(
        "d", TEXT, stances=(claim(0, 24, "REJECTS", [(26, 31)]), claim(26, 40, "REJECTS"))
    )
    counts = metrics.StanceCounts.empty()
    metrics.count_stances(pred, gold, counts)
    assert (counts.tp, counts.fp, counts.fn) == (
        {"SUPPORTS": 0, "REJECTS": 1},
        {"SUPPORTS": 0, "REJECTS": 1},
        {"SUPPORTS": 1, "REJECTS": 0},
    )
    assert (counts.holders_ok, counts.holders_total) == (0, 1)


def test_sentence_labels_and_split():
    record = Record("d", TEXT, stances=(claim(0, 24, "REJECTS"),))
    sentences = metrics.sentence_spans(TEXT)
    assert [TEXT[s:e] for s, e in sentences] == [
        "Hamas rejected the truce.",
        "Egypt welcomed the ceasefire agreement on Sunday.",
    ]
    assert metrics.sentence_labels(record, sentences) == ["REJECTS", "none"]


@pytest.mark.parametrize(
    ("pred", "gold", "edits"),
    [
        ([(0, 5, "ORG")], [(0, 5, "ORG")], 0),
        ([(0, 5, "GPE")], [(0, 5, "ORG")], 1),  # relabel
        ([(0, 3, "ORG")], [(0, 5, "ORG")], 1),  # re-bound
        ([], [(0, 5, "ORG")], 1),  # add
        ([(0, 5, "ORG"), (26, 31, "GPE")], [(0, 5, "ORG")], 1),  # delete
        ([(0, 3, "GPE"), (26, 31, "GPE")], [(0, 5, "ORG"), (40, 45, "ORG")], 3),
    ],
)
def test_entity_edits_hand_computed(pred, gold, edits):
    def ents(items):
        return [Entity(s, e, label, TEXT[s:e]) for s, e, label in items]

    assert metrics.entity_edits(ents(pred), ents(gold)) == edits


LABELS = ["ORG", "GPE", "PERSON"]
WORDS = ["w"] * 12


@st.composite
def entity_lists(draw):
    """Non-overlapping token-aligned entities over a fixed 12-word doc."""
    cuts = sorted(draw(st.sets(st.integers(0, 12), max_size=8)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if start < end and draw(st.booleans()):
            spans.append((start, end, draw(st.sampled_from(LABELS))))
    return spans


def to_record(doc_id, spans):
    text = " ".join(WORDS)
    return Record(
        doc_id,
        text,
        spans=tuple(
            Entity(2 * s, 2 * e - 1, label, text[2 * s : 2 * e - 1]) for s, e, label in spans
        ),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(entity_lists(), entity_lists()), min_size=1, max_size=4))
def test_entity_scores_equal_nervaluate_and_spacy_scorer(docs):
    pairs = [(to_record(str(i), g), to_record(str(i), p)) for i, (g, p) in enumerate(docs)]
    ours = score_entities(pairs, LABELS)
    true = [
        [{"label": e.label, "start": e.start, "end": e.end - 1} for e in g.spans] for g, _ in pairs
    ]
    pred = [
        [{"label": e.label, "start": e.start, "end": e.end - 1} for e in p.spans] for _, p in pairs
    ]
    theirs = Evaluator(true, pred, tags=LABELS, loader="dict").evaluate()["overall"]
    for scheme in ("strict", "exact", "partial", "ent_type"):
        assert ours[scheme]["f1"] == pytest.approx(theirs[scheme].f1)
    nlp = spacy.blank("en")
    examples = []
    for g, p in pairs:
        predicted, reference = nlp.make_doc(g.text), nlp.make_doc(g.text)
        predicted.ents = [predicted.char_span(e.start, e.end, e.label) for e in p.spans]
        reference.ents = [reference.char_span(e.start, e.end, e.label) for e in g.spans]
        examples.append(Example(predicted, reference))
    spacy_scores = Scorer.score_spans(examples, "ents")
    assert ours["micro"]["f1"] == pytest.approx(spacy_scores["ents_f"] or 0.0)
    assert ours["micro"]["p"] == pytest.approx(spacy_scores["ents_p"] or 0.0)
    assert ours["micro"]["r"] == pytest.approx(spacy_scores["ents_r"] or 0.0)


def test_span_helper_is_token_aligned():
    doc = spacy.blank("en").make_doc(" ".join(WORDS))
    record = to_record("x", [(0, 2, "ORG")])
    span = doc.char_span(record.spans[0].start, record.spans[0].end)
    assert isinstance(span, Span) and span.text == "w w"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("He said “yes.” Then left.\n\nNew line", ["He said “yes.”", "Then left.", "New line"]),
        ("Oct. 8 came. U.S. envoys went.", ["Oct.", "8 came.", "U.S. envoys went."]),
        ("e.g. lower case stays. End", ["e.g. lower case stays.", "End"]),
        ("Headline without period\nBody.", ["Headline without period", "Body."]),
    ],
)
def test_sentence_spans(text, sentences):
    assert [text[s:e] for s, e in metrics.sentence_spans(text)] == sentences
