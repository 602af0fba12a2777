"""Per-theme reliability: the committed table, its checks, and the cross-validation that builds it."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.codebook import load_codebook
from analysis.datasets import PARTNERSHIP_SET_THEMES, load_neas, split_by_respondent
from analysis.pipeline import load_model
from analysis.reliability import COLUMNS, WEAK_F1, load_reliability, theme_check, theme_reliability
from analysis.train import theme_targets


def test_committed_table_is_consistent_and_built_from_the_shipped_model():
    table = load_reliability(codebook=load_codebook())
    assert list(table.columns) == list(COLUMNS)
    assert len(table) >= 20
    model = load_model()
    neas = table.loc[table["measured_on"] == "neas_cross_validated"]
    assert set(neas["theme"]) <= set(model.themes.labels) and len(neas) >= 20
    reviewer = table.loc[table["measured_on"] == "reviewer_coded_real"]
    assert list(reviewer["theme"]) != [] and set(reviewer["theme"]) == set(PARTNERSHIP_SET_THEMES)
    # a partnership theme the reviewer did not code for (staff pay, conditions and wellbeing,
    # codebook 2026.19) has no row, so the report calls it not measured
    assert set(load_codebook().partnership_ids) - set(PARTNERSHIP_SET_THEMES) == {"staff_wellbeing"}
    # the reviewer-coded sets: 91 mentions of the seven themes in 399 comments (docs/analysis.md)
    assert reviewer["labelled"].sum() == 91
    assert (table["model_fingerprint"] == model.fingerprint).all(), (
        "analysis/data/theme_reliability.csv is older than the model: run `make reliability` and commit it"
    )
    f1 = 2 * table["agreed"] / (table["labelled"] + table["coded"])
    assert (abs(table["f1"] - f1) < 1e-4).all()
    assert (table["agreed"] <= table[["labelled", "coded"]].min(axis=1)).all()
    # the documented split of strong and weak themes (docs/analysis.md)
    f1_of = dict(zip(table["theme"], table["f1"], strict=True))
    assert f1_of["staff_manner"] > 0.85 and f1_of["family_carers"] < WEAK_F1


def test_theme_check_marks_weak_and_unmeasured_themes_and_claims_nothing_without_a_table():
    table = pd.DataFrame({"theme": ["a", "b", "d"], "f1": [0.39, 0.4, 0.9], "labelled": [10, 10, 9]})
    assert [theme_check(t, table) for t in ("a", "b", "c", "d")] == ["weak", "", "cue", "cue"]
    assert theme_check("a", pd.DataFrame(columns=list(COLUMNS))) == ""


def test_load_reliability_missing_file_other_codebook_and_broken_file(tmp_path):
    assert load_reliability(tmp_path / "none.csv").empty
    other = tmp_path / "other.csv"
    load_reliability().assign(codebook_version="1999.1").to_csv(other, index=False)
    assert not load_reliability(other).empty
    assert load_reliability(other, codebook=load_codebook()).empty
    broken = tmp_path / "broken.csv"
    broken.write_text("theme,f1\na,0.5\n")
    with pytest.raises(ValueError, match=r"broken\.csv: missing column"):
        load_reliability(broken)
    bad = load_reliability().astype({"f1": object})
    bad.loc[3, "f1"] = "high"
    bad.to_csv(broken, index=False)
    with pytest.raises(ValueError, match=r"broken\.csv, line 5: f1 is not a fraction"):
        load_reliability(broken)
    for column, value in (("f1", 7), ("labelled", float("inf")), ("coded", -1), ("agreed", 2.5)):
        bad = load_reliability()
        bad[column] = bad[column].astype(float)
        bad.loc[0, column] = value
        bad.to_csv(broken, index=False)
        with pytest.raises(ValueError, match=rf"broken\.csv, line 2: {column} is not"):
            load_reliability(broken)
    broken.write_text("")
    with pytest.raises(ValueError, match=r"broken\.csv: not a readable CSV"):
        load_reliability(broken)


def test_cross_validation_counts_every_held_out_label_once():
    df = load_neas().head(900)
    table = theme_reliability(df, folds=2)
    train_idx, _ = split_by_respondent(df)
    part = df.iloc[train_idx]
    Y, ids = theme_targets(part.loc[~part["placeholder"]], load_codebook())
    labelled = dict(zip(ids, Y.sum(axis=0), strict=True))
    assert len(table) > 0
    for row in table.itertuples():
        assert row.labelled == labelled[row.theme]
        assert 0 <= row.f1 <= 1 and row.agreed <= min(row.labelled, row.coded)


@pytest.mark.parametrize(
    "argv", [["--folds", "1"], ["--folds", "two"], ["--out", "/nonexistent-folder/x.csv"], ["--out", "/tmp"]]
)
def test_reliability_command_refuses_bad_arguments_in_one_line(argv, capsys):
    from analysis.cli import main

    with pytest.raises(SystemExit) as exit_info:
        code = main(["reliability", *argv])
        raise SystemExit(code)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err and ("at least 2" in err[-1] or "no folder" in err[-1] or "it is a folder" in err[-1])
