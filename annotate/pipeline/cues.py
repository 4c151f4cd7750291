"""Stance cues (scheme section 2): which word above a ceasefire mention states a position, what
it says, and whether negation, a rejecting verb or a condition changes that. Pure functions
over spaCy's parse and a `StanceLexicon`."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..core.records import StanceLabel
from .lexicon import StanceLexicon

MAX_HOPS = 8  # how far up the parse a cue, a condition or a clause is looked for
OBJECT_DEPS = ("dobj", "acomp", "attr")


def cue_label(token: Token, lex: StanceLexicon) -> StanceLabel | None:
    lemma = token.lemma_.lower()
    if lemma in lex.reject_cues or token.lower_ in lex.reject_cues:
        return StanceLabel.REJECTS
    if lemma in lex.support_cues or token.lower_ in lex.support_cues:
        return StanceLabel.SUPPORTS
    return None


def is_activity(token: Token, lex: StanceLexicon) -> bool:
    return token.lemma_.lower() in lex.activity_cues


def negated(cue: Token) -> bool:
    scope = [cue, cue.head] if cue.dep_ in OBJECT_DEPS else [cue]
    return any(c.dep_ == "neg" or c.lower_ == "no" for t in scope for c in t.children)


def governed_by_rejection(cue: Token, anchor: Token, lex: StanceLexicon) -> bool:
    """'refused to agree to a ceasefire': a rejecting verb above the cue reverses it."""
    node = cue
    while node != anchor and node.head != node:
        node = node.head
        if cue_label(node, lex) is StanceLabel.REJECTS:
            return True
    return False


def conditional(token: Token, lex: StanceLexicon) -> bool:
    """The token heads an if/whether/unless clause."""
    return any(c.dep_ == "mark" and c.lower_ in lex.hypothetical_marks for c in token.children)


def hypothetical(cue: Token, lex: StanceLexicon) -> bool:
    """True when the cue sits in an if/whether clause (a condition or open question)."""
    node = cue
    for _ in range(MAX_HOPS):
        if conditional(node, lex):
            return True
        if node.dep_ in ("ccomp", "advcl", "relcl", "ROOT") and node != cue:
            return node.lemma_.lower() in lex.uncertain_heads
        node = node.head
    return False


def find_cue(target: Token, lex: StanceLexicon) -> Token | None:
    """The nearest cue above the target; a position ("ready") beats an activity ("talks")."""
    cue = nearest_cue(target, lex)
    if cue is None or not is_activity(cue, lex):
        return cue
    node = cue
    for _ in range(MAX_HOPS):
        if node.head == node or any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            break
        node = node.head
        if cue_label(node, lex) and not is_activity(node, lex):
            return node
    return cue


def nearest_cue(target: Token, lex: StanceLexicon) -> Token | None:
    node, previous = target.head, target
    for _ in range(MAX_HOPS):
        if previous != target and conditional(previous, lex):
            return None
        if cue_label(node, lex):
            return node
        objects = [c for c in node.children if c.dep_ in OBJECT_DEPS and c != previous]
        found = next((c for c in objects if cue_label(c, lex)), None)
        if found is not None:
            return found
        if node.head == node:
            return None
        node, previous = node.head, node
    return None


def stance_of(cue: Token, anchor: Token, lex: StanceLexicon) -> StanceLabel | None:
    """The cue's label, flipped by negation and (for support) by a rejecting verb above it."""
    label = cue_label(cue, lex)
    if label is None:
        return None
    flips = negated(cue) + (
        label is StanceLabel.SUPPORTS and governed_by_rejection(cue, anchor, lex)
    )
    return label.opposite if flips % 2 else label


def continuation_vows(sent: Span, lex: StanceLexicon) -> list[Token]:
    """'would not stop attacking until ...', 'operations would not end until ...'."""
    vows = []
    for token in sent:
        stops = token.lemma_ in lex.continuation_verbs and any(
            c.dep_ == "neg" for c in token.children
        )
        if (stops or token.lemma_ in lex.continue_verbs) and any(
            t.lower_ == "until" for t in token.subtree
        ):
            vows.append(token)
    return vows
