from __future__ import annotations

import copy
import json
import os
import subprocess

import pytest
import srsly
from typer.testing import CliRunner

from annotate.cli import app
from annotate.core.errors import RecordError
from annotate.core.jsonl import read_records, write_records
from annotate.core.records import Record
from annotate.core.schema import Kind, validate

from ..conftest import GOLD_PATH

GOOD = {
    "id": "t1",
    "text": "Hamas rejected the truce.",
    "spans": [{"start": 0, "end": 5, "label": "ORG", "text": "Hamas"}],
    "stances": [
        {
            "start": 0,
            "end": 24,
            "label": "REJECTS",
            "text": "Hamas rejected the truce",
            "holders": [{"start": 0, "end": 5, "text": "Hamas"}],
        }
    ],
    "meta": {"source": "t1.txt"},
}


def broken(path: tuple, value):
    obj = copy.deepcopy(GOOD)
    target = obj
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return obj


def test_reference_gold_is_valid():
    for line_no, obj in enumerate(srsly.read_jsonl(GOLD_PATH), start=1):
        validate(obj, Kind.GOLD, where=f"gold:{line_no}")


@pytest.mark.parametrize(
    ("obj", "pointer", "message"),
    [
        (broken(("spans", 0, "label"), "PER"), "/spans/0/label", "is not one of"),
        (broken(("stances", 0, "label"), "NEUTRAL"), "/stances/0/label", "is not one of"),
        (broken(("spans", 0, "text"), "Hama"), "/spans/0", "the span says 'Hama'"),
        (broken(("stances", 0, "end"), 99), "/stances/0", "outside the text"),
        (
            broken(("stances", 0, "holders"), [{"start": 19, "end": 24, "text": "truce"}]),
            "/stances/0/holders/0",
            "not one of the entity spans",
        ),
        (
            broken(
                ("spans",),
                [
                    {"start": 0, "end": 5, "label": "ORG", "text": "Hamas"},
                    {"start": 2, "end": 5, "label": "ORG", "text": "mas"},
                ],
            ),
            "/spans/1",
            "overlaps",
        ),
        ({k: v for k, v in GOOD.items() if k != "text"}, "/", "'text' is a required property"),
    ],
)
def test_errors_name_the_place_and_the_json_pointer(obj, pointer, message):
    with pytest.raises(RecordError) as info:
        validate(obj, Kind.GOLD, where="file.jsonl:7")
    assert info.value.pointer == pointer
    assert message in str(info.value)
    assert str(info.value).startswith("file.jsonl:7 at ")


def test_records_round_trip_through_jsonl(tmp_path):
    path = tmp_path / "gold.jsonl"
    records = [Record.from_dict(GOOD)]
    assert write_records(path, records, Kind.GOLD) == 1
    (back,) = read_records(path, Kind.GOLD)
    assert back == records[0]
    assert srsly.read_jsonl(path).__next__()["_input_hash"] == records[0].input_hash


