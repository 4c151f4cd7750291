"""`annotate train`: a learned stance decision on top of the rules, saved as a spaCy pipeline."""

from __future__ import annotations

import json

import pytest
import spacy
import srsly
from typer.testing import CliRunner

from annotate.cli import app
from annotate.core.schema import Kind, validate
from annotate.pipeline.learned import (
    LEARNED_FACTORY,
    MODEL_FILE,
    StanceModel,
    fit,
    sentence_features,
)
from annotate.pipeline.train import gold_label

from ..conftest import GOLD_PATH, SEEDS, parsed


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("trained") / "pipeline"
    result = CliRunner().invoke(app, ["train", str(GOLD_PATH), "--output", str(out), "--seed", "3"])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_train_writes_a_pipeline_that_spacy_and_preannotate_load(trained, tmp_path):
    out, said = trained
    assert "candidate sentences" in said and "features" in said
    nlp = spacy.load(out)
    assert LEARNED_FACTORY in nlp.pipe_names
    assert nlp.get_pipe(LEARNED_FACTORY).model is not None
    preds = tmp_path / "p.jsonl"
    result = CliRunner().invoke(
        app, ["preannotate", str(SEEDS), "-o", str(preds), "--model", str(out)]
    )
    assert result.exit_code == 0, result.output
    records = list(srsly.read_jsonl(preds))
    for number, record in enumerate(records, start=1):
        validate(record, Kind.PREDICTION, where=f"{preds}:{number}")
    assert all("+learned-" in r["model_version"] for r in records)


def test_the_same_seed_and_data_give_the_same_model(trained, tmp_path):
    out, _ = trained
    again = tmp_path / "again"
    result = CliRunner().invoke(app, ["train", str(GOLD_PATH), "-o", str(again), "--seed", "3"])
    assert result.exit_code == 0, result.output
    first = json.loads((out / LEARNED_FACTORY / MODEL_FILE).read_text())
    second = json.loads((again / LEARNED_FACTORY / MODEL_FILE).read_text())
    assert first == second


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["spans"][0].update(end=10**6), ":1 at /spans/0: offsets"),
        (lambda r: r["stances"][0]["holders"].append({"start": 0, "end": 3, "text": r["text"][:3]}),
         "is not one of the entity spans"),
    ],
)  # fmt: skip
def test_bad_gold_is_named_and_nothing_is_written(tmp_path, change, message):
    record = next(iter(srsly.read_jsonl(GOLD_PATH)))
    change(record)
    bad = tmp_path / "bad.jsonl"
    srsly.write_jsonl(bad, [record])
    out = tmp_path / "pipeline"
    result = CliRunner().invoke(app, ["train", str(bad), "-o", str(out)])
    assert result.exit_code == 1 and message in result.output and str(bad) in result.output
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["bad.jsonl"]


def test_an_empty_gold_file_is_named(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = CliRunner().invoke(app, ["train", str(empty), "-o", str(tmp_path / "p")])
    assert result.exit_code == 1 and f"{empty}: no gold records" in result.output


def test_a_sentence_takes_the_label_of_the_claim_covering_most_of_it(gold_records):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    record = gold_records[0]
    doc = nlp(record.text)
    labelled = {gold_label(s, record) for s in doc.sents}
    assert labelled <= {"NONE", "SUPPORTS", "REJECTS"} and "SUPPORTS" in labelled


def test_the_model_is_data_and_reads_back_the_same():
    doc = parsed("""
Peru 1 nsubj PROPN Peru B-GPE
backs 1 ROOT VERB back
the 3 det DET the
truce 1 dobj NOUN truce
""")
    other = parsed("""
Peru 1 nsubj PROPN Peru B-GPE
opposes 1 ROOT VERB oppose
the 3 det DET the
truce 1 dobj NOUN truce
""")
    rows = [(sentence_features(doc[:], [], []), "SUPPORTS"), (sentence_features(other[:], [], []), "REJECTS"),
            ({"w=rain": 1.0}, "NONE")]  # fmt: skip
    model = fit(rows, seed=0)
    again = StanceModel.from_dict(json.loads(json.dumps(model.to_dict())))
    probabilities = again.probabilities(sentence_features(other[:], [], []))
    assert max(probabilities, key=probabilities.get) == "REJECTS"
    assert probabilities == pytest.approx(model.probabilities(sentence_features(other[:], [], [])))


def test_the_shipped_default_model_is_reproduced_from_the_shipped_gold():
    import numpy as np

    from annotate.core.jsonl import read_records
    from annotate.pipeline.preannotate import SHIPPED_MODEL
    from annotate.pipeline.train import train

    from ..conftest import SHIPPED_GOLD

    records = [r for path in SHIPPED_GOLD for r in read_records(path, Kind.GOLD)]
    nlp, _ = train(records, base_model="annotate-rules", seed=0)
    retrained = nlp.get_pipe(LEARNED_FACTORY).model
    shipped = StanceModel.from_dict(json.loads(SHIPPED_MODEL.read_text()))
    assert retrained.features == shipped.features and retrained.classes == shipped.classes
    assert np.allclose(retrained.weights, shipped.weights, atol=1e-7)
    assert np.allclose(retrained.intercepts, shipped.intercepts, atol=1e-7)


def test_the_default_pipeline_has_the_shipped_model_and_the_rules_one_has_none(nlp):
    from annotate.pipeline.preannotate import build_pipeline, model_version

    default = build_pipeline()
    assert default.get_pipe(LEARNED_FACTORY).model is not None
    assert "+learned-" in model_version(default)
    assert LEARNED_FACTORY not in nlp.pipe_names  # the fixture is `annotate-rules`
