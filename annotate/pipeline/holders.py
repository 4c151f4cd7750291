"""Who holds a stance (scheme section 2, "Holder"): pure functions over spaCy's parse.

Works on spaCy's parse: the subject of the stance verb, the speaker of reported speech,
apposition, and for a pronoun or a description the nearest earlier named mention of the
actor (a later one when there is none earlier, as in a headline).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from .lexicon import HolderLexicon

SUBJECT_DEPS = ("nsubj", "nsubjpass")  # spaCy's dependency labels, not a word list


def entity_of(token: Token, lex: HolderLexicon) -> Span | None:
    """The actor entity a token belongs to, if any."""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return ent if ent is not None and ent.label_ in lex.actor_labels else None


def _subject_child(token: Token) -> Token | None:
    """The agent of a passive ("approved by Chile"), else the subject nearest the verb:
    "Doha (Qatar): Hamas said" has two to the parser."""
    agent = next(
        (gc for c in token.children if c.dep_ == "agent" for gc in c.children if gc.dep_ == "pobj"),
        None,
    )
    subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
    before = [c for c in subjects if c.i < token.i]
    if agent is not None and agent.pos_ != "PRON":  # "refused by anyone" names no one
        return agent
    return (before[-1:] or subjects[:1] or [None])[0] or agent


def subject_of(anchor: Token, lex: HolderLexicon) -> Token | None:
    """Subject of the anchor's clause; the controller for a subjectless infinitive or gerund."""
    node = anchor
    for _ in range(6):
        subject = _subject_child(node)
        if subject is not None:
            if subject.lower_ in lex.relative_pronouns and node.dep_ == "relcl":
                return node.head
            return subject
        if node.dep_ in SUBJECT_DEPS:
            return next((c for c in node.children if c.dep_ == "poss"), None)
        objects = [c for c in node.head.children if c.dep_ == "dobj" and c.i < node.i]
        if node.dep_ == "xcomp" and objects:
            return objects[0]
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":  # "dissuade him from quitting"
            controller = [c for c in node.head.head.children if c.dep_ == "dobj"]
            if controller and controller[0].i < node.i:
                return controller[0]
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
        return root.dep_ in SUBJECT_DEPS or (  # "Israel's cabinet said": Israel's too
            root.dep_ in ("appos", "compound", "poss") and root.head.dep_ in SUBJECT_DEPS
        )

    subjects = [e for e in candidates if is_subject(e)]
    pool = subjects or candidates
    return pool[-1] if pool else None


def _titled_person(description: Token, lex: HolderLexicon) -> Span | None:
    """A named person who carries the description's title ("Lebanon's Prime Minister")."""
    doc = description.doc
    matches = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        window = doc[max(ent.start - lex.title_window, ent.sent.start) : ent.start]
        titles = {t.lower_ for t in window if not t.is_punct}
        if ent.root.dep_ == "appos":
            titles.add(ent.root.head.lower_)
        if description.lower_ in titles:
            matches.append(ent)
    earlier = [e for e in matches if e.end <= description.i]
    later = [e for e in matches if e.start > description.i]
    return earlier[-1] if earlier else (later[0] if later else None)


def _named_in(tokens: Iterable[Token], lex: HolderLexicon) -> list[Span]:
    found: list[Span] = []
    for token in tokens:
        ent = entity_of(token, lex)
        if ent is not None and ent not in found:
            found.append(ent)
    return found


def resolve_actor(subject: Token, lex: HolderLexicon) -> list[Span]:
    """The named mentions a subject refers to (scheme: holder rules)."""
    doc = subject.doc
    if entity_of(subject, lex) is not None:
        return _named_in([subject, *subject.conjuncts], lex)
    for child in subject.children:
        if child.dep_ == "appos" and entity_of(child, lex) is not None:
            return [entity_of(child, lex)]
    if subject.dep_ == "appos" and entity_of(subject.head, lex) is not None:
        return [entity_of(subject.head, lex)]
    lower, lemma = subject.lower_, subject.lemma_.lower()
    pronoun_labels = {
        **{key: ["PERSON"] for key in lex.person_pronouns},
        **{key: ["ORG", "GPE"] for key in lex.group_pronouns},
    }
    if lower in pronoun_labels:
        found = _salient(doc, subject.i, pronoun_labels[lower])
        return [found] if found else []
    if lower in lex.person_titles and subject.tag_ in ("NN", "NNP"):
        # "The leader of the group, Hassan Nasrallah,": the parser hangs the name on "group"
        appositions = (t for t in subject.subtree if t.dep_ == "appos" and _attached(t, subject))
        person = next((e for e in _named_in(appositions, lex) if e.label_ == "PERSON"), None)
        person = person or _titled_person(subject, lex)
        if person is not None:
            return [person]
    modifiers = [t for t in subject.subtree if t.i <= subject.i or _attached(t, subject)]
    compounds = (c for c in subject.children if c.dep_ == "compound")
    leaders = [e for e in _named_in(compounds, lex) if e.label_ == "PERSON"]
    if lemma in lex.collective_nouns and leaders:
        return leaders  # "the Biden administration", "the Netanyahu government"
    plural_title = subject.tag_ == "NNS" and lemma in lex.person_titles
    if lemma in lex.collective_nouns or lower in lex.person_titles or plural_title:
        # "Senior U.S. officials", "Israel's security cabinet"; but "Biden's adviser" is not Biden
        # and "foreign ministers from France" are France's
        group = ("GPE", "ORG", "NORP") if plural_title else ("PERSON",)
        labels = lex.collective_nouns.get(lemma, group)
        # "the Palestinian group" is an ORG described by a nationality, not the nationality
        named = [
            e
            for e in _named_in(modifiers, lex)
            if (e.label_ in labels and e.root.dep_ != "poss")
            or (e.label_ in ("GPE", "ORG") and e.root.dep_ == "poss")
        ]
        if named:
            return named
        found = _salient(doc, subject.i, labels) or _salient_after(doc, subject.i, labels)
        return [found] if found else []
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    if owner is not None and owner != subject:
        return resolve_actor(owner, lex)  # "Qassem's willingness ..."
    return []


def _attached(token: Token, subject: Token) -> bool:
    """A word after the subject that modifies it through prepositions and conjuncts only
    ("ministers from France and Britain"), not one inside its relative clause."""
    node = token
    while node != subject:
        if node.dep_ not in ("prep", "pobj", "conj", "cc", "compound", "amod", "appos"):
            return False
        node = node.head
    return True


def _salient_after(doc: Doc, after: int, labels: Iterable[str]) -> Span | None:
    wanted = set(labels)
    return next((e for e in doc.ents if e.label_ in wanted and e.start > after), None)


def actors_before(span: Span, cue: Token, lex: HolderLexicon) -> list[Span]:
    """Fallback for a clause the parser could not subject (often a headline)."""
    named = _named_in((t for t in span if t.i < cue.i), lex)
    return named[:1]
