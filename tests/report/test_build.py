"""Report assembly from a hand-made coded frame: summary, baseline change, suppression in breakdowns."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.priorities import PRIORITIES, PRIORITY_IDS
from analysis.report.build import ReportContext, build_report, select_quotes
from analysis.report.render import render_html
from analysis.report.suppression import SuppressionRule

from .conftest import make_coded, workshop_coded

#: The invented workshop's contributions and dot votes by the facilitator's priority.
EXAMPLE_BY_PRIORITY = {
    "person_centred_care": ("4", "11"),
    "co_production": ("4", "18"),
    "outcomes_focussed_care": ("3", "12"),
    "safety": ("4", "20"),
    "joint_systems": ("3", "17"),
    "clear_and_transparent": ("2", "5"),
    "clear_accountability": ("2", "2"),
    "flexibility": ("1", "3"),
    "culture": ("1", "1"),
}
#: Its five most-voted contributions, most first (two have 7: the earlier row comes first).
EXAMPLE_MOST_VOTED = (
    ("A safe discharge plan agreed with the carer before anyone is sent home", "11 dot votes (vote)"),
    ("One shared record so carers do not repeat their story", "9 dot votes (vote)"),
    (
        "I have to repeat the whole story to the GP the hospital and social care because they do not share notes",
        "8 dot votes (sticky note)",
    ),
    ("Pay travel costs and arrange a sitter so carers can come to meetings like this one", "7 dot votes (sticky note)"),
    ("Carers paid and supported to take part in designing services", "7 dot votes (vote)"),
)
NO_SUPPRESSION = SuppressionRule(min_base=1, min_count=1)
KIND_SENTENCE = "By kind, as the facilitators recorded it: "


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
    assert rows["Tiny"][1] == "*"  # "<5" beside the "*" would say which one is small
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
    assert r.trend_chart.table.rows == (("Jan 2025", "40"), ("Feb 2025", "*"), ("Mar 2025", "*"))
    fft_rows = {row[0]: row for row in r.respondent_tables[-1].rows}
    assert fft_rows["Service: C"][1:] == ("*", "*", "*")
    assert fft_rows["Service: B"][1:] == ("*", "*", "*")
    assert fft_rows["Service: A"][1:] == ("40", "100%", "0%")


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
    assert r.trend_chart.table.rows == (("Jan 2025", "*"), ("Feb 2025", "*"))
    assert "40" not in r.trend_chart.alt


def _one_theme(labels: list[str], service: list[str] | None = None) -> pd.DataFrame:
    """Every comment coded to the theme feeling_safe and the priority safety, with these sentiments."""
    n = len(labels)
    coded = make_coded(n)
    coded["themes"] = [["feeling_safe"] for _ in range(n)]
    coded["priorities"] = [["safety"] for _ in range(n)]
    coded["priority_reasons"] = [{"safety": ["feeling_safe"]} for _ in range(n)]
    coded["sentiment_label"] = labels
    coded["urgent"] = False
    if service is not None:
        coded["service"] = service
    return coded


def test_theme_share_of_a_suppressed_count_is_suppressed():
    # The user's case: a theme with 1 comment out of 49 on the priority showed "<5 | 2%".
    coded = _one_theme(["positive"] * 49)
    coded.at[0, "themes"] = ["feeling_safe", "rare"]
    coded.at[0, "priority_reasons"] = {"safety": ["feeling_safe", "rare"]}
    r = build_report(coded)
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    rows = {t.id: t for t in safety.themes}
    assert rows["feeling_safe"].count_text == "49" and rows["feeling_safe"].share_text == "100%"
    assert rows["rare"].count_text == "<5"
    assert rows["rare"].share_text == "*"


def test_sentiment_shares_hide_small_counts_and_the_next_smallest():
    # 30 positive, 20 neutral, 2 negative, 15 mixed = 67: "3%" negative would give 2 back,
    # and with only it hidden, 100% minus the other three would too.
    coded = _one_theme(["positive"] * 30 + ["neutral"] * 20 + ["negative"] * 2 + ["mixed"] * 15)
    r = build_report(coded)
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    t = safety.themes[0]
    assert (t.positive, t.neutral, t.negative, t.mixed) == ("45%", "30%", "*", "*")
    s = safety.summary
    assert s.positive_text == "45%" and s.negative_text == "*"
    assert "2 negative" not in safety.headline and "3%" not in safety.headline


def test_a_score_hidden_beside_a_small_count_is_not_said_to_rest_on_too_few():
    # The sample's Developing joint systems: 42 comments, 12 positive, 27 negative, 3 neutral. The 3
    # is hidden and the 12 with it, so the score is suppressed, and the sentence said it rested "on
    # too few responses or too few positive answers".
    coded = _one_theme(["positive"] * 12 + ["negative"] * 27 + ["neutral"] * 3)
    safety = next(c for c in build_report(coded).chapters if c.summary.id == "safety")
    assert safety.summary.score_text == "*"
    assert safety.headline.startswith(
        "Score suppressed to protect small numbers: it rests on too few responses or answers, or would let a "
        "hidden count be worked out."
    )
    assert "too few positive answers" not in safety.headline


def test_headline_says_in_words_why_a_priority_is_not_compared_with_the_baseline():
    # A new user's sample report: "Against 2021-22 baseline: –, too few responses." (the
    # tables' dash in a sentence meant for publishing).
    base = _one_theme(["positive"] * 20 + ["negative"] * 20)
    few = _one_theme(["positive"] * 6)
    r = build_report(few, baseline_coded=base, context=ReportContext(baseline_name="B"))
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    assert safety.summary.change_text == "–" and safety.summary.direction == "too few responses"
    assert "No change against B (score then 50%) is given: one of the two rounds has too few responses." \
        in safety.headline
    assert "Against B: –" not in safety.headline

    elsewhere = base.copy()
    elsewhere["priorities"] = [["flexibility"] for _ in range(len(elsewhere))]
    elsewhere["priority_reasons"] = [{"flexibility": ["feeling_safe"]} for _ in range(len(elsewhere))]
    r = build_report(_one_theme(["positive"] * 20 + ["negative"] * 20), baseline_coded=elsewhere,
                     context=ReportContext(baseline_name="B"))
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    assert safety.summary.direction == "no baseline"
    assert "B has no score for this priority to compare with." in safety.headline


def test_comment_score_from_few_positives_is_suppressed_with_interval_and_change():
    coded = _one_theme(["positive"] * 3 + ["negative"] * 40)
    base = _one_theme(["positive"] * 20 + ["negative"] * 20)
    r = build_report(coded, baseline_coded=base, context=ReportContext(baseline_name="B"))
    s = next(x for x in r.summary if x.id == "safety")
    assert s.score_text == "*" and s.interval_text == "*" and s.change_text == "*"
    assert s.score_n_text == "43"
    # and the same when the baseline's positive count is the small one
    r = build_report(base, baseline_coded=coded, context=ReportContext(baseline_name="B"))
    s = next(x for x in r.summary if x.id == "safety")
    assert s.score_text == "50%" and s.change_text == "*"


def test_headline_hides_a_share_whose_complement_is_a_small_count():
    # The tester's chapter: 15 of 32 comments on safety, 2 positive, 12 negative, 1 neutral.
    # "80% negative" of 15 says exactly 3 were not negative: hidden in sentence and table alike.
    coded = _one_theme(["positive"] * 2 + ["negative"] * 12 + ["neutral"] + ["positive"] * 17)
    for i in range(15, 32):
        coded.at[i, "priorities"] = ["flexibility"]
        coded.at[i, "priority_reasons"] = {"flexibility": ["feeling_safe"]}
    r = build_report(coded)
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    s = safety.summary
    assert (s.comments_text, s.comment_share_text) == ("15", "47%")
    assert s.positive_text == "*" and s.negative_text == "*"  # was "80%"
    assert "80%" not in safety.headline
    assert "15 of 32 comments (47%) were coded to this priority; of those, * were positive and * negative." in (
        safety.headline
    )
    assert "80%" not in render_html(r)


def test_share_of_all_comments_with_a_small_remainder_is_hidden_in_table_and_chart():
    # 30 of 33 comments on safety: "91%" would say 3 were not; the chart draws no bar for it.
    coded = _one_theme(["positive"] * 33)
    for i in range(30, 33):
        coded.at[i, "priorities"] = ["flexibility"]
        coded.at[i, "priority_reasons"] = {"flexibility": ["feeling_safe"]}
    r = build_report(coded)
    safety = next(s for s in r.summary if s.id == "safety")
    assert (safety.comments_text, safety.comment_share_text) == ("30", "*")
    row = next(row for row in r.summary_chart.table.rows if row[0] == safety.name)
    assert row[1:3] == ("30", "*")
    assert "91%" not in render_html(r)


def test_score_with_few_non_positive_answers_hides_score_change_and_direction():
    # 40 positive of 43: the 3 others could be worked out from "93%".
    coded = _one_theme(["positive"] * 40 + ["negative"] * 3)
    base = _one_theme(["positive"] * 20 + ["negative"] * 20)
    r = build_report(coded, baseline_coded=base, context=ReportContext(baseline_name="B"))
    s = next(x for x in r.summary if x.id == "safety")
    assert (s.score_text, s.interval_text, s.change_text, s.direction) == ("*", "*", "*", "*")
    chapter = next(c for c in r.chapters if c.summary.id == "safety")
    assert "improved" not in chapter.headline and "no clear change" not in chapter.headline
    assert "The change against B is suppressed" in chapter.headline


def test_hidden_change_never_shows_a_direction():
    # The tester's summary row: Change "*" beside Direction "no clear change".
    coded = _one_theme(["positive"] * 20 + ["negative"] * 20)
    base = _one_theme(["positive"] * 3 + ["negative"] * 20)  # the baseline's 3 positives are small
    r = build_report(coded, baseline_coded=base, context=ReportContext(baseline_name="B"))
    s = next(x for x in r.summary if x.id == "safety")
    assert s.score_text == "50%" and s.change_text == "*" and s.direction == "*"
    html = render_html(r)
    assert "no clear change" not in html and "improved" not in html


def test_priority_share_and_chart_hide_a_small_priority():
    coded = _one_theme(["positive"] * 60)
    coded.at[0, "priorities"] = ["safety", "flexibility"]
    coded.at[0, "priority_reasons"] = {"safety": ["feeling_safe"], "flexibility": ["feeling_safe"]}
    r = build_report(coded)
    flex = next(s for s in r.summary if s.id == "flexibility")
    assert flex.comments_text == "<5" and flex.comment_share_text == "*"  # was "2%"
    row = next(row for row in r.summary_chart.table.rows if row[0] == flex.name)
    assert row[1:3] == ("<5", "*")
    assert "Suppressed shares (*) are not drawn" in r.summary_chart.alt


def test_group_breakdown_hides_share_and_score_from_small_counts():
    # Both services have 30 comments; B has only 2 on safety, so "7%" of 30 would give 2 back,
    # and A's share would give it back through the priority total: both hidden.
    labels = ["positive"] * 30 + ["positive"] * 2 + ["negative"] * 28
    coded = _one_theme(labels, service=["A"] * 30 + ["B"] * 30)
    for i in range(32, 60):
        coded.at[i, "priorities"] = ["flexibility"]
        coded.at[i, "priority_reasons"] = {"flexibility": ["feeling_safe"]}
    r = build_report(coded, group_columns=["service"])
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    rows = {row[0]: row for row in safety.breakdowns[0].rows}
    assert rows["A"][1:3] == ("30", "*") and rows["B"][1:3] == ("30", "*")
    assert rows["B"][3] == "*" and rows["B"][4:6] == ("*", "*")
    # positive comments: A 30 of 30 scored; B 2 of 2 -> B hidden (small base and small count)
    assert rows["A"][4] == "*"  # secondary: A's positives + B's = the priority's positives


def test_fft_group_percentages_from_few_answers_are_hidden():
    coded = make_coded(70)
    coded["service"] = ["A"] * 40 + ["B"] * 30
    fft = pd.DataFrame({"fft": ["1"] * 3 + ["3"] * 37 + ["1"] * 20 + ["4"] * 10, "service": coded["service"]})
    r = build_report(coded, fft=fft, group_columns=["service"])
    rows = {row[0]: row for row in r.respondent_tables[-1].rows}
    assert rows["All"][1:] == ("70", "33%", "14%")
    assert rows["Service: A"][1:] == ("40", "*", "*")  # 3 positive of 40 would be "8%"
    assert rows["Service: B"][1:] == ("30", "*", "*")  # secondary: 23 - B's positives = A's
    # (a hidden % positive hides its % negative: A's 0% beside B's 33% once let them be solved)


def test_method_describes_the_sentiment_model_truthfully():
    method = dict(build_report(make_coded(20)).method)
    text = method["Sentiment"]
    assert "logistic regression" in text and "trained on NHS patient comments" in text
    assert "TextBlob polarity" in text and "rule-based checks" in text
    assert "scored with TextBlob" not in text


def _quote_frame(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "redacted_text": [f"comment {i} says something useful about the service" for i in range(n)],
            "sentiment_label": ["positive"] * n,
            "urgent": [False] * n,
        }
    )


def test_report_quotes_each_comment_at_most_once():
    coded = make_coded(400)
    r = build_report(coded)
    quoted = [q.text for c in r.chapters for t in c.themes for q in t.quotes]
    assert len(quoted) > 20
    assert len(quoted) == len(set(quoted))  # was: the same comment under up to 4 themes
    urgent = set(coded.loc[coded["urgent"], "redacted_text"])
    assert not urgent & set(quoted)
    # every theme section shown with enough comments still gets quotes
    assert all(t.quotes for c in r.chapters for t in c.themes if t.count >= 10)


def test_the_same_words_from_several_people_are_quoted_once():
    # a new user saw "Respite that fits around work" twice in a row: ten carers wrote it
    coded = _quote_frame(8)
    for row in (0, 1, 2):
        coded.loc[row, "redacted_text"] = "Respite that fits around  work and my shifts at the shop" if row else (
            "Respite that fits around work and my shifts at the shop")
    pairs = pd.DataFrame({"theme": ["a"] * 4 + ["b"] * 4}, index=range(8))
    pairs.loc[2, "theme"] = "b"
    out = select_quotes(coded, pairs, per_key=4)
    quoted = [" ".join(q.text.split()).casefold() for qs in out.values() for q in qs]
    assert quoted.count("respite that fits around work and my shifts at the shop") == 1
    assert len(quoted) == 6  # the two repeats are left out, in either theme


def test_quote_goes_to_the_theme_with_highest_confidence():
    coded = _quote_frame(12)
    # comment 0 is a candidate under both keys; it was coded to "b" more surely
    pairs = pd.DataFrame(
        {"theme": ["a"] * 6 + ["b"] * 6 + ["a"], "confidence": [0.6] * 12 + [0.9]},
        index=[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0],
    )
    pairs.iloc[0, 1] = 0.4  # (0, "a") 0.4
    pairs.iloc[12, 1] = 0.9
    pairs.iloc[12, 0] = "b"  # (0, "b") 0.9
    out = select_quotes(coded, pairs, per_key=5)
    texts = {k: [q.text for q in v] for k, v in out.items()}
    first = coded.at[0, "redacted_text"]
    assert first in texts["b"] and first not in texts["a"]
    assert len(texts["a"]) == 5 and len(texts["b"]) == 5


def test_comment_with_a_redacted_contact_detail_is_never_quoted():
    # a new user saw "please ring me on [PHONE] or email [EMAIL]" quoted: a request to be
    # contacted, not an opinion to publish; a removed name is no such detail
    coded = _quote_frame(6)
    coded.loc[0, "redacted_text"] = "The team were slow to reply so please ring me on [PHONE] or email [EMAIL] today"
    coded.loc[1, "redacted_text"] = "My NHS number is [NHS_NUMBER] and nobody can find my records at the surgery"
    coded.loc[2, "redacted_text"] = "[NAME] on the ward was kind and patient with my dad every single day"
    pairs = pd.DataFrame({"theme": ["a"] * 6}, index=range(6))
    texts = [q.text for q in select_quotes(coded, pairs, per_key=6)["a"]]
    assert coded.at[2, "redacted_text"] in texts
    assert not any("[PHONE]" in t or "[NHS_NUMBER]" in t for t in texts)
    assert len(texts) == 4


def test_quote_without_confidence_goes_to_the_theme_with_fewest_candidates():
    coded = _quote_frame(12)
    # "big" has 10 candidates (0-9), "small" 3 (0, 10, 11): comment 0 goes to "small"
    pairs = pd.DataFrame({"theme": ["big"] * 10 + ["small"] * 3}, index=[*range(10), 0, 10, 11])
    out = select_quotes(coded, pairs, per_key=3)
    texts = {k: [q.text for q in v] for k, v in out.items()}
    first = coded.at[0, "redacted_text"]
    assert first in texts["small"] and first not in texts["big"]
    assert len(texts["big"]) == 3 and len(texts["small"]) == 3
    # a key short of comments that fit it best still takes an unused one that fits elsewhere
    out = select_quotes(coded, pairs, per_key=20)
    assert sum(len(v) for v in out.values()) == 12


def test_tables_show_labels_not_stored_ids():
    coded = make_coded(120)
    coded["channel"] = ["import"] * 60 + ["online"] * 40 + ["assisted"] * 20
    coded["audience"] = ["any"] * 50 + ["carers"] * 70  # channels not nested in audiences
    fft = pd.DataFrame({"fft": ["1"] * 120, "channel": coded["channel"], "audience": coded["audience"]})
    r = build_report(coded, fft=fft, group_columns=["audience", "channel"])
    tables = {t.caption: t for t in r.respondent_tables}
    channel = {row[0]: row[1] for row in tables["Responses by channel"].rows}
    assert channel == {"Imported (paper or other system)": "60", "Online": "40", "Completed with help": "20"}
    audience = {row[0] for row in tables["Responses by audience"].rows}
    assert audience == {"Anyone (open questionnaire, audience not asked)", "Unpaid carers and families"}
    fft_groups = {row[0] for row in tables["Friends and Family Test"].rows}
    assert "Channel: Imported (paper or other system)" in fft_groups
    assert "Audience: Anyone (open questionnaire, audience not asked)" in fft_groups
    by_channel = next(b for b in r.chapters[0].breakdowns if b.caption == "By channel")
    assert {row[0] for row in by_channel.rows} == set(channel)
    every_cell = [cell for t in r.respondent_tables for row in t.rows for cell in row] + [
        cell for c in r.chapters for b in c.breakdowns for row in b.rows for cell in row
    ]
    assert not {"import", "any", "assisted", "online", "any", "carers"} & {c.split(": ")[-1] for c in every_cell}


def test_fft_answers_sent_from_a_kiosk_tablet_are_counted_as_their_own_collection_mode():
    # The FFT is submitted per collection mode (SMS, web, paper, tablet): kiosk responses are
    # stored with channel "tablet" and every table names it for people, not by its id.
    from analysis.report.labels import channels_phrase

    coded = make_coded(100)
    coded["channel"] = ["online"] * 60 + ["tablet"] * 40
    fft = pd.DataFrame({"fft": ["1"] * 50 + ["4"] * 10 + ["1"] * 30 + ["3"] * 10, "channel": coded["channel"]})
    r = build_report(coded, fft=fft, group_columns=["channel"])
    tables = {t.caption: t for t in r.respondent_tables}
    assert {row[0]: row[1] for row in tables["Responses by channel"].rows} == {"Online": "60", "Tablet or kiosk": "40"}
    fft_rows = {row[0]: row[1:] for row in tables["Friends and Family Test"].rows}
    assert fft_rows["Channel: Tablet or kiosk"] == ("40", "75%", "0%")
    assert fft_rows["Channel: Online"] == ("60", "83%", "17%")
    assert channels_phrase(["tablet", "online", "paper"]) == "online, on a tablet or kiosk and on paper"


def test_codebook_appendix_names_the_quality_domains():
    from analysis.codebook import load_codebook

    codebook = load_codebook()
    r = build_report(make_coded(30), codebook=codebook)
    domains = {d.strip() for row in r.codebook.rows for d in row[3].split(",") if d.strip()}
    assert domains and domains <= {"Safe", "Effective", "Positive experience", "Well-led", "Sustainable", "Equitable"}
    assert "Positive experience" in domains


def test_fft_rows_name_the_grouping_readably():
    coded = make_coded(40)
    coded["service"] = ["111"] * 20 + ["999"] * 20
    fft = pd.DataFrame({"fft": ["1"] * 40, "service": coded["service"]})
    r = build_report(coded, fft=fft, group_columns=["service"])
    labels = [row[0] for row in r.respondent_tables[-1].rows]
    assert labels == ["All", "Service: 111", "Service: 999"]  # was "service: 111"


def test_workshop_contributions_are_not_counted_under_an_audience_nobody_recorded():
    coded = make_coded(60)
    coded["channel"] = ["online"] * 40 + ["workshop"] * 20
    coded["audience"] = ["any"] * 30 + ["carers"] * 10 + ["any"] * 20
    r = build_report(coded, group_columns=["audience"])
    audience = {row[0]: row[1] for row in r.respondent_tables[0].rows}
    assert audience == {
        "Anyone (open questionnaire, audience not asked)": "30",
        "Workshop participants (see the workshops chapter)": "20",
        "Unpaid carers and families": "10",
    }
    by_audience = next(b for b in r.chapters[0].breakdowns if b.caption == "By audience")
    assert "Workshop participants (see the workshops chapter)" in {row[0] for row in by_audience.rows}
    sources = {q.source for c in r.chapters for t in c.themes for q in t.quotes}
    assert "Anyone (open questionnaire, audience not asked)" not in sources


def test_workshop_votes_by_the_facilitators_priority_from_the_invented_example():
    r = build_report(workshop_coded(), rule=NO_SUPPRESSION)
    t = r.workshop_votes_table
    assert t.columns == ("Priority", "Contributions", "Dot votes")
    assert t.rows == (*((PRIORITIES[p].name, *EXAMPLE_BY_PRIORITY[p]) for p in PRIORITY_IDS), ("Other", "2", "4"))
    assert sum(int(row[2]) for row in t.rows) == 93 and sum(int(row[1]) for row in t.rows) == 26
    assert tuple((q.text, q.source) for q in r.workshop_most_voted) == EXAMPLE_MOST_VOTED
    assert r.workshops[1] == KIND_SENTENCE + "sticky note 16; group discussion note 6; vote 4."
    # the coded-priority table is still there, and no contribution is quoted twice
    assert r.workshop_table is not None and len(r.workshop_table.rows) == 9
    assert r.workshop_quotes and not {q.text for q in r.workshop_quotes} & {q.text for q in r.workshop_most_voted}
    html = render_html(r)
    assert "<caption>Workshop contributions and dot votes by the priority the facilitator recorded</caption>" in html
    assert '<tr><th scope="row">Safety</th><td>4</td><td>20</td></tr>' in html
    assert html.index("11 dot votes") < html.index("9 dot votes") < html.index("8 dot votes")


def test_workshop_votes_suppressed_by_default_on_the_invented_example():
    r = build_report(workshop_coded())
    # every priority has 1-4 contributions: counts <5 and no vote total from so few contributions
    assert r.workshop_votes_table.rows == (
        *((PRIORITIES[p].name, "<5", "*") for p in PRIORITY_IDS),
        ("Other", "<5", "*"),
    )
    # kinds add up to the published 26: the 4 votes are <5, so the next-smallest (6) is hidden too
    assert r.workshops[1] == KIND_SENTENCE + "sticky note 16; group discussion note *; vote *."
    # 26 contributions (at least the base of 10): the most-voted are shown, each count 5 or more,
    # without their kinds, which would put floors under the hidden kind counts
    expected = tuple((text, source.split(" (")[0]) for text, source in EXAMPLE_MOST_VOTED)
    assert tuple((q.text, q.source) for q in r.workshop_most_voted) == expected


def test_workshop_vote_totals_withheld_behind_fewer_than_five_contributions():
    coded = workshop_coded().head(20).copy()
    coded["priority_discussed"] = ["safety"] * 6 + ["person_centred_care"] * 7 + ["co_production"] * 5 + ["other"] * 2
    coded["dot_votes"] = pd.array([1, 1, 1, 0, 0, 0] + [3] * 6 + [2] + [None] * 5 + [4, 5], dtype="Int64")
    rows = {row[0]: row[1:] for row in build_report(coded).workshop_votes_table.rows}
    assert rows["Safety"] == ("6", "<5")  # 3 votes: a small count
    assert rows["Delivery of person-centred care"] == ("7", "20")
    assert rows["Other"] == ("*", "*")  # 2 contributions (shown as * beside a secondary *); 9 votes withheld
    # secondary suppression, no votes recorded: "*" too, as every hidden count's votes are (an
    # eleventh tester: votes shown beside a secondary "*" said which "*" was the small one)
    assert rows["Co-production of services"] == ("*", "*")
    assert rows["Culture – having shared values and behaviours"] == ("0", "–")
    coded.loc[coded.index[-1], "priority_discussed"] = pd.NA
    rows = {row[0]: row[1:] for row in build_report(coded).workshop_votes_table.rows}
    assert rows["Not recorded"] == ("*", "*") and rows["Other"] == ("*", "*")
    # two hidden cells of 1 each would be pinned by the total (2 = 1 + 1): the next-smallest goes too
    assert rows["Co-production of services"] == ("*", "*")


def test_urgent_contribution_with_the_most_votes_is_not_shown():
    coded = workshop_coded()
    top = coded["dot_votes"].idxmax()
    coded.loc[top, "urgent"] = True
    r = build_report(coded, rule=NO_SUPPRESSION)
    # the next one in: 6 votes, the earlier of two such rows
    after = (
        "Hospital discharge happened late at night with no equipment at home and no one told us",
        "6 dot votes (sticky note)",
    )
    assert tuple((q.text, q.source) for q in r.workshop_most_voted) == (*EXAMPLE_MOST_VOTED[1:], after)
    assert coded.at[top, "redacted_text"] not in render_html(r)
    # still counted: its votes are in the table
    assert dict((row[0], row[2]) for row in r.workshop_votes_table.rows)["Safety"] == "20"


def test_most_voted_and_votes_table_withheld_below_the_base():
    coded = workshop_coded().head(9)
    r = build_report(coded)
    assert r.workshop_votes_table is None and r.workshop_most_voted == () and r.workshop_quotes == ()
    assert r.workshops[1] == (
        "With fewer than 10 contributions, the kinds, priorities and dot votes the facilitators recorded are not shown."
    )
    assert build_report(workshop_coded().head(10)).workshop_most_voted != ()


def test_workshop_chapter_without_the_facilitators_columns_is_as_before():
    r = build_report(workshop_coded(facilitator=False))
    assert r.workshop_votes_table is None and r.workshop_most_voted == ()
    assert len(r.workshops) == 1 and r.workshops[0].startswith("26 contributions")
    assert r.workshop_table is not None and len(r.workshop_quotes) == 5
    assert "Most-voted" not in render_html(r)


def test_limitations_warn_that_the_urgent_flag_misses_concerns():
    # The flag caught 23 of 50 concerns on a blind set (docs/analysis.md): readers must be told
    # to read quotes and comments themselves.
    r = build_report(make_coded(30))
    limits = dict(r.method)["Limitations"]
    assert "on only about half of a test set of adult social care" in limits
    assert "caught about three in five" in limits and "reads every comment for concerns, and every quote before publishing" in limits


def test_limitations_say_rounded_shares_may_not_add_up_to_100():
    # A new user's sample report: services 42% + 30% + 29% = 101% (328, 232 and 226 of 786), with
    # no word on why, for the person who must publish it.
    r = build_report(make_coded(30))
    assert "Percentages are rounded to whole numbers, so the shares in a table may add up to a little more or " \
        "less than 100%." in dict(r.method)["Limitations"]


#: A real NEAS comment (sample_data/neas_fft_sample.csv) that its export cut at 255 characters.
CUT_BY_SOURCE = (
    "Handing over of patents at the hospital to get the crew back on the road. I spoke to someone who had "
    "came in by ambulance and they say the journey was about ten minutes but the crew had to wait with them "
    "until they were handed over taking up valueable tim"
)


def test_quote_cut_off_by_its_source_ends_at_a_word_with_an_ellipsis():
    assert len(CUT_BY_SOURCE) == 255
    coded = _quote_frame(12)
    coded.at[0, "redacted_text"] = CUT_BY_SOURCE
    pairs = pd.DataFrame({"theme": "t"}, index=coded.index)
    quotes = select_quotes(coded, pairs, per_key=12)["t"]
    texts = [q.text for q in quotes]
    expected = CUT_BY_SOURCE.removesuffix(" tim") + " …"
    assert expected in texts and not any(t.endswith("valueable tim") for t in texts)
    # a comment that happens to be 255 characters but ends a sentence is left whole
    whole = CUT_BY_SOURCE[:-5] + "time."
    assert len(whole) == 255
    coded.at[0, "redacted_text"] = whole
    assert whole in [q.text for q in select_quotes(coded, pairs, per_key=12)["t"]]


def test_source_cut_is_judged_on_the_stored_comment_not_the_redacted_one():
    """Redaction and whitespace clean-up change the length, so a cut comment with a name in it
    is no longer 255 characters: the report's coding step records the cut from the stored text."""
    from analysis.report.build import SOURCE_CUT, cut_at_source

    stored = CUT_BY_SOURCE.replace("I spoke to someone", "I spoke to Doreen Smith,  someone")[:255]
    assert len(stored) == 255
    coded = _quote_frame(12)
    redacted = stored.replace("Doreen Smith,  ", "[NAME], ")
    coded.at[0, "redacted_text"] = redacted
    whole = " ".join(redacted.split())
    assert not whole.endswith(" …") and len(whole) < 255
    pairs = pd.DataFrame({"theme": "t"}, index=coded.index)
    # without the flag the shorter redacted text is taken as whole and ends mid-word
    assert whole in [q.text for q in select_quotes(coded, pairs, per_key=12)["t"]]
    coded[SOURCE_CUT] = cut_at_source(pd.Series([stored] + [""] * (len(coded) - 1), index=coded.index))
    texts = [q.text for q in select_quotes(coded, pairs, per_key=12)["t"]]
    assert " ".join(whole.split()[:-1]) + " …" in texts and whole not in texts

