"""Report assembly from a hand-made coded frame: summary, baseline change, suppression in breakdowns."""

from __future__ import annotations

import pandas as pd

from analysis.priorities import PRIORITY_IDS
from analysis.report.build import ReportContext, build_report
from analysis.report.suppression import SuppressionRule

from .conftest import make_coded


def test_summary_has_all_nine_priorities_with_comment_scores():
    r = build_report(make_coded(200), context=ReportContext(round_name="R"))
    assert [s.id for s in r.summary] == list(PRIORITY_IDS)
    culture = r.summary[-1]
    assert culture.wider_programme and "wider change programme" in r.chapters[-1].notes[0]
    safety = next(s for s in r.summary if s.id == "safety")
    assert safety.basis == "comments" and 0 <= safety.score <= 1
    assert safety.score_low <= safety.score <= safety.score_high


def test_change_against_baseline_from_comments():
    cur = make_coded(200)
    base = make_coded(200)
    base["sentiment_label"] = "negative"  # every baseline comment negative -> every priority improved
    r = build_report(cur, baseline_coded=base, context=ReportContext(baseline_name="B"))
    scored = [s for s in r.summary if s.score is not None and s.score_n >= 10]
    assert scored and all(s.direction == "improved" for s in scored)
    assert all(s.change_text.startswith("+") for s in scored)


def test_breakdown_suppresses_small_group_and_next_lowest():
    coded = make_coded(200)
    coded["service"] = ["Big"] * 150 + ["Mid"] * 47 + ["Tiny"] * 3
    r = build_report(coded, group_columns=["service"], rule=SuppressionRule())
    table = r.chapters[0].breakdowns[0]
    rows = {row[0]: row for row in table.rows}
    assert rows["Tiny"][1] == "<5"
    assert rows["Mid"][1] == "*"  # secondary: otherwise Tiny = total - Big - Mid
    assert rows["Big"][1] == "150"
    assert rows["Tiny"][4] == "*"


def test_quotes_withheld_when_too_few_comments():
    r = build_report(make_coded(8))
    assert all(not t.quotes for c in r.chapters for t in c.themes)


def test_emergent_section_uses_redacted_non_urgent_examples():
    coded = make_coded(40)
    coded.loc[0, "urgent"] = True
    emergent = pd.DataFrame({"label": ["parking / car park"], "count": [12], "example_rows": [[0, 1, 2, 3]]})
    r = build_report(coded, emergent=emergent)
    assert r.emergent[0].label == "parking / car park"
    texts = [q.text for q in r.emergent[0].quotes]
    assert coded.loc[0, "redacted_text"] not in texts and len(texts) == 3


def test_workshop_section_from_workshop_channel():
    coded = make_coded(60)
    assert "No workshop input in this round" in build_report(coded).workshops[0]
    coded["channel"] = ["workshop" if i % 2 else "online" for i in range(60)]
    r = build_report(coded)
    assert "30 contributions" in r.workshops[0]
    assert r.workshop_table is not None and len(r.workshop_table.rows) == 9
    assert r.workshop_quotes and all(not q.text.startswith("Comment number 0 ") for q in r.workshop_quotes)


def test_trend_and_fft_tables_apply_secondary_suppression():
    coded = make_coded(60)
    coded["submitted_at"] = pd.to_datetime(["2025-01-10"] * 40 + ["2025-02-10"] * 17 + ["2025-03-10"] * 3, utc=True)
    coded["service"] = ["A"] * 40 + ["B"] * 17 + ["C"] * 3
    fft = pd.DataFrame({"fft": ["1"] * 60, "service": coded["service"]})
    r = build_report(coded, date_column="submitted_at", fft=fft, group_columns=["service"])
    assert r.trend_chart.table.rows == (("Jan 2025", "40"), ("Feb 2025", "*"), ("Mar 2025", "<5"))
    fft_rows = {row[0]: row for row in r.respondent_tables[-1].rows}
    assert fft_rows["service: C"][1:] == ("<5", "*", "*")
    assert fft_rows["service: B"][1:] == ("*", "*", "*")
    assert fft_rows["service: A"][1:] == ("40", "100%", "0%")


def test_a_round_of_fewer_than_five_comments_never_prints_the_count():
    # The headline said "<5 of 3 comments" and the method "3 comments were analysed".
    r = build_report(make_coded(3))
    assert r.n_comments_text == "<5"
    texts = [c.headline for c in r.chapters] + [text for _, text in r.method]
    assert not [t for t in texts if "3 comments" in t]
    assert "<5 of <5 comments" in r.chapters[0].headline


def test_the_trend_description_never_names_a_secondary_suppressed_count():
    # Two months, 3 and 40: both are hidden in the table (40 as "*", else 43 - 40 gives the 3),
    # but the chart description named the busiest month "with 40 responses".
    coded = make_coded(43)
    coded["submitted_at"] = pd.to_datetime(["2025-01-10"] * 3 + ["2025-02-10"] * 40, utc=True)
    r = build_report(coded, date_column="submitted_at")
    assert r.trend_chart.table.rows == (("Jan 2025", "<5"), ("Feb 2025", "*"))
    assert "40" not in r.trend_chart.alt
