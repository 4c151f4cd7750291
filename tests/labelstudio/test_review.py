"""`annotate review` against a real Label Studio, with annotators and a reviewer created
through the API: agreed tasks straight to gold, a disputed one through a review project."""

from __future__ import annotations

import dataclasses
import subprocess

import pytest
import srsly

from annotate.core.consensus import items_of
from annotate.core.records import Record
from annotate.labelstudio import client as ls
from annotate.labelstudio.codec import record_to_result
from annotate.labelstudio.push import push
from annotate.labelstudio.review import REVIEW_OF, review_title

from ..conftest import ANNOTATE, without_one_entity


def review(label_studio, title, output, *extra):
    return subprocess.run([ANNOTATE, "review", "--project", title, "--output", str(output), *extra],
                          env=label_studio.env(), capture_output=True, text=True, timeout=600)  # fmt: skip


def disputed_version(record: Record) -> Record:
    """The record with its first claim's label flipped and its last entity not a holder
    left out: one claim label and one entity differ."""
    claim = record.stances[0]
    flipped = dataclasses.replace(
        claim, label="REJECTS" if claim.label == "SUPPORTS" else "SUPPORTS"
    )
    less, _ = without_one_entity(record)
    return less.with_(stances=(flipped, *record.stances[1:]))


@pytest.fixture
def users(label_studio, project_title):
    client, made = label_studio.client(), {}
    tag = abs(hash(project_title)) % 10**8
    for name in ("alice", "bob", "carol", "rita"):
        email = f"{name}.{tag}@annotate.local"
        made[name] = ls.create_user(
            client, email=email, username=f"{name}{tag}", password="x-Pass-123"
        )
    return made


@pytest.mark.integration
def test_two_annotators_one_dispute_reviewed_and_collected(
    label_studio, project_title, users, tmp_path, gold_records
):
    client = label_studio.client()
    records = [g.with_(model_version="m1") for g in gold_records[:4]]
    list(push(records, client=client, title=project_title))
    project = ls.find_project(client, project_title)
    infos = sorted(ls.tasks_in_project(client, project.id), key=lambda i: i.id)
    record_of = {i.id: next(r for r in records if r.input_hash == i.input_hash) for i in infos}
    agreed_1, disputed, agreed_3, single = infos

    def annotate(task, who, record, **fields):
        return ls.create_annotation(client, task.id, record_to_result(record),
                                    completed_by=users[who].id, **fields)  # fmt: skip

    for task in (agreed_1, agreed_3):
        annotate(task, "alice", record_of[task.id])
        annotate(task, "bob", record_of[task.id])
    annotate(agreed_3, "carol", record_of[agreed_3.id], was_cancelled=True)  # counted, ignored
    annotate(disputed, "alice", record_of[disputed.id])
    annotate(disputed, "bob", disputed_version(record_of[disputed.id]))
    annotate(single, "alice", record_of[single.id])

    first = review(label_studio, project_title, tmp_path / "gold.jsonl")
    assert first.returncode == 0, first.stderr
    assert f"task {disputed.id} (" in first.stderr and "sent for review" in first.stderr
    for other in (agreed_1, agreed_3, single):
        assert f"task {other.id} (" not in first.stderr
    assert "claim " in first.stderr and "entity " in first.stderr and "only " in first.stderr
    assert "✔ adds up" in first.stderr and "cancelled (ignored)" in first.stderr
    assert len(list(srsly.read_jsonl(tmp_path / "gold.jsonl"))) == 3  # the agreed ones
    reviews = ls.find_project(client, review_title(project_title))
    (review_task,) = client.tasks.list(project=reviews.id, fields="all", page_size=100).items
    assert review_task.data[REVIEW_OF] == disputed.id
    versions = {p.model_version for p in review_task.predictions}
    assert versions == {users["alice"].email, users["bob"].email}

    again = review(label_studio, project_title, tmp_path / "gold.jsonl")
    assert again.returncode == 0 and "already in review" in again.stderr
    assert ls.task_count(client, reviews.id) == 1  # nothing sent twice

    reviewed = record_of[disputed.id]  # the reviewer keeps alice's version
    ls.create_annotation(client, review_task.id, record_to_result(reviewed),
                         completed_by=users["rita"].id)  # fmt: skip
    collected = review(label_studio, project_title, tmp_path / "gold.jsonl", "--collect")
    assert collected.returncode == 0, collected.stderr
    assert "items changed by review" in collected.stderr
    gold = {
        g["meta"]["ls_task_id"]: Record.from_dict(g)
        for g in srsly.read_jsonl(tmp_path / "gold.jsonl")
    }
    assert set(gold) == {i.id for i in infos}
    for task in infos:
        assert items_of(gold[task.id]) == items_of(record_of[task.id])
    assert gold[disputed.id].meta["reviewer"] == users["rita"].email
    assert gold[agreed_1.id].meta["annotators_agreed"] == sorted(
        [users["alice"].email, users["bob"].email]
    )
    assert gold[agreed_1.id].meta["reviewer"] is None

    two = review(label_studio, project_title, tmp_path / "two.jsonl", "--min-agree", "2",
                 "--review-project", f"strict {project_title[-8:]}")  # fmt: skip
    assert two.returncode == 0, two.stderr
    assert f"task {single.id} (" in two.stderr and "1 annotator(s), and 2 must agree" in two.stderr

    annotate(disputed, "bob", disputed_version(record_of[disputed.id]))  # annotated again
    after = review(label_studio, project_title, tmp_path / "gold.jsonl")
    assert after.returncode == 0 and f"task {disputed.id} (" in after.stderr
    assert ls.task_count(client, reviews.id) == 2  # sent again, once