def test_channels_phrase_names_only_the_channels_present():
    from analysis.report.labels import channels_phrase

    assert channels_phrase(pd.Series(["import"] * 5)) == "imported from paper forms or other systems"
    assert channels_phrase(["workshop", "online", "assisted", "paper"]) == (
        "online, on paper, with help and from co-production workshops"
    )
    assert channels_phrase(["online", None]) == "online"


def test_month_table_shows_every_month_of_the_range_with_zeros():
    coded = make_coded(60)
    coded["submitted_at"] = pd.to_datetime(["2022-10-05"] * 30 + ["2022-12-05"] * 27 + ["2023-01-05"] * 3, utc=True)
    r = build_report(coded, date_column="submitted_at")
    # Nov 2022 had none: shown as 0 (0 is not a small count); Jan's 3 and Dec (secondary) are both *.
    assert r.trend_chart.table.rows == (("Oct 2022", "30"), ("Nov 2022", "0"), ("Dec 2022", "*"), ("Jan 2023", "*"))


@pytest.mark.parametrize(
    ("name", "label"),
    [("2021-22 baseline", "2021-22 baseline"), ("Spring 2024", "Spring 2024 (baseline)"), ("", "Baseline")],
)
def test_fft_table_names_the_baseline_row_once(name, label):
    from analysis.report.build import _fft_table
    from analysis.report.suppression import SuppressionRule

    fft = pd.DataFrame({"fft": ["very_good"] * 20 + ["poor"] * 5})
    table = _fft_table(fft, [], SuppressionRule(), baseline_fft=fft, baseline_name=name)
    assert [row[0] for row in table.rows[:2]] == ["All", label]


