"""`annotate_ceasefire_stance`: a spaCy component that finds ceasefire stance claims.

For every mention of a ceasefire target (scheme section 2) it walks up the dependency parse
to the nearest stance cue, labels the claim SUPPORTS or REJECTS (negation flips it; a cue in
an if/whether clause is a condition, not a position), climbs to the clause that carries the
claim (through reported speech to its speaker), finds the holder and cuts the extent.
"Would not stop/end ... until" vows are REJECTS claims of their own. Claims are written to
`doc.spans[span_key]`; each span has `._.holders` (entity spans), `._.cue` and `._.score`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from . import stance_rules as rules
from .holders import actors_before, claim_extent, resolve_actor, subject_of

STANCE_VERSION = "stance-rules-0.1"
CLIMB_DEPS = (
    "xcomp",
    "ccomp",
    "conj",
    "acl",
    "advcl",
    "prep",
    "pobj",
    "pcomp",
    "dobj",
    "attr",
    "acomp",
    "oprd",
    "compound",
    "amod",
    "nmod",
    "dative",
)
FLIP = {"SUPPORTS": "REJECTS", "REJECTS": "SUPPORTS"}
MAX_HOPS = 8


@dataclass(frozen=True)
class Candidate:
    anchor: Token
    cue: Token
    label: str
    cue_name: str
    strong_target: bool


class CeasefireStance:
    def __init__(self, nlp: Language, name: str, *, span_key: str, settings: dict) -> None:
        self.name = name
        self.span_key = span_key
        self.settings = settings
        self.support = set(settings["support_cues"])
        self.reject = set(settings["reject_cues"])
        self.activity = set(settings["activity_cues"])
        self.speech = set(settings["speech_verbs"])
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("TARGET", settings["target_patterns"])
        for attr in ("holders", "cue", "score"):
            Span.set_extension(attr, default=None, force=True)

    # -- cues -------------------------------------------------------------------------------
    def cue_label(self, token: Token) -> str | None:
        lemma = token.lemma_.lower()
        if lemma in self.reject or token.lower_ in self.reject:
            return "REJECTS"
        if lemma in self.support or token.lower_ in self.support:
            return "SUPPORTS"
        return None

    def negated(self, cue: Token) -> bool:
        scope = [cue, cue.head] if cue.dep_ in ("dobj", "acomp", "attr") else [cue]
        return any(c.dep_ == "neg" or c.lower_ == "no" for t in scope for c in t.children)

    def governed_by_rejection(self, cue: Token, anchor: Token) -> bool:
        """'refused to agree to a ceasefire': a rejecting verb above the cue reverses it."""
        node = cue
        while node != anchor and node.head != node:
            node = node.head
            if self.cue_label(node) == "REJECTS":
                return True
        return False

    def conditional(self, token: Token) -> bool:
        """The token heads an if/whether/unless clause."""
        marks = self.settings["hypothetical_marks"]
        return any(c.dep_ == "mark" and c.lower_ in marks for c in token.children)

    def hypothetical(self, cue: Token) -> bool:
        """True when the cue sits in an if/whether clause (a condition or open question)."""
        node = cue
        for _ in range(MAX_HOPS):
            if self.conditional(node):
                return True
            if node.dep_ in ("ccomp", "advcl", "relcl", "ROOT") and node != cue:
                return node.lemma_.lower() in self.settings["uncertain_heads"]
            node = node.head
        return False

    def find_cue(self, target: Token) -> Token | None:
        """The nearest cue above the target; a position ("ready") beats an activity ("talks")."""
        cue = self._nearest_cue(target)
        if cue is None or cue.lemma_.lower() not in self.activity:
            return cue
        node = cue
        for _ in range(MAX_HOPS):
            if node.head == node or any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
                break
            node = node.head
            if self.cue_label(node) and node.lemma_.lower() not in self.activity:
                return node
        return cue

    def _nearest_cue(self, target: Token) -> Token | None:
        node, previous = target.head, target
        for _ in range(MAX_HOPS):
            if previous != target and self.conditional(previous):
                return None
            if self.cue_label(node):
                return node
            objects = [
                c for c in node.children if c.dep_ in ("dobj", "acomp", "attr") and c != previous
            ]
            found = next((c for c in objects if self.cue_label(c)), None)
            if found is not None:
                return found
            if node.head == node:
                return None
            node, previous = node.head, node
        return None

    def continuation_vows(self, sent: Span) -> list[Token]:
        """'would not stop attacking until ...', 'operations would not end until ...'."""
        vows = []
        for token in sent:
            stops = token.lemma_ in self.settings["continuation_verbs"] and any(
                c.dep_ == "neg" for c in token.children
            )
            if (stops or token.lemma_ in self.settings["continue_verbs"]) and any(
                t.lower_ == "until" for t in token.subtree
            ):
                vows.append(token)
        return vows

    # -- clause ----------------------------------------------------------------------------
    def anchor_of(self, cue: Token) -> Token:
        """Climb to the clause that carries the claim; through reported speech to the speaker."""
        node = cue
        for _ in range(MAX_HOPS):
            head = node.head
            if head == node or node.dep_ not in CLIMB_DEPS:
                break
            into_cue = node.dep_ in ("xcomp", "ccomp", "advcl") and self.cue_label(head) is not None
            marks = [c.lower_ for c in node.children if c.dep_ == "mark"]
            if node.dep_ == "advcl" and marks and not (into_cue and marks == ["for"]):
                break
            has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
            into_speech = node.dep_ in ("ccomp", "conj") and head.lemma_ in self.speech
            if has_subject and not into_cue and (node.lemma_ in self.speech or not into_speech):
                break  # the clause has its own actor (or is itself a report by one)
            owned = any(c.dep_ == "poss" for c in node.children)
            if node.pos_ == "NOUN" and owned and node.dep_ not in ("dobj", "attr"):
                break  # "Israel's cabinet deliberations ...": the possessor holds it
            node = head
        if node.dep_ in ("nsubj", "nsubjpass"):
            node = node.head
        return node

    # -- the component ---------------------------------------------------------------------
    def targets(self, doc: Doc) -> list[tuple[Token, bool]]:
        strong = [doc[s:e].root for _, s, e in self.matcher(doc)]
        if not strong:
            return []
        weak = [t for t in doc if t.pos_ == "NOUN" and t.lemma_ in self.settings["weak_targets"]]
        return [(t, True) for t in strong] + [(t, False) for t in weak if t not in strong]

    def candidates(self, doc: Doc) -> list[Candidate]:
        found: dict[int, Candidate] = {}
        for target, strong in self.targets(doc):
            cue = self.find_cue(target)
            if cue is None or self.hypothetical(cue):
                continue
            label = self.cue_label(cue)
            anchor = self.anchor_of(cue)
            flips = self.negated(cue) + (
                label == "SUPPORTS" and self.governed_by_rejection(cue, anchor)
            )
            label = FLIP[label] if flips % 2 else label
            previous = found.get(anchor.i)
            if previous is None or (strong and not previous.strong_target):
                name = f"{label.lower()}:{cue.lemma_.lower()}"
                found[anchor.i] = Candidate(anchor, cue, label, name, strong)
        for sent in doc.sents:
            for vow in self.continuation_vows(sent):
                anchor = self.anchor_of(vow)
                negated = any(c.dep_ == "neg" for c in vow.children)
                name = f"rejects:{'not-' if negated else ''}{vow.lemma_}-until"
                found[anchor.i] = Candidate(anchor, vow, "REJECTS", name, True)
        return sorted(found.values(), key=lambda c: c.anchor.i)

    def __call__(self, doc: Doc) -> Doc:
        candidates = self.candidates(doc)
        anchors = {c.anchor.i for c in candidates}
        claims: list[Span] = []
        for cand in candidates:
            nested = {
                t.i
                for a in anchors - {cand.anchor.i}
                if cand.anchor.is_ancestor(doc[a]) and not doc[a].is_ancestor(cand.cue)
                for t in doc[a].subtree
            }
            span = claim_extent(cand.anchor, cand.cue, nested, rules.CIRCUMSTANCE_STARTS)
            noun_anchor = cand.anchor.pos_ in ("NOUN", "PROPN")
            subject = cand.anchor if noun_anchor else subject_of(cand.anchor)
            if subject is None and cand.cue.pos_ == "NOUN":
                subject = next((c for c in cand.cue.children if c.dep_ == "poss"), None)
            holders = resolve_actor(subject) if subject is not None else []
            if not holders and (subject is None or subject.pos_ != "PRON"):
                holders = actors_before(span, cand.cue)
            if not holders and cand.cue.lemma_ in self.activity:
                continue
            claim = Span(doc, span.start, span.end, label=cand.label)
            claim._.holders = [(h.start, h.end) for h in holders]
            claim._.cue = cand.cue_name
            claim._.score = round(0.5 + 0.2 * cand.strong_target + 0.2 * bool(holders), 2)
            claims.append(claim)
        doc.spans[self.span_key] = merge_claims(claims)
        return doc


def merge_claims(claims: list[Span]) -> list[Span]:
    """No overlaps; a holderless claim is dropped where its sentence has a claim with one."""
    with_holder = {claim.sent.start for claim in claims if claim._.holders}
    claims = [c for c in claims if c._.holders or c.sent.start not in with_holder]
    kept: list[Span] = []
    for claim in sorted(claims, key=lambda s: (s.start, -len(s))):
        if kept and claim.start < kept[-1].end:
            if claim.end <= kept[-1].end:
                continue
            trimmed = Span(claim.doc, kept[-1].end, claim.end, label=claim.label_)
            trimmed._.holders, trimmed._.cue, trimmed._.score = (
                claim._.holders,
                claim._.cue,
                claim._.score,
            )
            claim = trimmed
        kept.append(claim)
    return kept


DEFAULT_SETTINGS = {
    "target_patterns": rules.TARGET_PATTERNS,
    "weak_targets": rules.WEAK_TARGETS,
    "support_cues": rules.SUPPORT_CUES,
    "reject_cues": rules.REJECT_CUES,
    "activity_cues": rules.ACTIVITY_CUES,
    "continuation_verbs": rules.CONTINUATION_VERBS,
    "continue_verbs": rules.CONTINUE_VERBS,
    "speech_verbs": rules.SPEECH_VERBS,
    "hypothetical_marks": rules.HYPOTHETICAL_MARKS,
    "uncertain_heads": rules.UNCERTAIN_HEADS,
}


@Language.factory(
    "annotate_ceasefire_stance",
    default_config={"span_key": "stance", "settings": DEFAULT_SETTINGS},
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc.spans"],
)
def make_ceasefire_stance(
    nlp: Language, name: str, span_key: str, settings: dict
) -> CeasefireStance:
    return CeasefireStance(nlp, name, span_key=span_key, settings={**DEFAULT_SETTINGS, **settings})
