"""`annotate_learned_stance`: the stance decision learned from gold, on top of the rules.

The rules (`annotate_ceasefire_stance`) are precise and fire too rarely on news they were not
written on. This component looks at every sentence of an article about a ceasefire that
mentions one (or a proposal or talks for one) and asks a logistic regression, trained on gold
sentences, whether it holds a SUPPORTS or REJECTS claim. Where the rules found nothing and the
model is confident, it adds a claim over the sentence with the holder the parse gives; where
the rules found one claim and the model is very confident of the other label, it relabels it.
Rule claims are never removed. The model is plain data (features, weights), saved with the
pipeline as JSON: no pickle, and the same data and seed give the same model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import SimpleFrozenList

from ..core.records import StanceLabel
from .candidates import thing_supports
from .claims import held_by
from .holders import subject_of
from .stance import CeasefireStance, stance_component

LEARNED_FACTORY = "annotate_learned_stance"
MODEL_FILE = "stance-model.json"
# The model's certainty about the doc: the probability of its decision on the sentence it was
# least sure of (1.0 with no ceasefire sentence). Label Studio serves lowest scores first.
CERTAINTY_ATTR = "stance_certainty"
if not Doc.has_extension(CERTAINTY_ATTR):
    Doc.set_extension(CERTAINTY_ATTR, default=None)
NONE = "NONE"
CLASSES = (NONE, *(label.value for label in StanceLabel))


def sentence_features(
    sent: Span, rule_labels: Sequence[str], cues: Sequence[str]
) -> dict[str, float]:
    """What the model sees of a sentence: its lemmas and lemma pairs, the rules' verdict and
    cues, negation, and the kinds of named actors in it."""
    words = [t.lemma_.lower() for t in sent if not (t.is_punct or t.is_space or t.like_num)]
    features: dict[str, float] = {f"w={w}": 1.0 for w in words}
    features.update({f"b={a}_{b}": 1.0 for a, b in pairwise(words)})
    features.update({f"rule={label}": 1.0 for label in rule_labels or [NONE]})
    features.update({f"cue={cue}": 1.0 for cue in cues})
    if any(t.dep_ == "neg" for t in sent):
        features["negated"] = 1.0
    features.update({f"ent={e.label_}": 1.0 for e in sent.ents})
    return features


@dataclass(frozen=True)
class StanceModel:
    """A multinomial logistic regression as data: feature index, weights, intercepts."""

    features: dict[str, int]
    weights: np.ndarray  # classes x features
    intercepts: np.ndarray
    classes: tuple[str, ...] = CLASSES

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        scores = self.intercepts.copy()
        for name, value in features.items():
            index = self.features.get(name)
            if index is not None:
                scores = scores + value * self.weights[:, index]
        exp = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))

    def to_dict(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "features": self.features,
            "weights": self.weights.round(8).tolist(),
            "intercepts": self.intercepts.round(8).tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StanceModel:
        return cls(
            dict(data["features"]),
            np.asarray(data["weights"], dtype=float),
            np.asarray(data["intercepts"], dtype=float),
            tuple(data["classes"]),
        )


def fit(examples: Iterable[tuple[dict[str, float], str]], *, seed: int = 0) -> StanceModel:
    """Learn the model from (features, gold label) pairs; deterministic for a seed."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels = zip(*examples, strict=True)
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(rows)
    classifier = LogisticRegression(
        C=1.0, max_iter=2000, class_weight="balanced", random_state=seed
    )
    classifier.fit(matrix, labels)
    order = [
        list(classifier.classes_).index(c) if c in classifier.classes_ else None for c in CLASSES
    ]
    weights = np.zeros((len(CLASSES), matrix.shape[1]))
    intercepts = np.full(len(CLASSES), -1e9)
    coef = (
        classifier.coef_
        if len(classifier.classes_) > 2
        else np.vstack([-classifier.coef_, classifier.coef_])
    )
    bias = (
        classifier.intercept_
        if len(classifier.classes_) > 2
        else np.array([-classifier.intercept_[0], classifier.intercept_[0]])
    )
    for row, index in enumerate(order):
        if index is not None:
            weights[row], intercepts[row] = coef[index], bias[index]
    return StanceModel(dict(vectorizer.vocabulary_), weights, intercepts)


