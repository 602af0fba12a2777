"""Priority scores from closed questions, change vs baseline, comparability warnings."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.report.baseline import (
    RoundMeta,
    comparability_warnings,
    compare_scores,
    fft_answers,
    fft_from_values,
    priority_scores,
    score_answers,
)

LIKERT = [
    {"value": v, "label": v, "score": s}
    for v, s in [("strongly_agree", 5), ("agree", 4), ("neither", 3), ("disagree", 2), ("strongly_disagree", 1)]
]
LIKERT.append({"value": "dont_know", "label": "Don't know", "score": None})


def definition(text: str = "I was treated with dignity") -> dict:
    return {
        "sections": [
            {
                "id": "s1",
                "questions": [
                    {
                        "id": "q_dignity",
                        "type": "likert",
                        "text": {"en": text},
                        "options": LIKERT,
                        "priorities": ["person_centred_care"],
                    },
                    {
                        "id": "q_matrix",
                        "type": "matrix",
                        "text": "Rate",
                        "options": LIKERT,
                        "priorities": [],
                        "rows": [{"id": "r_safe", "text": "I felt safe", "priorities": ["safety"]}],
                    },
                    {"id": "q_free", "type": "free_text", "text": "Tell us more", "topic": "general"},
                ],
            }
        ]
    }


def frames(values: list[str]):
    versions = pd.DataFrame({"version_id": [1], "definition": [definition()]})
    responses = pd.DataFrame(
        {
            "response_id": range(len(values)),
            "version_id": 1,
            "audience": ["carers" if i % 2 else "staff" for i in range(len(values))],
        }
    )
    answers = pd.DataFrame(
        {
            "response_id": range(len(values)),
            "question_id": "q_dignity",
            "row_id": None,
            "option_value": values,
            "number_value": None,
        }
    )
    return answers, responses, versions


def test_scores_and_wilson_interval():
    answers, responses, versions = frames(["agree"] * 8 + ["disagree"] * 2 + ["dont_know"] * 3)
    scored = score_answers(answers, responses, versions)
    assert len(scored) == 10  # don't know left out of the base
    s = priority_scores(scored).set_index("priority").loc["person_centred_care"]
    assert (s["positive"], s["answers"], s["respondents"]) == (8, 10, 10)
    assert s["score"] == pytest.approx(0.8)
    assert (s["low"], s["high"]) == pytest.approx((0.4902, 0.9433), abs=5e-5)


def test_matrix_rows_carry_their_own_priority():
    versions = pd.DataFrame({"version_id": [1], "definition": [definition()]})
    responses = pd.DataFrame({"response_id": [1, 2], "version_id": 1})
    answers = pd.DataFrame(
        {
            "response_id": [1, 2],
            "question_id": "q_matrix",
            "row_id": "r_safe",
            "option_value": ["strongly_agree", "strongly_disagree"],
            "number_value": None,
        }
    )
    s = priority_scores(score_answers(answers, responses, versions))
    assert s["priority"].tolist() == ["safety"]
    assert s["score"].iloc[0] == pytest.approx(0.5)


def test_change_against_baseline():
    cur = priority_scores(score_answers(*frames(["agree"] * 56 + ["disagree"] * 14)))
    base = priority_scores(score_answers(*frames(["agree"] * 48 + ["disagree"] * 32)))
    ch = compare_scores(cur, base).set_index("priority").loc["person_centred_care"]
    assert ch["diff"] == pytest.approx(0.2)
    assert (ch["diff_low"], ch["diff_high"]) == pytest.approx((0.0524, 0.3339), abs=5e-5)
    assert ch["direction"] == "improved"
    small = priority_scores(score_answers(*frames(["agree"] * 5)))
    assert compare_scores(small, base).iloc[0]["direction"] == "too few responses"
    assert compare_scores(cur, None).iloc[0]["direction"] == "no baseline"


def test_fft_percentages_include_dont_know_in_base():
    # Worked example from the shared standards fact sheet §1.3: 60/25/5/4/3/3 -> 85% positive, 7% negative.
    values = ["1"] * 60 + ["2"] * 25 + ["3"] * 5 + ["4"] * 4 + ["5"] * 3 + ["6"] * 3
    out = fft_from_values(pd.DataFrame({"fft": values}), "fft").iloc[0]
    assert out["total"] == 100
    assert out["pct_positive"] == pytest.approx(0.85)
    assert out["pct_negative"] == pytest.approx(0.07)


def test_fft_answers_given_as_their_standard_wording_are_counted():
    # A survey tool's export with "Very good" ... "Don't know" gave an FFT table of 0 answers:
    # only option values (very_good) and codes were read, the rest dropped without a word.
    words = ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don\u2019t know", "don't know",
             " VERY GOOD ", "very-poor", "1.0", "Excellent", ""]
    assert fft_answers(pd.Series(words)).tolist() == [
        "very_good", "good", "neither", "poor", "very_poor", "dont_know", "dont_know", "very_good", "very_poor",
        "very_good", None, None,
    ]
    out = fft_from_values(pd.DataFrame({"fft": words}), "fft").iloc[0]
    assert (out["total"], out["positive"], out["negative"]) == (10, 4, 3)


def test_comparability_warning_on_wording_codebook_and_channels():
    base = RoundMeta(
        "2025 baseline",
        {"pwus": ("1.0",)},
        {"pwus/q_dignity": "I was treated with dignity"},
        "1",
        {"online": 90, "paper": 10},
    )
    cur = RoundMeta(
        "2026 follow-up",
        {"pwus": ("1.1",)},
        {"pwus/q_dignity": "Staff treated me with dignity", "pwus/q_new": "New question"},
        "2",
        {"online": 50, "paper": 30, "workshop": 20},
    )
    w = comparability_warnings(cur, base)
    text = " ".join(w)
    assert "version 1.1" in text and "version 1.0" in text
    assert "wording changed" in text and "pwus/q_dignity" in text
    assert "added pwus/q_new" in text
    assert "codebook version 2" in text
    # channels by their labels, not their stored ids
    # one pair of brackets, not "(used in only one round: ...) (share changed ...)"
    assert ("Collection channels differ from 2025 baseline (used in only one round: Co-production workshop; "
            "share changed by more than 10%: Online, Paper form): answers given") in text
    assert comparability_warnings(cur, cur) == []
    assert comparability_warnings(cur, None) == []


def test_comparability_warning_words_a_questionnaire_one_round_did_not_use():
    base = RoundMeta("2025 baseline", {"pwus": ("1.0",)})
    cur = RoundMeta("2026 follow-up", {"pwus": ("1.1",), "fft": ("2",)})
    w = comparability_warnings(cur, base)
    assert "Questionnaire fft: 2026 follow-up used version 2; 2025 baseline had no responses to it." in w
    assert "Questionnaire pwus: 2026 follow-up used version 1.1 but 2025 baseline used version 1.0." in w
    assert not any("version none" in x for x in w)


def test_a_workshop_in_one_round_does_not_move_the_survey_channels_shares():
    # A progress check: the same 49 online and 19 paper survey responses in both rounds, and 15
    # sticky notes in the later one, read "share changed by more than 10%: Online" (72% to 59%).
    base = RoundMeta("2025", channels={"online": 49, "paper": 19})
    cur = RoundMeta("2026", channels={"online": 49, "paper": 19, "workshop": 15})
    (w,) = comparability_warnings(cur, base)
    assert "(used in only one round: Co-production workshop)" in w
    assert "share changed" not in w
    # a real shift among the surveys is still named
    (w,) = comparability_warnings(RoundMeta("2026", channels={"online": 30, "paper": 38, "workshop": 15}), base)
    assert "share changed by more than 10%: Online, Paper form" in w
