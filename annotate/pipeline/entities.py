"""Pipeline components that shape entities and sentences the way the annotation scheme wants.

`annotate_line_sentences` (before the parser): a line break always ends a sentence, so a
headline is never glued to the paragraph under it.

`annotate_entity_extent` (after the NER): OntoNotes extent habits (scheme, section 1) that
en_core_web_sm often misses: no leading determiner, no trailing possessive (nor what follows
it inside the span), no title or honorific at the start of a PERSON. Its word lists are an
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
        trimmed = (trim_entity(ent, self.lexicon) for ent in doc.ents)
        doc.ents = filter_spans(span for span in trimmed if span is not None)
        return doc


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