def test_the_first_quote_of_a_theme_has_its_commonest_sentiment():
    # "Contacting services" (95% negative in the sample) opened with a positive quote: one quote
    # per sentiment came first, in no particular order.
    coded = _quote_frame(12)
    coded["sentiment_label"] = ["positive"] + ["negative"] * 9 + ["neutral"] * 2
    pairs = pd.DataFrame({"theme": "t"}, index=coded.index)
    quotes = select_quotes(coded, pairs, per_key=3)["t"]
    labels = dict(zip(coded["redacted_text"], coded["sentiment_label"], strict=True))
    # 9 of 12 negative, 2 neutral (one in six: illustrated), 1 positive (one in twelve: not)
    assert [labels[q.text] for q in quotes] == ["negative", "neutral", "negative"]


def test_a_theme_nearly_all_one_sentiment_is_quoted_in_that_sentiment():
    # a new user: "Contacting services", 95% negative, quoted two positive or neutral comments of three
    coded = _quote_frame(40)
    coded["sentiment_label"] = ["positive"] + ["neutral"] + ["negative"] * 38
    pairs = pd.DataFrame({"theme": "t"}, index=coded.index)
    quotes = select_quotes(coded, pairs, per_key=3)["t"]
    labels = dict(zip(coded["redacted_text"], coded["sentiment_label"], strict=True))
    assert [labels[q.text] for q in quotes] == ["negative"] * 3


def test_themes_coded_less_reliably_are_marked_and_explained():
    rel = pd.DataFrame(
        {
            "theme": ["staff_attitude", "waiting_times", "communication", "records"],
            "f1": [0.8, 0.2, 0.5, 0.9],
            "labelled": [50, 50, 50, 9],
        }
    )
    r = build_report(make_coded(200), reliability=rel, rule=NO_SUPPRESSION)
    checks = {t.id: t.check for c in r.chapters for t in c.themes}
    assert checks == {
        "staff_attitude": "",
        "waiting_times": "less reliable",  # F1 under 0.40
        "communication": "",
        "feeling_safe": "less reliable",  # not measured
        "records": "less reliable",  # too few comments coded by people
    }
    safety = next(c for c in r.chapters if c.summary.id == "safety")  # feeling_safe only
    assert len(safety.theme_notes) == 1 and "F1 below 0.40" in safety.theme_notes[0]
    person = next(c for c in r.chapters if c.summary.id == "person_centred_care")  # staff_attitude only
    assert person.theme_notes == ()
    html = render_html(r)
    assert '<span class="check">(less reliable)</span>' in html and "too few such comments" in html
    tops = {s.id: s.top_themes for s in r.summary}
    assert any(t.endswith(" (less reliable)") for t in tops["safety"]) and r.summary_notes
    # without a table nothing is claimed
    plain = build_report(make_coded(200), rule=NO_SUPPRESSION)
    assert all(t.check == "" for c in plain.chapters for t in c.themes)
    assert all(c.theme_notes == () for c in plain.chapters) and plain.summary_notes == ()
    assert "less reliable" not in render_html(plain)


def test_codebook_appendix_gives_each_themes_measured_agreement():
    from analysis.codebook import load_codebook
    from analysis.reliability import load_reliability

    codebook = load_codebook()
    r = build_report(make_coded(30), codebook=codebook, reliability=load_reliability(codebook=codebook))
    assert r.codebook.columns[-1] == "Coding agreement (F1)"
    cell = {row[0]: row[-1] for row in r.codebook.rows}
    assert cell[codebook.themes["staff_manner"].name] == "0.88 (n=777)"  # 0.8849 with codebook 2026.20
    assert cell[codebook.themes["family_carers"].name] == "0.16 (n=15); less reliable"
    assert cell[codebook.themes["honesty_clarity"].name] == (
        "0.12 (n=31, real comments coded by a reviewer); less reliable"
    )
    assert cell[codebook.themes["staff_culture"].name] == (
        "too few to measure (n=2, real comments coded by a reviewer); less reliable"
    )
    unmeasured = [t.name for t in codebook.themes.values() if cell[t.name] == "not measured; less reliable"]
    assert unmeasured and codebook.themes["staff_manner"].name not in unmeasured
    # codebook 2026.19's partnership theme came after the reviewer-coded comments: not measured
    assert "Staff pay, conditions and wellbeing" in unmeasured
    assert "cross-validation" in r.codebook.note and "held-out test set" in r.codebook.note
    assert build_report(make_coded(30), codebook=codebook).codebook.columns[-1] == "Quality domains"


def test_a_share_hidden_for_its_small_remainder_hides_a_second_group_too():
    # The reviewer's case: overall 57% of 49 positive is published; See and Convey 7 of 17 and
    # 111 13 of 22 shown would give PTS's 8 of 10 (and its remainder of 2) back by subtraction.
    from analysis.report.build import _group_table

    groups = pd.DataFrame(
        {
            "group": ["111", "See and Convey", "PTS"],
            "n": [60, 50, 40],
            "x": [30, 25, 20],
            "pos_n": [22, 17, 10],
            "pos_x": [13, 7, 8],
            "pos_gap": [0.1, -0.2, 0.3],
            "pos_p": [0.3, 0.2, 0.1],
        }
    )
    table = _group_table("By service", groups, SuppressionRule(), has_scores=False)
    score = {row[0]: row[4] for row in table.rows}
    assert score == {"111": "59%", "See and Convey": "*", "PTS": "*"}
    gap = {row[0]: row[5] for row in table.rows}
    assert gap["See and Convey"] == "*" and gap["111"] != "*"


def test_fft_group_share_hidden_for_its_remainder_hides_a_second_group():
    from analysis.report.build import _fft_table

    fft = pd.DataFrame(
        {"fft": ["1"] * 13 + ["5"] * 9 + ["1"] * 7 + ["5"] * 10 + ["1"] * 8 + ["5"] * 2,
         "service": ["111"] * 22 + ["See and Convey"] * 17 + ["PTS"] * 10}
    )
    table = _fft_table(fft, ["service"], SuppressionRule())
    rows = {row[0]: row[2:] for row in table.rows}
    assert rows["Service: PTS"] == ("*", "*")
    assert rows["Service: See and Convey"] == ("*", "*")  # next-smallest answers: hidden with it
    assert rows["Service: 111"][0] == "59%"


def test_positive_and_negative_shares_never_leave_a_small_remainder_together():
    # The second reviewer's case: "32% positive and 61% negative" of 38 said exactly 3 were neither.
    coded = _one_theme(["positive"] * 12 + ["negative"] * 23 + ["neutral"] * 2 + ["mixed"])
    s = next(x for x in build_report(coded).summary if x.id == "safety")
    # neutral 2 + mixed 1 is itself small, so a third cell (positive, the smallest) is hidden as
    # in the theme table, and % negative would leave the 3: nothing of the split is published
    assert (s.score_text, s.positive_text, s.negative_text) == ("*", "*", "*")
    wider = _one_theme(["positive"] * 12 + ["negative"] * 21 + ["neutral"] * 5)
    s = next(x for x in build_report(wider).summary if x.id == "safety")
    assert (s.positive_text, s.negative_text) == ("32%", "55%")


def test_fft_negative_share_hidden_when_it_leaves_few_neither_or_dont_know():
    from analysis.report.build import _fft_table

    fft = pd.DataFrame({"fft": ["1"] * 219 + ["5"] * 10 + ["3"] * 2, "service": ["PTS"] * 231})
    row = _fft_table(fft, [], SuppressionRule()).rows[0]
    assert row == ("All", "231", "95%", "*")
    fft = pd.DataFrame({"fft": ["1"] * 215 + ["5"] * 10 + ["3"] * 6})
    assert _fft_table(fft, [], SuppressionRule()).rows[0] == ("All", "231", "93%", "4%")


def test_summary_opens_with_the_friends_and_family_test():
    coded = make_coded(120)
    fft = pd.DataFrame({"fft": ["1"] * 100 + ["2"] * 4 + ["5"] * 16})
    base = pd.DataFrame({"fft": ["1"] * 80 + ["5"] * 20})
    r = build_report(coded, fft=fft, baseline_fft=base, context=ReportContext(baseline_name="2021-22 baseline"))
    assert r.fft_headline == (
        "Friends and Family Test: 87% of 120 answers rated the service very good or good "
        "(2021-22 baseline: 80%). The scores below come from comments and are not comparable with it."
    )
    assert r.fft_headline in render_html(r)
    assert build_report(coded).fft_headline == ""
    few = build_report(coded, fft=pd.DataFrame({"fft": ["1"] * 6}))
    assert few.fft_headline == (
        "Friends and Family Test: the share who rated the service positively is not published (too few answers)."
    )
    # a new user's 23 answers read "too few answers"; it was the 3 others the share would give away
    nearly_all = build_report(coded, fft=pd.DataFrame({"fft": ["1"] * 20 + ["4"] * 3}))
    assert nearly_all.fft_headline == (
        "Friends and Family Test: the share who rated the service positively is not published (fewer than 5 "
        "answers were anything else, which the share would give away)."
    )


def test_breakdown_rows_cover_every_comment_so_no_small_group_is_left_to_subtraction():
    # A tester's cases: 21 services (one past the largest 20) and comments with no service.
    coded = _one_theme(["positive"] * 10 + ["negative"] * 10, service=["S0"] * 20)
    parts = [coded] + [
        _one_theme(["positive"] * 10 + ["negative"] * 10, service=[f"S{i}"] * 20) for i in range(1, 20)
    ]
    small = _one_theme(["positive"] * 3 + ["negative"] * 9, service=["S20"] * 12)
    none = _one_theme(["positive"] * 3 + ["negative"] * 10, service=[None] * 13)
    coded = pd.concat([*parts, small, none], ignore_index=True)
    r = build_report(coded, group_columns=["service"])
    table = next(c for c in r.chapters if c.summary.id == "safety").breakdowns[0]
    rows = {row[0]: row for row in table.rows}
    assert "Other groups" in rows and "Not answered" in rows
    assert "the rest as other groups" in table.caption
    assert rows["Other groups"][4] == "*" and rows["Not answered"][4] == "*"  # 3 positive each: hidden
    # the rows' scored comments add up to the priority's: nothing left to subtract
    assert sum(int(row[3]) for row in table.rows) == 20 * 20 + 12 + 13
    assert (rows["Other groups"][3], rows["Not answered"][3]) == ("12", "13")


def test_scored_comments_hidden_with_a_hidden_share_on_the_priority():
    # A tester's case: A has 10 comments, 8 on safety (all scored): "80%" is hidden for its
    # remainder of 2, and the scored count of 8 beside it would give it back.
    from analysis.report.build import _group_table

    groups = pd.DataFrame(
        {
            "group": ["A", "B", "C"], "n": [10, 30, 40], "x": [8, 15, 20], "pos_n": [8, 15, 20],
            "pos_x": [6, 8, 10], "pos_gap": [0.1, 0.0, -0.1], "pos_p": [0.5, 0.9, 0.5],
        }
    )
    rows = {row[0]: row for row in _group_table("By service", groups, SuppressionRule(), has_scores=False).rows}
    assert rows["A"][2] == "*" and rows["A"][3] == "*" and rows["A"][4] == "*"
    assert rows["C"][2] == "50%" and rows["C"][3] == "20"


def test_group_spellings_that_differ_only_in_spaces_are_one_group_in_every_table():
    coded = _one_theme(["positive"] * 43, service=["Ward A"] * 40 + ["Ward  A"] * 3)
    coded = pd.concat([coded, _one_theme(["negative"] * 20, service=["Ward B"] * 20)], ignore_index=True)
    fft = pd.DataFrame({"fft": ["1"] * 63, "service": coded["service"]})
    r = build_report(coded, group_columns=["service"], fft=fft)
    breakdown = {row[0]: row[1] for row in r.chapters[0].breakdowns[0].rows}
    assert breakdown == {"Ward A": "43", "Ward B": "20"}
    fft_rows = [row[0] for row in next(t for t in r.respondent_tables if t.caption == "Friends and Family Test").rows]
    assert fft_rows.count("Service: Ward A") == 1


def test_fft_group_rows_show_both_shares_or_neither():
    # A tester's case: A 8 very good + 2 very poor, B 12 very good, C 20 + 20. Before, A was
    # hidden, B's % positive and C's % negative too, and B's 0% negative and C's 50% positive
    # with the overall row solved A exactly (8 and 2).
    from analysis.report.build import _fft_table

    fft = pd.DataFrame(
        {"fft": ["1"] * 8 + ["5"] * 2 + ["1"] * 12 + ["1"] * 20 + ["5"] * 20,
         "service": ["A"] * 10 + ["B"] * 12 + ["C"] * 40}
    )
    rows = {row[0]: row[2:] for row in _fft_table(fft, ["service"], SuppressionRule()).rows}
    assert rows["Service: A"] == ("*", "*")
    for positive, negative in rows.values():
        assert positive != "*" or negative == "*"  # a hidden % positive hides its % negative
    assert sum(v[0] == "*" for v in rows.values()) >= 2 and sum(v[1] == "*" for v in rows.values()) >= 2


def test_workshop_channel_never_hides_another_channel_in_a_breakdown():
    # A second tester's case: online 60 comments (30 on safety), paper 20 (3), workshop 12 (5).
    # The breakdown hid paper's 3 with the workshop row as its partner, but the workshops chapter
    # prints the workshop's 5 on safety, so paper = 38 - 30 - 5 = 3 came back.
    labels = ["positive"] * 92
    coded = _one_theme(labels)
    coded["channel"] = ["online"] * 60 + ["paper"] * 20 + ["workshop"] * 12
    on_safety = [i < 30 or 60 <= i < 63 or 80 <= i < 85 for i in range(92)]
    for i in range(92):
        if not on_safety[i]:
            coded.at[i, "priorities"] = ["flexibility"]
            coded.at[i, "priority_reasons"] = {"flexibility": ["feeling_safe"]}
    r = build_report(coded, group_columns=["channel"])
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    rows = {row[0]: row for row in safety.breakdowns[0].rows}
    assert rows["Paper form"][2] == "*"  # 3 of 20: a small count
    assert rows["Online"][2] == "*"  # the partner is online, not the workshop row
    assert rows["Co-production workshop"][2] == "42%"  # its 5 are printed in the workshops chapter
    assert dict(r.workshop_table.rows)["Safety"] == "5"


