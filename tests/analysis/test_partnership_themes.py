"""The seven partnership themes the sets were written for (cue-only: no labelled data) on those sets.

Four sets of 70 invented comments and two of 100 (``analysis/data/partnership/``) were written
by separate sessions that never saw the codebook, in the voices of people who use services, unpaid
carers and staff: 7+ per theme and 20+ near misses. The cue phrases and rules were revised
against the three ``dev`` sets only; each ``holdout`` set was scored after a revision and never
used to choose a cue. The holdout figures are the honest measure (docs/analysis.md): about
five in six themes found are right, but cues find only about one mention in two. The eighth
partnership theme, staff pay, conditions and wellbeing (codebook 2026.19), came after the sets and
is not scored on them (``test_staff_wellbeing.py``).
"""
import dataclasses

import pandas as pd
import pytest

from analysis.codebook import load_codebook
from analysis.datasets import PARTNERSHIP_SET_THEMES, load_partnership_set
from analysis.evaluate import partnership_scores
from analysis.pipeline import code_comments
from analysis.report.cli import _partnership_sentence

PARTNERSHIP = (
    "co_production_design", "tell_story_once", "passed_around", "rigid_rules",
    "staff_culture", "outcomes_independence", "honesty_clarity",
)


def test_partnership_themes_are_the_codebook_themes_without_qdc():
    cb = load_codebook()
    assert cb.partnership_ids == (*PARTNERSHIP, "staff_wellbeing")
    assert PARTNERSHIP_SET_THEMES == PARTNERSHIP


@pytest.mark.parametrize(
    ("name", "rows"), [("dev", 70), ("dev2", 70), ("dev3", 100), ("holdout", 70), ("holdout2", 70), ("holdout3", 100)]
)
def test_set_covers_every_theme_and_near_misses(name, rows):
    df = load_partnership_set(name)
    labels = [t for themes in df.themes for t in themes]
    assert len(df) == rows
    assert set(labels) == set(PARTNERSHIP)
    assert min(labels.count(t) for t in PARTNERSHIP) >= 7
    assert sum(not themes for themes in df.themes) >= 20


def test_scores_pool_mentions_across_sets():
    one = partnership_scores(sets=("holdout",))
    both = partnership_scores()
    assert one["comments"] == 70
    assert both["comments"] == 240
    assert both["mentions"] == sum(
        len(t) for n in ("holdout", "holdout2", "holdout3") for t in load_partnership_set(n).themes
    )
    assert both["f1"] == pytest.approx(
        2 * both["precision"] * both["recall"] / (both["precision"] + both["recall"])
    )


