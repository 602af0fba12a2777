"""Staff pay, conditions and wellbeing (codebook 2026.19): a partnership theme from cue phrases.

``fixtures/staff_wellbeing_dev.csv`` holds invented comments (written for this test, in the voices
of care and health staff, with a patient's view of staff pay) about pay, unpaid travel time and
mileage, zero-hours contracts, breaks, leave, sick pay, burnout, wellbeing support and being valued
by the employer, and near misses from patients and unpaid carers that use the same words ("pay and
display", "a break in the weather", "on annual leave", an unpaid carer's "no break"). The cues were
written with it in view, so it is a dev set and a regression guard, not a measure: the theme has
not been measured on comments written apart from the cues (docs/analysis.md).
"""
import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from analysis.codebook import load_codebook
from analysis.evaluate import partnership_scores
from analysis.pipeline import code_comments
from analysis.reliability import load_reliability

DEV = pd.read_csv(Path(__file__).parent / "fixtures" / "staff_wellbeing_dev.csv")
THEME = "staff_wellbeing"


@pytest.fixture(scope="module")
def coded():
    return code_comments(DEV[["comment"]], "comment", processes=1)


def test_dev_set_holds_staff_comments_and_near_misses():
    assert len(DEV) == 62 and DEV["comment"].is_unique
    assert DEV["staff_wellbeing"].sum() == 36
    assert (~DEV["staff_wellbeing"]).sum() == 26
    # near misses from the people whose words overlap: patients and unpaid carers
    assert set(DEV.loc[~DEV["staff_wellbeing"], "voice"]) == {"patient", "unpaid carer"}


def test_each_dev_comment_is_coded_as_meant(coded):
    wrong = [
        (text, themes)
        for text, meant, themes in zip(DEV["comment"], DEV["staff_wellbeing"], coded["themes"], strict=True)
        if (THEME in themes) != meant
    ]
    assert wrong == []
    # a cue-only theme: every coding of it names its cue
    for themes, reasons in zip(coded["themes"], coded["theme_reasons"], strict=True):
        if THEME in themes:
            assert reasons[THEME].startswith("cue '")


def test_theme_is_a_partnership_theme_for_culture_and_safety():
    theme = load_codebook().themes[THEME]
    assert theme.qdc_subcategory is None and theme.qdc_v7 is None
    assert theme.priorities == ("culture", "safety")
    assert theme.domains == ("well_led", "sustainable")
    assert "QDC v7" in theme.why and "People Promise" in theme.why


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Pay us for travel time between calls", "travel time between calls"),
        ("We get no breaks on a twelve hour shift", "breaks + hour shift"),
        ("I was given a disciplinary warning for being off sick with covid", "off sick + disciplinary"),
        ("I feel completely undervalued by the company", "undervalued + the company"),
    ],
)
def test_reason_names_the_cue_or_rule(text, cue):
    out = code_comments(pd.DataFrame({"comment": [text]}), "comment", processes=1)
    assert out.theme_reasons[0][THEME] == f"cue '{cue}' (cue-only theme)"


def test_travel_between_calls_is_no_patient_transport():
    # the new user's case: coded timeliness (and transport) before codebook 2026.19
    out = code_comments(
        pd.DataFrame({"comment": ["Pay us for travel time between calls", "Petrol money does not cover driving between clients"]}),
        "comment",
        processes=1,
    )
    assert all(THEME in t and "transport" not in t for t in out.themes)
    # a patient's journey still is transport
    trip = code_comments(pd.DataFrame({"comment": ["The travel time to the hospital was long"]}), "comment", processes=1)
    assert THEME not in trip.themes[0]


def test_partnership_scores_leave_out_a_theme_the_sets_were_not_written_for():
    cb = load_codebook()
    # one more cue that fires on dev comments about staff morale ("team", "staff"): scored, it
    # would count as wrong wherever it matched
    loud = dataclasses.replace(
        cb, themes={**cb.themes, THEME: dataclasses.replace(cb.themes[THEME], cues=(*cb.themes[THEME].cues, "staff", "team"))}
    )
    assert code_comments(pd.DataFrame({"comment": ["Morale in our team is the lowest I have known"]}), "comment",
                         codebook=loud, processes=1).themes[0].count(THEME) == 1
    assert partnership_scores(loud, sets=("dev",)) == partnership_scores(cb, sets=("dev",))


def test_reliability_table_does_not_claim_the_theme_was_measured():
    table = load_reliability(codebook=load_codebook())
    assert not table.empty and THEME not in set(table["theme"])


def test_blind_holdout_figures_are_the_documented_ones():
    """``fixtures/staff_wellbeing_blind_holdout.csv``: 100 comments (50 about staff's own pay,
    conditions and wellbeing, 50 hard near misses) written on 2026-12-01 by a session that never
    saw the codebook, the code or this dev set; scored once with codebook 2026.19 and never read,
    so no cue is chosen by it. Only counts are compared here, never its text."""
    blind = pd.read_csv(Path(__file__).parent / "fixtures" / "staff_wellbeing_blind_holdout.csv")
    coded = code_comments(blind[["comment"]], "comment", processes=1)
    found = coded["themes"].map(lambda themes: THEME in themes)
    meant = blind["wellbeing"].astype(bool)
    assert (len(blind), int(meant.sum())) == (100, 50)
    # recall 17 / 50 = 0.34, precision 17 / 17 = 1.0
    assert (int((found & meant).sum()), int((found & ~meant).sum())) == (17, 0)
