"""Pipeline components that shape entities and sentences the way the annotation scheme wants.

`annotate_line_sentences` (before the parser): a line break always ends a sentence, so a
headline is never glued to the paragraph under it.

`annotate_entity_extent` (after the NER): OntoNotes extent habits (scheme, section 1) that
en_core_web_sm often misses: no leading determiner, no trailing possessive (nor what follows
it inside the span), no title or honorific at the start of a PERSON; a TIME with its time zone
("5 a.m. GMT") and with the day before a part of the day ("Friday night"). Its word lists are an
`EntityLexicon`, taken from the config and saved with the pipeline.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicon import EntityLexicon, LexiconComponent

EXTENT_FACTORY = "annotate_entity_extent"
LINE_SENTENCES_FACTORY = "annotate_line_sentences"


def trim_entity(span: Span, lexicon: EntityLexicon) -> Span | None:
    """The span with the scheme's extent fixes applied; None if nothing of it is left."""
    start, end = span.start, span.end
    doc = span.doc
    if end - start > 1 and doc[start].lower_ in lexicon.determiners:
        start += 1
    for i in range(start + 1, end):
        if doc[i].text in lexicon.possessives and doc[i].tag_ == "POS":
            end = i
            break
    if span.label_ == "PERSON":
        while end - start > 1 and doc[start].lower_ in lexicon.person_titles:
            start += 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_, kb_id=span.kb_id_)


class EntityExtent(LexiconComponent):
    lexicon_type = EntityLexicon

    def __init__(self, name: str = EXTENT_FACTORY, *, lexicon: EntityLexicon | None = None) -> None:
        super().__init__(name, lexicon if lexicon is not None else EntityLexicon())

    def __call__(self, doc: Doc) -> Doc:
        trimmed = [span for ent in doc.ents if (span := trim_entity(ent, self.lexicon))]
        doc.ents = filter_spans(whole_times(trimmed, self.lexicon))
        return doc


def whole_times(ents: list[Span], lexicon: EntityLexicon) -> list[Span]:
    """TIME spans with their time zone (or "local time") and with the day before a part of
    the day, as one span; entities inside what a TIME takes in are dropped."""
    out: list[Span] = []
    for ent in ents:
        if out and ent.start < out[-1].end:
            continue  # swallowed by the TIME before it
        if ent.label_ == "TIME":
            ent = _with_zone(ent, lexicon)
            if (
                out
                and out[-1].label_ == "DATE"
                and out[-1].end == ent.start
                and ent.start < len(ent.doc)
                and ent.doc[ent.start].lower_ in lexicon.day_parts
            ):
                ent = Span(ent.doc, out.pop().start, ent.end, label="TIME")
        out.append(ent)
    return out


def _with_zone(ent: Span, lexicon: EntityLexicon) -> Span:
    doc, end = ent.doc, ent.end
    local = len(lexicon.local_time)
    if end < len(doc) and doc[end].lower_ in lexicon.time_zones and doc[end].is_upper:
        end += 1
    elif tuple(t.lower_ for t in doc[end : end + local]) == lexicon.local_time:
        end += local
    return ent if end == ent.end else Span(doc, ent.start, end, label="TIME")


class LineSentences:
    def __call__(self, doc: Doc) -> Doc:
        for token in doc[:-1]:
            if "\n" in token.text:
                doc[token.i + 1].is_sent_start = True
        return doc


@Language.factory(
    EXTENT_FACTORY,
    default_config={"lexicon": {}},
    requires=["doc.ents", "token.tag"],
    assigns=["doc.ents"],
)
def make_entity_extent(nlp: Language, name: str, lexicon: dict[str, Any]) -> EntityExtent:
    """`lexicon`: entries that replace the defaults (keys of `EntityLexicon`)."""
    where = f"{name} lexicon"
    return EntityExtent(name, lexicon=EntityLexicon().updated(lexicon, where=where))


@Language.factory(LINE_SENTENCES_FACTORY, requires=["token.text"], assigns=["token.is_sent_start"])
def make_line_sentences(nlp: Language, name: str) -> LineSentences:
    return LineSentences()