def test_a_write_that_fails_validation_leaves_no_file_behind(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("previous content\n")
    bad = Record.from_dict(GOOD).with_(text="Hamas rejected the truce!")  # offsets still fit
    worse = Record.from_dict(broken(("spans", 0, "text"), "Hamas")).with_(text="Xamas ...")
    with pytest.raises(RecordError):
        write_records(path, [bad, worse], Kind.GOLD)
    assert path.read_text() == "previous content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


@pytest.mark.parametrize(
    ("lines", "code"), [([GOOD], 0), ([GOOD, broken(("spans", 0, "label"), "X")], 1)]
)
def test_validate_command(tmp_path, lines, code):
    path = tmp_path / "r.jsonl"
    srsly.write_jsonl(path, lines)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == code
    if code:
        assert f"{path}:2 at /spans/0/label" in result.output


def test_validate_command_reports_bad_json_line(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(srsly.json_dumps(GOOD) + "\n{oops\n")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2" in result.output and "invalid JSON" in result.output


def test_version_and_help():
    runner = CliRunner()
    assert runner.invoke(app, ["--version"]).output.startswith("annotate ")
    for command in ("load", "validate", "preannotate", "evaluate", "agreement"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


@pytest.mark.parametrize("name", ["article", "prediction", "gold", "evaluation-report", "defs"])
def test_schemas_are_valid_draft_2020_12(name):
    from jsonschema import Draft202012Validator

    from annotate.core.schema import schema_dir

    Draft202012Validator.check_schema(
        json.loads((schema_dir() / f"{name}.schema.json").read_text())
    )


@pytest.mark.parametrize("kind", [Kind.GOLD, Kind.PREDICTION])
def test_fast_and_reference_validators_agree(kind):
    from jsonschema import Draft202012Validator  # noqa: F401

    from annotate.core.schema import _fast_validator, _validator

    samples = [
        GOOD,
        broken(("spans", 0, "label"), "PER"),
        broken(("stances", 0, "start"), -1),
        {**GOOD, "tokens": [{"text": "x"}]},
        {**GOOD, "_input_hash": 2**40},
        {"text": "x"},
    ]
    for sample in samples:
        reference_ok = not list(_validator(kind).iter_errors(sample))
        try:
            _fast_validator(kind)(sample)
            fast_ok = True
        except Exception:
            fast_ok = False
        assert fast_ok == reference_ok, sample


def test_validate_command_reports_every_bad_line_with_a_count(tmp_path):
    path = tmp_path / "r.jsonl"
    bad = broken(("spans", 0, "label"), "X")
    srsly.write_jsonl(path, [GOOD, bad, GOOD | {"id": "b"}, bad | {"id": "c"}] + [bad] * 25)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2 at /spans/0/label" in result.output
    assert f"{path}:4 at /spans/0/label" in result.output
    assert "27 invalid record(s) (7 more not shown), 2 valid" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"id": "a"}\n\xff\xfe\x00binary', ":2: not UTF-8: byte b'\\xff' at offset 12"),
        ("caf\xe9\n".encode("latin-1"), ":1: not UTF-8: byte b'\\xe9' at offset 3"),
    ],
)
def test_validate_names_the_line_and_byte_of_a_file_that_is_not_utf8(tmp_path, content, message):
    path = tmp_path / "r.jsonl"
    path.write_bytes(content)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and f"{path}{message}" in result.output
    assert "Traceback" not in result.output


def test_validate_names_a_repeated_id(tmp_path):
    path = tmp_path / "r.jsonl"
    srsly.write_jsonl(path, [GOOD, GOOD | {"text": GOOD["text"] + " More."}])
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2 at /id: id {GOOD['id']!r} was already used at {path}:1" in result.output


def test_validate_on_a_directory_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "is a directory" in result.output


@pytest.mark.parametrize("offset", [3.0, 3.5])
def test_an_offset_that_is_not_a_whole_number_is_named(offset):
    obj = {**GOOD, "spans": [{**GOOD["spans"][0], "end": offset}]}
    with pytest.raises(RecordError, match="/spans/0"):
        validate(obj, Kind.GOLD, where="r.jsonl:1")


def test_any_extractors_predictions_are_accepted_without_meta_id_or_hashes(tmp_path):
    bare = {"text": GOOD["text"], "spans": GOOD["spans"], "stances": GOOD["stances"]}
    validate(bare, Kind.PREDICTION)
    path = tmp_path / "p.jsonl"
    srsly.write_jsonl(path, [bare])
    assert CliRunner().invoke(app, ["validate", str(path)]).exit_code == 0
    (record,) = read_records(path, Kind.PREDICTION)
    assert record.text == GOOD["text"] and record.id  # an id from the text's hash


def test_atomic_write_to_a_directory_or_unwritable_place_is_a_clear_error(tmp_path):
    from annotate.core.errors import OutputError
    from annotate.core.jsonl import atomic_path

    with pytest.raises(OutputError, match="is a directory"), atomic_path(tmp_path):
        pass
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root writes anywhere: try a path under a file
            target = tmp_path / "afile" / "out.jsonl"
            (tmp_path / "afile").write_text("")
        else:
            target = locked / "out.jsonl"
        with pytest.raises(OutputError, match="cannot write"), atomic_path(target):
            pass
    finally:
        locked.chmod(0o700)


def test_a_later_write_removes_temp_files_a_killed_writer_left(tmp_path):
    from annotate.core.jsonl import atomic_path

    out = tmp_path / "preds.jsonl"
    child = subprocess.Popen(["true"])
    child.wait()
    stale = tmp_path / f".preds.jsonl.{child.pid}.abc123.tmp"
    stale.write_text("half a file")
    alive = tmp_path / f".preds.jsonl.{os.getpid()}.def456.tmp"
    alive.write_text("another writer at work")
    other = tmp_path / f".other.jsonl.{child.pid}.x.tmp"
    other.write_text("not ours")
    with atomic_path(out) as tmp:
        tmp.write_text("{}\n")
    assert not stale.exists() and alive.exists() and other.exists() and out.exists()
