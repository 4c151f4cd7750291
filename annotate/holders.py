"""Who holds a stance (scheme section 2, "Holder") and where a claim starts and ends (section 4).

Works on spaCy's parse: the subject of the stance verb, the speaker of reported speech,
apposition, and for a pronoun or a description the nearest earlier named mention of the
actor (a later one when there is none earlier, as in a headline).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from .entities import PERSON_TITLES

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
PERSON_PRONOUNS = ("he", "she", "him", "her", "his", "hers")
GROUP_PRONOUNS = ("it", "its", "they", "them", "their", "we", "our", "us")
RELATIVE_PRONOUNS = ("who", "which", "that", "whom")
OPENING_PUNCT = ("“", '"', "‘", "'", "[", "(")
TITLE_WINDOW = 4
# Descriptions of collective actors, and the entity labels they are linked to.
COLLECTIVE_NOUNS = {
    **{
        key: ["ORG"]
        for key in (
            "group",
            "organization",
            "organisation",
            "movement",
            "militia",
            "party",
            "faction",
            "militant",
        )
    },
    **{
        key: ["GPE", "ORG", "NORP"]
        for key in (
            "government",
            "administration",
            "cabinet",
            "country",
            "state",
            "regime",
            "ministry",
            "military",
            "army",
            "force",
        )
    },
    **{
        key: ["GPE", "ORG", "NORP"]
        for key in (
            "official",
            "envoy",
            "diplomat",
            "negotiator",
            "mediator",
            "leader",
            "actor",
            "authority",
            "side",
            "representative",
            "delegation",
        )
    },
}


def entity_of(token: Token) -> Span | None:
    """The actor entity a token belongs to, if any."""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return ent if ent is not None and ent.label_ in ACTOR_LABELS else None


def _subject_child(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None) or next(
        (gc for c in token.children if c.dep_ == "agent" for gc in c.children if gc.dep_ == "pobj"),
        None,
    )


def subject_of(anchor: Token) -> Token | None:
    """Subject of the anchor's clause; the controller for a subjectless infinitive or gerund."""
    node = anchor
    for _ in range(6):
        subject = _subject_child(node)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and node.dep_ == "relcl":
                return node.head
            return subject
        if node.dep_ in SUBJECT_DEPS:
            return next((c for c in node.children if c.dep_ == "poss"), None)
        objects = [c for c in node.head.children if c.dep_ == "dobj" and c.i < node.i]
        if node.dep_ == "xcomp" and objects:
            return objects[0]
        if node.head == node:
            return None
        node = node.head
    return None


def _salient(doc: Doc, before: int, labels: Iterable[str]) -> Span | None:
    """Nearest earlier mention with one of `labels`, preferring ones that are subjects."""
    wanted = set(labels)
    candidates = [e for e in doc.ents if e.label_ in wanted and e.end <= before]

    def is_subject(ent: Span) -> bool:
        root = ent.root
        return root.dep_ in SUBJECT_DEPS or (
            root.dep_ in ("appos", "compound") and root.head.dep_ in SUBJECT_DEPS
        )

    subjects = [e for e in candidates if is_subject(e)]
    pool = subjects or candidates
    return pool[-1] if pool else None


def _titled_person(description: Token) -> Span | None:
    """A named person who carries the description's title ("Lebanon's Prime Minister")."""
    doc = description.doc
    matches = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        window = doc[max(ent.start - TITLE_WINDOW, ent.sent.start) : ent.start]
        titles = {t.lower_ for t in window if not t.is_punct}
        if ent.root.dep_ == "appos":
            titles.add(ent.root.head.lower_)
        if description.lower_ in titles:
            matches.append(ent)
    earlier = [e for e in matches if e.end <= description.i]
    later = [e for e in matches if e.start > description.i]
    return earlier[-1] if earlier else (later[0] if later else None)


def _named_in(tokens: Iterable[Token]) -> list[Span]:
    found: list[Span] = []
    for token in tokens:
        ent = entity_of(token)
        if ent is not None and ent not in found:
            found.append(ent)
    return found


def resolve_actor(subject: Token) -> list[Span]:
    """The named mentions a subject refers to (scheme: holder rules)."""
    doc = subject.doc
    if entity_of(subject) is not None:
        return _named_in([subject, *subject.conjuncts])
    for child in subject.children:
        if child.dep_ == "appos" and entity_of(child) is not None:
            return [entity_of(child)]
    if subject.dep_ == "appos" and entity_of(subject.head) is not None:
        return [entity_of(subject.head)]
    lower, lemma = subject.lower_, subject.lemma_.lower()
    pronoun_labels = {
        **{key: ["PERSON"] for key in PERSON_PRONOUNS},
        **{key: ["ORG", "GPE"] for key in GROUP_PRONOUNS},
    }
    if lower in pronoun_labels:
        found = _salient(doc, subject.i, pronoun_labels[lower])
        return [found] if found else []
    if lower in PERSON_TITLES and subject.tag_ in ("NN", "NNP"):
        person = _titled_person(subject)
        if person is not None:
            return [person]
    modifiers = [
        t for t in subject.subtree if t.i <= subject.i or t.dep_ in ("prep", "pobj", "conj")
    ]
    if lemma in COLLECTIVE_NOUNS or lower in PERSON_TITLES:
        # "Senior U.S. officials", "Israel's security cabinet"; but "Biden's adviser" is not Biden
        labels = COLLECTIVE_NOUNS.get(lemma, ["PERSON"])
        # "the Palestinian group" is an ORG described by a nationality, not the nationality
        named = [
            e
            for e in _named_in(modifiers)
            if (e.label_ in labels and e.root.dep_ != "poss")
            or (e.label_ in ("GPE", "ORG") and e.root.dep_ == "poss")
        ]
        if named:
            return named
        found = _salient(doc, subject.i, labels) or _salient_after(doc, subject.i, labels)
        return [found] if found else []
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    if owner is not None and owner != subject:
        return resolve_actor(owner)  # "Qassem's willingness ..."
    return []


def _salient_after(doc: Doc, after: int, labels: Iterable[str]) -> Span | None:
    wanted = set(labels)
    return next((e for e in doc.ents if e.label_ in wanted and e.start > after), None)


def actors_before(span: Span, cue: Token) -> list[Span]:
    """Fallback for a clause the parser could not subject (often a headline)."""
    named = _named_in(t for t in span if t.i < cue.i)
    return named[:1]


def claim_extent(anchor: Token, cue: Token, excluded: set[int], cut_starts: Iterable[str]) -> Span:
    """The clause of `anchor` around `cue`, without circumstantial trailers or other claims."""
    doc = anchor.doc
    cut_words = set(cut_starts)
    keep = {t.i for t in anchor.subtree} - excluded
    path = [cue]
    while path[-1] != anchor and path[-1].head != path[-1]:
        path.append(path[-1].head)
    for child in (c for node in path for c in node.children):
        first = child.left_edge
        trailing = child.i > cue.i and cue not in child.subtree
        circumstantial = first.lower_ in cut_words and (
            child.dep_ == "advcl"
            or (child.dep_ in ("prep", "npadvmod") and doc[first.i - 1].is_punct)
            or any(gc.dep_ == "pcomp" for gc in child.children)
        )
        leading_mark = child.dep_ == "mark" and child.i < cue.i and child.head == anchor
        if (trailing and circumstantial) or leading_mark:
            keep -= {t.i for t in child.subtree}
    start = end = cue.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    while start < end and (
        (doc[start].is_punct and doc[start].text not in OPENING_PUNCT) or doc[start].is_space
    ):
        start += 1
    while end > start and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return doc[start : end + 1]