def test_third_round_of_subtraction_attacks():
    # 1. Responses by channel: 233 = 200 online + "*" paper + "*" workshop, and the workshops
    #    chapter prints 30 contributions, so paper's 3 came back. The workshop row never partners.
    coded = make_coded(233)
    coded["channel"] = ["online"] * 200 + ["paper"] * 3 + ["workshop"] * 30
    r = build_report(coded, group_columns=["channel"])
    by_channel = {row[0]: row[1] for row in next(t for t in r.respondent_tables if "channel" in t.caption).rows}
    assert by_channel["Co-production workshop"] == "30" and by_channel["Paper form"] == "*"
    assert by_channel["Online"] == "*"
    # 2. A group's scored comments hidden alone beside a published priority total: B's 10 came
    #    back as 50 - 40 - 0. At least two are hidden now.
    coded = _one_theme(["positive"] * 20 + ["negative"] * 20 + ["positive"] * 10 + ["negative"] * 97,
                       service=["A"] * 40 + ["B"] * 10 + ["A"] * 60 + ["B"] * 2 + ["C"] * 15 + ["A"] * 20)
    coded = coded.iloc[:127].copy()
    for i in range(50, 127):
        coded.at[i, "priorities"] = ["flexibility"]
        coded.at[i, "priority_reasons"] = {"flexibility": ["feeling_safe"]}
    safety = next(c for c in build_report(coded, group_columns=["service"]).chapters if c.summary.id == "safety")
    scored = [row[3] for row in safety.breakdowns[0].rows]
    assert scored.count("*") != 1
    # 3. The trend description does not name a busiest month whose count is hidden.
    coded = make_coded(42)
    coded["submitted_at"] = pd.to_datetime(["2025-01-10"] * 2 + ["2025-02-10"] * 20 + ["2025-03-10"] * 20, utc=True)
    chart = build_report(coded, date_column="submitted_at").trend_chart
    hidden = [month for month, n in chart.table.rows if n == "*"]
    assert hidden and not any(f"was {month}" in chart.alt for month in hidden)



def test_priority_shares_hide_what_its_only_themes_table_hides():
    # A fourth tester's case: the theme table hid negative (6) as the partner of neutral (3), but
    # the headline and summary printed "14% negative" of the same 44 comments: neutral = 3.
    coded = _one_theme(["positive"] * 20 + ["negative"] * 6 + ["neutral"] * 3 + ["mixed"] * 15)
    r = build_report(coded)
    s = next(x for x in r.summary if x.id == "safety")
    theme = next(c for c in r.chapters if c.summary.id == "safety").themes[0]
    assert (theme.negative, theme.neutral) == ("*", "*")
    assert s.negative_text == "*" and s.positive_text == "45%"
    assert "14%" not in next(c for c in r.chapters if c.summary.id == "safety").headline


def test_a_group_with_answers_but_no_comments_keeps_its_row():
    # A fourth tester's case: 300 respondents answered a question tagged to safety (A 180, B 117,
    # C 3) but only A and B left comments. C had no row in the chapter's table, so its 3 answers
    # were 300 - 180 - 117.
    coded = _one_theme(["positive"] * 100 + ["negative"] * 100, service=["Ward A"] * 120 + ["Ward B"] * 80)
    service = ["Ward A"] * 180 + ["Ward B"] * 117 + ["Ward C"] * 3
    scored = pd.DataFrame(
        {
            "response_id": range(300), "priority": "safety", "service": service,
            "positive": [i % 2 == 0 for i in range(300)], "negative": [i % 2 == 1 for i in range(300)],
        }
    )
    r = build_report(coded, scored=scored, group_columns=["service"])
    table = next(c for c in r.chapters if c.summary.id == "safety").breakdowns[0]
    answers = {row[0]: row[3] for row in table.rows}
    # Ward C had no comments, so it is not among the largest groups by comments: "Other groups"
    assert answers == {"Ward A": "180", "Ward B": "*", "Other groups": "*"}


def _two_themes(labels: list[str], second: range) -> pd.DataFrame:
    coded = _one_theme(labels)
    for i in second:
        coded.at[i, "themes"] = ["second_theme"]
        coded.at[i, "priority_reasons"] = {"safety": ["second_theme"]}
    return coded


def test_a_priority_total_less_its_shown_themes_never_gives_a_hidden_theme_cell():
    # A fifth tester's cases. (1) 90 comments "24% negative" (22) less the first theme's 33% of
    # 60 (20) gave the second theme's hidden negatives: 2.
    labels = ["positive"] * 30 + ["negative"] * 20 + ["neutral"] * 10 + ["positive"] * 20 + ["negative"] * 2 + ["mixed"] * 8
    r = build_report(_two_themes(labels, range(60, 90)))
    themes = {t.id: t for t in next(c for c in r.chapters if c.summary.id == "safety").themes}
    s = next(x for x in r.summary if x.id == "safety")
    second, first = themes["second_theme"], themes["feeling_safe"]
    assert second.negative == "*"
    # the first theme's negatives are hidden too, or the priority's negatives are
    assert first.negative == "*" or s.negative_text == "*"
    # (2) a theme shown as "<5" in a priority of 50 beside one of 46 was 4
    r = build_report(_two_themes(["positive"] * 46 + ["negative"] * 4, range(46, 50)))
    counts = {t.id: t.count_text for t in next(c for c in r.chapters if c.summary.id == "safety").themes}
    assert counts == {"feeling_safe": "*", "second_theme": "*"}


def test_a_hidden_theme_count_hides_its_sentiment_shares():
    # A sixth tester's case: counts 70, "*", "*" of 95; the second row's 55% / 0% / 45% / 0%
    # fitted only 22 of the 21-24 possible, so the third theme's count was 25 - 22 = 3.
    labels = (["positive"] * 10 + ["neutral"] * 30 + ["negative"] * 20 + ["mixed"] * 10
              + ["positive"] * 12 + ["negative"] * 10 + ["positive"] * 3)
    coded = _two_themes(labels, range(70, 92))
    for i in range(92, 95):
        coded.at[i, "themes"] = ["third_theme"]
        coded.at[i, "priority_reasons"] = {"safety": ["third_theme"]}
    themes = {t.id: t for t in next(c for c in build_report(coded).chapters if c.summary.id == "safety").themes}
    for tid in ("second_theme", "third_theme"):
        t = themes[tid]
        assert t.count_text == "*"
        assert (t.positive, t.neutral, t.negative, t.mixed) == ("*", "*", "*", "*")
    assert themes["feeling_safe"].count_text == "70"


# The seventh round of attack (2026-11-30): five ways round the rules, each now a test.
def _tables(r, caption: str):
    tables = [*r.respondent_tables, *(b for c in r.chapters for b in c.breakdowns)]
    return [t for t in tables if t.caption.startswith(caption)]


def test_hidden_rows_follow_the_shown_ones_by_name_not_by_size():
    # Largest first, a "*" between 10 and nothing said it was at least 10: 51 - 40 = 11 was
    # then 10 + 1. Hidden rows now come after the shown ones, by name.
    coded = make_coded(53)
    coded["ethnicity"] = ["Asian"] * 30 + ["White"] * 12 + ["Mixed"] * 10 + ["Black"] * 1
    r = build_report(coded, group_columns=["ethnicity"])
    rows = _tables(r, "Responses by ethnicity")[0].rows
    assert [(g, n) for g, n, _ in rows] == [("Asian", "30"), ("White", "12"), ("Black", "*"), ("Mixed", "*")]
    for table in _tables(r, "By ethnicity"):
        shown = [row[0] for row in table.rows if row[1] not in ("*", "<5")]
        assert [row[0] for row in table.rows][: len(shown)] == shown


def test_values_that_read_alike_are_one_group_in_every_table():
    # "Ward_A" read "Ward A" in the who-responded table (23) but was its own row elsewhere
    # (20 and *): 23 - 20 gave the hidden 3.
    coded = make_coded(40)
    coded["service"] = ["Ward A"] * 20 + ["Ward_A"] * 2 + ["ward a"] + ["Ward B"] * 17
    fft = pd.DataFrame({"fft": ["1"] * 40, "service": coded["service"]})
    r = build_report(coded, fft=fft, group_columns=["service"])
    assert [row[:2] for row in _tables(r, "Responses by service")[0].rows] == [("Ward A", "23"), ("Ward B", "17")]
    fft_rows = [row[:2] for row in r.respondent_tables[-1].rows]
    assert fft_rows[1:] == [("Service: Ward A", "23"), ("Service: Ward B", "17")]
    assert all([row[0] for row in t.rows] == ["Ward A", "Ward B"] for t in _tables(r, "By service"))


def test_a_recorded_not_answered_is_the_not_answered_row():
    # A stored "Not answered" stood beside the row of missing values: two rows of that name,
    # and the total minus the rest gave their sum (3).
    coded = make_coded(48)
    coded["sex"] = ["Female"] * 25 + ["Male"] * 20 + ["Not answered", "not answered ", None]
    r = build_report(coded, group_columns=["sex"])
    assert [row[0] for row in _tables(r, "Responses by sex")[0].rows] == ["Female", "Male", "Not answered"]
    for table in _tables(r, "By sex"):
        assert [row[0] for row in table.rows].count("Not answered") == 1


def test_every_table_lumps_the_same_groups_and_never_says_how_many():
    # "6 others | 6" said each was 1, and the FFT table, which listed every group, named them.
    coded = make_coded(212)
    coded["team"] = [f"Team {chr(65 + i)}" for i in range(20) for _ in range(10)] + ["Team U"] * 6 + [
        f"Unit {i}" for i in range(1, 7)
    ]
    fft = pd.DataFrame({"fft": ["1", "5", "3", "2"] * 53, "team": coded["team"]})
    r = build_report(coded, fft=fft, group_columns=["team"])
    resp = _tables(r, "Responses by team")[0]
    assert len(resp.rows) == 21 and resp.rows[-1][:2] == ("Other groups", "12")
    fft_groups = [row[0] for row in r.respondent_tables[-1].rows[1:]]
    assert len(fft_groups) == 21 and fft_groups[-1] == "Team: Other groups"
    assert "Team: Unit 1" not in fft_groups
    assert not any(ch.isdigit() for t in _tables(r, "By team") for ch in t.caption.replace("20", ""))


def test_hidden_fft_rows_never_pool_to_a_unanimous_or_small_share():
    # All 62, 63% positive; Day unit 50, 54%: the hidden Night unit (9) and Outreach (3) were
    # then 12 of 12 positive. Now Day unit's shares are hidden too.
    from analysis.report.build import _fft_table

    day = ["1"] * 27 + ["4"] * 9 + ["3"] * 14
    fft = pd.DataFrame({"fft": day + ["1"] * 12, "unit": ["Day unit"] * 50 + ["Night unit"] * 9 + ["Outreach"] * 3})
    rows = {row[0]: row[1:] for row in _fft_table(fft, ["unit"], SuppressionRule()).rows}
    assert rows["All"] == ("62", "63%", "15%")
    assert rows["Unit: Day unit"] == ("50", "*", "*")
    # one answer in the hidden units not positive: 11 of 12 pooled, a small remainder too
    fft.loc[50, "fft"] = "3"
    rows = {row[0]: row[1:] for row in _fft_table(fft, ["unit"], SuppressionRule()).rows}
    assert rows["Unit: Day unit"][1] == "*"
    # everyone positive: the overall 100% says it already, and Day unit stays shown
    fft["fft"] = "1"
    rows = {row[0]: row[1:] for row in _fft_table(fft, ["unit"], SuppressionRule()).rows}
    assert rows["Unit: Day unit"] == ("50", "100%", "0%")


# The eighth round of attack (2026-11-30): four more, each now a test.
def _groups_frame(n, x, pos_n, pos_x):
    return pd.DataFrame(
        {
            "group": ["Ward A", "Ward B", "Ward C"], "n": n, "x": x, "pos_n": pos_n, "pos_x": pos_x,
            "pos_gap": [0.1, 0.1, 0.1], "pos_p": [0.5, 0.5, 0.5],
        }
    )


def test_a_gap_never_gives_back_a_hidden_overall_score():
    # 41 of 44 positive is hidden (3 not positive); Ward A's 20 of 20 and its gap against the
    # other 24 (+12 points) gave the rest's 21, so the overall 41, back. With the overall share
    # hidden every group's is hidden too (a ninth tester: any shown group's positives put a
    # floor under the hidden overall count).
    from analysis.report.build import _group_table

    frame = _groups_frame([20, 11, 13], [20, 11, 13], [20, 11, 13], [20, 8, 13])
    table = _group_table("By service", frame, SuppressionRule(), has_scores=False)
    assert {r[0]: r[4:] for r in table.rows} == dict.fromkeys(["Ward A", "Ward B", "Ward C"], ("*", "*", "–"))
    # hidden in the summary (a partner of its 1 mixed comment) though publishable here
    frame = _groups_frame([20, 17, 0], [20, 17, 0], [20, 17, 0], [6, 0, 0])
    table = _group_table("By service", frame, SuppressionRule(), has_scores=False, overall_hidden=True)
    assert [r[4] for r in table.rows if r[0] != "Ward C"] == ["*", "*"]


def test_hidden_breakdown_rows_never_pool_to_a_small_remainder():
    # 44 of 66 comments on the priority (published) less Ward A's 20 of 40 left Wards B and C
    # 24 of 26: 2 comments not on it. Ward A's share is hidden with theirs.
    from analysis.report.build import _group_table

    frame = _groups_frame([40, 12, 14], [20, 11, 13], [20, 11, 13], [10, 6, 7])
    table = _group_table("By service", frame, SuppressionRule(), has_scores=False)
    assert {r[0]: r[2] for r in table.rows} == {"Ward A": "*", "Ward B": "*", "Ward C": "*"}


def test_hidden_fft_rows_never_pool_to_a_small_neither():
    # Bravo's and Charlie's % negative hidden, their % positive shown: with the overall row
    # their pooled "neither / don't know" was 35 - 18 - 13 = 4. One more row is hidden.
    from analysis.report.build import _fft_table

    def answers(pos, neg, neither):
        return ["1"] * pos + ["5"] * neg + ["3"] * neither

    fft = pd.DataFrame(
        {
            "fft": answers(20, 12, 8) + answers(10, 8, 2) + answers(8, 5, 2),
            "unit": ["Alpha"] * 40 + ["Bravo"] * 20 + ["Charlie"] * 15,
        }
    )
    rows = {row[0]: row[1:] for row in _fft_table(fft, ["unit"], SuppressionRule()).rows}
    assert rows["All"] == ("75", "51%", "33%")
    assert rows["Unit: Bravo"][2] == rows["Unit: Charlie"][2] == "*"
    shown_neg = [k for k, v in rows.items() if k != "All" and v[2] != "*"]
    assert shown_neg == []  # with Alpha's % negative left, 25 - 12 = 13 pinned the rest


