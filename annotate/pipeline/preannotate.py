"""Pre-annotation: one spaCy pipeline over a stream of articles -> prediction records."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..core.defaults import DEFAULT_MODEL, DEFAULT_N_PROCESS, RULES_MODEL, SPACY_MODEL
from ..core.defaults import DEFAULT_PREANNOTATE_BATCH_SIZE as DEFAULT_BATCH_SIZE
from ..core.errors import PipelineError, Problem
from ..core.processes import forked_workers_die_with_parent
from ..core.records import Article, Entity, Holder, Record, Stance
from ..core.tokens import prodigy_tokens
from . import entities, stance
from .learned import CERTAINTY_ATTR, LEARNED_FACTORY, MODEL_FILE, StanceModel
from .stance import stance_component

ENTITY_SCORE = 1.0  # greedy NER has no probabilities: every entity is the model's one answer


SHIPPED_MODEL = Path(__file__).parent / "data" / MODEL_FILE


def build_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load `model` and add the toolkit's components if missing. `annotate-default` is the
    rules with the shipped stance model, `annotate-rules` the rules alone (both on
    en_core_web_sm); anything else is a spaCy package name or a pipeline directory."""
    if model == DEFAULT_MODEL:
        nlp = build_pipeline(RULES_MODEL)
        nlp.add_pipe(LEARNED_FACTORY, after=stance_component(nlp).name)
        nlp.get_pipe(LEARNED_FACTORY).model = StanceModel.from_dict(srsly.read_json(SHIPPED_MODEL))
        return nlp
    nlp = spacy.load(SPACY_MODEL if model == RULES_MODEL else model)
    if entities.LINE_SENTENCES_FACTORY not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(entities.LINE_SENTENCES_FACTORY, before="parser")
    if entities.EXTENT_FACTORY not in nlp.pipe_names:
        nlp.add_pipe(entities.EXTENT_FACTORY, after="ner")
    if stance_component(nlp) is None:
        nlp.add_pipe(stance.FACTORY)
    return nlp


def model_version(nlp: Language) -> str:
    """Names the base pipeline, the rules' version and, when the stance decision is learned,
    the learned model's digest: every retraining is a new model_version in Label Studio."""
    meta = nlp.meta
    version = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}+{stance.STANCE_VERSION}"
    learned = nlp.get_pipe(LEARNED_FACTORY) if LEARNED_FACTORY in nlp.pipe_names else None
    if learned is not None and learned.model is not None:
        digest = hashlib.blake2b(srsly.json_dumps(learned.model.to_dict()).encode(), digest_size=4)
        version += f"+learned-{digest.hexdigest()}"
    return version


def doc_to_record(
    doc: Doc, article: Article, version: str, *, span_key: str, with_tokens: bool = False
) -> Record:
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
    for claim in doc.spans.get(span_key, []):
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
    certainty = doc._.get(CERTAINTY_ATTR)
    return Record(
        id=article.id,
        text=article.text,
        spans=spans,
        stances=tuple(claims),
        meta=dict(article.meta),
        model_version=version,
        tokens=tokens,
        score=certainty,
    )


def length_problem(article: Article, nlp: Language) -> Problem | None:
    """A Problem if `article` is longer than the pipeline's `max_length`, else None."""
    if len(article.text) <= nlp.max_length:
        return None
    reason = (
        f"article {article.id!r} has {len(article.text):,} characters, over the "
        f"pipeline's max_length of {nlp.max_length:,} (lower --max-bytes, or split it)"
    )
    return Problem(str(article.meta.get("source", article.id)), "too-long", reason)


def preannotate(
    articles: Iterable[Article | Problem],
    *,
    nlp: Language,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = DEFAULT_N_PROCESS,
    with_tokens: bool = False,
) -> Iterator[Record | Problem]:
    """Stream one prediction record per article, in input order; Problems pass through, and an
    article longer than the pipeline's `max_length` is skipped with one."""
    version = model_version(nlp)
    component = stance_component(nlp)
    if component is None:
        raise PipelineError(f"the pipeline has no {stance.FACTORY} component")
    problems: deque[Problem] = deque()
    if n_process != 1:
        forked_workers_die_with_parent()

    def texts() -> Iterator[tuple[str, Article]]:
        for item in articles:
            if isinstance(item, Problem):
                problems.append(item)
            elif (too_long := length_problem(item, nlp)) is not None:
                problems.append(too_long)
            else:
                yield item.text, item

    docs = nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for doc, article in docs:
        while problems:
            yield problems.popleft()
        yield doc_to_record(
            doc, article, version, span_key=component.span_key, with_tokens=with_tokens
        )
    yield from problems
