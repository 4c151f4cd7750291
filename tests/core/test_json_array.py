"""Reading a JSON array object by object: the same objects as json.load, whatever the window
size, and a named error for each way the file can be wrong."""

import json

import pytest

from annotate.core import json_array
from annotate.core.errors import InputError
from annotate.core.json_array import json_array_objects

TASKS = [
    {"id": 1, "data": {"text": "Talks 🕊 resumed in Doha, “again”."}, "annotations": []},
    {"id": 2, "data": {"text": 'a\nb\\c "quoted" [1, 2] {x}'}, "score": 0.7, "nested": [[{}]]},
    {"id": 3, "data": {}, "predictions": [{"result": [], "score": 1e-05}]},
]


@pytest.mark.parametrize("chunk", [1, 3, 17, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_the_objects_are_json_loads_whatever_the_window(tmp_path, monkeypatch, chunk, indent):
    monkeypatch.setattr(json_array, "CHUNK_CHARS", chunk)
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(TASKS, indent=indent, ensure_ascii=False), encoding="utf-8")
    assert list(json_array_objects(path)) == TASKS


@pytest.mark.parametrize("text", ["[]", "  [ \n ]  ", "\n[\n]\n"])
def test_an_empty_array_has_no_objects(tmp_path, text):
    path = tmp_path / "snapshot.json"
    path.write_text(text)
    assert list(json_array_objects(path)) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "not a JSON array"),
        ('{"id": 1}', "not a JSON array"),
        ('[{"id": 1}, {"id": 2', "not valid JSON"),
        ('[{"id": 1}', "ends before its closing ']'"),
        ('[{"id": 1} {"id": 2}]', "expected ',' or ']'"),
        ('[{"id": 1}, 7]', "an item is a int, not an object"),
        ('[{"id": 1},]', "not valid JSON"),
    ],
)
def test_a_broken_snapshot_is_named_with_where(tmp_path, monkeypatch, text, reason):
    monkeypatch.setattr(json_array, "CHUNK_CHARS", 4)
    path = tmp_path / "snapshot.json"
    path.write_text(text)
    with pytest.raises(InputError, match="at character") as caught:
        list(json_array_objects(path))
    assert str(path) in str(caught.value)
    assert reason in str(caught.value)


def test_a_snapshot_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "snapshot.json"
    path.write_bytes(b'[{"text": "caf\xe9"}]')
    with pytest.raises(InputError, match="not UTF-8"):
        list(json_array_objects(path))
