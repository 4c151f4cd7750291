"""Consensus of annotators' versions, item by item (annotate.core.consensus)."""

from __future__ import annotations

import pytest

from annotate.core.consensus import Consensus, changed_by_review, items_of

from ..conftest import without_one_entity


@pytest.mark.parametrize(
    ("annotators", "having", "needed", "outcome"),
    [(2, 2, 2, "agreed"), (2, 1, 2, "disputed"), (3, 2, 2, "agreed"), (3, 1, 2, "rejected"),
     (3, 1, 3, "disputed"), (1, 1, 1, "agreed"), (1, 1, 2, "disputed")],
)  # fmt: skip
def test_an_item_is_agreed_by_k_rejected_by_k_else_disputed(
    gold_records, annotators, having, needed, outcome
):
    full = gold_records[0]
    less, item = without_one_entity(full)
    versions = {f"a{i}": full if i < having else less for i in range(annotators)}
    consensus = Consensus(versions, needed)
    assert bool(consensus.disputes()) is (outcome == "disputed")
    if outcome != "disputed":
        assert (item in items_of(consensus.agreed())) is (outcome == "agreed")


def test_agreed_record_keeps_holders_and_agreement_is_pairwise_jaccard(gold_records):
    full = gold_records[0]
    less, _ = without_one_entity(full)
    consensus = Consensus({"a": full, "b": full}, 2)
    assert items_of(consensus.agreed()) == items_of(full) and consensus.agreement() == 1.0
    mixed = Consensus({"a": full, "b": less}, 2)
    n = len(items_of(full))
    assert mixed.agreement() == pytest.approx((n - 1) / n)
    assert changed_by_review(full, [less, full]) == (0, n)
    assert changed_by_review(full, [less]) == (1, n)
