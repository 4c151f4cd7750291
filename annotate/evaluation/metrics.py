"""Pure scoring functions over records: entities, stance claims, holders, correction effort."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.records import STANCE_LABELS, Entity, Holder, Record, Stance

SENTENCE_LABELS = (*STANCE_LABELS, "none")
# Sentence units for the confusion matrix: a line break, or end punctuation (and a closing
# quote) followed by spaces and a capital or digit. Found by scanning, as a regex is 5x slower.
BREAK_CHARS = re.compile(r"[.!?\n]")
CLOSERS, OPENERS, SPACES = '”"’', '“"‘([', " \t"


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def entity_keys(record: Record, labels: Iterable[str] | None = None) -> set[tuple[int, int, str]]:
    """An entity as exact match sees it: offsets and label."""
    wanted = None if labels is None else set(labels)
    return {(e.start, e.end, e.label) for e in record.spans if wanted is None or e.label in wanted}


def set_counts(gold: set, predicted: set) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of two sets of items."""
    return len(gold & predicted), len(predicted - gold), len(gold - predicted)


def overlap(a: Entity | Stance | Holder, b: Entity | Stance | Holder) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def claims_match(pred: Stance, gold: Stance) -> bool:
    """Same label and overlap of at least half the shorter span."""
    shorter = min(pred.end - pred.start, gold.end - gold.start)
    return pred.label == gold.label and overlap(pred, gold) * 2 >= shorter


def match_claims(pred: Sequence[Stance], gold: Sequence[Stance]) -> list[tuple[int, int]]:
    """One-to-one matching, largest overlap first (deterministic)."""
    pairs = sorted(
        (
            (overlap(p, g), i, j)
            for i, p in enumerate(pred)
            for j, g in enumerate(gold)
            if claims_match(p, g)
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            matched.append((i, j))
    return matched


def _name(text: str) -> list[str]:
    return text.casefold().replace(".", "").replace("’s", "").replace("'s", "").split()


def same_actor(pred: Holder, gold: Holder) -> bool:
    """Overlapping spans, or the same name (one name's words end the other: 'Qassem')."""
    if overlap(pred, gold) > 0:
        return True
    a, b = _name(pred.text), _name(gold.text)
    short, long_ = sorted((a, b), key=len)
    return bool(short) and long_[len(long_) - len(short) :] == short


def holder_correct(pred: Stance, gold: Stance) -> bool:
    if not gold.holders:
        return not pred.holders
    return any(same_actor(p, g) for p in pred.holders for g in gold.holders)


@dataclass
class StanceCounts:
    tp: dict[str, int]
    fp: dict[str, int]
    fn: dict[str, int]
    holders_ok: int = 0
    holders_total: int = 0

    @classmethod
    def empty(cls) -> StanceCounts:
        zero = dict.fromkeys(STANCE_LABELS, 0)
        return cls(dict(zero), dict(zero), dict(zero))


def count_stances(pred: Record, gold: Record, counts: StanceCounts) -> list[tuple[int, int]]:
    matched = match_claims(pred.stances, gold.stances)
    for label in STANCE_LABELS:
        hits = sum(1 for i, _ in matched if pred.stances[i].label == label)
        counts.tp[label] += hits
        counts.fp[label] += sum(1 for s in pred.stances if s.label == label) - hits
        counts.fn[label] += sum(1 for s in gold.stances if s.label == label) - hits
    for i, j in matched:
        counts.holders_total += 1
        counts.holders_ok += holder_correct(pred.stances[i], gold.stances[j])
    return matched


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start, size = [], 0, len(text)
    for found in BREAK_CHARS.finditer(text):
        i = found.start()
        if i < start:
            continue
        if text[i] == "\n":
            end, following = i, i + 1
            while following < size and text[following] == "\n":
                following += 1
        else:
            end = i + 1 + (i + 1 < size and text[i + 1] in CLOSERS)
            following = end
            while following < size and text[following] in SPACES:
                following += 1
            if following == end or following >= size:
                continue
            first = text[following]
            if first in OPENERS and following + 1 < size:
                first = text[following + 1]
            if not (first.isupper() or first.isdigit()):
                continue
        if end > start:
            spans.append((start, end))
        start = following
    if start < size:
        spans.append((start, size))
    return spans


def sentence_labels(record: Record, sentences: Iterable[tuple[int, int]]) -> list[str]:
    """Each sentence's stance: the label of the claim covering most of it, else 'none'."""
    labels = []
    for start, end in sentences:
        best, best_len = "none", 0
        for claim in record.stances:
            length = max(0, min(end, claim.end) - max(start, claim.start))
            if length > best_len:
                best, best_len = claim.label, length
        labels.append(best)
    return labels


def entity_edits(pred: Sequence[Entity], gold: Sequence[Entity]) -> int:
    """Add, delete, relabel or re-bound: the edits that turn pred into gold."""
    exact = {(e.start, e.end, e.label) for e in gold} & {(e.start, e.end, e.label) for e in pred}
    rest_p = [e for e in pred if (e.start, e.end, e.label) not in exact]
    rest_g = [e for e in gold if (e.start, e.end, e.label) not in exact]
    return _edits(rest_p, rest_g)


def _edits(rest_p: Sequence, rest_g: Sequence) -> int:
    """Each leftover gold item overlapped by a leftover prediction costs one fix, else one add;
    each leftover prediction not used as a fix costs one delete."""
    used: set[int] = set()
    edits = 0
    for g in rest_g:
        partner = next((i for i, p in enumerate(rest_p) if i not in used and overlap(p, g)), None)
        edits += 1
        if partner is not None:
            used.add(partner)
    return edits + len(rest_p) - len(used)


def claim_edits(pred: Record, gold: Record, matched: list[tuple[int, int]]) -> int:
    exact = [
        (i, j)
        for i, j in matched
        if (pred.stances[i].start, pred.stances[i].end)
        == (gold.stances[j].start, gold.stances[j].end)
    ]
    holder_fixes = sum(
        1 for i, j in matched if not holder_correct(pred.stances[i], gold.stances[j])
    )
    done_p, done_g = {i for i, _ in exact}, {j for _, j in exact}
    rest_p = [s for i, s in enumerate(pred.stances) if i not in done_p]
    rest_g = [s for j, s in enumerate(gold.stances) if j not in done_g]
    return _edits(rest_p, rest_g) + holder_fixes