@pytest.mark.parametrize(
    ("name", "min_precision", "min_recall"),
    [
        # Measured 0.926 / 0.943, 1.000 / 0.925 and 0.933 / 0.921 (codebook 2026.1: 0.556 /
        # 0.189 and 0.444 / 0.075; dev3, blind with 2026.5: 0.872 / 0.447): the sets the cues
        # were written against, so a regression guard.
        ("dev", 0.9, 0.9),
        ("dev2", 0.95, 0.9),
        ("dev3", 0.9, 0.9),
        # Measured 0.714 / 0.288, 0.875 / 0.549 and 0.857 / 0.632 (codebook 2026.1: 0.333 /
        # 0.058 and 0.250 / 0.059; holdout3 with 2026.5: 0.840 / 0.553). Low recall is the
        # known limit of cue matching (docs/analysis.md). Codebook 2026.17 (carers' workshop
        # cues: jargon, tick-box exercise, "nee one tells you") took holdout2's precision to
        # 0.848 (one more theme found wrongly, recall unchanged); the cues were kept as written,
        # not chosen by this set.
        ("holdout", 0.7, 0.28),
        ("holdout2", 0.84, 0.54),
        ("holdout3", 0.85, 0.6),
    ],
)
def test_precision_and_recall(name, min_precision, min_recall):
    scores = partnership_scores(sets=(name,))
    assert scores["precision"] >= min_precision
    assert scores["recall"] >= min_recall


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
        "Repeat prescription was not ready, had to go back three times",
        "The GP said it was nothing to worry about",
        "Better communication between services please",
        "I could not walk so they sent an ambulance",
        # real Nottinghamshire wording that a draft of codebook 2026.6 matched
        "Information on who to contact in a crisis",
        "Give a time slot eg am or pm",
        "She encouraged me to think positively about myself",
        "Patient involvement rather than creating an us and them environment",
    ],
)
def test_keyword_traps_are_not_partnership_themes(text):
    coded = code_comments(pd.DataFrame({"comment": [text]}), "comment", processes=1)
    assert not set(coded.themes[0]) & set(PARTNERSHIP)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Nobody asked carers before they closed the day centre", "co_production_design"),
        ("Ask the parents before you change the short breaks", "co_production_design"),
        ("I had to start all over again with the adult team", "tell_story_once"),
        ("Every time a new carer comes they have no idea he is diabetic", "tell_story_once"),
        ("The council and the NHS just bounced me back and forth", "passed_around"),
        ("The hospital says it's the community team's job, they say it's the hospital's", "passed_around"),
        ("They would not let me change the visit time to suit my shifts", "rigid_rules"),
        ("Refused because we are the wrong side of the postcode line", "rigid_rules"),
        ("Morale in our team is the lowest I have known", "staff_culture"),
        ("The consultants talk down to the social workers in front of the other professionals", "staff_culture"),
        ("The physio got me walking again and back to doing my own shopping", "outcomes_independence"),
        ("The support means I can manage on my own again", "outcomes_independence"),
        ("When they made the mistake they apologised and were honest with us", "honesty_clarity"),
        ("They cancelled it twice and nobody said why", "honesty_clarity"),
        # codebook 2026.6: a possessive no longer hides a cue ("each other's")
        ("The OTs and social workers trust each other's judgement now", "staff_culture"),
        ("Care workers are the lowest paid and the district nurses talk down to us", "staff_culture"),
        ("The agency blames the council and the council says its down to the agency", "passed_around"),
        ("We heard the unit was closing from the local paper", "honesty_clarity"),
        ("I would rather spend longer teaching someone to dress themselves", "outcomes_independence"),
        ("The carers all ask the same questions every time a new one comes", "tell_story_once"),
        # codebook 2026.17: a seventh new user's dementia carers' workshop notes
        ("Letters full of jargon", "honesty_clarity"),
        ("Nobody telt us about Attendance Allowance. Nee one tells you owt", "honesty_clarity"),
        ("Hope this isnt just a tick box exercise like last time", "co_production_design"),
        ("Different services keep asking for the same forms", "tell_story_once"),
        # codebook 2026.18: a new user's staff survey
        ("There is a clique in the practice and you get the worst shifts", "staff_culture"),
        ("It is bullying and HR do nothing", "staff_culture"),
        ("Stop the bullying from senior carers on nights", "staff_culture"),
    ],
)
def test_each_theme_found_in_plain_wording(text, theme):
    coded = code_comments(pd.DataFrame({"comment": [text]}), "comment", processes=1)
    assert theme in coded.themes[0]
    assert coded.theme_reasons[0][theme].startswith("cue '")


def test_report_method_sentence_gives_the_holdout_figures():
    text = _partnership_sentence({"precision": 0.796, "recall": 0.379, "f1": 0.513, "comments": 140, "mentions": 103})
    assert "on 140 test comments written for them, 80% of the themes found were right" in text
    assert "only 38% of mentions were found, so their counts are floors" in text
    real = _partnership_sentence({"precision": 0.9, "recall": 0.099, "priority_recall": 0.549, "comments": 399}, True)
    assert "on 399 real comments labelled by a reviewer, 90% of the themes found were right" in real
    assert "only 10% of mentions were found (55% of mentions still reached the right priority" in real
    assert _partnership_sentence(None) == ""
    assert _partnership_sentence({"precision": None, "recall": None}) == ""


