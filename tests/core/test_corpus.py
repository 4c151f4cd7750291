from __future__ import annotations

import pytest
import srsly
from typer.testing import CliRunner

from annotate.cli import app
from annotate.core.corpus import BOILERPLATE_RULES, clean_text, read_articles
from annotate.core.errors import InputError, Problem

from ..conftest import GOLD_PATH, SEEDS


class Report:
    def __init__(self, problems):
        self.problems = problems


def load(*sources, **kwargs):
    """The articles and the problems of a corpus stream, in the order they came."""
    events = list(read_articles(sources, **kwargs))
    articles = [e for e in events if not isinstance(e, Problem)]
    return articles, Report([e for e in events if isinstance(e, Problem)])


@pytest.mark.parametrize("rule", BOILERPLATE_RULES, ids=lambda r: r.name)
def test_each_boilerplate_rule_drops_its_line_and_keeps_prose(rule):
    text = f"Headline\n{rule.example}\nHezbollah said it is ready for talks."
    assert rule.matches(rule.example)
    assert clean_text(text, [rule]) == "Headline\nHezbollah said it is ready for talks."


@pytest.mark.parametrize(
    "line",
    [
        "Advertisements for peace were posted.",
        "News of a truce spread.",
        "By Tuesday, talks began.",
        "Also, Read more about it.",
    ],
)
def test_prose_that_resembles_boilerplate_is_kept(line):
    assert clean_text(f"Title\n{line}") == f"Title\n{line}"


def test_seeds_clean_to_the_reference_gold_text_exactly():
    gold = {obj["id"]: obj["text"] for obj in srsly.read_jsonl(GOLD_PATH)}
    articles, report = load(SEEDS)
    assert report.problems == []
    assert {a.id: a.text for a in articles} == gold


def test_article_meta_and_hash(write):
    path = write("a1.txt", "  A Title  \n\nBody text here.\n")
    (article,), _ = load(path)
    assert article.id == "a1"
    assert article.meta == {"source": "a1.txt", "title": "A Title"}
    assert article.to_dict()["_input_hash"] == article.input_hash


def test_crlf_becomes_lf_and_bom_is_stripped(write):
    path = write("crlf.txt", b"\xef\xbb\xbfTitle\r\nLine two\r\n")
    (article,), report = load(path)
    assert article.text == "Title\nLine two"
    assert report.problems == []


@pytest.mark.parametrize(
    ("content", "kind", "reason"),
    [
        (b"", "empty", "empty file"),
        (b"  \n\t\n", "empty", "empty file"),
        (b"Advertisement\n", "empty", "empty after cleaning"),
        (b"PK\x03\x04\x00\x00binary", "binary", "NUL byte at offset 4"),
        (b"Caf\xc3\xa9 ok then \xff bad", "encoding", "invalid UTF-8 at byte 14"),
    ],
)
def test_bad_text_files_are_skipped_with_a_reason_and_the_rest_loads(write, content, kind, reason):
    bad = write("bad.txt", content)
    good = write("good.txt", "Fine article\nwith text.")
    articles, report = load(bad, good)
    assert [a.id for a in articles] == ["good"]
    (problem,) = report.problems
    assert (problem.kind, problem.source) == (kind, str(bad))
    assert reason in problem.reason


def test_size_limit_is_configurable(write):
    path = write("big.txt", "x" * 2000)
    assert load(path, max_bytes=1000)[1].problems[0].kind == "too-large"
    assert len(load(path, max_bytes=5000)[0]) == 1


def test_duplicates_are_kept_once_and_reported(write):
    a = write("a.txt", "Same text.")
    b = write("b.txt", "Same text.\r\n")
    articles, report = load(a, b, a)
    assert [x.id for x in articles] == ["a"]
    assert [p.kind for p in report.problems] == ["duplicate", "duplicate"]
    assert "'a'" in report.problems[0].reason


def test_jsonl_records_bad_lines_named_and_rest_loaded(write):
    path = write(
        "in.jsonl",
        '{"id": "x1", "text": "First article.", "meta": {"url": "u"}}\n'
        "\n"
        '{"text": "Second, no id."}\n'
        '{"text": "broken",\n'
        '{"id": "x4"}\n'
        '{"id": "x5", "text": 5}\n',
    )
    articles, report = load(path)
    assert [a.id for a in articles] == ["x1", "in-3"]
    assert articles[0].meta == {"source": "in.jsonl:1", "title": "First article.", "url": "u"}
    lines = {(p.line, p.kind) for p in report.problems}
    assert lines == {(4, "json"), (5, "schema"), (6, "schema")}
    assert "'text' is a required property" in str(report.problems[1])
    assert str(report.problems[0]).startswith(f"{path}:4: invalid JSON")


