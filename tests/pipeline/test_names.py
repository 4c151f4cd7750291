"""One name, one label per article (`annotate.pipeline.names`), on Docs built by hand."""

from __future__ import annotations

import pytest

from annotate.pipeline.lexicon import EntityLexicon
from annotate.pipeline.names import consistent_names

from ..conftest import parsed

LABELS = EntityLexicon().name_labels

MOSTLY_ORG = """
Aldor 1 nsubj PROPN Aldor B-ORG
spoke 1 ROOT VERB speak
. 1 punct PUNCT .
Aldor 4 nsubj PROPN Aldor B-ORG
left 4 ROOT VERB leave
. 4 punct PUNCT .
Aldor 7 nsubj PROPN Aldor B-NORP
won 7 ROOT VERB win
"""
SURNAME = """
Tomas 1 compound PROPN Tomas B-PERSON
Varga 2 nsubj PROPN Varga I-PERSON
spoke 2 ROOT VERB speak
. 2 punct PUNCT .
Later 6 advmod ADV later
Varga 6 nsubj PROPN Varga
left 6 ROOT VERB leave
"""
LONGER_NAME = """
Tomas 1 compound PROPN Tomas B-PERSON
Varga 2 nsubj PROPN Varga I-PERSON
spoke 2 ROOT VERB speak
at 2 prep ADP at
the 6 det DET the
Varga 6 compound PROPN Varga
Foundation 3 pobj PROPN Foundation
"""
SHORTER = """
Blue 1 compound PROPN Blue B-ORG
Dawn 2 nsubj PROPN Dawn I-ORG
won 2 ROOT VERB win
. 2 punct PUNCT .
Blue 5 compound PROPN Blue B-ORG
Dawn 6 nsubj PROPN Dawn
left 6 ROOT VERB leave
"""
TIED = """
Aldor 1 nsubj PROPN Aldor B-ORG
spoke 1 ROOT VERB speak
. 1 punct PUNCT .
Aldor 4 nsubj PROPN Aldor B-GPE
left 4 ROOT VERB leave
"""
DATES = """
Monday 1 npadvmod PROPN Monday B-DATE
came 1 ROOT VERB come
. 1 punct PUNCT .
Monday 4 nsubj PROPN Monday
ended 4 ROOT VERB end
"""


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # most mentions say ORG: the odd NORP one follows them
        (MOSTLY_ORG, [("Aldor", "ORG"), ("Aldor", "ORG"), ("Aldor", "ORG")]),
        # the surname of a named person, left out by the NER, is that person
        (SURNAME, [("Tomas Varga", "PERSON"), ("Varga", "PERSON")]),
        # inside another name ("Varga Foundation") it is not a mention of the person
        (LONGER_NAME, [("Tomas Varga", "PERSON")]),
        # a mention read shorter than the article's name for it grows to the name
        (SHORTER, [("Blue Dawn", "ORG"), ("Blue Dawn", "ORG")]),
        # no majority: each mention keeps its own label
        (TIED, [("Aldor", "ORG"), ("Aldor", "GPE")]),
        # dates and numbers are not names: nothing is added
        (DATES, [("Monday", "DATE")]),
    ],
)
def test_one_name_one_label_per_article(rows, expected):
    doc = parsed(rows)
    assert [(e.text, e.label_) for e in consistent_names(doc, doc.ents, LABELS)] == expected