def test_a_groups_comments_are_hidden_where_its_responses_are():
    # Responses: A 50, B *, C * (58 in all). Ward C's 7 comments in a breakdown put a floor of 7
    # under its responses, so B was 1. C's comments are hidden too, and B gets a row.
    coded = make_coded(58)
    coded["service"] = ["Ward A"] * 50 + ["Ward B"] + ["Ward C"] * 7
    coded.loc[50, "redacted_text"] = ""
    r = build_report(coded, group_columns=["service"])
    assert [row[:2] for row in _tables(r, "Responses by service")[0].rows] == [
        ("Ward A", "50"), ("Ward B", "*"), ("Ward C", "*")
    ]
    for table in _tables(r, "By service"):
        counts = {row[0]: row[1] for row in table.rows}
        assert counts["Ward C"] == "*" and counts["Ward B"] == "0"


# The ninth round of attack (2026-11-30): five more, each now a test.
def _coded_with(themes_by_comment: list[tuple[str, list[str]]], labels: list[str] | None = None) -> pd.DataFrame:
    """One comment per (theme, priorities) pair, coded to that theme and those priorities."""
    n = len(themes_by_comment)
    coded = make_coded(n)
    coded["themes"] = [[t] for t, _ in themes_by_comment]
    coded["priorities"] = [list(ps) for _, ps in themes_by_comment]
    coded["priority_reasons"] = [{p: [t] for p in ps} for t, ps in themes_by_comment]
    coded["sentiment_label"] = labels or ["negative"] * n
    coded["urgent"] = False
    return coded


def test_a_theme_hidden_in_one_chapter_is_hidden_in_every_chapter():
    # Safety: staff 10, diagnosis <5, timeliness * (19 in all); Outcomes printed timeliness's 6,
    # so 19 - 10 - 6 gave diagnosis's 3.
    coded = _coded_with(
        [("staffing", ["safety"])] * 10 + [("diagnosis", ["safety"])] * 3
        + [("timeliness", ["safety", "outcomes_focussed_care"])] * 6 + [("impact", ["outcomes_focussed_care"])] * 5
    )
    r = build_report(coded)
    rows = {c.summary.id: {t.id: t.count_text for t in c.themes} for c in r.chapters}
    assert rows["safety"]["diagnosis"] == "*" and rows["safety"]["timeliness"] == "*"
    assert rows["outcomes_focussed_care"]["timeliness"] == "*"
    assert rows["outcomes_focussed_care"]["impact"] == "*"  # else 11 - 5 gives timeliness back


def test_the_summary_names_top_themes_in_the_chapters_order():
    # Two "*" themes of 6 are 5 and 1; ranked by count, the summary said which was the 5.
    coded = _coded_with(
        [("staffing", ["safety"])] * 10 + [("zdiagnosis", ["safety"])] * 5 + [("cleanliness", ["safety"])]
    )
    r = build_report(coded)
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    assert [t.count_text for t in safety.themes] == ["*", "*", "*"]  # 16 = 10 + 5 + 1: all hidden
    assert [t.id for t in safety.themes] == ["cleanliness", "staffing", "zdiagnosis"]
    summary = next(s for s in r.summary if s.id == "safety")
    # every count hidden: the first two by name would read as the largest (a new user's "Care
    # plans; Food and drink"), so none is named
    assert summary.top_themes == ("not shown (small numbers)",)


def test_the_summary_names_only_themes_whose_counts_are_shown():
    coded = _coded_with([("staffing", ["safety"])] * 30 + [("cleanliness", ["safety"])] * 20 + [("zdiagnosis", ["safety"])] * 2)
    r = build_report(coded)
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    shown = [t.id for t in safety.themes if t.count_text.isdigit()]
    summary = next(s for s in r.summary if s.id == "safety")
    assert summary.top_themes == tuple(next(t.name for t in safety.themes if t.id == i) for i in shown[:2])
    assert "zdiagnosis" not in " ".join(summary.top_themes)


def test_nested_groups_get_secondary_suppression_within_each_parent():
    # Services S1 30 and S2 40 shown; teams T1a 27 shown, T1b 3 hidden: 30 - 27 gave T1b back.
    coded = make_coded(70)
    coded["service"] = ["S1"] * 30 + ["S2"] * 40
    coded["team"] = ["T1a"] * 27 + ["T1b"] * 3 + ["T2a"] * 20 + ["T2b"] * 20
    fft = pd.DataFrame({"fft": ["1"] * 70, "service": coded["service"], "team": coded["team"]})
    r = build_report(coded, fft=fft, group_columns=["service", "team"])
    teams_table = _tables(r, "Responses by team")[0]
    teams = {row[0]: row[1] for row in teams_table.rows}
    assert teams["T1b"] == "*" and teams["T1a"] == "*"
    assert "no breakdowns or Friends and Family Test rows by team" in teams_table.note
    # A tenth tester: with every team at 5 or more responses, a team's 3 comments and 3 FFT
    # answers were S1's 28 less T1a's 25. A nested column has no breakdowns or FFT rows.
    fft_rows = [row[0] for row in r.respondent_tables[-1].rows]
    assert not any(g.startswith("Team:") for g in fft_rows) and "Service: S1" in fft_rows
    assert _tables(r, "By team") == [] and _tables(r, "By service")


# The tenth round of attack (2026-11-30).
def test_a_change_never_gives_back_a_baseline_count_its_own_report_hid():
    # The baseline's own report hid its 6 positive as the partner of 1 mixed; "+41 points" from
    # 15 of 26 fitted only 6 of 37.
    base = _one_theme(["positive"] * 6 + ["neutral"] * 10 + ["negative"] * 20 + ["mixed"])
    cur = _one_theme(["positive"] * 15 + ["negative"] * 11)
    r = build_report(cur, baseline_coded=base, context=ReportContext(baseline_name="B"))
    safety = next(s for s in r.summary if s.id == "safety")
    assert safety.score_text == "58%" and safety.change_text == "*" and safety.direction == "*"


def test_responses_with_no_date_are_a_row_of_the_trend_table():
    # The months added up to 47 of 50 published responses: 3 had no date.
    coded = make_coded(50)
    coded["submitted_at"] = pd.to_datetime(
        ["2025-01-10"] * 20 + ["2025-02-10"] * 15 + ["2025-03-10"] * 12 + [None] * 3, utc=True
    )
    r = build_report(coded, date_column="submitted_at")
    assert r.trend_chart.table.rows == (("Jan 2025", "20"), ("Feb 2025", "15"), ("Mar 2025", "*"), ("No date", "*"))


# The eleventh round of attack (2026-11-30).
def test_quotes_name_no_audience_whose_count_is_hidden():
    # Seven quotes "from staff" beside a hidden staff count put a floor of 7 under it, and the
    # other hidden audience was then 1.
    coded = _one_theme(["positive"] * 70)
    coded["audience"] = ["people_who_use_services"] * 62 + ["staff"] * 7 + ["carers"]
    coded.loc[coded.index[:55], "urgent"] = True  # never quoted: staff comments are among the quotes
    r = build_report(coded, group_columns=["audience"])
    audience = {row[0]: row[1] for row in _tables(r, "Responses by audience")[0].rows}
    assert audience["Staff in partner organisations"] == "*"
    sources = {q.source for c in r.chapters for t in c.themes for q in t.quotes}
    # quoted, and no quote names an audience: had the others kept theirs, the unlabelled ones
    # would be the hidden audiences' (a progress check)
    assert sources == {""}


def test_a_column_answered_within_one_group_of_another_is_nested():
    # Role asked of staff only: staff 23 less nurse 20 gave the hidden healthcare assistants' 3.
    coded = make_coded(29)
    coded["audience"] = ["staff"] * 23 + ["carers"] * 6
    coded["role"] = ["Nurse"] * 20 + ["Healthcare assistant"] * 3 + [None] * 6
    r = build_report(coded, group_columns=["audience", "role"])
    roles = {row[0]: row[1] for row in _tables(r, "Responses by role")[0].rows}
    assert roles["Nurse"] == "*" and roles["Healthcare assistant"] == "*"


# The twelfth round of attack (2026-11-30).
def test_a_priority_with_one_theme_hides_what_that_theme_hides():
    # Outcomes' only theme is timeliness; Safety hid timeliness's negative share (a partner of
    # diagnosis's 2 neutral), yet Outcomes' headline printed "57% negative" of the same 70.
    labels = ["positive"] * 20 + ["neutral"] * 10 + ["negative"] * 40 + ["neutral"] * 2 + ["negative"] * 10
    coded = _coded_with(
        [("timeliness", ["safety", "outcomes_focussed_care"])] * 70 + [("diagnosis", ["safety"])] * 12, labels
    )
    r = build_report(coded)
    outcomes = next(c for c in r.chapters if c.summary.id == "outcomes_focussed_care")
    theme = outcomes.themes[0]
    assert theme.id == "timeliness" and theme.negative == "*"
    assert outcomes.summary.negative_text == "*" and "% negative" not in outcomes.headline
    assert next(s for s in r.summary if s.id == "outcomes_focussed_care").negative_text == "*"


def test_scored_comments_and_answers_are_hidden_where_responses_are():
    # "Answers 20" for a group whose responses were hidden put a floor of 20 under them.
    from analysis.report.build import _group_table

    frame = _groups_frame([100, 20, 3], [50, 20, 3], [50, 20, 3], [30, 12, 2]).assign(
        score_n=[125, 20, 25], score_pos=[90, 14, 15], score_resp=[100, 20, 20], score_gap=[0.1, 0.1, 0.1],
        score_p=[0.5, 0.5, 0.5]
    )
    table = _group_table("By sex", frame, SuppressionRule(), has_scores=True, linked_hidden=[False, True, True])
    rows = {r[0]: r for r in table.rows}
    assert rows["Ward B"][1] == "*" and rows["Ward B"][3] == "*"  # comments, and answers


def test_a_score_from_fewer_than_ten_respondents_is_hidden_however_many_answers():
    # a new user's "Paper form: answers 12, score 50%" came from 6 people answering two
    # questions; the cover promises "*" below 10 responses. With the overall score published,
    # a second group is hidden beside it (else the overall less the shown rows gives it back).
    from analysis.report.build import _group_table

    frame = _groups_frame([40, 6, 20], [30, 5, 15], [30, 5, 15], [20, 3, 10]).assign(
        score_n=[80, 12, 40], score_pos=[50, 6, 24], score_resp=[40, 6, 20], score_gap=[0.1, 0.1, 0.1],
        score_p=[0.5, 0.5, 0.5]
    )
    rows = {r[0]: r for r in _group_table("By channel", frame, SuppressionRule(), has_scores=True).rows}
    assert rows["Ward B"][3] == "12" and rows["Ward B"][4] == "*" and rows["Ward B"][5] == "*"
    assert rows["Ward C"][4] == "*" and rows["Ward A"][4] == "62%"
    frame["score_resp"] = [40, 10, 20]  # ten people: shown
    rows = {r[0]: r for r in _group_table("By channel", frame, SuppressionRule(), has_scores=True).rows}
    assert rows["Ward B"][4] == "50%" and rows["Ward C"][4] == "60%"


def test_quotes_name_no_audience_a_priority_breakdown_hides():
    # All three audiences shown in the who-responded table, but carers' comments on Safety
    # hidden in its breakdown: four quotes "from carers" said there were at least 4.
    coded = _coded_with(
        [("feeling_safe", ["safety"])] * 40 + [("staff_attitude", ["culture"])] * 10
        + [("feeling_safe", ["safety"])] * 4 + [("staff_attitude", ["culture"])] * 8
        + [("feeling_safe", ["safety"])] * 1 + [("staff_attitude", ["culture"])] * 11,
        ["positive"] * 74,
    )
    coded["audience"] = ["people_who_use_services"] * 50 + ["carers"] * 12 + ["staff"] * 12
    coded.loc[coded.index[:40], "urgent"] = True  # so that the quotes on Safety are the others
    r = build_report(coded, group_columns=["audience"])
    assert all(row[1] != "*" for row in _tables(r, "Responses by audience")[0].rows)
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    by_audience = {row[0]: row for row in next(b for b in safety.breakdowns if b.caption == "By audience").rows}
    assert by_audience["Unpaid carers and families"][2] == "*"
    sources = {q.source for t in safety.themes for q in t.quotes}
    assert sources == {""}  # none labelled, so the unlabelled ones are not the carers' by elimination


def test_the_method_says_how_many_comments_were_held_as_urgent_or_not_in_english():
    # A new user: "neither report says how many comments were held back as urgent".
    coded = make_coded(200)  # every 17th comment is urgent: 12
    coded["language"] = ["other" if i in (1, 2, 3, 4, 5, 6) else "en" for i in range(200)]
    method = dict(build_report(coded).method)
    assert "12 comments in this report were flagged for urgent follow-up" in method["Quotes"]
    assert "6 comments were not in English" in method["Sentiment"]
    coded["language"] = "en"
    coded["urgent"] = False
    method = dict(build_report(coded).method)
    assert "urgent follow-up (" not in method["Quotes"] and "not in English:" not in method["Sentiment"]
    coded["language"] = ["other" if i in (1, 2) else "en" for i in range(200)]
    method = dict(build_report(coded).method)  # in words: "<5 comments were" read badly to a new user
    assert "Fewer than 5 comments were not in English" in method["Sentiment"]


def test_a_small_round_says_most_figures_are_suppressed():
    notes = [n for n in build_report(make_coded(30)).summary_notes if "rests on 30 responses" in n]
    # a new user's 12-response staff report was told to be read "as a record of what was said"
    # and quoted nothing: quotes need a theme with at least 10 comments
    assert len(notes) == 1 and "Comments are quoted only under a theme with at least 10 of them" in notes[0]
    assert "record of what was said" not in notes[0]
    assert not any("rests on" in n for n in build_report(make_coded(200)).summary_notes)


# The thirteenth round of attack (2026-11-30).
def test_a_priority_covered_by_one_theme_hides_what_it_hides_with_other_themes_inside():
    # Outcomes: timeliness 75 (all its comments) and impact 5, inside timeliness; Outcomes'
    # headline gave timeliness's negatives, Safety's gave them plus diagnosis's.
    labels = ["positive"] * 21 + ["neutral"] * 12 + ["negative"] * 42 + ["neutral"] * 2 + ["negative"] * 10
    coded = _coded_with(
        [("timeliness", ["safety", "outcomes_focussed_care"])] * 75 + [("diagnosis", ["safety"])] * 12, labels
    )
    for i in range(5):
        coded.at[i, "themes"] = ["timeliness", "impact"]
        coded.at[i, "priority_reasons"] = {"safety": ["timeliness"], "outcomes_focussed_care": ["timeliness", "impact"]}
    r = build_report(coded)
    outcomes = next(c for c in r.chapters if c.summary.id == "outcomes_focussed_care")
    timeliness = next(t for t in outcomes.themes if t.id == "timeliness")
    assert timeliness.negative == "*" and outcomes.summary.negative_text == "*"


