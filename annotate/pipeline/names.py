"""One name, one label per article ("one sense per discourse"): the NER reads each mention
alone, so an article gets "Hezbollah" as ORG twenty times and as NORP six, or tags "Naim
Qassem" and misses the "Qassem" of the next paragraph. A name the article labels mostly one
way takes that label at each mention; a mention the NER left out gets it too, and so does
the surname of a named person. Pure functions over the entities of one Doc."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span
from spacy.util import filter_spans


def name_votes(ents: Iterable[Span], labels: frozenset[str]) -> dict[tuple[str, ...], str]:
    """Each name's label where most of its mentions agree; a person's surname is a name."""
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    surnames: Counter[tuple[str, ...]] = Counter()
    for ent in ents:
        if ent.label_ not in labels:
            continue
        votes[tuple(t.text for t in ent)][ent.label_] += 1
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].is_title:
            surnames[(ent[-1].text,)] += 1
    for surname, count in surnames.items():
        votes[surname]["PERSON"] += count
    agreed = {}
    for name, counts in votes.items():
        label, count = counts.most_common(1)[0]
        if 2 * count > sum(counts.values()):
            agreed[name] = label
    return agreed


def consistent_names(doc: Doc, ents: Sequence[Span], labels: frozenset[str]) -> list[Span]:
    """`ents` with every mention of an agreed name labelled alike and the missed ones added."""
    agreed = name_votes(ents, labels)
    out = [
        Span(doc, e.start, e.end, label=agreed.get(tuple(t.text for t in e), e.label_))
        if e.label_ in labels
        else e
        for e in ents
    ]
    owner = {i: e for e in ents for i in range(e.start, e.end)}
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name in agreed:
        by_first[name[0]].append(name)
    for token in doc:
        for name in by_first.get(token.text, ()):
            start, end = token.i, token.i + len(name)
            if end > len(doc) or tuple(t.text for t in doc[start:end]) != name:
                continue
            # a mention read shorter ("Otzma" of "Otzma Yehudit") grows to the name; one
            # that reaches outside it, or a longer name around it, stays as it is
            inside = all(
                owner[i].start >= start and owner[i].end <= end
                for i in range(start, end)
                if i in owner
            )
            if not inside or _inside_longer_name(doc, start, end):
                continue
            span = Span(doc, start, end, label=agreed[name])
            out.append(span)
            owner.update(dict.fromkeys(range(start, end), span))
    return filter_spans(out)


def _inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    """ "Hamas" in "Hamas Political Bureau" is part of another name, not a mention of it."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    return any(
        t is not None and t.pos_ == "PROPN" and t.text[:1].isupper() for t in (before, after)
    )
