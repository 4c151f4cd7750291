"""Claims (scheme sections 2 and 4): for every ceasefire mention, its cue, the clause that
carries the position (through reported speech to its speaker), the claim's extent and its
holders; then no two claims overlap. Pure functions over spaCy's parse and a `StanceLexicon`;
the component only writes what they return into the Doc."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..core.records import StanceLabel
from . import cues
from .holders import actors_before, entity_of, resolve_actor, subject_of
from .lexicon import StanceLexicon


@dataclass(frozen=True)
class Candidate:
    anchor: Token
    cue: Token
    label: StanceLabel
    cue_name: str
    strong_target: bool


@dataclass(frozen=True)
class Claim:
    """A claim as token offsets, ready to become a Span of `doc.spans[span_key]`."""

    start: int
    end: int
    label: StanceLabel
    holders: tuple[tuple[int, int], ...]
    cue: str
    score: float
    sent_start: int


def anchor_of(cue: Token, lex: StanceLexicon) -> Token:
    """Climb to the clause that carries the claim; through reported speech to the speaker."""
    node = cue
    for _ in range(cues.MAX_HOPS):
        head = node.head
        if head == node or node.dep_ not in lex.climb_deps:
            break
        if node.dep_ == "acl" and any(c.dep_ == "agent" for c in node.children):
            break  # "a plan proposed by Egypt": the proposer's own claim
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
        relayed = head.lemma_ in lex.relay_verbs or cue.lemma_.lower() in lex.violation_cues
        if into_speech and relayed and _reported_actor(node, lex):
            break  # "Leavitt confirmed that Israel signed off", "said Israel broke the truce"
        owned = any(c.dep_ == "poss" for c in node.children)
        if node.pos_ == "NOUN" and owned and node.dep_ not in ("dobj", "attr"):
            break  # "Israel's cabinet deliberations ...": the possessor holds it
        node = head
    if node.dep_ in ("nsubj", "nsubjpass"):
        node = node.head
    return node


def proposer_clauses(target: Token, lex: StanceLexicon) -> list[Token]:
    """Participial clauses on the target's noun that name who proposed or backed it ("the
    truce proposed by Egypt", "a plan formulated by the envoy"): claims of their own."""
    noun = target.head if target.dep_ == "compound" else target
    return [
        c
        for c in noun.children
        if c.dep_ == "acl"
        and cues.cue_label(c, lex) is StanceLabel.SUPPORTS
        and any(gc.dep_ == "agent" for gc in c.children)
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
    weak = [t for t in doc if t.pos_ == "NOUN" and t.lemma_ in lex.weak_targets]
    return [(t, True) for t in strong] + [(t, False) for t in weak if t not in strong]


def candidates(doc: Doc, strong: Sequence[Token], lex: StanceLexicon) -> list[Candidate]:
    """One candidate per clause: its nearest cue, preferring one above a strong target."""
    found: dict[int, Candidate] = {}
    for target, is_strong in targets(doc, strong, lex):
        for proposer in proposer_clauses(target, lex):  # "the plan proposed by Egypt"
            name = f"supports:{proposer.lemma_.lower()}-by"
            found.setdefault(
                proposer.i, Candidate(proposer, proposer, StanceLabel.SUPPORTS, name, is_strong)
            )
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
        if label is None:
            continue
        previous = found.get(anchor.i)
        if previous is None or (is_strong and not previous.strong_target):
            name = f"{label.lower()}:{cue.lemma_.lower()}"
            found[anchor.i] = Candidate(anchor, cue, label, name, is_strong)
    target_sents = {t.sent.start for t, _ in targets(doc, strong, lex)}
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
    return sorted(found.values(), key=lambda c: c.anchor.i)


def claim_extent(anchor: Token, cue: Token, excluded: set[int], lex: StanceLexicon) -> Span:
    """The clause of `anchor` around `cue`, without circumstantial trailers or other claims."""
    doc = anchor.doc
    keep = {t.i for t in anchor.subtree} - excluded
    path = [cue]
    while path[-1] != anchor and path[-1].head != path[-1]:
        path.append(path[-1].head)
    for child in (c for node in path for c in node.children):
        first = child.left_edge
        trailing = child.i > cue.i and cue not in child.subtree
        circumstantial = first.lower_ in lex.circumstance_starts and (
            child.dep_ == "advcl"
            or (child.dep_ in ("prep", "npadvmod") and doc[first.i - 1].is_punct)
            or any(gc.dep_ == "pcomp" for gc in child.children)
        )
        leading_mark = child.dep_ == "mark" and child.i < cue.i and child.head == anchor
        if (trailing and (circumstantial or _second_clause(child, lex))) or leading_mark:
            keep -= {t.i for t in child.subtree}
    start = end = cue.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    opening = lex.holders.opening_punct
    while start < end and (
        (doc[start].is_punct and doc[start].text not in opening) or doc[start].is_space
    ):
        start += 1
    while end > start and (doc[end].is_punct or doc[end].is_space or doc[end].dep_ == "cc"):
        end -= 1  # "... in power, and": the connective of a clause cut off goes with it
    if end + 1 < len(doc) and _closes_quote(doc[start : end + 1], doc[end + 1].text):
        end += 1  # 'was "far from its demands"': a quotation closed right after its last word
    return doc[start : end + 1]


def _second_clause(child: Token, lex: StanceLexicon) -> bool:
    """ "..., but was eventually convinced", "... and that it continues", "..., adding that":
    a second predicate is its own claim or none, and the connective stays outside both
    (scheme, hard cases). "... and decisions will be made" goes on with the same one."""
    contrast = lex.contrast_conjunctions
    if child.dep_ == "cc":
        return child.lower_ in contrast
    if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
        marked = any(c.dep_ == "mark" for c in child.children)
        siblings = child.head.children
        return marked or any(s.dep_ == "cc" and s.lower_ in contrast and s.i < child.i
                             for s in siblings)  # fmt: skip
    return child.dep_ == "advcl" and child.tag_ == "VBG" and child.lemma_ == "add"


QUOTE_PAIRS = {"”": "“", "’": "‘", '"': '"', "'": "'"}


def _closes_quote(span: Span, following: str) -> bool:
    opener = QUOTE_PAIRS.get(following)
    if opener is None:
        return False
    texts = [t.text for t in span]
    if opener == following:  # straight quotes: one left open
        return texts.count(opener) % 2 == 1
    return texts.count(opener) > texts.count(following)


def holders_of(candidate: Candidate, span: Span, lex: StanceLexicon) -> list[Span]:
    """The clause's subject (or the cue noun's possessor) resolved to named actors; for a
    clause the parser gave no subject (often a headline), the first actor named before the cue."""
    anchor, cue = candidate.anchor, candidate.cue
    noun_anchor = anchor.pos_ in ("NOUN", "PROPN")
    subject = anchor if noun_anchor else subject_of(anchor, lex.holders)
    subject = cues.accused(anchor, lex) or subject
    if subject is None and cue.pos_ == "NOUN":
        subject = next((c for c in cue.children if c.dep_ == "poss"), None)
    if cue.pos_ == "NOUN" and cue.lemma_.lower() in lex.reject_cues:
        # "repeated Israeli violations": the one whose act it names holds a rejection noun
        doer = next((c for c in cue.children if c.dep_ in ("amod", "compound", "poss")
                     and entity_of(c, lex.holders) is not None), None)  # fmt: skip
        subject = doer or subject
    return held_by(subject, span, cue, lex)


def held_by(subject: Token | None, span: Span, cue: Token, lex: StanceLexicon) -> list[Span]:
    """The subject resolved to named actors ("we" in a quotation: its speaker); without one,
    the sentence's named speaker, else the first actor named before the cue."""
    quoted_self = subject is not None and subject.lower_ in lex.holders.first_person
    holders = speaker_in(span.sent, lex) if quoted_self else []
    if not holders and subject is not None:
        holders = resolve_actor(subject, lex.holders)
    if not holders and (subject is None or subject.pos_ != "PRON"):
        holders = speaker_in(span.sent, lex) or actors_before(span, cue, lex.holders)
    return holders


def speaker_in(sent: Span, lex: StanceLexicon) -> list[Span]:
    """The named speaker of a sentence whose claim has no actor of its own ("The deal is
    immoral, Ben-Gvir said"): the quote's claim is its speaker's (scheme, "Holder")."""
    for token in sent:
        if token.lemma_.lower() not in lex.speech_verbs or any(
            c.dep_ == "mark" for c in token.children
        ):
            continue  # "..., as Biden says": a subordinate report attributes nothing else
        subject = subject_of(token, lex.holders)
        if subject is not None and subject.lower_ in lex.holders.first_person:
            continue  # "“We hope ...,” she said": the one who says it, not the "we"
        named = resolve_actor(subject, lex.holders) if subject is not None else []
        before = entity_of(token.doc[token.i - 1], lex.holders) if token.i else None
        if not named and before is not None and before.end == token.i:
            named = [before]  # "..., Minister Ben-Gvir said": parsed or not, the speaker
        if named:
            return named
    return []


def find_claims(doc: Doc, strong: Sequence[Token], lex: StanceLexicon) -> list[Claim]:
    """Every claim of `doc`, in order, none overlapping another."""
    found = candidates(doc, strong, lex)
    anchors = {c.anchor.i for c in found}
    claims: list[Claim] = []
    for cand in found:
        nested = {
            t.i
            for a in anchors - {cand.anchor.i}
            if cand.anchor.is_ancestor(doc[a]) and not doc[a].is_ancestor(cand.cue)
            for t in doc[a].subtree
        }
        span = claim_extent(cand.anchor, cand.cue, nested, lex)
        holders = holders_of(cand, span, lex)
        if not holders and cues.is_activity(cand.cue, lex):
            continue  # an activity ("talks") is a position only with someone holding it
        score = round(0.5 + 0.2 * cand.strong_target + 0.2 * bool(holders), 2)
        held = tuple((h.start, h.end) for h in holders)
        claims.append(
            Claim(span.start, span.end, cand.label, held, cand.cue_name, score, span.sent.start)
        )
    return merge_claims(claims)


def merge_claims(claims: Iterable[Claim]) -> list[Claim]:
    """No overlaps; a holderless claim is dropped where its sentence has a claim with one."""
    claims = list(claims)
    with_holder = {claim.sent_start for claim in claims if claim.holders}
    claims = [c for c in claims if c.holders or c.sent_start not in with_holder]
    kept: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.start, -(c.end - c.start))):
        if kept and claim.start < kept[-1].end:
            if claim.end <= kept[-1].end:
                continue
            claim = replace(claim, start=kept[-1].end)
        kept.append(claim)
    return kept
