"""Several annotators' versions of one task, item by item: what they agree on, what not.

An item is an entity (span + label), a claim (span + label) or a holder link (claim span to
holder span). With K the agreement needed (default: every annotator of the task), an item is
agreed when at least K versions have exactly it, and rejected when at least K versions lack
it; anything else is disputed, and a task with a disputed item goes to review.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

from .records import Entity, Holder, Record, Stance

Item = tuple  # ("entity", start, end, label) | ("claim", start, end, label) | ("holder", ...)


def items_of(record: Record) -> frozenset[Item]:
    found: set[Item] = {("entity", e.start, e.end, e.label) for e in record.spans}
    for claim in record.stances:
        found.add(("claim", claim.start, claim.end, claim.label))
        found.update(("holder", claim.start, claim.end, h.start, h.end) for h in claim.holders)
    return frozenset(found)


def describe(item: Item, text: str) -> str:
    """An item as a reviewer reads it: its kind, label and text."""
    if item[0] == "holder":
        return f"holder {text[item[3] : item[4]]!r} of the claim {text[item[1] : item[2]]!r}"
    return f"{item[0]} {item[3]} {text[item[1] : item[2]]!r}"


@dataclass(frozen=True)
class Consensus:
    """One task's versions (annotator -> record) compared under `needed` agreeing versions."""

    versions: Mapping[str, Record]
    needed: int

    @cached_property
    def item_sets(self) -> dict[str, frozenset[Item]]:
        return {who: items_of(record) for who, record in self.versions.items()}

    @cached_property
    def support(self) -> Counter[Item]:
        return Counter(item for items in self.item_sets.values() for item in items)

    @cached_property
    def agreed_items(self) -> frozenset[Item]:
        return frozenset(item for item, n in self.support.items() if n >= self.needed)

    def disputes(self) -> list[str]:
        """Why the task needs review, one line per reason; empty if it does not."""
        n, text = len(self.versions), next(iter(self.versions.values())).text
        if n < self.needed:
            return [f"{n} annotator(s), and {self.needed} must agree (--min-agree)"]
        reasons = []
        for item, count in sorted(self.support.items()):
            if self.needed > count > n - self.needed:
                who = sorted(a for a, items in self.item_sets.items() if item in items)
                reasons.append(f"{describe(item, text)}: only {', '.join(who)}")
        if not reasons and self.agreed() is None:
            reasons.append("the agreed holder links name entities that are not agreed")
        return reasons

    def agreed(self) -> Record | None:
        """The record of the agreed items (None if those do not make a valid record)."""
        keep = self.agreed_items
        entities: dict[tuple[int, int, str], Entity] = {}
        claims: dict[tuple[int, int, str], Stance] = {}
        holders: dict[tuple[int, int], set[Holder]] = {}
        for record in self.versions.values():
            for e in record.spans:
                if ("entity", e.start, e.end, e.label) in keep:
                    entities.setdefault((e.start, e.end, e.label), e)
            for c in record.stances:
                if ("claim", c.start, c.end, c.label) in keep:
                    claims.setdefault((c.start, c.end, c.label), c)
                for h in c.holders:
                    if ("holder", c.start, c.end, h.start, h.end) in keep:
                        holders.setdefault((c.start, c.end), set()).add(h)
        entity_spans = {(s, e) for s, e, _ in entities}
        linked = {(h.start, h.end) for hs in holders.values() for h in hs}
        claim_spans = {(s, e) for s, e, _ in claims}
        if not linked <= entity_spans or not set(holders) <= claim_spans:
            return None
        stances = tuple(
            Stance(s, e, label, c.text, tuple(sorted(holders.get((s, e), ()), key=_at)))
            for (s, e, label), c in sorted(claims.items())
        )
        base = next(iter(self.versions.values()))
        spans = tuple(entities[k] for k in sorted(entities))
        return base.with_(spans=spans, stances=stances)

    def agreement(self) -> float:
        """Mean pairwise Jaccard of the versions' item sets (1.0 for one version)."""
        sets = list(self.item_sets.values())
        pairs = [len(a & b) / len(a | b) if a | b else 1.0 for a, b in combinations(sets, 2)]
        return sum(pairs) / len(pairs) if pairs else 1.0


def _at(holder: Holder) -> tuple[int, int]:
    return holder.start, holder.end


def changed_by_review(reviewed: Record, versions: Sequence[Record]) -> tuple[int, int]:
    """(items changed, items in all) between the reviewer's record and the version closest to
    it: what the reviewer added to or removed from the version they kept."""
    final = items_of(reviewed)
    closest = min((items_of(v) for v in versions), key=lambda v: len(v ^ final))
    return len(closest ^ final), len(closest | final)
