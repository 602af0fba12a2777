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
        ("urgent_blind_holdout3.csv", (85, 50, 27, 4)),  # recall 0.54, precision 27 / 31 = 0.87
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


@pytest.mark.parametrize(
    "text",
    [
        # A tester's ordinary feedback that the first draft of the 2026-11-30 rules flagged.
        "My husband could not breathe so I rang 999 and they came quickly",
        "I slipped on the ice and hurt myself, the crew were lovely",
        "I needed 3 stitches",
        "The transport was waiting outside my house on time",
        "The receptionist said she would get me an appointment",
        "We were not allowed visitors because of covid",
        "The crew strapped her into the chair carefully",
        "I waited double the amount of time",
        "We had to rope in a neighbour",
        "I did not want to wake up my husband",
        "The waiting room was filthy",
        "There were no racist comments at all",
        "The nurse asked if I had thoughts of harming myself, I do not",
    ],
)
def test_ordinary_feedback_is_not_flagged(text):
    assert urgent_reason(text) == ""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I struggle not to hurt myself (or worse)", "self_harm_or_suicide"),
        ("my son who is hurting himself", "self_harm_or_suicide"),
        ("My daughter is locked in her room all the time", "safeguarding_abuse_or_neglect"),
        ("I went without my medication for 2 days", "medication_error"),
        ("there is no food in the house and the post is piling up", "safeguarding_abuse_or_neglect"),
        ("the carer made racist comments to my dad", "safeguarding_abuse_or_neglect"),
        ("he spat at the nurse", "threat_or_violence"),
    ],
)
def test_care_act_and_risk_wording_is_flagged(text, kind):
    assert urgent_reason(text).startswith(kind + ":")
