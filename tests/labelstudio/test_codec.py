"""Pure conversions between records and Label Studio's formats (no server)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.core.errors import RecordError
from annotate.core.records import ENTITY_LABELS, Entity, Holder, Record, Stance
from annotate.labelstudio.codec import (
    check_result,
    record_to_result,
    regions_to_record,
    split_result,
)
from annotate.labelstudio.config import LabelingConfig

TEXT = "Hamas rejected the truce."
GOOD = Record("t", TEXT, spans=(Entity(0, 5, "ORG", "Hamas"),),
              stances=(Stance(0, 24, "REJECTS", TEXT[:24], (Holder(0, 5, "Hamas"),)),))  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r[0].update(from_name="ents"), "not in the labeling config"),
        (lambda r: r[0]["value"].update(labels=["PER"]), "do not fit control"),
        (lambda r: r[1]["value"].update(end=99), "outside the text"),
        (lambda r: r[0]["value"].update(text="Hama"), "the item says 'Hama'"),
        (lambda r: r[2].update(from_id="missing"), "relation to a region"),
    ],
)
def test_every_item_is_checked_against_the_config(change, message):
    result = record_to_result(GOOD)
    change(result)
    with pytest.raises(RecordError, match=message):
        check_result(result, TEXT, LabelingConfig(), where="task 1")


PIECES = st.sampled_from(
    [*"abc XYZ,.\n\r", "\r\n", "😀", "🇱🇧", "é", "中", "👩\u200d💻"]
)  # flags: 2 code points


@st.composite
def gold_records(draw):
    text = "".join(draw(st.lists(PIECES, min_size=5, max_size=40)))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), min_size=2, max_size=10)))
    entities = [Entity(s, e, draw(st.sampled_from(ENTITY_LABELS)), text[s:e])
                for s, e in zip(cuts[::2], cuts[1::2], strict=False) if s < e]  # fmt: skip
    claims = []
    claim_cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=6)))
    for s, e in zip(claim_cuts[::2], claim_cuts[1::2], strict=False):
        if s < e:
            holders = (
                draw(st.lists(st.sampled_from(entities), max_size=2, unique=True))
                if entities
                else []
            )
            claims.append(Stance(s, e, draw(st.sampled_from(["SUPPORTS", "REJECTS"])), text[s:e],
                                 tuple(sorted((Holder(h.start, h.end, h.text) for h in holders),
                                              key=lambda h: h.start))))  # fmt: skip
    return Record("r", text, spans=tuple(entities), stances=tuple(claims), meta={"source": "x"})


@settings(max_examples=200, deadline=None)
@given(gold_records())
def test_gold_to_result_items_to_gold_is_the_identity(record):
    result = record_to_result(record)
    check_result(result, record.text, LabelingConfig(), where="roundtrip")
    back, problems = regions_to_record(split_result(result, LabelingConfig()), record_id=record.id,
                                       text=record.text, meta=record.meta)  # fmt: skip
    assert problems == []
    assert back == record
