"""Candidates (scheme section 2): for every ceasefire mention, its cue and the clause that
carries the position (through reported speech to its speaker), one per clause; vows,
threats, proposer clauses and fighting that goes on against talks included. Pure functions
over spaCy's parse and a `StanceLexicon`; `claims` turns them into claims."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from ..core.records import StanceLabel
from . import cues
from .holders import entity_of, resolve_actor, subject_of
from .lexicon import StanceLexicon


@dataclass(frozen=True)
class Candidate:
    anchor: Token
    cue: Token
    label: StanceLabel
    cue_name: str
    strong_target: bool
    absorbs: frozenset[int] = frozenset()  # its condition or concession: part of it, no claim


def anchor_of(cue: Token, lex: StanceLexicon) -> Token:
    """Climb to the clause that carries the claim; through reported speech to the speaker."""
    node = cue
    for _ in range(cues.MAX_HOPS):
        head = node.head
        if head == node or node.dep_ not in lex.climb_deps:
            break
        if node.dep_ == "acl" and any(c.dep_ == "agent" for c in node.children):
            break  # "a plan proposed by Egypt": the proposer's own claim
        if node.dep_ == "pcomp" and head.lower_ in lex.concessive_words:
            break  # "Despite rejecting the proposal, Hamas remains ...": two claims
        into_cue = (
            node.dep_ in ("xcomp", "ccomp", "advcl") and cues.cue_label(head, lex) is not None
        )
        marks = [c.lower_ for c in node.children if c.dep_ == "mark"]
        if node.dep_ == "advcl" and marks and not (into_cue and marks == ["for"]):
            break
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
        into_speech = node.dep_ in ("ccomp", "conj") and head.lemma_ in lex.speech_verbs
        if has_subject and not into_cue and (node.lemma_ in lex.speech_verbs or not into_speech):
            break  # the clause has its own actor (or is itself a report by one)
        if has_subject and into_speech and _told_by_a_thing(head, lex):
            break  # "..., the statement said": a document reports, the clause's actor holds
        threat = any(c.tag_ == "MD" for c in node.children)  # "will break": the speaker's
        accused = cue.lemma_.lower() in lex.violation_cues and not threat
        relayed = head.lemma_ in lex.relay_verbs or accused
        if into_speech and relayed and _reported_actor(node, lex):
            break  # "Leavitt confirmed that Israel signed off", "said Israel broke the truce"
        owned = any(c.dep_ == "poss" for c in node.children)
        if node.pos_ == "NOUN" and owned and node.dep_ not in ("dobj", "attr"):
            break  # "Israel's cabinet deliberations ...": the possessor holds it
        node = head
    if node.dep_ in ("nsubj", "nsubjpass"):
        node = node.head
    return node


def _told_by_a_thing(speech: Token, lex: StanceLexicon) -> bool:
    reporter = subject_of(speech, lex.holders)
    return (
        reporter is not None
        and reporter.pos_ in ("NOUN", "PROPN")
        and entity_of(reporter, lex.holders) is None
        and not resolve_actor(reporter, lex.holders)
    )


def proposer_clauses(target: Token, lex: StanceLexicon) -> list[Token]:
    """Participial and relative clauses on the target's noun that name who proposed or
    backed it ("the truce proposed by Egypt", "the plan which Peru had proposed"): claims of
    their own."""
    noun = target.head if target.dep_ == "compound" else target
    relative = lex.holders.relative_pronouns
    return [
        c
        for c in noun.children
        if cues.cue_label(c, lex) is StanceLabel.SUPPORTS
        and (
            (c.dep_ == "acl" and any(gc.dep_ == "agent" for gc in c.children))
            or (
                c.dep_ == "relcl"
                and any(gc.dep_ == "dobj" and gc.lower_ in relative for gc in c.children)
                and any(gc.dep_ == "nsubj" for gc in c.children)
            )
        )
    ]


QUOTES = ("“", "”", '"', "‘", "’")


def _reported_actor(clause: Token, lex: StanceLexicon) -> bool:
    """A relayed (not quoted) clause whose subject is a named actor states that actor's
    position, not the reporter's (scheme, "Whose position it is")."""
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or entity_of(subject, lex.holders) is None:
        return False
    return not any(t.text in QUOTES for t in clause.head.subtree)


def targets(doc: Doc, strong: Sequence[Token], lex: StanceLexicon) -> list[tuple[Token, bool]]:
    """Ceasefire mentions (strong) and, in a text that has one, the words that stand for one."""
    if not strong:
        return []
    weak = [
        t for t in doc if (t.pos_ == "NOUN" and t.lemma_ in lex.weak_targets) or _voted_on(t, lex)
    ]
    return [(t, True) for t in strong] + [(t, False) for t in weak if t not in strong]


def _voted_on(token: Token, lex: StanceLexicon) -> bool:
    """ "voted against it", "voted for it": in an article about a truce, what a vote is on."""
    preposition = token.head
    return (
        token.lower_ == "it"
        and token.dep_ == "pobj"
        and preposition.lower_ in ("for", "against")
        and preposition.head.lemma_.lower() in lex.vote_verbs
    )


