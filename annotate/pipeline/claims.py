"""Claims (scheme sections 2 and 4): each candidate's extent (with the report it is told
in) and its holders; then no two claims overlap. Pure functions over spaCy's parse and a
`StanceLexicon`; the component only writes what they return into the Doc."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..core.records import StanceLabel
from . import cues
from .candidates import Candidate, candidates
from .holders import actors_before, entity_of, resolve_actor, subject_of
from .lexicon import StanceLexicon


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


def reported_by(anchor: Token, anchors: set[int], lex: StanceLexicon) -> Token:
    """The clause that reports the claim ("Leavitt confirmed that Israel had signed off",
    "“We hope ...,” she stated"): its extent takes the report in (scheme, section 4), while
    its holder stays the one whose position it is. Not a report that is another claim, nor a
    participle trailing one (", noting that ...")."""
    node = anchor
    while (
        node.dep_ in ("ccomp", "parataxis")
        and node.head.lemma_.lower() in lex.speech_verbs
        and node.head.i not in anchors
        and node.head.tag_ != "VBG"
    ):
        node = node.head
    return node


def claim_extent(
    anchor: Token,
    cue: Token,
    excluded: set[int],
    lex: StanceLexicon,
    *,
    absorbs: frozenset[int] = frozenset(),
) -> Span:
    """The clause of `anchor` around `cue`, without circumstantial trailers (but with what
    the claim absorbs) or other claims."""
    doc = anchor.doc
    keep = {t.i for t in anchor.subtree} - excluded
    path = [cue]
    while path[-1] != anchor and path[-1].head != path[-1]:
        path.append(path[-1].head)
    for child in (c for node in path for c in node.children if c.i not in absorbs):
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
    for token in [doc[i] for i in sorted(keep) if i > cue.i]:
        absorbed_root = token.i in absorbs and token.head.i not in absorbs
        if _comma_trailer(token, lex) and cue not in token.subtree and not absorbed_root:
            keep -= {t.i for t in token.subtree}
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


def _comma_trailer(token: Token, lex: StanceLexicon) -> bool:
    """After a comma, wherever it hangs: a circumstance (", with the group firing ...",
    ", despite ...") or a description ("..., the first such time he has done so")."""
    first = token.left_edge
    if first.i == 0 or token.doc[first.i - 1].text != ",":
        return False
    circumstance = token.dep_ in ("prep", "advcl", "npadvmod")
    return (circumstance and first.lower_ in lex.circumstance_starts) or (
        token.dep_ == "appos" and first.pos_ == "DET"
    )


def _second_clause(child: Token, lex: StanceLexicon) -> bool:
    """ "..., but was eventually convinced", "... and that it continues", "..., noting that":
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
    return child.dep_ == "advcl" and child.tag_ == "VBG" and child.lemma_ in lex.speech_verbs


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
    said = quoted_self or in_quotation(subject or cue)  # a quote's claim is its speaker's
    holders = (speaker_in(span.sent, lex) or _speaker_before(span.sent, lex)) if said else []
    if not holders and subject is not None:
        holders = resolve_actor(subject, lex.holders)
    if not holders and (subject is None or subject.pos_ != "PRON"):
        holders = speaker_in(span.sent, lex) or actors_before(span, cue, lex.holders)
    return holders


def in_quotation(token: Token) -> bool:
    """Inside a double-quoted stretch opened earlier in its paragraph."""
    doc = token.doc
    start = token.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    before = [t.text for t in doc[start : token.i]]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _speaker_before(sent: Span, lex: StanceLexicon) -> list[Span]:
    """'"We can't ...," he said. "And we cannot accept ..."': a quotation that goes on in
    the next sentence of the paragraph is still the speaker's."""
    doc = sent.doc
    if sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws:
        return []
    return speaker_in(doc[sent.start - 1].sent, lex)


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
        root = reported_by(cand.anchor, anchors, lex)
        span = claim_extent(root, cand.cue, nested, lex, absorbs=cand.absorbs)
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