def test_directories_globs_and_missing_sources(tmp_path, write):
    write("d/one.txt", "One.")
    write("d/sub/two.jsonl", '{"text": "Two."}\n')
    write("d/skip.md", "not an article")
    assert [a.text for a in load(tmp_path / "d")[0]] == ["One.", "Two."]
    assert [a.text for a in load(str(tmp_path / "d" / "**" / "*.txt"))[0]] == ["One."]
    with pytest.raises(InputError) as error:
        load(tmp_path / "d", tmp_path / "nope.txt", str(tmp_path / "*.none"))
    assert "nope.txt (no such file" in str(error.value)
    assert "*.none (the pattern matches no file)" in str(error.value)


@pytest.mark.parametrize(("strict", "code"), [(False, 0), (True, 1)])
def test_load_cli_summary_and_strict(tmp_path, write, strict, code):
    good = write("good.txt", "A good article.")
    bad = write("bad.txt", b"\x00\x01")
    out = write("articles.jsonl", '{"id": "old", "text": "kept"}\n')
    args = ["load", str(good), str(bad), "--output", str(out)] + (["--strict"] if strict else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.output
    assert "binary" in result.output
    # --strict decides before the output is touched: the earlier file is still there
    expected = ["kept"] if strict else ["A good article."]
    assert [r["text"] for r in srsly.read_jsonl(out)] == expected
    assert list(tmp_path.glob(".articles.jsonl.*")) == []


@pytest.mark.parametrize("command", ["load", "preannotate"])
@pytest.mark.parametrize("missing", ["typo_dir/", "nothing-*.txt"])
def test_a_missing_input_is_an_error_and_the_output_is_untouched(tmp_path, write, command, missing):
    out = write("out.jsonl", '{"id": "x", "text": "earlier output"}\n')
    good = write("good.txt", "A good article.")
    args = [command, str(good), str(tmp_path / missing), "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert missing.rstrip("/") in result.output and "input not found" in result.output
    assert out.read_text() == '{"id": "x", "text": "earlier output"}\n'


@pytest.mark.parametrize("command", ["load", "preannotate"])
def test_a_run_that_loads_nothing_writes_nothing(tmp_path, write, command):
    out = write("out.jsonl", "earlier\n")
    empty = write("empty/blank.txt", "   \n")
    result = CliRunner().invoke(app, [command, str(empty.parent), "-o", str(out)])
    assert result.exit_code == 1
    assert "no article loaded" in result.output and "nothing was written" in result.output
    assert out.read_text() == "earlier\n"


def test_same_stem_in_two_directories_gets_an_id_from_its_path(write, tmp_path):
    a = write("dir_a/report.txt", "First report.")
    b = write("dir_b/report.txt", "Second report.")
    articles, report = load(tmp_path / "dir_a", tmp_path / "dir_b")
    assert [x.id for x in articles] == ["report", b.with_suffix("").as_posix()]
    (note,) = report.problems
    assert (note.kind, note.skipped, note.source) == ("renamed", False, str(b))
    assert a.exists()


def test_duplicate_ids_in_jsonl_are_made_unique_and_named(write):
    path = write("in.jsonl", '{"id": "x", "text": "One."}\n{"id": "x", "text": "Two."}\n')
    articles, report = load(path)
    assert [a.id for a in articles] == ["x", "x-in-2"]
    assert report.problems[0].line == 2


def test_a_duplicate_text_in_jsonl_names_its_line(write):
    path = write("in.jsonl", '{"text": "Same."}\n{"text": "Other."}\n{"text": "Same."}\n')
    _, report = load(path)
    (problem,) = report.problems
    assert (problem.kind, problem.line) == ("duplicate", 3)
    assert str(problem).startswith(f"{path}:3:")


def test_whitespace_only_text_in_jsonl_is_empty_text_not_an_empty_file(write):
    path = write("in.jsonl", '{"text": " \\n\\t "}\n{"text": "Fine."}\n')
    _, report = load(path)
    assert report.problems[0].reason == "empty text"


def test_suffixes_are_read_in_any_case(write, tmp_path):
    write("d/UPPER.TXT", "Upper case suffix.")
    write("d/lines.JSONL", '{"text": "Upper JSONL."}\n')
    assert sorted(a.text for a in load(tmp_path / "d")[0]) == ["Upper JSONL.", "Upper case suffix."]
