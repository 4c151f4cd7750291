"""`annotate_ceasefire_stance`: a spaCy component that finds ceasefire stance claims.

For every mention of a ceasefire target (scheme section 2) the rules in `claims.py` and
`cues.py` find the nearest stance cue above it, label the claim SUPPORTS or REJECTS, climb to
the clause that carries it, cut its extent and find its holder. The component writes the
claims to `doc.spans[span_key]`; each span has `._.holders` (token offsets of entity spans),
`._.cue` (the rule that fired) and `._.score`. Its word lists are a `StanceLexicon`, taken from
the config and saved with the pipeline; `spacy evaluate` scores the claims through the
registered scorer (`spans_<span_key>_p/r/f`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline.span_ruler import overlapping_labeled_spans_score
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import registry

from ..core.defaults import DEFAULT_SPAN_KEY
from .claims import find_claims
from .lexicon import LexiconComponent, StanceLexicon

STANCE_VERSION = "stance-rules-0.1"
FACTORY = "annotate_ceasefire_stance"
SPAN_EXTENSIONS = ("holders", "cue", "score")


class CeasefireStance(LexiconComponent):
    lexicon_type = StanceLexicon

    def __init__(
        self,
        nlp: Language,
        name: str = FACTORY,
        *,
        span_key: str = DEFAULT_SPAN_KEY,
        lexicon: StanceLexicon | None = None,
        scorer: Callable | None = None,
    ) -> None:
        self.vocab = nlp.vocab
        self.span_key = span_key
        self.scorer = scorer
        for attr in SPAN_EXTENSIONS:
            if not Span.has_extension(attr):
                Span.set_extension(attr, default=None)
        super().__init__(name, lexicon if lexicon is not None else StanceLexicon())

    def lexicon_changed(self) -> None:
        self.matcher = Matcher(self.vocab)
        self.matcher.add("TARGET", [list(p) for p in self.lexicon.target_patterns])

    def __call__(self, doc: Doc) -> Doc:
        strong = [doc[start:end].root for _, start, end in self.matcher(doc)]
        spans = []
        for claim in find_claims(doc, strong, self.lexicon):
            span = Span(doc, claim.start, claim.end, label=claim.label.value)
            span._.holders = list(claim.holders)
            span._.cue = claim.cue
            span._.score = claim.score
            spans.append(span)
        doc.spans[self.span_key] = spans
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Span P/R/F of the claims under `spans_<span_key>`, as spaCy's SpanRuler scores."""
        if self.scorer is None:
            return {}
        return self.scorer(examples, spans_key=self.span_key, **kwargs)


def stance_component(nlp: Language) -> CeasefireStance | None:
    """The pipeline's stance component, whatever it was named."""
    return next((pipe for _, pipe in nlp.pipeline if isinstance(pipe, CeasefireStance)), None)


@registry.scorers("annotate.stance_scorer.v1")
def make_stance_scorer() -> Callable:
    """Labelled span scores of the claims; the span key comes from the component."""
    return partial(overlapping_labeled_spans_score)


@Language.factory(
    FACTORY,
    default_config={
        "span_key": DEFAULT_SPAN_KEY,
        "lexicon": {},
        "scorer": {"@scorers": "annotate.stance_scorer.v1"},
    },
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc.spans"],
    default_score_weights={
        f"spans_{DEFAULT_SPAN_KEY}_f": 1.0,
        f"spans_{DEFAULT_SPAN_KEY}_p": 0.0,
        f"spans_{DEFAULT_SPAN_KEY}_r": 0.0,
        f"spans_{DEFAULT_SPAN_KEY}_per_type": None,
    },
)
def make_ceasefire_stance(
    nlp: Language, name: str, span_key: str, lexicon: dict[str, Any], scorer: Callable | None
) -> CeasefireStance:
    """`lexicon`: entries that replace the defaults (keys of `StanceLexicon`; a misspelt key is
    an error that names it)."""
    chosen = StanceLexicon().updated(lexicon, where=f"{name} lexicon")
    return CeasefireStance(nlp, name, span_key=span_key, lexicon=chosen, scorer=scorer)
