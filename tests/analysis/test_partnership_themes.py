"""The seven partnership themes (cue-only: no labelled data) on comments written for this test.

Both fixtures were written by a separate session that never saw the codebook: 70 comments
each from people who use services, unpaid carers and staff, 7+ per theme and 20 near misses.
The cue phrases were then revised against ``partnership_dev.csv`` only;
``partnership_holdout.csv`` was scored once, after that revision, and its figures are the
honest measure (docs/analysis.md): phrase cues generalise poorly to new wording.
"""
from pathlib import Path

import pandas as pd
import pytest

from analysis.pipeline import code_comments

FIXTURES = Path(__file__).parent / "fixtures"
PARTNERSHIP = (
    "co_production_design", "tell_story_once", "passed_around", "rigid_rules",
    "staff_culture", "outcomes_independence", "honesty_clarity",
)


def _load(name: str) -> pd.DataFrame:
    return pd.read_csv(FIXTURES / name, keep_default_na=False)


def _precision_recall(df: pd.DataFrame) -> tuple[float, float]:
    """Micro precision and recall over the seven themes of ``code_comments`` on ``df.comment``."""
    coded = code_comments(df[["comment"]], "comment", processes=1)
    tp = fp = fn = 0
    for expected, got in zip(df.themes, coded.themes, strict=True):
        e = {t for t in expected.split(";") if t}
        g = set(got) & set(PARTNERSHIP)
        tp, fp, fn = tp + len(e & g), fp + len(g - e), fn + len(e - g)
    return tp / (tp + fp), tp / (tp + fn)


@pytest.mark.parametrize("name", ["partnership_dev.csv", "partnership_holdout.csv"])
def test_fixture_covers_every_theme_and_near_misses(name):
    df = _load(name)
    labels = [t for cell in df.themes for t in cell.split(";") if t]
    assert set(labels) == set(PARTNERSHIP)
    assert min(labels.count(t) for t in PARTNERSHIP) >= 7
    assert (df.themes == "").sum() >= 20


def test_dev_set_the_cues_were_written_against():
    precision, recall = _precision_recall(_load("partnership_dev.csv"))
    # Measured 0.940 / 0.887 (the cues before the revision: 0.556 / 0.189).
    assert precision >= 0.9
    assert recall >= 0.85


def test_holdout_set_scored_once():
    precision, recall = _precision_recall(_load("partnership_holdout.csv"))
    # Measured 0.583 / 0.135 (the cues before the revision: 0.333 / 0.058). Low recall is
    # the known limit of phrase cues, stated in docs/analysis.md; this pins it from falling.
    assert precision >= 0.5
    assert recall >= 0.13


@pytest.mark.parametrize(
    "text",
    [
        "Nurse rang to say the urine culture came back clear",
        "Blood test values were all normal",
        "We use the independent pharmacy on the high street",
        "honestly the food on the ward was lovely",
        "To be honest the staff were great",
        "I was lying there for hours waiting for the ambulance",
        "Nobody got back to me about the appointment",
    ],
)
def test_keyword_traps_are_not_partnership_themes(text):
    coded = code_comments(pd.DataFrame({"comment": [text]}), "comment", processes=1)
    assert not set(coded.themes[0]) & set(PARTNERSHIP)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Nobody asked carers before they closed the day centre", "co_production_design"),
        ("I had to start all over again with the adult team", "tell_story_once"),
        ("The council and the NHS just bounced me back and forth", "passed_around"),
        ("They would not let me change the visit time to suit my shifts", "rigid_rules"),
        ("Morale in our team is the lowest I have known", "staff_culture"),
        ("The physio got me walking again and back to doing my own shopping", "outcomes_independence"),
        ("When they made the mistake they apologised and were honest with us", "honesty_clarity"),
    ],
)
def test_each_theme_found_in_plain_wording(text, theme):
    coded = code_comments(pd.DataFrame({"comment": [text]}), "comment", processes=1)
    assert theme in coded.themes[0]