def test_report_method_sentence_names_the_codebook_partnership_themes():
    part = {"precision": 0.8, "recall": 0.4, "comments": 140}
    text = _partnership_sentence(part)
    assert text.startswith(
        " The partnership themes (Involvement in designing services; Information shared between organisations / "
        "telling my story once; Who is responsible / being passed around; Rigid rules versus fitting around the "
        "person; Values and respect between staff and teams; Outcomes and independence; Honesty and clear "
        "information) have no labelled data and are found by cue phrases and rules only: on 140 test comments"
    )
    # the theme added after the sets were written is named apart, as not measured
    assert text.endswith(
        "so their counts are floors. Staff pay, conditions and wellbeing is also found by cue phrases and rules "
        "only, and has not been measured."
    )
    cb = load_codebook()
    renamed = dataclasses.replace(
        cb, themes={**cb.themes, "rigid_rules": dataclasses.replace(cb.themes["rigid_rules"], name="Bending the rules")}
    )
    text = _partnership_sentence(part, codebook=renamed)
    assert "being passed around; Bending the rules; Values and respect between staff and teams;" in text
    assert "Rigid rules" not in text
    # a theme that gains a QDC sub-category is no longer a partnership theme, so is not named
    mapped = dataclasses.replace(
        cb, themes={**cb.themes, "honesty_clarity": dataclasses.replace(cb.themes["honesty_clarity"], qdc_subcategory="X")}
    )
    text = _partnership_sentence(part, codebook=mapped)
    assert "Honesty" not in text and "; Outcomes and independence) have no labelled data" in text


@pytest.mark.parametrize(("name", "rows", "labelled"), [("real_a", 200, 45), ("real_b", 199, 40)])
def test_real_sets_are_redacted_reviewer_labelled_comments(name, rows, labelled):
    df = load_partnership_set(name)
    assert len(df) == rows
    assert df["id"].is_unique
    assert sum(bool(t) for t in df.themes) == labelled
    assert {t for themes in df.themes for t in themes} <= set(PARTNERSHIP)


def test_real_comments_scores():
    scores = partnership_scores(sets=("real_a", "real_b"))
    # Measured 0.833 / 0.110, priority reached 0.516 (codebook 2026.3-2026.5: 0.900 / 0.099 /
    # 0.549; 2026.1: 0.750 / 0.066 / 0.527). 2026.6 found one more and one wrong: "fill in the
    # form's ... I wouldn't have got" reads as "would not" + "the form" now that a possessive
    # is a token of its own (docs/analysis.md). 2026.9 reaches 0.495: "fed up with filling in
    # these forms every time I come into the centres" had reached flexibility only through a
    # wrong transport coding, which the transport gate (needs_cue) removed. 2026.20 reaches
    # 0.484 (44 of 91): its sentiment phrases are rule features of the theme model too, and
    # retraining moved the learned themes of 13 of the 399 comments, one priority fewer.
    assert scores["mentions"] == 91
    assert scores["precision"] >= 0.8
    assert scores["recall"] >= 0.09
    assert scores["priority_recall"] >= 0.48


@pytest.mark.parametrize(
    "bad",
    [
        ["not", "a", "dict"],
        {"precision": float("nan"), "recall": 0.4, "comments": 140},
        {"precision": 80, "recall": 0.4, "comments": 140},
        {"precision": True, "recall": 0.4, "comments": 140},
        {"precision": 0.8, "recall": "0.4", "comments": 140},
        {"precision": 0.8, "recall": 0.4},
    ],
)
def test_report_refuses_a_malformed_partnership_entry(bad):
    with pytest.raises(ValueError, match="_partnership"):
        _partnership_sentence(bad)