def test_a_table_of_some_themes_is_suppressed_with_the_others_figures():
    # Seven Safety themes, six listed; the seventh's figures, printed in Outcomes, completed the
    # table, and with Safety's "60% negative" gave diagnosis's 2 neutral.
    themes = [("t1", ["safety"])] * 13 + [("t2", ["safety"])] * 13 + [("t3", ["safety"])] * 13
    themes += [("t4", ["safety"])] * 13 + [("t5", ["safety"])] * 13 + [("diagnosis", ["safety"])] * 13
    themes += [("seventh", ["safety", "outcomes_focussed_care"])] * 12
    labels = ["negative"] * 13 + ["negative"] * 13 + ["positive"] * 13 + ["positive"] * 13 + ["positive"] * 13
    labels += ["neutral"] * 2 + ["negative"] * 11 + ["negative"] * 12
    r = build_report(_coded_with(themes, labels))
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    diagnosis = next(t for t in safety.themes if t.id == "diagnosis")
    assert len(safety.themes) == 6 and diagnosis.neutral == "*" and diagnosis.negative == "*"
    # the seventh theme's 12 negatives are printed in Outcomes, so another listed theme's
    # negative share is hidden with diagnosis's: 54 - 13 - 12 leaves two unknowns, not one
    outcomes = next(c for c in r.chapters if c.summary.id == "outcomes_focussed_care")
    assert next(t for t in outcomes.themes if t.id == "seventh").negative == "100%"
    assert sum(t.negative == "*" for t in safety.themes) >= 2


def test_a_summary_n_never_gives_a_small_number_of_unscored_comments():
    # Comments 80, n 78: 2 comments on the priority were not in English.
    coded = _one_theme(["positive"] * 40 + ["negative"] * 38 + ["not_scored"] * 2)
    safety = next(s for s in build_report(coded).summary if s.id == "safety")
    assert safety.comments_text == "80" and safety.score_n_text == "*"
    # the interval beside the share would give n back (a disclosure tester: 40 of 78 is 51%,
    # 40-62%; of 80, 50%, 39-61%), so it is hidden with n
    assert safety.score_text == "51%" and safety.interval_text == "*"


# The fourteenth round of attack (2026-11-30).
def test_themes_that_split_a_priority_are_suppressed_as_a_breakdown_beside_one_inside_another():
    # Timeliness 86 and diagnosis 12 split Safety's 98; staffing 6 lies inside timeliness, so the
    # counts added to 104 and no column was suppressed: 56 - 46 gave diagnosis's 10 negative.
    labels = ["positive"] * 25 + ["neutral"] * 15 + ["negative"] * 46 + ["neutral"] * 2 + ["negative"] * 10
    coded = _coded_with([("timeliness", ["safety"])] * 86 + [("diagnosis", ["safety"])] * 12, labels)
    for i in range(6):
        coded.at[i, "themes"] = ["timeliness", "staffing"]
        coded.at[i, "priority_reasons"] = {"safety": ["timeliness", "staffing"]}
    r = build_report(coded)
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    rows = {t.id: t for t in safety.themes}
    assert rows["diagnosis"].negative == "*" and rows["timeliness"].negative == "*"


def test_the_method_hides_a_part_whose_rest_is_small():
    # "43 comments were analysed" and "40 were not in English" gave the 3 English ones.
    coded = make_coded(43)
    coded["language"] = ["other"] * 40 + ["en"] * 3
    method = dict(build_report(coded).method)
    assert "Some comments (how many is not shown, to protect small numbers) were not in English" in method["Sentiment"]


# The fifteenth round of attack (2026-11-30).
def test_a_theme_across_two_splitting_themes_does_not_switch_off_the_split():
    # Timeliness 86 and diagnosis 13 split Safety's 99; staffing 7 lies across both.
    labels = ["positive"] * 25 + ["neutral"] * 15 + ["negative"] * 46 + ["neutral"] * 2 + ["negative"] * 11
    coded = _coded_with([("timeliness", ["safety"])] * 86 + [("diagnosis", ["safety"])] * 13, labels)
    for i in [*range(6), 90]:
        first = coded.at[i, "themes"][0]
        coded.at[i, "themes"] = [first, "staffing"]
        coded.at[i, "priority_reasons"] = {"safety": [first, "staffing"]}
    safety = next(c for c in build_report(coded).chapters if c.summary.id == "safety")
    rows = {t.id: t for t in safety.themes}
    assert rows["diagnosis"].negative == "*" and rows["timeliness"].negative == "*"


def test_themes_with_the_same_comments_hide_alike():
    # Timeliness had the same 6 comments as competence: competence's 6, hidden as the partner
    # of feeling safe's 4, was printed on timeliness's row.
    themes = [("diagnosis", ["safety"])] * 12 + [("staffing", ["safety"])] * 10 + [("feeling_safe", ["safety"])] * 4
    themes += [("competence", ["safety", "outcomes_focussed_care"])] * 6
    coded = _coded_with(themes, ["negative"] * 32)
    for i in range(26, 32):
        coded.at[i, "themes"] = ["competence", "timeliness"]
        coded.at[i, "priority_reasons"] = {"safety": ["competence", "timeliness"], "outcomes_focussed_care": ["competence", "timeliness"]}
    r = build_report(coded)
    for chapter in r.chapters:
        rows = {t.id: t.count_text for t in chapter.themes}
        if "competence" in rows and "timeliness" in rows:
            assert rows["competence"] == rows["timeliness"]
    safety = {t.id: t.count_text for t in next(c for c in r.chapters if c.summary.id == "safety").themes}
    assert safety["feeling_safe"] in ("*", "<5") and safety["timeliness"] == "*"


def test_the_method_hides_its_counts_where_the_rest_of_both_is_small():
    # 59 analysed, 16 urgent, 40 not in English: 3 English comments not held as urgent.
    coded = make_coded(59)
    coded["language"] = ["other"] * 40 + ["en"] * 19
    coded["urgent"] = [False] * 40 + [True] * 16 + [False] * 3
    method = dict(build_report(coded).method)
    assert "Some comments (how many is not shown, to protect small numbers) were not in English" in method["Sentiment"]
    assert "Some comments (how many is not shown, to protect small numbers) in this report were flagged" in method["Quotes"]


def test_two_splits_of_a_priority_never_differ_by_one_hidden_count():
    # A sixteenth tester: {timeliness, diagnosis, equipment} and {staffing, competence,
    # diagnosis, equipment} both split Safety's 70, so timeliness 40 = staffing 37 + competence.
    themes = [("timeliness", ["safety"])] * 40 + [("diagnosis", ["safety"])] * 10 + [("equipment", ["safety"])] * 20
    coded = _coded_with(themes, ["negative"] * 70)
    for i in range(40):
        inner = "staffing" if i < 37 else "competence"
        coded.at[i, "themes"] = ["timeliness", inner]
        coded.at[i, "priority_reasons"] = {"safety": ["timeliness", inner]}
    safety = {t.id: t.count_text for t in next(c for c in build_report(coded).chapters if c.summary.id == "safety").themes}
    assert safety["competence"] in ("*", "<5")
    shown = [safety[t] for t in ("timeliness", "staffing") if safety[t] not in ("*", "<5")]
    assert len(shown) < 2  # with both shown, 40 - 37 gives competence's 3


def test_three_splits_of_a_priority_never_solve_a_hidden_count_together():
    # A seventeenth tester: three splits of Safety's 51, each pair differing by two hidden
    # themes, solved together: cleanliness = (11 + 13 - 18) / 2 = 3.
    combos = [(["competence", "diagnosis", "timeliness"], 30), (["cleanliness", "timeliness"], 3),
              (["diagnosis", "staffing"], 8), (["competence", "feeling_safe"], 10)]
    themes = [(ts[0], ["safety"]) for ts, n in combos for _ in range(n)]
    coded = _coded_with(themes, ["negative"] * 51)
    coded["themes"] = [ts for ts, n in combos for _ in range(n)]
    coded["priority_reasons"] = [{"safety": ts} for ts, n in combos for _ in range(n)]
    safety = {t.id: t.count_text for t in next(c for c in build_report(coded).chapters if c.summary.id == "safety").themes}
    assert safety["cleanliness"] == "*" and safety["competence"] == "40"
    hidden = [t for t, v in safety.items() if v == "*"]
    assert len(hidden) >= 4  # three equations, so at least four unknowns


