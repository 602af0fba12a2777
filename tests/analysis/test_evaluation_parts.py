"""Pieces of `python -m analysis evaluate`, checked against hand-computed values."""
import importlib
import inspect

import numpy as np
import pandas as pd
import pytest

from analysis.codebook import load_codebook
from analysis.datasets import NEAS_RESPONDENT, load_neas, sentiment_3class, split_by_respondent
from analysis.evaluate import _f1s, _priority_matrix
from analysis.priorities import PRIORITY_IDS


def test_split_has_no_respondent_on_both_sides():
    df = load_neas()
    train, test = split_by_respondent(df)
    a = set(df.iloc[train][NEAS_RESPONDENT])
    b = set(df.iloc[test][NEAS_RESPONDENT])
    assert not a & b
    assert 0.15 < len(test) / len(df) < 0.25
    again = split_by_respondent(df)
    np.testing.assert_array_equal(again[1], test)


def test_placeholder_rows_flagged():
    df = load_neas()
    # 1,189 "Did not answer" rows (all labelled "Labelling not possible") + 12 empty answers.
    did_not_answer = df["FFT answer"].eq("Did not answer")
    assert did_not_answer.sum() == 1189
    assert (df.loc[did_not_answer, "Labelling not possible"] == 1).all()
    assert df["placeholder"].sum() == 1189 + 12


def test_sentiment_3class():
    out = sentiment_3class(pd.Series([1, 2, 3, 4, 5, np.nan]))
    assert out.tolist()[:5] == ["positive", "positive", "neutral", "negative", "negative"]
    assert pd.isna(out.iloc[5])


def test_priority_matrix_from_themes():
    cb = load_codebook()
    labels = ["timeliness", "passed_around"]  # safety+outcomes ; clear_accountability
    out = _priority_matrix(np.array([[1, 0], [0, 1], [1, 1]]), labels, cb)
    names = [{PRIORITY_IDS[j] for j in np.flatnonzero(r)} for r in out]
    assert names == [
        {"safety", "outcomes_focussed_care"},
        {"clear_accountability"},
        {"safety", "outcomes_focussed_care", "clear_accountability"},
    ]


def test_f1s_by_hand():
    Y = np.array([[1, 0, 0], [1, 1, 0], [0, 1, 0]])
    P = np.array([[1, 1, 1], [0, 1, 0], [0, 1, 0]])
    # column 3 has no true positives in Y: left out. tp=3 (r0c0, r1c1, r2c1), fp=1 (r0c1), fn=1 (r1c0)
    micro, macro = _f1s(Y, P)
    assert micro == pytest.approx(2 * 3 / (2 * 3 + 1 + 1))
    # col0: tp1 fp0 fn1 -> 2/3 ; col1: tp2 fp1 fn0 -> 4/5
    assert macro == pytest.approx((2 / 3 + 4 / 5) / 2)


MODULES = [
    "analysis.codebook", "analysis.columns", "analysis.datasets", "analysis.emergent", "analysis.language",
    "analysis.model", "analysis.pipeline", "analysis.priorities", "analysis.redact", "analysis.sentiment",
    "analysis.text", "analysis.train", "analysis.urgent", "analysis.evaluate", "analysis.coding_cli",
    "analysis.reliability", "analysis.report.build", "analysis.report.suppression",
]


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_documented(name):
    module = importlib.import_module(name)
    assert module.__doc__
    for attr in getattr(module, "__all__", []):
        obj = getattr(module, attr)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"{name}.{attr} has no docstring"


def test_write_results_json_readable(tmp_path):
    import json

    from analysis.evaluate import write_results

    path = tmp_path / "e.json"
    write_results({"pipeline": {"theme_micro_f1": 0.123456}, "textblob": {"theme_micro_f1": float("nan")}}, path)
    assert json.loads(path.read_text()) == {"pipeline": {"theme_micro_f1": 0.1235}, "textblob": {"theme_micro_f1": None}}


def test_format_folds_gives_mean_and_range():
    from analysis.evaluate import format_folds

    nan = float("nan")
    folds = {
        "pipeline": {"sentiment_macro_f1": [0.6, 0.7, 0.8]},
        "tfidf_linearsvc": {"sentiment_macro_f1": [0.5, 0.5, 0.8]},
        "textblob": {"sentiment_macro_f1": [nan, nan, nan]},
        "_info": {"test_rows": [700.0, 760.0, 810.0]},
    }
    lines = format_folds(folds).splitlines()
    assert lines[1].split() == ["sentiment_macro_f1", "0.700", "(0.600-0.800)", "0.600", "(0.500-0.800)", "-"]
    assert lines[2].startswith("3 folds of NEAS by respondent: test parts of 700-810 comments")


def test_folds_below_two_is_a_one_line_error(capsys):
    from analysis.cli import main

    assert main(["evaluate", "--folds", "1"]) == 2
    assert capsys.readouterr().err.strip() == "error: --folds must be at least 2, got 1"
