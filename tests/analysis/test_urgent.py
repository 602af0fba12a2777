"""Urgent flag on hand-written cases covering every urgent kind and near misses."""
from pathlib import Path

import pandas as pd
import pytest

from analysis.urgent import URGENT_KINDS, urgent_reason

CASES = pd.read_csv(Path(__file__).parent / "fixtures" / "urgent_cases.csv")


def test_fixture_covers_every_kind_and_near_misses():
    assert len(CASES) >= 40
    assert set(CASES.loc[CASES.urgent, "kind"]) == set(URGENT_KINDS)
    assert (~CASES.urgent).sum() >= 10


def test_recall_one_and_precision_at_least_0_8():
    flagged = CASES.comment.map(urgent_reason).ne("")
    tp = int((flagged & CASES.urgent).sum())
    recall = tp / int(CASES.urgent.sum())
    precision = tp / int(flagged.sum())
    assert recall == 1.0
    assert precision >= 0.8


@pytest.mark.parametrize("row", list(CASES.loc[CASES.urgent].itertuples()), ids=lambda r: f"row{r.Index}")
def test_reason_names_the_kind(row):
    assert urgent_reason(row.comment).startswith(row.kind + ":")


@pytest.mark.parametrize(
    "text", ["I felt safe", "I fell asleep", "Safe hands", "", "The falls team visited"]
)
def test_near_misses_not_flagged(text):
    assert urgent_reason(text) == ""


@pytest.mark.parametrize(
    ("name", "figures"),
    [
        # (comments, urgent, caught, near misses flagged)
        ("urgent_blind_holdout.csv", (85, 50, 24, 6)),  # recall 0.48, precision 24 / 30 = 0.80
        ("urgent_blind_holdout2.csv", (85, 50, 31, 7)),  # recall 0.62, precision 31 / 38 = 0.82
        ("urgent_blind_holdout3.csv", (85, 50, 28, 4)),  # recall 0.56, precision 28 / 32 = 0.88
    ],
)
def test_blind_holdout_figures_are_the_documented_ones(name, figures):
    # Each set: 50 urgent comments and 35 hard near misses written by a session that saw
    # neither the rules nor the earlier sets, never used to tune them: the honest measure of
    # the flag on new wording. The second and third were written on 2026-11-30 and never read;
    # the rules added that day came from the Care Act 2014 categories and clinical red flags,
    # but one of them ("milk bottles piling up") copies a miss of the first set quoted in
    # docs/analysis.md, so that set's 24th catch is not blind. docs/analysis.md quotes these
    # figures; update both together.
    blind = pd.read_csv(Path(__file__).parent / "fixtures" / name)
    flagged = blind.comment.map(lambda t: bool(urgent_reason(t)))
    caught = int((flagged & blind.urgent).sum())
    false_alarms = int((flagged & ~blind.urgent).sum())
    assert (len(blind), int(blind.urgent.sum()), caught, false_alarms) == figures
