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