def candidate_sentences(doc: Doc, stance: CeasefireStance) -> list[Span]:
    """The sentences the model judges: those of an article about a ceasefire that mention one,
    or a proposal or talks for one, or that hold a rule claim."""
    strong = [doc[s:e].root for _, s, e in stance.matcher(doc)]
    if not strong:
        return []
    weak = {
        t.sent.start for t in doc if t.pos_ == "NOUN" and t.lemma_ in stance.lexicon.weak_targets
    }
    starts = {t.sent.start for t in strong} | weak
    starts |= {c.sent.start for c in doc.spans.get(stance.span_key, [])}
    return [sent for sent in doc.sents if sent.start in starts]


def sentence_view(sent: Span, claims: Sequence[Span]) -> tuple[list[Span], dict[str, float]]:
    inside = [c for c in claims if c.start >= sent.start and c.end <= sent.end]
    labels = [c.label_ for c in inside]
    cues = [c._.cue or "" for c in inside]
    return inside, sentence_features(sent, labels, cues)


class LearnedStance:
    def __init__(
        self,
        nlp: Language,
        name: str = LEARNED_FACTORY,
        *,
        add_threshold: float,
        relabel_threshold: float,
    ) -> None:
        self.nlp, self.name = nlp, name
        self.add_threshold, self.relabel_threshold = add_threshold, relabel_threshold
        self.model: StanceModel | None = None

    def __call__(self, doc: Doc) -> Doc:
        stance = stance_component(self.nlp)
        if self.model is None or stance is None:
            return doc
        claims = list(doc.spans.get(stance.span_key, []))
        kept = list(claims)
        certainty = 1.0
        for sent in candidate_sentences(doc, stance):
            inside, features = sentence_view(sent, claims)
            probabilities = self.model.probabilities(features)
            best = max(probabilities, key=probabilities.get)
            certainty = min(certainty, probabilities[best])
            if best == NONE:
                continue
            if not inside and probabilities[best] >= self.add_threshold:
                claim = sentence_claim(sent, best, probabilities[best], stance)
                if claim is not None:
                    kept.append(claim)
            elif (
                len(inside) == 1
                and inside[0].label_ != best
                and probabilities[best] >= self.relabel_threshold
            ):
                kept[kept.index(inside[0])] = _relabelled(inside[0], best, probabilities[best])
        doc.spans[stance.span_key] = sorted(kept, key=lambda c: c.start)
        doc._.set(CERTAINTY_ATTR, round(certainty, 4))
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        if self.model is not None:
            srsly.write_json(Path(path) / MODEL_FILE, self.model.to_dict())

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> LearnedStance:
        file = Path(path) / MODEL_FILE
        self.model = StanceModel.from_dict(srsly.read_json(file)) if file.is_file() else None
        return self


def sentence_claim(sent: Span, label: str, score: float, stance: CeasefireStance) -> Span | None:
    """A claim over the sentence (its outer punctuation left out), held as a rule claim is
    (`held_by`, from the sentence's subject); None where no named actor holds it."""
    start, end = sent.start, sent.end
    doc = sent.doc
    while (
        start < end
        and (doc[start].is_punct or doc[start].is_space)
        and doc[start].text not in ("“", '"')
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    lex = stance.lexicon
    if thing_supports(sent.root, StanceLabel(label), lex):
        return None  # "The proposal calls for ...": as for the rules, no one's support
    span = Span(doc, start, end, label=label)
    holders = held_by(subject_of(sent.root, lex.holders), span, sent.root, lex)
    if not holders:
        return None
    span._.holders = [(h.start, h.end) for h in holders]
    span._.cue = f"learned:{label.lower()}"
    span._.score = round(score, 3)
    return span


def _relabelled(claim: Span, label: str, score: float) -> Span:
    span = Span(claim.doc, claim.start, claim.end, label=label)
    span._.holders, span._.cue, span._.score = (
        claim._.holders,
        f"learned:{label.lower()}",
        round(score, 3),
    )
    return span


@Language.factory(
    LEARNED_FACTORY,
    default_config={"add_threshold": 0.5, "relabel_threshold": 0.8},
    requires=["doc.spans", "token.dep", "token.lemma", "doc.ents"],
    assigns=["doc.spans"],
)
def make_learned_stance(
    nlp: Language, name: str, add_threshold: float, relabel_threshold: float
) -> LearnedStance:
    """Needs `annotate_ceasefire_stance` before it; its model is set by `annotate train`."""
    return LearnedStance(
        nlp, name, add_threshold=add_threshold, relabel_threshold=relabel_threshold
    )
