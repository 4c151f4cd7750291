from __future__ import annotations

import copy
import json

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