def _safety_rows(coded: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    chapter = next(c for c in build_report(coded).chapters if c.summary.id == "safety")
    return {t.id: (t.count_text, t.positive, t.negative, t.neutral, t.mixed) for t in chapter.themes}


def _safety_cells(cells: dict[str, tuple[int, int, int, int]]) -> dict[str, tuple[str, ...]]:
    """:func:`_safety_rows` of comments with theme -> (positive, negative, neutral, mixed) counts."""
    return _safety_rows(_coded_by_group([(t, ("safety",), None, c) for t, c in cells.items()]))


def test_theme_table_rows_and_columns_never_solve_a_cell_together():
    # An eighteenth tester: four themes split Safety's 125, "32% positive and 32% negative".
    # The positive and negative columns give diagnosis + staffing 5 each, their rows 45 in all,
    # so staffing's neutral was 45 - 5 - 5 - 10 - 10 - 12 = 3 with every row and column holding
    # two hidden cells.
    rows = _safety_cells({"staffing": (2, 3, 3, 12), "diagnosis": (3, 2, 10, 10), "timeliness": (20, 15, 2, 3),
                          "competence": (15, 20, 3, 2)})
    assert rows["staffing"][3] == "*"
    # the two hidden neutral cells no longer add up to a known 13 beside a shown one
    assert rows["diagnosis"][3] == "*"
    shown = [r for r in rows.values() if r[0] != "*"]
    assert len(shown) == 4


def test_a_row_of_zeros_never_gives_away_its_one_hidden_cell():
    # An eighteenth tester: staffing's 10 comments are all negative, its negative cell was hidden
    # to protect cleanliness's 3 in that column, and 10 - 0 - 0 - 0 gave it back: then
    # 28 (31% of 90) - 15 - 10 = 3.
    rows = _safety_cells({"cleanliness": (20, 3, 10, 7), "equipment": (15, 15, 5, 5), "staffing": (0, 10, 0, 0)})
    assert rows["cleanliness"][2] == "*"
    staffing_shown = [v for v in rows["staffing"][1:] if v != "*"]
    equipment_negative = rows["equipment"][2]
    # either staffing's row keeps a second hidden cell or the column another one
    assert rows["staffing"][2] == "*" and (len(staffing_shown) < 3 or equipment_negative == "*")


def test_two_splits_never_pin_a_difference_of_two_small_counts():
    # An eighteenth tester: {cleanliness, feeling safe, diagnosis, competence} and {staffing,
    # equipment, diagnosis, competence} both split Safety's 29, so equipment - feeling safe =
    # 24 - 21 = 3, and two counts under 5 that differ by 3 are 4 and 1.
    groups = [(["staffing", "cleanliness"], 20), (["cleanliness", "equipment"], 4),
              (["staffing", "feeling_safe"], 1), (["diagnosis"], 2), (["competence"], 2)]
    coded = _coded_with([(ts[0], ["safety"]) for ts, n in groups for _ in range(n)])
    coded["themes"] = [ts for ts, n in groups for _ in range(n)]
    coded["priority_reasons"] = [{"safety": ts} for ts, n in groups for _ in range(n)]
    counts = {t: r[0] for t, r in _safety_rows(coded).items()}
    assert counts["equipment"] in ("*", "<5") and counts["feeling_safe"] in ("*", "<5")
    assert "*" in (counts["staffing"], counts["cleanliness"])  # both shown gave the difference


def test_no_quotes_under_a_hidden_theme_count():
    # An eighteenth tester: equipment and diagnosis hidden as "*" add up to 61 - 30 - 20 = 11;
    # quotes under equipment said it had at least 10 comments, so diagnosis had 1.
    coded = _coded_with(
        [("staffing", ["safety"])] * 30 + [("cleanliness", ["safety"])] * 20
        + [("equipment", ["safety"])] * 10 + [("diagnosis", ["safety"])] * 1
    )
    chapter = next(c for c in build_report(coded).chapters if c.summary.id == "safety")
    themes = {t.id: t for t in chapter.themes}
    assert themes["equipment"].count_text == "*" and themes["diagnosis"].count_text == "*"
    assert themes["equipment"].quotes == ()
    assert themes["staffing"].quotes  # shown counts keep theirs


def _report_of(cells: dict[tuple[str, tuple[str, ...]], tuple[int, int, int, int]]):
    """A report of comments with (theme, priorities) -> (positive, negative, neutral, mixed) counts."""
    return build_report(_coded_by_group([(t, ps, None, c) for (t, ps), c in cells.items()]))


def _coded_by_group(cells, column: str | None = None) -> pd.DataFrame:
    """Comments of (theme, priorities, value of ``column``, (positive, negative, neutral, mixed)
    counts); without ``column`` the values are left out."""
    themes, labels, values = [], [], []
    for t, ps, value, c in cells:
        for lab, k in zip(("positive", "negative", "neutral", "mixed"), c, strict=True):
            themes += [(t, list(ps))] * k
            labels += [lab] * k
            values += [value] * k
    coded = _coded_with(themes, labels)
    if column is not None:
        coded[column] = values
    return coded


def _published(r, pid: str, what: str) -> str:
    """A figure of the report: "positive" / "negative" of a chapter's headline, or "theme.sentiment"."""
    chapter = next(c for c in r.chapters if c.summary.id == pid)
    if "." not in what:
        return getattr(chapter.summary, f"{what}_text")
    tid, x = what.split(".")
    return getattr(next(t for t in chapter.themes if t.id == tid), x)


S, SO, O = ("safety",), ("safety", "outcomes_focussed_care"), ("outcomes_focussed_care",)


@pytest.mark.parametrize(
    ("cells", "needed"),
    [
        # A nineteenth tester's five routes; each needs every listed figure printed.
        # 0% positive: staffing's hidden positive is 0, its negative 15 - 0 - 0 - 0, diagnosis's 19 - 15 = 4
        ({("staffing", S): (0, 15, 0, 0), ("diagnosis", S): (0, 4, 13, 9)},
         [("safety", "positive"), ("safety", "negative"), ("safety", "diagnosis.positive"),
          ("safety", "staffing.neutral"), ("safety", "staffing.mixed")]),
        # two chapters: Safety's 12 positive less staffing's 7 is timeliness + competence; Outcomes' 7 less 5 = 2
        ({("staffing", S): (7, 2, 4, 7), ("timeliness", SO): (2, 13, 3, 4), ("competence", SO): (3, 10, 1, 15),
          ("impact", O): (2, 7, 8, 3)},
         [("safety", "positive"), ("safety", "staffing.positive"), ("outcomes_focussed_care", "positive")]),
        # the priority's hidden negative: 51 - 16 positive - 15 neutral - 16 mixed = 4
        ({("staffing", S): (3, 3, 7, 9), ("diagnosis", S): (7, 0, 8, 0), ("cleanliness", S): (6, 1, 0, 7)},
         [("safety", "positive")] + [("safety", f"{t}.{x}") for t in ("staffing", "diagnosis", "cleanliness")
                                     for x in ("neutral", "mixed")]),
        # the priority's mixed: staffing's and diagnosis's positive + mixed 11 + 6, less 13 positive = 4
        ({("staffing", S): (10, 0, 12, 1), ("diagnosis", S): (3, 5, 0, 3)},
         [("safety", "positive")] + [("safety", f"{t}.{x}") for t in ("staffing", "diagnosis")
                                     for x in ("neutral", "negative")]),
        # a row's remainder: staffing positive + negative = 6 + 11 - 13 = 4, so its mixed is 15 of 19
        ({("staffing", S): (2, 2, 0, 15), ("diagnosis", S): (4, 9, 11, 0), ("cleanliness", S): (7, 14, 7, 0)},
         [("safety", "positive"), ("safety", "negative"), ("safety", "diagnosis.neutral"),
          ("safety", "diagnosis.mixed"), ("safety", "cleanliness.positive"), ("safety", "cleanliness.negative"),
          ("safety", "staffing.neutral")]),
    ],
)
def test_no_small_count_from_all_chapters_and_headlines_together(cells, needed):
    r = _report_of(cells)
    assert any(_published(r, pid, what) == "*" for pid, what in needed)


def test_two_headlines_never_differ_by_a_hidden_small_count():
    # A twentieth tester: Outcomes' comments are all timeliness and competence, which Safety has
    # too, so Safety's 11 negative less Outcomes' 10 was staffing's hidden 1.
    r = _report_of({("staffing", S): (6, 1, 3, 6), ("timeliness", SO): (7, 4, 4, 0),
                    ("competence", SO): (2, 6, 5, 2), ("parking", ("flexibility",)): (10, 12, 5, 3)})
    assert "*" in (_published(r, "safety", "negative"), _published(r, "outcomes_focussed_care", "negative"))
    assert _published(r, "safety", "staffing.negative") == "*"


def test_pooled_rows_leave_out_a_row_the_workshops_chapter_prints():
    # A twentieth tester: Safety by channel showed online 50 of 100 and hid paper, phone and the
    # workshop; the workshops chapter printed the workshop's 7, so paper and phone pooled 76 - 50 - 7
    # = 19 of 23: 4 not on Safety.
    cells = [("staffing", S, "online", (25, 25, 0, 0)), ("feeling_safe", ("flexibility",), "online", (25, 25, 0, 0)),
             ("staffing", S, "paper", (5, 4, 0, 0)), ("feeling_safe", ("flexibility",), "paper", (3, 0, 0, 0)),
             ("staffing", S, "phone", (5, 5, 0, 0)), ("feeling_safe", ("flexibility",), "phone", (1, 0, 0, 0)),
             ("staffing", S, "workshop", (4, 3, 0, 0)), ("feeling_safe", ("flexibility",), "workshop", (4, 3, 0, 0))]
    r = build_report(_coded_by_group(cells, "channel"), group_columns=["channel"])
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    rows = {row[0]: row for row in safety.breakdowns[0].rows}
    assert dict(r.workshop_table.rows)["Safety"] == "7"
    assert rows["Online"][2] == "*"  # else 76 - 50 - 7 gives paper and phone together


def test_a_listed_hidden_count_beside_unlisted_themes_reads_star():
    # A twenty-first tester: Flexibility's 76 comments, six themes listed (20, 15, 12, 10, 9 and
    # a "<5") of eight: the two left out are no bigger than the last, so 76 - 66 = 10 <= 3 x it
    # made the "<5" a 4.
    r = _report_of({("appointments", ("flexibility",)): (8, 7, 3, 2), ("method", ("flexibility",)): (5, 6, 2, 2),
                    ("contacting", ("flexibility",)): (3, 6, 2, 1), ("out_of_hours", ("flexibility",)): (2, 5, 2, 1),
                    ("parking", ("flexibility",)): (1, 6, 1, 1), ("rigid_rules", ("flexibility",)): (0, 3, 1, 0),
                    ("location", ("flexibility",)): (1, 1, 1, 0), ("transport", ("flexibility",)): (0, 2, 1, 0)})
    chapter = next(c for c in r.chapters if c.summary.id == "flexibility")
    labels = {t.id: t.count_text for t in chapter.themes}
    assert len(labels) == 6 and "<5" not in labels.values() and labels["rigid_rules"] == "*"


def test_two_small_themes_that_fill_a_small_priority_read_star():
    # A twenty-first tester: Co-production's 8 comments are all in two themes shown "<5": 4 and 4.
    r = _report_of({("existence", ("co_production",)): (1, 2, 1, 0), ("design", ("co_production",)): (2, 1, 0, 1),
                    ("staffing", S): (6, 9, 4, 1), ("parking", ("flexibility",)): (3, 8, 2, 1)})
    chapter = next(c for c in r.chapters if c.summary.id == "co_production")
    assert [t.count_text for t in chapter.themes] == ["*", "*"]


def test_nested_priorities_without_a_split_still_never_differ_by_a_small_count():
    # A twenty-first tester: one comment with two Outcomes themes left no split, and Safety's
    # positive 12 less Outcomes' 10 gave staffing's hidden 2 (its negative 11 - 10 = 1).
    themes = ([("staffing", ["safety"])] * 4 + [("timeliness", list(SO))] * 15 + [("competence", list(SO))] * 15
              + [("timeliness", list(SO))])
    labels = (["positive"] * 2 + ["negative", "neutral"] + ["positive"] * 7 + ["negative"] * 4 + ["neutral"] * 4
              + ["positive"] * 2 + ["negative"] * 6 + ["neutral"] * 5 + ["mixed"] * 2 + ["positive"])
    coded = _coded_with(themes, labels)
    coded.at[coded.index[-1], "themes"] = ["timeliness", "competence"]
    coded.at[coded.index[-1], "priority_reasons"] = {p: ["timeliness", "competence"] for p in SO}
    r = build_report(coded)
    for x in ("positive", "negative"):
        assert "*" in (_published(r, "safety", x), _published(r, "outcomes_focussed_care", x))


def test_workshop_kinds_that_fill_the_contributions_read_star():
    # A twenty-first tester: "12 contributions" with three kinds each "<5" can only be 4, 4, 4.
    w = workshop_coded().head(12).copy().reset_index(drop=True)
    w["contribution_kind"] = pd.array(["sticky_note"] * 4 + ["discussion_note"] * 4 + ["vote"] * 4, dtype="string")
    w["priority_discussed"] = pd.array(["safety"] * 4 + ["flexibility"] * 4 + ["co_production"] * 4, dtype="string")
    r = build_report(w)
    assert r.workshops[0].startswith("12 contributions")
    assert "<5" not in r.workshops[1] and "*" in r.workshops[1]


def test_two_inner_priorities_together_never_leave_a_small_count():
    # A twenty-second tester: Outcomes and Clear and transparent both lie inside Safety, with no
    # comment on both: Safety's positive 20 less 12 less 6 gave staffing's hidden 2.
    SC = ("safety", "clear_and_transparent")
    themes = ([("staffing", ["safety"])] * 4 + [("medication", list(SC))] * 18 + [("timeliness", list(SO))] * 18
              + [("competence", list(SO))] * 12 + [("timeliness", list(SO))])
    labels = (["positive"] * 2 + ["negative", "neutral"] + ["positive"] * 6 + ["negative"] * 7 + ["neutral"] * 5
              + ["positive"] * 7 + ["negative"] * 6 + ["neutral"] * 5 + ["positive"] * 4 + ["negative"] * 5
              + ["neutral"] * 3 + ["positive"])
    coded = _coded_with(themes, labels)
    coded.at[coded.index[-1], "themes"] = ["timeliness", "competence"]
    coded.at[coded.index[-1], "priority_reasons"] = {p: ["timeliness", "competence"] for p in SO}
    r = build_report(coded)
    for x in ("positive", "negative"):
        assert "*" in [_published(r, p, x) for p in ("safety", "outcomes_focussed_care", "clear_and_transparent")]


def test_a_groups_rows_of_nested_priorities_never_differ_by_a_small_count():
    # A twenty-third tester: Outcomes' comments (timeliness) all lie inside Safety's, so in each
    # audience too: carers' 14 scored comments on Safety (50% positive) less their 12 on Outcomes
    # (50%) gave 2 comments on Safety alone, 1 of them positive.
    cells = [("staffing", S, "carers", (1, 1, 0, 0)), ("timeliness", SO, "carers", (6, 4, 2, 0)),
             ("parking", ("flexibility",), "carers", (2, 2, 2, 0)), ("staffing", S, "patients", (8, 7, 5, 0)),
             ("parking", ("flexibility",), "patients", (3, 3, 3, 0)), ("timeliness", SO, "patients", (9, 8, 6, 0))]
    r = build_report(_coded_by_group(cells, "audience"), group_columns=["audience"])

    def carers(pid):
        chapter = next(c for c in r.chapters if c.summary.id == pid)
        table = next(t for t in chapter.breakdowns if "audience" in t.caption.lower())
        return next(row for row in table.rows if row[0].startswith("Unpaid carers"))

    safety, outcomes = carers("safety"), carers("outcomes_focussed_care")
    assert "*" in (safety[2], outcomes[2]) and "*" in (safety[4], outcomes[4])


def test_a_workshop_share_never_pins_the_other_comments_on_a_priority():
    # a tester: Co-production 8 comments; "Workshop participants 43%" of 14 = 6, so the hidden
    # carers' row was 2. On such a priority the workshop row partners like any other.
    coded = make_coded(22)
    coded["channel"] = ["workshop"] * 14 + ["online"] * 8
    coded["audience"] = ["any"] * 14 + ["carers"] * 8
    coded["priorities"] = [["co_production"]] * 6 + [["safety"]] * 8 + [["co_production"]] * 2 + [["safety"]] * 6
    coded["redacted_text"] = [f"comment {i}" for i in range(22)]
    r = build_report(coded, group_columns=["audience", "channel"], rule=SuppressionRule())
    chapter = next(c for c in r.chapters if c.summary.id == "co_production")
    for b in chapter.breakdowns:
        for row in b.rows:
            assert row[2] in ("*", "–", ""), (b.caption, row)  # no share of the priority is printed
    table = dict(r.workshop_table.rows)
    assert table["Co-production of services"] == "*"


def test_tables_by_an_equality_question_follow_its_answers_order_not_their_sizes():
    # a new user's age bands read "45-54, 35-44, 55-64" (largest first)
    coded = make_coded(60)
    coded["eq_age_band"] = ["45 to 54"] * 30 + ["18 to 24"] * 12 + ["85 or over"] * 10 + ["Under 16"] * 8
    order = ("Under 16", "16 to 17", "18 to 24", "45 to 54", "85 or over", "Prefer not to say")
    r = build_report(coded, group_columns=["eq_age_band"], context=ReportContext(option_order={"eq_age_band": order}))
    table = next(t for t in r.respondent_tables if t.caption.startswith("Responses by age"))
    assert [row[0] for row in table.rows] == ["Under 16", "18 to 24", "45 to 54", "85 or over"]
    chapter = next(c for c in r.chapters if c.breakdowns)
    by_age = next(t for t in chapter.breakdowns if t.caption.startswith("By age"))
    assert [row[0] for row in by_age.rows] == ["Under 16", "18 to 24", "45 to 54", "85 or over"]
    # without the order, largest first as before
    plain = build_report(coded, group_columns=["eq_age_band"])
    table = next(t for t in plain.respondent_tables if t.caption.startswith("Responses by age"))
    assert [row[0] for row in table.rows] == ["45 to 54", "18 to 24", "85 or over", "Under 16"]


def _survey_beside_a_workshop() -> pd.DataFrame:
    """14 workshop contributions (no audience, no age) and 50 online comments: carers 30 and
    people who use services 20, with ages; 3 of the people who use services on Safety gave none."""
    coded = make_coded(64)
    coded["channel"] = ["workshop"] * 14 + ["online"] * 50
    coded["audience"] = ["any"] * 14 + ["carers"] * 30 + ["people_who_use_services"] * 20
    coded["eq_age_band"] = ([None] * 14 + ["35-44"] * 10 + ["45-54"] * 10 + ["55-64"] * 10 + ["35-44"] * 5
                            + ["45-54"] * 5 + [None] * 10)
    coded["priorities"] = ([["safety"]] * 8 + [["co_production"]] * 6 + ([["safety"]] * 4 + [["co_production"]] * 6)
                           + ([["safety"]] * 3 + [["co_production"]] * 7) * 2 + [["safety"]] * 2
                           + [["co_production"]] * 3 + [["safety"]] * 2 + [["co_production"]] * 3
                           + [["safety"]] * 3 + [["flexibility"]] * 7)
    coded["redacted_text"] = [f"comment {i}" for i in range(64)]
    return coded


def test_a_survey_beside_a_workshop_keeps_its_breakdowns_by_audience_and_age():
    # Each audience and every age answer lay within one channel (online, or the workshop), so
    # audience and age counted as nested in channel and the chapters had no breakdown by either.
    r = build_report(_survey_beside_a_workshop(), group_columns=["audience", "channel", "eq_age_band"])
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    captions = [t.caption for t in safety.breakdowns]
    assert captions == ["By audience", "By channel", "By age band"]
    by_age = {row[0]: row for row in safety.breakdowns[2].rows}
    # the contributions are their own row, with the count the workshops chapter gives (8 of 14)
    assert by_age["Not asked (questionnaire without this question)"][1:3] == ("14", "57%")
    assert dict(r.workshop_table.rows)["Safety"] == "8"
    # "Not answered" is the 10 survey comments without an age, 3 on Safety: a hidden share
    assert by_age["Not answered"][2] == "*"
    # and "Responses by age band" splits the same way, so neither less the other gives the 10 back
    who = {row[0]: row[1] for row in next(t for t in r.respondent_tables if t.caption == "Responses by age band").rows}
    assert who["Not asked (questionnaire without this question)"] == "14" and "Not answered" in who


def test_a_workshop_part_of_two_rows_still_means_no_breakdowns():
    # Some contributions recorded as carers' (and no carer answered online): carers and workshop
    # participants both lie within the workshop, and the chapter's count less one would give the other.
    coded = _survey_beside_a_workshop()
    coded["audience"] = ["carers"] * 5 + ["any"] * 9 + ["staff"] * 30 + ["people_who_use_services"] * 20
    r = build_report(coded, group_columns=["audience", "channel"])
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    assert [t.caption for t in safety.breakdowns] == ["By channel"]


def _rows_of(spec) -> pd.DataFrame:
    """A coded frame from (count, column values) pairs, one comment per row, no themes."""
    out = [values for n, values in spec for _ in range(n)]
    coded = make_coded(len(out))
    for col in {k for _, values in spec for k in values}:
        coded[col] = [values.get(col) for values in out]
    coded["redacted_text"] = [f"comment {i}" for i in range(len(out))]
    coded["themes"] = [[] for _ in out]
    return coded


_WS = {"channel": "workshop", "audience": "any", "eq_age_band": None}


def _online(age, audience="carers", **more):
    return {"channel": "online", "audience": audience, "eq_age_band": age, **more}


def test_the_workshop_row_never_partners_for_scored_comments_the_channel_breakdown_prints():
    # A disclosure tester: by age, scored comments 55-64 10, 35-44 *, 45-54 10, Not asked *;
    # by channel Online 23, workshop 6 printed: 23 - 10 - 10 = 3 for 35-44.
    P = "people_who_use_services"
    spec = [
        (6, {**_WS, "priorities": ["safety"], "sentiment_label": "positive"}),
        (8, {**_WS, "priorities": ["co_production"], "sentiment_label": "negative"}),
        (3, _online("35-44", priorities=["safety"], sentiment_label="positive")),
        (5, _online("35-44", P, priorities=["safety"], sentiment_label="not_scored", language="other")),
        (10, _online("35-44", priorities=["co_production"], sentiment_label="negative")),
        (10, _online("45-54", priorities=["safety"], sentiment_label="negative")),
        (10, _online("55-64", priorities=["safety"], sentiment_label="positive")),
        (10, _online("55-64", P, priorities=["co_production"], sentiment_label="neutral")),
    ]
    r = build_report(_rows_of(spec), group_columns=["audience", "channel", "eq_age_band"])
    safety = next(c for c in r.chapters if c.summary.id == "safety")
    tables = {t.caption: {row[0]: row for row in t.rows} for t in safety.breakdowns}
    workshop_scored = tables["By channel"]["Co-production workshop"][3]
    assert tables["By age band"]["Not asked (questionnaire without this question)"][3] == workshop_scored
    survey_rows = [row for name, row in tables["By age band"].items() if not name.startswith("Not asked")]
    assert sum(row[3] in ("*", "<5") for row in survey_rows) != 1  # never one hidden cell alone


def test_without_the_questionnaires_workshop_contributions_are_not_asked_in_every_table():
    # A disclosure tester (no `asked`, as from --csv): "Responses by age band: Not answered 17"
    # less the chapters' "Not asked 14" gave the 3 survey comments without an age.
    spec = [
        (6, {**_WS, "priorities": ["safety"], "sentiment_label": "positive"}),
        (8, {**_WS, "priorities": ["co_production"], "sentiment_label": "negative"}),
        (3, _online(None, priorities=["safety"], sentiment_label="positive")),
        (10, _online("35-44", priorities=["co_production"], sentiment_label="negative")),
        (10, _online("45-54", priorities=["safety"], sentiment_label="negative")),
        (20, _online("55-64", priorities=["safety"], sentiment_label="positive")),
    ]
    r = build_report(_rows_of(spec), group_columns=["audience", "channel", "eq_age_band"])
    who = {row[0]: row[1] for row in next(t for t in r.respondent_tables if t.caption == "Responses by age band").rows}
    assert who["Not asked (questionnaire without this question)"] == "14"
    assert who["Not answered"] in ("*", "<5")


def test_a_round_of_carers_surveys_and_a_workshop_with_carers_tables_keeps_age_and_sex_breakdowns():
    # A new user's round: 23 carers' surveys and 12 contributions (9 from carers' tables, 3 from a
    # mixed one). Every age and sex answer lay within the carers audience, so age and sex counted
    # as nested in audience and the chapters had no breakdown by them; the contributions are "Not
    # asked" in both audiences, which is no nesting.
    coded = make_coded(35)
    coded["response_id"] = range(1, 36)
    coded["channel"] = ["paper"] * 23 + ["workshop"] * 12
    coded["audience"] = ["carers"] * 32 + ["any"] * 3
    coded["eq_age_band"] = ["35-44"] * 8 + ["45-54"] * 8 + ["55-64"] * 7 + [None] * 12
    coded["eq_sex"] = ["Female"] * 12 + ["Male"] * 8 + ["Prefer not to say"] * 3 + [None] * 12
    asked = pd.DataFrame({c: [True] * 23 + [False] * 12 for c in ("eq_age_band", "eq_sex")}, index=coded.index)
    r = build_report(coded, group_columns=["audience", "channel", "eq_age_band", "eq_sex"], respondents=coded,
                     asked=asked, rule=SuppressionRule(min_base=1, min_count=1))
    assert [t.caption for t in r.chapters[0].breakdowns] == ["By audience", "By channel", "By age band", "By sex"]


def test_a_note_never_says_how_equality_answers_combine():
    # a new user's 15 carers: "Each ethnicity sits within one religion" told readers that
    # everyone of each listed ethnicity gave the same religion
    coded = make_coded(40)
    coded["eq_ethnicity"] = ["White British"] * 20 + ["Pakistani"] * 10 + ["Indian"] * 10
    coded["eq_religion"] = ["Christian"] * 20 + ["Muslim"] * 20
    r = build_report(coded, group_columns=["eq_religion", "eq_ethnicity"])
    (table,) = _tables(r, "Responses by ethnicity")
    assert "sits within" not in table.note and "religion" not in table.note.lower()
    assert "no breakdowns or Friends and Family Test rows by ethnicity" in table.note


def test_a_share_from_the_comments_of_fewer_than_ten_people_is_hidden():
    # a new user's "Buddhist: 24 comments, 58% on this priority" came from 5 people
    coded = _coded_with([("staffing", ["safety"])] * 44 + [("cleanliness", ["culture"])] * 40)
    coded["audience"] = ["carers"] * 30 + ["staff"] * 24 + ["carers"] * 14 + ["staff"] * 16
    # 5 staff wrote the 24 + 16 staff comments (8 each); each carer wrote 2 comments
    staff = [i for i, a in enumerate(coded["audience"]) if a == "staff"]
    carers = [i for i, a in enumerate(coded["audience"]) if a == "carers"]
    ids = [0] * len(coded)
    for k, i in enumerate(staff):
        ids[i] = 1000 + k % 5
    for k, i in enumerate(carers):
        ids[i] = k // 2
    coded["response_id"] = ids
    r = build_report(coded, group_columns=["audience"])
    (table,) = [t for c in r.chapters if c.summary.id == "safety" for t in c.breakdowns if t.caption.startswith("By audience")]
    rows = {row[0]: row for row in table.rows}
    staff_row = next(v for k, v in rows.items() if "taff" in k)
    carers_row = next(v for k, v in rows.items() if "arer" in k)
    assert staff_row[1] == "40" and staff_row[2] == "*" and staff_row[4] == "*"  # 5 people
    assert carers_row[2] == "*"  # its partner: the overall share less carers' gives staff's back
    coded["response_id"] = range(len(coded))  # one comment each: 40 people, shown
    r = build_report(coded, group_columns=["audience"])
    (table,) = [t for c in r.chapters if c.summary.id == "safety" for t in c.breakdowns if t.caption.startswith("By audience")]
    staff_row = next(row for row in table.rows if "taff" in row[0])
    assert staff_row[2] == "35%"  # 14 of its 40 comments


def _coded_themes(rows: list[tuple[dict[str, list[str]], str]]) -> pd.DataFrame:
    """A coded frame from (theme -> its priorities, sentiment) per comment."""
    coded = make_coded(len(rows))
    prios = [sorted({p for ps in t.values() for p in ps}) for t, _ in rows]
    coded["themes"] = [sorted(t) for t, _ in rows]
    coded["priorities"] = prios
    coded["priority_reasons"] = [
        {p: [th for th, ps in t.items() if p in ps] for p in ps_} for (t, _), ps_ in zip(rows, prios, strict=True)
    ]
    coded["sentiment_label"] = [s for _, s in rows]
    coded["urgent"] = False
    return coded


def test_a_change_is_hidden_where_the_baselines_own_report_hides_its_share_for_a_theme():
    # A new user's "Delivery of person-centred care +50 pts, improved" gave back the baseline's
    # 9 positive of 25, which the baseline's own report hides as "*": its only theme there is
    # also a culture theme, whose positive cell the culture chapter hides as the partner of a
    # small theme's (9 + 1 = culture's 10). The priority's own sentiment row (9, 0, 16, 0) has
    # no small cell, so only the baseline's whole report knows it is hidden.
    staff = {"staff_attitude": ["person_centred_care", "culture"]}
    culture = {"culture_only": ["culture"]}
    base = _coded_themes(
        [(staff, "positive")] * 9 + [(staff, "negative")] * 16 + [(culture, "positive")] + [(culture, "negative")] * 2
    )
    own = {s.id: s for s in build_report(base).summary}
    assert own["person_centred_care"].comments_text == "25" and own["person_centred_care"].score_text == "*"
    cur = _coded_themes([(staff, "positive")] * 34 + [(staff, "negative")] * 6)
    r = build_report(cur, baseline_coded=base, context=ReportContext(baseline_name="B"))
    pcc = next(s for s in r.summary if s.id == "person_centred_care")
    assert pcc.score_text == "85%"  # this round's figure is not small: it stays
    assert (pcc.change_text, pcc.direction) == ("*", "*")  # was "+49 pts (+25 to +67)", "improved"
    chapter = next(c for c in r.chapters if c.summary.id == "person_centred_care")
    assert "The change against B is suppressed" in chapter.headline
    html = render_html(r)
    assert "+49 pts" not in html and "improved" not in html
    # the same baseline with its culture theme large enough: the change is shown
    base_ok = _coded_themes(
        [(staff, "positive")] * 9 + [(staff, "negative")] * 16 + [(culture, "positive")] * 6
        + [(culture, "negative")] * 6
    )
    r = build_report(cur, baseline_coded=base_ok, context=ReportContext(baseline_name="B"))
    pcc = next(s for s in r.summary if s.id == "person_centred_care")
    assert pcc.change_text.startswith("+49 pts") and pcc.direction == "improved"


def test_summary_n_counts_people_and_its_note_says_so():
    # A progress check: every priority read n = 48 (the respondents) while the note said "n =
    # answers or comments in the score's base", and Be clear and transparent's base was 92
    # answers. Here 30 people answer two safety questions each: 60 answers, n 30.
    coded = _one_theme(["positive"] * 20 + ["negative"] * 20)
    scored = pd.DataFrame(
        {
            "response_id": [i // 2 for i in range(60)], "priority": "safety",
            "positive": [i % 3 == 0 for i in range(60)], "negative": [i % 3 != 0 for i in range(60)],
        }
    )
    r = build_report(coded, scored=scored)
    s = next(x for x in r.summary if x.id == "safety")
    assert (s.basis, s.score_n_text, s.score_text) == ("questions", "30", "33%")
    page = render_html(r)
    assert "n = answers or comments in the score's base" not in page
    assert "n = people whose answers are in the score's base" in page
    # and the method does not call the intervals only "slightly too narrow" where answers
    # outnumber people (a progress check: nothing measured that)
    method = dict(r.method)["Priority scores"]
    assert "slightly" not in method and "where the answers outnumber the people" in method


def _safety_answers(positive: list[bool]) -> pd.DataFrame:
    """Scored answers to one question tagged with safety, one per respondent."""
    return pd.DataFrame(
        {"response_id": range(len(positive)), "priority": "safety", "positive": positive,
         "negative": [not p for p in positive]}
    )


def test_summary_and_chapter_give_each_priority_its_baseline_figure():
    # A progress check: the report gave each priority's score and change against the baseline
    # but nowhere the baseline's own figure, the partnership's first ask (a baseline per priority).
    coded = _one_theme(["positive"] * 20 + ["negative"] * 20)
    now, then = _safety_answers([True] * 11 + [False] * 37), _safety_answers([True] * 38 + [False] * 10)
    r = build_report(coded, scored=now, baseline_scored=then, context=ReportContext(baseline_name="2025 baseline"))
    s = next(x for x in r.summary if x.id == "safety")
    assert (s.score_text, s.baseline_text, s.change_text, s.direction) == (
        "23%", "79%", "-56 pts (-69 to -37)", "declined"
    )
    chapter = next(c for c in r.chapters if c.summary.id == "safety")
    assert "Against 2025 baseline (score then 79%): -56 pts (-69 to -37), declined." in chapter.headline
    page = render_html(r)
    assert '<th scope="col">Baseline</th>' in page and "<td>79%</td>" in page
    # a priority no question of either round scores has no baseline figure
    assert next(x for x in r.summary if x.id == "culture").baseline_text == "–"
    # a baseline from 7 respondents is suppressed, as its score would be in its own report
    r = build_report(coded, scored=now, baseline_scored=then.head(7), context=ReportContext(baseline_name="B"))
    s = next(x for x in r.summary if x.id == "safety")
    assert (s.baseline_text, s.direction) == ("*", "too few responses")
    headline = next(c for c in r.chapters if c.summary.id == "safety").headline
    assert "score then" not in headline and "–," not in headline  # was "Against B: –, too few responses."
    assert "No change against B is given: one of the two rounds has too few responses." in headline
    # a report without a baseline has no such column
    assert '<th scope="col">Baseline</th>' not in render_html(build_report(coded, scored=now))


def test_progress_chart_draws_each_published_score_then_and_now():
    # A progress check: the only chart beside the summary was the share of comments per
    # priority, which says nothing about progress against the baseline.
    coded = _one_theme(["positive"] * 20 + ["negative"] * 20)
    now, then = _safety_answers([True] * 11 + [False] * 37), _safety_answers([True] * 38 + [False] * 10)
    r = build_report(coded, scored=now, baseline_scored=then, context=ReportContext(baseline_name="2025 baseline"))
    chart = r.progress_chart
    assert chart is not None and chart.svg and chart.title.startswith("Progress against 2025 baseline")
    assert "Safety: 79% then, 23% now (declined)" in chart.alt
    rows = {row[0]: row for row in chart.table.rows}
    assert chart.table.columns == ("Priority", "2025 baseline", "This round", "Change", "Direction")
    assert rows["Safety"] == ("Safety", "79%", "23%", "-56 pts (-69 to -37)", "declined")
    page = render_html(r)
    assert page.index("Progress against 2025 baseline") < page.index("Where comments fall across the nine priorities")
    # a suppressed baseline is not drawn, and the description says so
    r = build_report(coded, scored=now, baseline_scored=then.head(7), context=ReportContext(baseline_name="B"))
    assert "Safety: * then, 23% now (too few responses)" in r.progress_chart.alt
    assert "Suppressed scores (*) are not drawn." in r.progress_chart.alt
    # every score hidden in both rounds (7 respondents each): the table and a sentence only
    r = build_report(coded, scored=now.head(7), baseline_scored=then.head(7), context=ReportContext(baseline_name="B"))
    assert r.progress_chart.svg == ""
    assert r.progress_chart.alt == (
        "No chart is drawn: no priority has a score that can be published in either round. "
        "The table gives what can be published."
    )
    # no baseline, no chart
    assert build_report(coded, scored=now).progress_chart is None


def test_a_priority_that_hides_an_audience_labels_none_of_its_quotes():
    # A progress check: only the hidden audiences' quotes had lost their label, so the unlabelled
    # ones were theirs by elimination (here Culture quoted one unlabelled beside two "People who
    # use services", with carers and staff hidden in its breakdown).
    coded = _coded_with(
        [("feeling_safe", ["safety"])] * 30 + [("staff_attitude", ["culture"])] * 20
        + [("feeling_safe", ["safety"])] * 12 + [("staff_attitude", ["culture"])] * 10
        + [("feeling_safe", ["safety"])] * 3 + [("staff_attitude", ["culture"])] * 10,
        ["positive"] * 85,
    )
    coded["audience"] = ["people_who_use_services"] * 50 + ["carers"] * 22 + ["staff"] * 13
    r = build_report(coded, group_columns=["audience"])
    culture = next(c for c in r.chapters if c.summary.id == "culture")
    rows = {row[0]: row for row in next(b for b in culture.breakdowns if b.caption == "By audience").rows}
    assert rows["Staff in partner organisations"][2] == "*" and rows["People who use services"][2] == "40%"
    assert [q.source for t in culture.themes for q in t.quotes] == ["", "", ""]

    shown = coded.copy()  # nothing hidden: the quotes say who said them
    shown["audience"] = ["people_who_use_services"] * 85
    r = build_report(shown, group_columns=["audience"])
    culture = next(c for c in r.chapters if c.summary.id == "culture")
    assert {q.source for t in culture.themes for q in t.quotes} == {"People who use services"}
