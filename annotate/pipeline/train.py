"""Training the learned stance decision from gold records (what `annotate export` writes).

The rules pipeline parses every gold article once; each candidate sentence becomes an example
whose label is the gold claim covering most of it (or none). The model is fit on those, added
to the pipeline as `annotate_learned_stance`, and the pipeline saved as a directory that
`spacy.load`, `annotate preannotate --model DIR` and `annotate evaluate --model DIR` load.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..core.defaults import RULES_MODEL
from ..core.errors import PipelineError
from ..core.records import Record
from .learned import LEARNED_FACTORY, NONE, StanceModel, candidate_sentences, fit, sentence_view
from .preannotate import build_pipeline
from .stance import stance_component

Example = tuple[dict[str, float], str]


@dataclass(frozen=True)
class TrainSummary:
    articles: int
    sentences: int
    labels: dict[str, int] = field(default_factory=dict)
    features: int = 0
    seconds: float = 0.0


def gold_label(sent: Span, gold: Record) -> str:
    """The label of the gold claim that covers most of the sentence's characters, else none."""
    start, end = sent.start_char, sent.end_char
    best, best_overlap = NONE, 0
    for claim in gold.stances:
        overlap = min(end, claim.end) - max(start, claim.start)
        if overlap > best_overlap:
            best, best_overlap = claim.label, overlap
    return best


def parse(nlp: Language, records: Sequence[Record]) -> list[Doc]:
    """The rules pipeline's docs of the gold texts (the learned component left out)."""
    names = [n for n, _ in nlp.pipeline if n != LEARNED_FACTORY]
    with nlp.select_pipes(enable=names):
        return list(nlp.pipe(r.text for r in records))


def examples(nlp: Language, docs: Iterable[Doc], records: Iterable[Record]) -> Iterator[Example]:
    stance = stance_component(nlp)
    if stance is None:
        raise PipelineError("the pipeline has no annotate_ceasefire_stance component")
    for doc, record in zip(docs, records, strict=True):
        claims = list(doc.spans.get(stance.span_key, []))
        for sent in candidate_sentences(doc, stance):
            _, features = sentence_view(sent, claims)
            yield features, gold_label(sent, record)


def fit_model(
    nlp: Language, docs: Sequence[Doc], records: Sequence[Record], *, seed: int
) -> tuple[StanceModel, list[Example]]:
    found = list(examples(nlp, docs, records))
    if not found or len({label for _, label in found}) < 2:
        raise PipelineError(
            "the gold has too few sentences about a ceasefire to learn from (it needs sentences "
            "with a claim and sentences without one)"
        )
    return fit(found, seed=seed), found


def with_model(nlp: Language, model: StanceModel) -> Language:
    """The pipeline with the learned component (added after the rules) set to `model`."""
    if LEARNED_FACTORY not in nlp.pipe_names:
        nlp.add_pipe(LEARNED_FACTORY, after=stance_component(nlp).name)
    nlp.get_pipe(LEARNED_FACTORY).model = model
    return nlp


def train(
    records: Sequence[Record], *, base_model: str = RULES_MODEL, seed: int = 0
) -> tuple[Language, TrainSummary]:
    """A pipeline whose stance decision is learned from `records`."""
    started = time.perf_counter()
    nlp = build_pipeline(base_model)
    docs = parse(nlp, records)
    model, found = fit_model(nlp, docs, records, seed=seed)
    summary = TrainSummary(
        articles=len(records),
        sentences=len(found),
        labels=dict(Counter(label for _, label in found)),
        features=len(model.features),
        seconds=time.perf_counter() - started,
    )
    return with_model(nlp, model), summary


def save(nlp: Language, output: Path) -> None:
    """Write the pipeline directory whole or not at all (a temporary directory, renamed)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        nlp.to_disk(tmp)
        if output.exists():
            shutil.rmtree(output)
        tmp.rename(output)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
