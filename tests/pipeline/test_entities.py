from __future__ import annotations

import pytest

from annotate.pipeline.entities import EntityExtent, LineSentences


def extent(nlp, text: str, entity: str, label: str) -> list[tuple[str, str]]:
    """Run the extent fix on `text` with `entity` set as the only entity."""
    with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]):
        doc = nlp(text)
    start = text.index(entity)
    doc.ents = [doc.char_span(start, start + len(entity), label=label)]
    doc = EntityExtent()(doc)
    return [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(
    ("text", "entity", "label", "expected"),
    [
        ("Strikes by the IDF went on.", "the IDF", "ORG", ("IDF", "ORG")),
        (
            "He spoke to The U.S. State Department.",
            "The U.S. State Department",
            "ORG",
            ("U.S. State Department", "ORG"),
        ),
        ("Hezbollah’s leader spoke.", "Hezbollah’s", "ORG", ("Hezbollah", "ORG")),
        ("Biden's adviser flew in.", "Biden's", "PERSON", ("Biden", "PERSON")),
        ("Raids of last week's offensive.", "last week's offensive", "DATE", ("last week", "DATE")),
        (
            "Prime Minister Najib Mikati spoke.",
            "Prime Minister Najib Mikati",
            "PERSON",
            ("Najib Mikati", "PERSON"),
        ),
        (
            "Sayyed Hassan Nasrallah was killed.",
            "Sayyed Hassan Nasrallah",
            "PERSON",
            ("Hassan Nasrallah", "PERSON"),
        ),
        ("Prime Minister Keir Starmer spoke.", "Prime Minister", "ORG", ("Prime Minister", "ORG")),
        ("Naim Qassem spoke.", "Naim Qassem", "PERSON", ("Naim Qassem", "PERSON")),
        # a day of a month is a date
        ("The truce began on Aug 18.", "18", "CARDINAL", ("Aug 18", "DATE")),
        # an amount keeps the article that counts one
        ("The truce lasted a week.", "a week", "DATE", ("a week", "DATE")),
        # a name ends with a capitalised word
        ("The Green Unity party left.", "Green Unity party", "ORG", ("Green Unity", "ORG")),
        # a nationality with a capitalised organisation head is the organisation's name
        ("The Lebanese Army moved in.", "Lebanese", "NORP", ("Lebanese Army", "ORG")),
        # a name after a person's title is a person; a single place name there stays a place
        ("The envoy Ana Ruiz flew in.", "Ana Ruiz", "ORG", ("Ana Ruiz", "PERSON")),
        ("Defense Minister Israel Katz spoke.", "Israel", "GPE", ("Israel", "GPE")),
        # a street is a facility, whatever the NER took it for
        ("Crowds filled Baker Street.", "Baker Street", "PERSON", ("Baker Street", "FAC")),
    ],
)
def test_extent_fixes(nlp, text, entity, label, expected):
    assert extent(nlp, text, entity, label) == [expected]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Defense Minister Ana Ruiz spoke.", "Defense"),  # an office, not an organisation
        ("The Secretary of State flew in.", "State"),
        ("The health ministry said so.", "health ministry"),  # no capital, no name
    ],
)
def test_what_is_no_organisation_is_dropped(nlp, text, entity):
    assert extent(nlp, text, entity, "ORG") == []


def test_a_line_break_always_starts_a_sentence(nlp):
    doc = LineSentences()(nlp.make_doc("Truce Talks Resume\nHezbollah said it is ready."))
    assert [t.text for t in doc[:4]] == ["Truce", "Talks", "Resume", "\n"]
    assert doc[4].is_sent_start and doc[4].text == "Hezbollah"
    assert not doc[5].is_sent_start  # the parser decides the rest


def test_pipeline_headline_is_its_own_sentence(nlp):
    doc = nlp("Hamas Rejects Truce Offer\nHamas firmly rejected the proposal on Monday.")
    assert next(s.text.strip() for s in doc.sents) == "Hamas Rejects Truce Offer"


def entities_after_extent(words: str, iob: str) -> list[tuple[str, str]]:
    """Run the extent component on a Doc built by hand: words and their IOB entity tags."""
    from spacy.tokens import Doc

    from ..conftest import blank

    doc = Doc(blank().vocab, words=words.split(), ents=iob.split())
    return [(e.text, e.label_) for e in EntityExtent()(doc).ents]


@pytest.mark.parametrize(
    ("words", "iob", "expected"),
    [
        ("at 5 a.m. GMT on", "O B-TIME I-TIME B-ORG O", [("5 a.m. GMT", "TIME")]),
        ("at 12 a.m. ET .", "O B-TIME I-TIME B-PERSON O", [("12 a.m. ET", "TIME")]),
        ("at 7 a.m. local time ,", "O B-TIME I-TIME O O O", [("7 a.m. local time", "TIME")]),
        ("on Friday night ,", "O B-DATE B-TIME O", [("Friday night", "TIME")]),
        ("this Monday evening", "B-DATE I-DATE B-TIME", [("this Monday evening", "TIME")]),
        # not a zone: a lower-case word after the time, or a day part not right after the day
        ("at 5 a.m. et cetera", "O B-TIME I-TIME O O", [("5 a.m.", "TIME")]),
        ("Friday , night", "B-DATE O B-TIME", [("Friday", "DATE"), ("night", "TIME")]),
        ("Friday 9 p.m.", "B-DATE B-TIME I-TIME", [("Friday", "DATE"), ("9 p.m.", "TIME")]),
    ],
)
def test_times_keep_their_zone_and_their_day(words, iob, expected):
    assert entities_after_extent(words, iob) == expected


def test_a_title_case_headline_is_read_in_sentence_case(nlp):
    """Not one ORG over the whole line: the names the article capitalises inside its
    sentences stay capitalised, the other words are read lowercased, at the same offsets."""
    doc = nlp(
        "Kenya Signals Ceasefire Willingness With Uganda\nKenya is ready for talks with Uganda."
    )
    headline = next(doc.sents)
    assert [(e.text, e.label_) for e in doc.ents if e.end <= headline.end] == [
        ("Kenya", "GPE"),
        ("Uganda", "GPE"),
    ]
    assert doc.text.startswith("Kenya Signals Ceasefire")  # the text itself is not changed


def test_a_title_case_headline_is_parsed_in_sentence_case(nlp):
    """Read in Title Case, every word of the line is a proper noun of one long name; read in
    sentence case, "Rejects" is the verb, and the stance rules find the rejection."""
    doc = nlp("Kenya Rejects New Truce Conditions\nKenya is ready for talks with Uganda.")
    verb = doc[1]
    assert (verb.text, verb.pos_, verb.dep_, verb.lemma_) == ("Rejects", "VERB", "ROOT", "reject")
    first = doc.spans["stance"][0]
    assert (first.text, first.label_) == ("Kenya Rejects New Truce Conditions", "REJECTS")