def candidates(doc: Doc, strong: Sequence[Token], lex: StanceLexicon) -> list[Candidate]:
    """One candidate per clause: its nearest cue, preferring one above a strong target."""
    found: dict[int, Candidate] = {}
    found_targets = targets(doc, strong, lex)  # one pass over the Doc, used twice
    for target, is_strong in found_targets:
        for proposer in proposer_clauses(target, lex):  # "the plan proposed by Egypt"
            how = "by" if proposer.dep_ == "acl" else "which"
            name = f"supports:{proposer.lemma_.lower()}-{how}"
            found.setdefault(
                proposer.i, Candidate(proposer, proposer, StanceLabel.SUPPORTS, name, is_strong)
            )
        threat = cues.no_deal_unless(target, lex)
        if threat is not None:
            anchor = anchor_of(threat, lex)
            name = "rejects:no-deal-unless"
            found.setdefault(anchor.i, Candidate(anchor, threat, StanceLabel.REJECTS, name, True))
            continue
        cue = cues.find_cue(target, lex)
        if cue is None:
            continue
        if cues.hypothetical(cue, lex):
            # "would resign from the government if the truce is approved": the threat rejects it
            main = cues.condition_on(cue, lex)
            if main is not None and main.lemma_.lower() in lex.quit_verbs:
                anchor = anchor_of(main, lex)
                name = f"rejects:{main.lemma_.lower()}-if"
                found.setdefault(
                    anchor.i, Candidate(anchor, main, StanceLabel.REJECTS, name, is_strong)
                )
            continue
        anchor = anchor_of(cue, lex)
        label = cues.stance_of(cue, anchor, lex)
        if label is None or describes_a_thing(anchor, lex) or thing_supports(cue, label, lex):
            continue
        previous = found.get(anchor.i)
        if previous is None or (is_strong and not previous.strong_target):
            name = f"{label.lower()}:{cue.lemma_.lower()}"
            found[anchor.i] = Candidate(anchor, cue, label, name, is_strong)
    target_sents = {t.sent.start for t, _ in found_targets}
    strong_at = frozenset(t.i for t in strong)
    for sent in doc.sents:
        for vow in cues.continuation_vows(sent, lex, strong_at):
            anchor = anchor_of(vow, lex)
            negated = any(c.dep_ == "neg" for c in vow.children)
            how = "only-if" if cues.only_on_condition(vow, lex, strong_at) else "until"
            name = f"rejects:{'not-' if negated else ''}{vow.lemma_}-{how}"
            found[anchor.i] = Candidate(anchor, vow, StanceLabel.REJECTS, name, True)
        if not strong:
            continue
        mentions = sent.start in target_sents
        for verb in cues.fighting_goes_on(sent, lex, mentions_target=mentions):
            anchor = anchor_of(verb, lex)
            name = "rejects:fighting-goes-on"  # over any cue of the talks it is set against
            found[anchor.i] = Candidate(anchor, verb, StanceLabel.REJECTS, name, True)
    kept = [replace(c, absorbs=absorbed_clauses(c, lex)) for c in found.values()]
    absorbed = {i for c in kept for i in c.absorbs}
    return sorted((c for c in kept if c.anchor.i not in absorbed), key=lambda c: c.anchor.i)


def describes_a_thing(anchor: Token, lex: StanceLexicon) -> bool:
    """ "a proposal that sought to secure a deal": a relative clause on something no actor
    stands for says what the thing is, not whose position it is."""
    if anchor.dep_ != "relcl":
        return False
    holders = lex.holders
    subject = next((c for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ not in holders.relative_pronouns:
        return False
    thing = anchor.head
    actor = (
        thing.lemma_.lower() in holders.collective_nouns or thing.lower_ in holders.person_titles
    )
    return not actor and not resolve_actor(thing, holders)


def thing_supports(cue: Token, label: StanceLabel, lex: StanceLexicon) -> bool:
    """ "The proposal calls for a withdrawal", "the deal supports the war's aims": what a
    deal or plan does is its content, not someone's support ("the plan was approved by the
    cabinet", passive, still is)."""
    if label is not StanceLabel.SUPPORTS or cue.pos_ != "VERB":
        return False
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.lemma_.lower() in lex.weak_targets


def absorbed_clauses(candidate: Candidate, lex: StanceLexicon) -> frozenset[int]:
    """ "won't stop until Israel agrees to a truce", "will push on even as its negotiators
    examine the truce": the condition of a vow, the concession fighting goes on against, are
    part of the rejection (scheme, hard cases), not claims of their own."""
    name = candidate.cue_name
    if name.endswith(("-until", "-only-if")):
        starts = lex.condition_marks
    elif name == "rejects:fighting-goes-on":
        starts = lex.concessive_words
    else:
        return frozenset()
    return frozenset(
        t.i
        for child in candidate.cue.children
        if child.dep_ in ("advcl", "prep") and child.left_edge.lower_ in starts
        for t in child.subtree
    )
