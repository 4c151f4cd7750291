"""Pipeline components that shape entities and sentences the way the annotation scheme wants.

`annotate_line_sentences` (before the parser): a line break always ends a sentence, so a
headline is never glued to the paragraph under it.

`annotate_entity_extent` (after the NER): OntoNotes extent habits (scheme, section 1) that
en_core_web_sm often misses: no leading determiner, no trailing possessive (nor what follows
it inside the span), no title or honorific at the start of a PERSON.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

DETERMINERS = ("the", "a", "an")
POSSESSIVES = ("'s", "’s", "'", "’")
# Words that name an office or an honorific, never part of a person's name (lower case).
PERSON_TITLES = (
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "general",
    "gen.",
    "deputy",
    "speaker",
    "chief",
    "leader",
    "envoy",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "sen.",
    "rep.",
    "gov.",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "sheikh",
    "sheik",
    "sayyed",
    "sayyid",
    "ayatollah",
    "imam",
    "rabbi",
    "emir",
    "sultan",
    "commander",
    "colonel",
    "col.",
    "lt.",
    "major",
    "maj.",
    "captain",
    "capt.",
    "sergeant",
    "sgt.",
    "admiral",
    "adm.",
    "judge",
    "justice",
    "professor",
    "prof.",
    "foreign",
    "defense",
    "defence",
    "energy",
    "finance",
    "interior",
    "parliament",
)


def trim_entity(span: Span) -> Span | None:
    """The span with the scheme's extent fixes applied; None if nothing of it is left."""
    start, end = span.start, span.end
    doc = span.doc
    if end - start > 1 and doc[start].lower_ in DETERMINERS:
        start += 1
    for i in range(start + 1, end):
        if doc[i].text in POSSESSIVES and doc[i].tag_ == "POS":
            end = i
            break
    if span.label_ == "PERSON":
        while end - start > 1 and doc[start].lower_ in PERSON_TITLES:
            start += 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


class EntityExtent:
    def __call__(self, doc: Doc) -> Doc:
        trimmed = (trim_entity(ent) for ent in doc.ents)
        doc.ents = filter_spans(span for span in trimmed if span is not None)
        return doc


class LineSentences:
    def __call__(self, doc: Doc) -> Doc:
        for token in doc[:-1]:
            if "\n" in token.text:
                doc[token.i + 1].is_sent_start = True
        return doc


@Language.factory("annotate_entity_extent")
def make_entity_extent(nlp: Language, name: str) -> EntityExtent:
    return EntityExtent()


@Language.factory("annotate_line_sentences")
def make_line_sentences(nlp: Language, name: str) -> LineSentences:
    return LineSentences()
