from __future__ import annotations

import pytest
import srsly
from typer.testing import CliRunner

from annotate.cli import app
from annotate.core.errors import EvaluationError
from annotate.core.records import Entity, Record, Stance
from annotate.evaluation.agreement import agreement

TEXT = "Hamas rejected the truce. Egypt welcomed the deal. Talks went on."
ENTS = (Entity(0, 5, "ORG", "Hamas"), Entity(26, 31, "GPE", "Egypt"))


def annotation(who, labels, ents=ENTS):
    sentences = [(0, 24), (26, 50), (51, 64)]
    stances = tuple(
        Stance(s, e, lab, TEXT[s:e])
        for (s, e), lab in zip(sentences, labels, strict=True)
        if lab != "none"
    )
    return Record("doc", TEXT, spans=ents, stances=stances, meta={"annotator": who})


def test_identical_annotators_agree_fully():
    result = agreement(
        [
            annotation("a", ["REJECTS", "SUPPORTS", "none"]),
            annotation("b", ["REJECTS", "SUPPORTS", "none"]),
        ]
    )
    (pair,) = result["pairs"]
    assert pair["entity_f1"] == 1.0 and pair["stance_kappa"] == 1.0
    assert result["stance_alpha"] == 1.0 and result["disagreements"] == []


def test_hand_computed_kappa_and_disagreement_list():
    a = annotation("a", ["REJECTS", "SUPPORTS", "none"])
    b = annotation("b", ["REJECTS", "none", "none"], ents=ENTS[:1])
    result = agreement([a, b])
    (pair,) = result["pairs"]
    # observed 2/3; expected (1*1 + 1*0 + 1*2)/9 = 1/3; kappa = (2/3 - 1/3) / (1 - 1/3) = 0.5
    assert pair["stance_kappa"] == pytest.approx(0.5)
    assert pair["entity_f1"] == pytest.approx(2 / 3)
    assert [(d["sentence"], d["labels"]) for d in result["disagreements"]] == [
        (1, {"a": "SUPPORTS", "b": "none"})
    ]
    assert result["stance_alpha"] is not None and result["stance_alpha"] < 1


def test_records_without_annotator_are_an_error():
    with pytest.raises(EvaluationError, match="--policy all"):
        agreement([Record("doc", TEXT)])


def test_agreement_command(tmp_path):
    path = tmp_path / "all.jsonl"
    srsly.write_jsonl(
        path,
        [
            annotation("a", ["REJECTS", "SUPPORTS", "none"]).to_dict(),
            annotation("b", ["REJECTS", "none", "none"]).to_dict(),
        ],
    )
    result = CliRunner().invoke(app, ["agreement", str(path), "-o", str(tmp_path / "agr.json")])
    assert result.exit_code == 0, result.output
    assert "a vs b" in result.output and "Krippendorff" in result.output


def test_one_annotator_per_task_gives_no_alpha_and_no_traceback(tmp_path):
    a = annotation("a", ["REJECTS", "SUPPORTS", "none"])
    b = annotation("b", ["SUPPORTS", "none", "none"]).with_(id="other", text=TEXT)
    result = agreement([a, b])
    assert result["stance_alpha"] is None and result["units_with_two_annotators"] == 0
    path = tmp_path / "all.jsonl"
    srsly.write_jsonl(path, [r.to_dict() for r in (a, b)])
    run = CliRunner().invoke(app, ["agreement", str(path)])
    assert run.exit_code == 0, run.output
    assert "n/a (no sentence was labelled by two annotators or more)" in " ".join(
        run.output.split()
    )
