"""`annotate train-curve`: article-level cross-validation and a learning curve."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from annotate.cli import app
from annotate.core.errors import EvaluationError
from annotate.evaluation.curve import folds, train_curve

from ..conftest import GOLD_PATH


def test_no_article_is_in_two_folds():
    ids = [f"a{i}" for i in range(23)]
    split = folds(ids, 5, seed=1)
    assert sorted(i for fold in split for i in fold) == sorted(ids)
    assert [len(f) for f in split] == [5, 5, 5, 4, 4]
    assert folds(ids, 5, seed=1) == split and folds(ids, 5, seed=2) != split
    with pytest.raises(EvaluationError, match="--folds"):
        folds(ids[:3], 5, seed=0)


def test_curve_scores_every_fold_and_fraction_and_repeats_itself(gold_records):
    scores = list(train_curve(gold_records, k=2, seed=0, fractions=(0.0, 0.5, 1.0)))
    assert [(s.fold, s.fraction) for s in scores] == [
        (1, 0.0), (1, 0.5), (1, 1.0), (2, 0.0), (2, 0.5), (2, 1.0)
    ]  # fmt: skip
    assert [s.train_articles for s in scores if s.fraction == 0.0] == [0, 0]
    for score in scores:
        assert score.train_articles + score.test_articles <= len(gold_records)
        assert 0.0 <= score.scores["f_avg"] <= 1.0
    again = list(train_curve(gold_records, k=2, seed=0, fractions=(0.0, 0.5, 1.0)))
    assert [s.scores for s in again] == [s.scores for s in scores]


def test_train_curve_command_prints_folds_and_the_curve(tmp_path):
    page = tmp_path / "curve.html"
    result = CliRunner().invoke(
        app, ["train-curve", str(GOLD_PATH), "--folds", "2", "--html", str(page)]
    )
    assert result.exit_code == 0, result.output
    assert "cross-validation by article" in result.output and "Learning curve" in result.output
    assert "<svg" in page.read_text() and "<polyline" in page.read_text()
