"""Pipeline components that shape entities and sentences the way the annotation scheme wants.

`annotate_line_sentences` (before the parser): a line break always ends a sentence, so a
headline is never glued to the paragraph under it.

`annotate_entity_extent` (after the NER): a Title Case headline read again in sentence case,
one label per name through the article (`names`), and the OntoNotes extent habits (scheme,
section 1) that en_core_web_sm often misses: no leading determiner, no trailing possessive
(nor what follows it inside the span), no title or honorific at the start of a PERSON; a TIME
with its time zone ("5 a.m. GMT") and with the day before a part of the day ("Friday night").
Its word lists are an `EntityLexicon`, taken from the config and saved with the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicon import EntityLexicon, LexiconComponent
from .names import consistent_names

EXTENT_FACTORY = "annotate_entity_extent"
HEADLINE_PARSE = ["TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP"]  # what a headline reread gives
LINE_SENTENCES_FACTORY = "annotate_line_sentences"


def trim_entity(span: Span, lexicon: EntityLexicon) -> Span | None:
    """The span with the scheme's extent fixes applied; None if nothing of it is left."""
    start, end = span.start, span.end
    doc = span.doc
    first = doc[start].lower_
    counts = first in lexicon.counting_articles and span.label_ in lexicon.amount_labels
    if end - start > 1 and first in lexicon.determiners and not counts:
        start += 1
    for i in range(start + 1, end):
        if doc[i].text in lexicon.possessives and doc[i].tag_ == "POS":
            end = i
            break
    if span.label_ == "PERSON":
        while end - start > 1 and doc[start].lower_ in lexicon.person_titles:
            start += 1
    label, organisations = span.label_, lexicon.organisation_heads
    if label in lexicon.capitalised_name_labels:
        while end > start and (doc[end - 1].is_lower or doc[end - 1].is_punct):
            end -= 1  # "Jewish Power party", "health ministry": the name has capitals only
    office = lexicon.portfolios
    if start >= end or (label == "ORG" and all(t.lower_ in office for t in doc[start:end])):
        return None  # "Defense" of "Defense Minister" is an office, not an organisation
    if label in ("PERSON", "ORG", "GPE") and doc[end - 1].lower_ in lexicon.facility_heads:
        label = "FAC"  # "Salahuddin Road"
    after = doc[end] if end < len(doc) else None
    if label == "NORP" and after is not None and after.is_title and after.lower_ in organisations:
        label, end = "ORG", end + 1  # "Lebanese Army": a name, not a nationality
    before = doc[start - 1] if start > 0 else None
    month = before is not None and before.is_title and before.lower_ in lexicon.months
    if label == "CARDINAL" and month:
        label, start = "DATE", start - 1  # "Aug 18"
    titled = start > 0 and doc[start - 1].lower_ in lexicon.person_titles
    if (
        label in ("ORG", "GPE")
        and titled
        and end - start > 1
        and all(t.is_title for t in doc[start:end])
    ):
        label = "PERSON"  # "envoy Morgan Ortagus"
    return Span(doc, start, end, label=label, kb_id=span.kb_id_)


class EntityExtent(LexiconComponent):
    lexicon_type = EntityLexicon

    def __init__(
        self,
        name: str = EXTENT_FACTORY,
        *,
        lexicon: EntityLexicon | None = None,
        nlp: Language | None = None,
    ) -> None:
        super().__init__(name, lexicon if lexicon is not None else EntityLexicon())
        self.nlp = nlp

    def _recognize(self, text: str) -> Doc:
        """`text` through the pipeline up to its NER: whatever the NER listens to (a shared
        tok2vec or transformer) runs first, so any base model works."""
        doc = self.nlp.make_doc(text)
        for name, component in self.nlp.pipeline:
            doc = component(doc)
            if name == "ner":
                return doc
        return doc

    def __call__(self, doc: Doc) -> Doc:
        if self.nlp is not None and "ner" in self.nlp.pipe_names:
            doc.ents = headline_entities(doc, self._recognize)
        trimmed = [span for ent in doc.ents if (span := trim_entity(ent, self.lexicon))]
        named = consistent_names(doc, trimmed, self.lexicon.name_labels)
        doc.ents = filter_spans(whole_times(named, self.lexicon))
        return doc


def title_cased(sent: Span) -> bool:
    """A headline in Title Case: most of its words (at least three) capitalised, not all caps."""
    words = [t for t in sent if t.is_alpha]
    capitalised = sum(t.text[0].isupper() for t in words)
    return (
        len(words) >= 3 and capitalised >= 0.8 * len(words) and not all(t.is_upper for t in words)
    )


def headline_entities(doc: Doc, recognize: Callable[[str], Doc]) -> list[Span]:
    """The entities, with those of each Title Case line found again on it in sentence case;
    the line's parse (tags, lemmas, dependencies) is taken from that reading too.

    en_core_web_sm reads "Hezbollah Signals Ceasefire Willingness With Israel" as one ORG. On
    the line with every word lowercased that the article never capitalises inside a sentence
    ("Hezbollah signals ceasefire willingness with Israel") it finds Hezbollah and Israel.
    Lowercasing keeps every offset, so the entities map back onto the line as they are."""
    headlines = [sent for sent in doc.sents if title_cased(sent)]
    if not headlines:
        return list(doc.ents)
    in_headline = {t.i for sent in headlines for t in sent}
    names = {t.text for t in doc if not t.is_sent_start and t.i not in in_headline}
    ents = [e for e in doc.ents if e.start not in in_headline]
    parse = None
    for sent in headlines:
        text = "".join(
            (t.text if t.i == sent.start or t.text in names or t.is_upper else t.lower_)
            + t.whitespace_
            for t in sent
        )
        reread = recognize(text)
        attrs = [a for a in HEADLINE_PARSE if doc.has_annotation(a) and reread.has_annotation(a)]
        if attrs == HEADLINE_PARSE and [len(t) for t in reread] == [len(t) for t in sent]:
            # "Hamas Rejects 'New' Gaza Truce Conditions" parses "Rejects" as a noun; the
            # sentence-case line parses it as the verb it is, and the stance rules read that
            parse = doc.to_array(HEADLINE_PARSE) if parse is None else parse
            parse[sent.start : sent.end] = reread.to_array(HEADLINE_PARSE)
        for ent in reread.ents:
            span = doc.char_span(sent.start_char + ent.start_char, sent.start_char + ent.end_char,
                                 label=ent.label_, alignment_mode="contract")  # fmt: skip
            if span is not None:
                ents.append(span)
    if parse is not None:
        doc.from_array(HEADLINE_PARSE, parse)
    return filter_spans(ents)


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
    return EntityExtent(name, lexicon=EntityLexicon().updated(lexicon, where=where), nlp=nlp)


@Language.factory(LINE_SENTENCES_FACTORY, requires=["token.text"], assigns=["token.is_sent_start"])
def make_line_sentences(nlp: Language, name: str) -> LineSentences:
    return LineSentences()
