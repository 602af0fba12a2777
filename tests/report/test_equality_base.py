"""Equality tables count only the responses whose questionnaire asked the question, and "Who
responded" tells survey responses from workshop contributions: the real carers' (equality block),
workshop and FFT questionnaires in the store, then ``python -m analysis report --db`` (SQLite, and
PostgreSQL with ``TEST_DATABASE_URL``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pandas as pd
import pytest

from analysis import sources
from analysis.cli import main
from analysis.report.build import NOT_ASKED, equality_bases, responses_split
from analysis.report.suppression import SuppressionRule
from survey_app.config import ROOT
from survey_app.extensions import db
from survey_app.questionnaire.loader import load_all
from survey_app.responses.services import record_response

#: 12 carers' ages: 7 aged 45 to 54, 5 aged 65 to 74.
AGES = ["age_45_54"] * 7 + ["age_65_74"] * 5
NOTES = [
    "More respite breaks for carers at weekends please",
    "Nobody told us who to call when the care package changed",
]


def _fill(app, carers: int, workshop: int, fft: int = 0) -> str:
    """``carers`` carers' survey responses (ages from :data:`AGES`, cycled), ``workshop`` sticky
    notes (6 at a carers' table, the rest at a mixed one) and ``fft`` Friends and Family Test
    answers, in one round; returns its name."""
    qs = load_all(ROOT / "questionnaires")
    when = datetime(2026, 3, 2, 12, tzinfo=UTC)
    with app.app_context():
        for i in range(carers):
            answers = {
                "fft": "very_good", "fft_reason": "The staff listened to me carefully today",
                "equality_opt_in": "yes", "age_band": AGES[i % len(AGES)], "postcode_district": "DH1 3LE",
            }
            record_response(db.session, qs["carers"], answers, channel="online", submitted_at=when)
        for i in range(workshop):
            record_response(
                db.session, qs["workshop"],
                {"contribution": NOTES[i % 2], "contribution_kind": "sticky_note", "workshop_name": "Carers' café"},
                channel="workshop", submitted_at=when, audience="carers" if i < 6 else None,
            )
        for _ in range(fft):
            record_response(
                db.session, qs["fft"], {"fft": "good", "what_was_good": "Kind and quick"}, channel="online",
                submitted_at=when,
            )
        db.session.commit()
    made = app.test_cli_runner().invoke(args=["rounds", "create", "2026 round", "--from", "2026-01-01", "--to", "2026-12-31"])
    assert made.exit_code == 0, made.output
    return "2026 round"


def _report(database_url: str, round_name: str, tmp_path) -> str:
    html = tmp_path / "r.html"
    args = ["report", "--db", database_url, "--round", round_name, "--out", str(tmp_path / "r.pdf"), "--html", str(html)]
    assert main([*args, "--quiet", "--no-emergent"]) == 0
    return html.read_text(encoding="utf-8")


def _table(page: str, caption: str) -> list[tuple[str, str, str]]:
    """The rows (name, count, share) of the table captioned ``caption``, and its note as the last row."""
    start = page.index(f"<caption>{caption}</caption>")
    body = page[start : page.index("</div>", start)]
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td>', body)
    note = re.search(r'<p class="note">(.*?)</p>', body, re.S)
    return [*rows, ("note", note.group(1) if note else "", "")]


def test_sources_say_which_responses_were_asked(app, database_url):
    name = _fill(app, carers=12, workshop=14)
    engine = sources.make_engine(database_url)
    try:
        src = sources.load_sources(engine, round_name=name)
    finally:
        engine.dispose()
    asked = src.equality_asked
    assert list(asked.columns) == list(src.equality_columns)
    by_q = asked.assign(q=src.responses["questionnaire_id"]).groupby("q")["eq_age_band"].agg(["sum", "size"])
    assert by_q.to_dict("index") == {"carers": {"sum": 12, "size": 12}, "workshop": {"sum": 0, "size": 14}}
    # "Not answered" alone does not say that the 14 notes were never asked
    assert (src.responses["eq_age_band"] == "Not answered").sum() == 14


def test_age_table_counts_the_12_survey_responses_not_the_14_sticky_notes(app, database_url, tmp_path):
    page = _report(database_url, _fill(app, carers=12, workshop=14), tmp_path)
    rows = _table(page, "Responses by age band")
    # 12 in all, no "Not answered" 14; shares of groups under 10 are "*" as in every table
    assert rows[:-1] == [("45 to 54", "7", "*"), ("65 to 74", "5", "*")]
    assert "Responses to questionnaires that asked about age band: 12." in rows[-1][1]
    assert "the 14 workshop contributions (the workshop questionnaire does not ask equality questions) are left out" in rows[-1][1]
    assert "Not answered</th><td>14" not in page.split("<h2>Who responded")[1].split("Responses by service")[0]
    # the district table too: its base is the 12 carers, who all gave DH1
    district = _table(page, "Responses by postcode district (first part of the postcode)")
    assert district[:-1] == [("DH1", "12", "100%")]
    assert "Responses to questionnaires that asked about postcode district: 12." in district[-1][1]
    # Who responded and the cover tell survey responses from workshop contributions
    assert "26 responses (12 survey responses and 14 workshop contributions) and" in page
    assert "<dt>Responses</dt><dd>26 (12 survey responses and 14 workshop contributions)</dd>" in page
    audience = _table(page, "Responses by audience")
    # 12 surveys and 6 carers' notes; the share is hidden with that of the 8 other notes (under 10)
    assert ("Unpaid carers and families", "18", "*") in audience
    assert "<h3>Equality questions</h3>" in page


def test_two_survey_responses_beside_a_workshop_are_left_out_and_said_to_be(app, database_url, tmp_path):
    # a new user's 2 web responses and 14 sticky notes: the cover's 16 less the workshops
    # chapter's 14 gave the 2 away; now the 2 are left out, and "Read this first" says so
    page = _report(database_url, _fill(app, carers=2, workshop=14), tmp_path)
    assert "Read this first" in page
    assert "has fewer than 5 survey responses beside the others; they are left out of this report" in page
    assert "Responses by age band" not in page and "By age band" not in page  # nobody left was asked
    assert "<dt>Responses</dt><dd>14 (all workshop contributions)</dd>" in page
    assert "<p>14 responses (all workshop contributions) and 14 comments are included." in page
    assert "carers v1" not in page  # the cover lists only the questionnaires reported
    assert "2 survey responses" not in page
    # no service was recorded: no "Responses by service" table of "Not answered 14 100%"
    assert "Responses by service" not in page and "Not answered</th><td>14" not in page


def test_a_small_remainder_stays_in_the_table_as_a_hidden_not_asked_row(app, database_url, tmp_path):
    # 12 carers, 14 notes and 3 FFT answers: 29 - 14 - 12 would give the 3 FFT answers away
    page = _report(database_url, _fill(app, carers=12, workshop=14, fft=3), tmp_path)
    rows = _table(page, "Responses by age band")
    assert (NOT_ASKED, "*", "*") in rows
    assert "Responses to questionnaires that asked about age band" not in page
    assert 'counted as "Not asked"' in rows[-1][1].replace("&#34;", '"')
    assert "29 responses (15 survey responses and 14 workshop contributions)" in page
    district = _table(page, "Responses by postcode district (first part of the postcode)")
    assert district[:-1] == [("DH1", "*", "*"), (NOT_ASKED, "*", "*")]  # 12 and 17: neither shown


def test_bases_and_split_by_hand():
    rule = SuppressionRule()
    ws = [False] * 12 + [True] * 14
    asked = pd.DataFrame({"eq_age_band": [not w for w in ws], "eq_sex": [False] * 26})
    bases = equality_bases(asked, rule, [ws, [not w for w in ws]])
    assert (bases["eq_age_band"].mode, bases["eq_age_band"].n_asked) == ("asked", 12)
    assert bases["eq_sex"].mode == "none" and not bases["eq_sex"].shown
    # another base 1-4 inside a printed one: 12 asked about age, 9 of them about religion
    asked = asked.assign(eq_religion=[True] * 9 + [False] * 17)
    assert equality_bases(asked, rule, [ws])["eq_religion"].mode == "not_asked_row"
    assert responses_split([False] * 5 + [True] * 4, rule).startswith("survey responses and workshop")
    assert responses_split([False] * 5, rule) == ""


@pytest.mark.parametrize("n_fft", [0, 6])
def test_not_asked_left_out_when_the_remainder_is_large(n_fft):
    asked = pd.DataFrame({"eq_age_band": [True] * 12 + [False] * (14 + n_fft)})
    ws = [False] * 12 + [True] * 14 + [False] * n_fft
    assert equality_bases(asked, SuppressionRule(), [ws, [not w for w in ws]])["eq_age_band"].mode == "asked"


def test_three_sticky_notes_beside_twelve_survey_responses_are_left_out(app, database_url, tmp_path):
    page = _report(database_url, _fill(app, carers=12, workshop=3), tmp_path)
    assert "has fewer than 5 workshop contributions beside the others; they are left out of this report" in page
    assert "<dt>Responses</dt><dd>12</dd>" in page or "<dt>Responses</dt><dd>12 (" in page
    assert "workshop v1" not in page


def test_the_workshops_priority_count_is_hidden_where_the_rest_would_be_small():
    # a tester: Culture 10 comments in the summary, 8 contributions in the workshops chapter,
    # so 2 survey comments on Culture; Safety 20 less 12 leaves 8, which may be shown
    import pandas as pd

    from analysis.report.build import _workshop_table
    from analysis.report.suppression import SuppressionRule

    w = pd.DataFrame({"priorities": [["culture"]] * 8 + [["safety"]] * 12})
    totals = pd.Series({"culture": 10, "safety": 20})
    rows = dict(_workshop_table(w, SuppressionRule(), totals).rows)
    culture = "Culture – having shared values and behaviours"
    assert rows[culture] == "*" and rows["Safety"] == "12"
    assert dict(_workshop_table(w, SuppressionRule()).rows)[culture] == "8"  # without totals, as before



def _fft_rows(page: str) -> dict[str, tuple[str, str, str]]:
    """The Friends and Family Test table's rows: label -> (answers, % positive, % negative)."""
    start = page.index("<caption>Friends and Family Test</caption>")
    body = page[start : page.index("</table>", start)]
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>', body)
    return {label: tuple(cells) for label, *cells in rows}


def test_fft_table_calls_answers_of_a_questionnaire_without_the_question_not_asked(app, database_url, tmp_path):
    # Carers online and on paper (most gave ages), 14 sticky notes and 20 FFT answers (the FFT
    # asks no age, the carers' survey no service). The FFT table read "Age band: Not answered
    # 26", as if 26 people had skipped the question, where the chapters say "Not asked" for the
    # FFT's 20 (a progress check found "Age band: Not answered 33" holding 20 FFT answers beside
    # 13 carers; "Service: Not answered 26" there was the carers' answers, never asked it either).
    name = _fill(app, carers=12, workshop=14, fft=20)
    qs = load_all(ROOT / "questionnaires")
    when = datetime(2026, 3, 3, 12, tzinfo=UTC)
    with app.app_context():
        for i in range(12):
            record_response(
                db.session, qs["carers"],
                {"fft": "poor", "fft_reason": "Nobody told us anything", "equality_opt_in": "yes",
                 "age_band": AGES[i]},
                channel="paper", submitted_at=when,
            )
        for _ in range(6):  # carers who skipped the equality questions
            record_response(
                db.session, qs["carers"], {"fft": "good", "fft_reason": "Fine", "equality_opt_in": "no"},
                channel="online", submitted_at=when,
            )
        db.session.commit()
    rows = _fft_rows(_report(database_url, name, tmp_path))
    assert rows["All"][0] == "50"
    assert rows["Age band: 45 to 54"] == ("14", "50%", "50%")
    # was "Not answered 26 100%": now the 20 FFT answers are "Not asked", hidden as in the
    # chapters, and the 6 carers who skipped it "Not answered", hidden as its partner
    assert rows[f"Age band: {NOT_ASKED}"] == ("*", "*", "*")
    assert rows["Age band: Not answered"] == ("*", "*", "*")
    # nobody answering the FFT gave a sex: no rows of "Not asked" and "Not answered" only
    assert not [k for k in rows if k.startswith("Sex:")]
