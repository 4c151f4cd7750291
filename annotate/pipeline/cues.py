"""Stance cues (scheme section 2): which word above a ceasefire mention states a position, what
it says, and whether negation, a rejecting verb or a condition changes that. Pure functions
over spaCy's parse and a `StanceLexicon`."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..core.records import StanceLabel
from .lexicon import StanceLexicon

MAX_HOPS = 8  # how far up the parse a cue, a condition or a clause is looked for
OBJECT_DEPS = ("dobj", "acomp", "attr", "oprd")


def cue_label(token: Token, lex: StanceLexicon) -> StanceLabel | None:
    lemma = token.lemma_.lower()
    if falls_short(token, lex) or quits_over(token, lex):
        return StanceLabel.REJECTS
    if token.pos_ == "VERB" and lemma in lex.vote_verbs:
        preps = {c.lower_ for c in token.children if c.dep_ in ("prep", "prt")}
        if "against" in preps:
            return StanceLabel.REJECTS
        if "for" in preps:
            return StanceLabel.SUPPORTS
    bound = lex.prep_bound_cues.get(lemma)
    if (
        bound is not None
        and token.pos_ == "VERB"
        and not any(c.dep_ in ("prep", "prt") and c.lower_ in bound for c in token.children)
    ):
        return None
    if lemma in lex.reject_cues or token.lower_ in lex.reject_cues:
        return StanceLabel.REJECTS
    if lemma in lex.support_cues or token.lower_ in lex.support_cues:
        return StanceLabel.SUPPORTS
    return None


def falls_short(token: Token, lex: StanceLexicon) -> bool:
    """'the deal fails to meet the demands', 'falls short of them', 'is far from them'."""
    lemma = token.lemma_.lower()
    if lemma == "fail":
        return any(c.dep_ == "xcomp" and c.lemma_.lower() in lex.meet_verbs for c in token.children)
    if lemma not in ("fall", "be"):
        return False
    distance = [c for c in token.children if c.lower_ in ("short", "far")]
    if not distance:
        return False
    measures = [c for t in (token, *distance) for c in t.children if c.dep_ == "prep"
                and c.lower_ in ("of", "from")]  # fmt: skip
    return any(
        p.dep_ == "pobj" and p.lemma_.lower() in lex.demand_words
        for m in measures
        for p in m.children
    )


def quits_over(token: Token, lex: StanceLexicon) -> bool:
    """'threatened to leave the coalition over the deal', 'bring down the government over it'."""
    if token.pos_ != "VERB":
        return False
    lemma = token.lemma_.lower()
    if lemma == "bring":
        if not any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
            return False
    elif lemma not in lex.quit_verbs:
        return False
    return bool(_over(token))


def _over(token: Token) -> list[Token]:
    """The "over" phrases of a verb or of its object ("left the coalition over the deal")."""
    heads = [token, *(c for c in token.children if c.dep_ == "dobj")]
    return [c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "over"]


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
    """The token heads an if/whether/unless clause, or an inverted one ("should it fail")."""
    if any(c.dep_ == "mark" and c.lower_ in lex.hypothetical_marks for c in token.children):
        return True
    subjects = [c.i for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    return token.dep_ in ("advcl", "ccomp") and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in lex.inverted_condition_aux
        and subjects and c.i < min(subjects)
        for c in token.children
    )  # fmt: skip


def condition_on(cue: Token, lex: StanceLexicon) -> Token | None:
    """The verb a condition holding `cue` is attached to ("would resign if it is approved")."""
    node = cue
    for _ in range(MAX_HOPS):
        if conditional(node, lex):
            if node.head == node:
                return None
            # hung on the verb above ("informed him that he would resign should it pass"),
            # an inverted condition qualifies the clause just before it
            before = [c for c in node.head.children if c.dep_ == "ccomp" and c.i < node.i]
            return before[-1] if node.dep_ == "ccomp" and before else node.head
        if node.head == node:
            return None
        node = node.head
    return None


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


def accused(anchor: Token, lex: StanceLexicon) -> Token | None:
    """In "A accused B of violating the truce", B: the one whose act rejects the truce."""
    if anchor.lemma_.lower() not in lex.accuse_verbs:
        return None
    return next((c for c in anchor.children if c.dep_ == "dobj"), None)


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


def ends_target(cue: Token, below: Token, target: Token, lex: StanceLexicon) -> bool:
    """False for an ending cue ("end", "scrap") unless the target is what it ends: its object
    ("ended the truce") or the object of its "of"/"to" ("an end to the truce"); for leaving
    over something, unless the target is what it is over."""
    lemma = cue.lemma_.lower()
    if lemma not in lex.reject_cues and quits_over(cue, lex):  # only what it is over
        return any(target in over.subtree for over in _over(cue))
    if lemma not in lex.ending_cues:
        return True
    if below == target:
        return target.dep_ in ("dobj", "nsubjpass", "pobj")
    return below.dep_ == "prep" and below.lower_ in lex.ended_preps and target.head == below


def nearest_cue(target: Token, lex: StanceLexicon) -> Token | None:
    node, previous = target.head, target
    for _ in range(MAX_HOPS):
        if previous != target and conditional(previous, lex):
            return None
        # "the truce offer was ...": the subject names the target; "made a truce offer" is one
        names_target = (
            previous.dep_ == "compound"
            and node.dep_ in ("nsubj", "nsubjpass")
            and node.lemma_.lower() in lex.weak_targets
        )
        if cue_label(node, lex) and ends_target(node, previous, target, lex) and not names_target:
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


def continuation_vows(
    sent: Span, lex: StanceLexicon, targets: frozenset[int] = frozenset()
) -> list[Token]:
    """'would not stop attacking until ...', 'operations would not end until ...', and a halt
    tied to a condition: 'would only stop its attacks if ...'."""
    vows = []
    for token in sent:
        halting = token.lemma_ in lex.continuation_verbs
        stops = halting and any(c.dep_ == "neg" for c in token.children)
        until = any(t.lower_ == "until" for t in token.subtree)
        continuing = (stops or token.lemma_ in lex.continue_verbs) and until
        if continuing or (halting and only_on_condition(token, lex, targets)):
            vows.append(token)
    return vows


def only_on_condition(token: Token, lex: StanceLexicon, targets: frozenset[int]) -> bool:
    """'would only stop ... if Israel agreed to a ceasefire ...': "only" on the verb, and a
    condition under it that names a ceasefire (a token index in `targets`)."""
    return any(c.dep_ == "advmod" and c.lower_ == "only" for c in token.children) and any(
        c.dep_ == "advcl"
        and any(m.lower_ in lex.condition_marks for m in c.children)
        and any(t.i in targets for t in c.subtree)
        for c in token.children
    )


def fighting_goes_on(sent: Span, lex: StanceLexicon, *, mentions_target: bool) -> list[Token]:
    """Orders, vows or announcements that the fighting continues ("instructed the army to
    continue fighting", "will push on with its operation even as ... the truce"): a continuing
    verb over a fighting word, that is ordered or vowed (an order verb above it, or will/would)
    or is set against a ceasefire mention in its sentence ("despite", "even as"). A plain
    report ("strikes continued") is none."""
    found = []
    for token in sent:
        lemma = token.lemma_.lower()
        pressing_on = lemma == "push" and any(
            c.dep_ == "prt" and c.lower_ in lex.continue_particles for c in token.children
        )
        if token.pos_ != "VERB" or not (lemma in lex.continue_verbs or pressing_on):
            continue
        if not any(t.lemma_.lower() in lex.fighting_words for t in token.subtree if t != token):
            continue
        vowed = any(
            c.dep_ == "aux" and c.lower_ in ("will", "would", "shall") for c in token.children
        )
        ordered = token.head.lemma_.lower() in lex.order_verbs
        against = mentions_target and any(  # its own concession: "... even as talks go on"
            c.dep_ in ("advcl", "prep") and c.left_edge.lower_ in lex.concessive_words
            for c in token.children
        )
        if vowed or ordered or against:
            found.append(token)
    return found


def no_deal_unless(target: Token, lex: StanceLexicon) -> Token | None:
    """ "If this condition is not met, there will be no agreement", "there will be no truce
    unless ...": a threat to end the deal over a condition rejects it (scheme, hard cases).
    The "be" of the threat, or None; "there is no deal yet" is a report, not a threat."""
    be = target.head
    if not (
        target.dep_ == "attr"
        and be.lemma_ == "be"
        and any(c.dep_ == "det" and c.lower_ == "no" for c in target.children)
        and any(c.dep_ == "expl" for c in be.children)
    ):
        return None
    marks = lex.condition_marks | lex.hypothetical_marks
    conditioned = any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
        for c in be.children
    )
    return be if conditioned else None
