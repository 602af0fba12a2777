"""What a --db report is compared with: the baseline's responses to the same questionnaires only,
never a later baseline unless named; and the service table counts only questionnaires that ask.

A new user loaded the sample, added carers' and workshop responses, made a baseline round of
every questionnaire four years later, and reported the FFT-only "2022 follow-up": its baseline
FFT figure pooled the carers' FFT answers, and its service table counted the carers' survey as
"Not answered"."""

from __future__ import annotations

import argparse
import json
import shutil
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from analysis.priorities import PRIORITY_IDS

FFT_OPTIONS = [
    {"value": v, "label": {"en": v}, "score": i + 1}
    for i, v in enumerate(["very_good", "good", "neither", "poor", "very_poor", "dont_know"])
]


def _definition(qid: str, services: bool) -> dict:
    d = {
        "id": qid,
        "version": "1",
        "sections": [
            {
                "id": "s",
                "questions": [
                    {"id": "overall", "type": "fft", "text": {"en": "Overall, how was your experience of our service?"},
                     "options": FFT_OPTIONS},
                    {"id": "why", "type": "free_text", "text": {"en": "Why?"}, "topic": "experience"},
                ],
            }
        ],
    }
    if services:  # as the loader keeps it: only when the questionnaire lists services
        d["services"] = [{"id": "pts", "name": "PTS - Patient Transport"}, {"id": "111", "name": "111"}]
    return d


#: (questionnaire, year, responses, very good answers): the 2021 baseline's FFT alone is 6 of 12
#: (50%), pooled with the carers' 12 of 12 it would be 18 of 24 (75%).
BATCHES = [("fft", 2021, 12, 6), ("carers", 2021, 12, 12), ("fft", 2022, 20, 15), ("carers", 2022, 12, 12)]


@pytest.fixture
def store(tmp_path):
    from survey_app.models import Base  # the tests may use the app's schema; analysis never does

    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    engine = sa.create_engine(url)
    Base.metadata.create_all(engine)
    with engine.begin() as c:
        for vid, (qid, services) in enumerate((("fft", True), ("carers", False)), 1):
            c.execute(
                sa.text(
                    "INSERT INTO questionnaire_versions (id, questionnaire_id, version, content_hash, title, audience, "
                    "definition, created_at) VALUES (:id, :q, '1', :h, :q, :a, :d, :t)"
                ),
                {"id": vid, "q": qid, "h": f"h{vid}", "a": "any" if qid == "fft" else "carers",
                 "d": json.dumps(_definition(qid, services)), "t": datetime(2021, 1, 1, tzinfo=UTC)},
            )
        rid = 0
        for qid, year, n, positive in BATCHES:
            for i in range(n):
                rid += 1
                c.execute(
                    sa.text(
                        "INSERT INTO responses (id, questionnaire_version_id, questionnaire_id, audience, channel, "
                        "locale, status, service, started_at, submitted_at, submission_token) VALUES (:id, :v, :q, :a, "
                        "'online', 'en', 'submitted', :svc, :t, :t, :tok)"
                    ),
                    {"id": rid, "v": 1 if qid == "fft" else 2, "q": qid, "a": "any" if qid == "fft" else "carers",
                     "svc": ("PTS - Patient Transport" if i % 2 else "111") if qid == "fft" else None,
                     "t": datetime(year, 3, 1 + i % 28, 12, tzinfo=UTC), "tok": f"tok{rid}"},
                )
                for q, o, t in (("overall", "very_good" if i < positive else "poor", None),
                                ("why", None, "The staff were kind and listened to me carefully")):
                    c.execute(
                        sa.text("INSERT INTO answers (response_id, question_id, option_value, text_value) "
                                "VALUES (:r, :q, :o, :t)"),
                        {"r": rid, "q": q, "o": o, "t": t},
                    )
    engine.dispose()
    return url


def _rounds(url: str, *rows: tuple[str, date, date, list[str], bool]) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as c:
        for name, start, end, qids, baseline in rows:
            c.execute(
                sa.text("INSERT INTO rounds (name, starts_on, ends_on, questionnaire_ids, is_baseline) "
                        "VALUES (:n, :s, :e, :q, :b)"),
                {"n": name, "s": start, "e": end, "q": json.dumps(qids), "b": baseline},
            )
    engine.dispose()


FOLLOW_UP = ("2022 follow-up", date(2022, 1, 1), date(2022, 12, 31), ["fft"], False)
EARLIER = ("2021 baseline", date(2021, 1, 1), date(2021, 12, 31), [], True)  # every questionnaire
LATER = ("Winter 2026 baseline", date(2026, 1, 1), date(2026, 12, 31), [], True)


def _read(url: str, *extra: str):
    from analysis.cli import build_parser
    from analysis.report.cli import _read_db

    args = build_parser().parse_args(
        ["report", "--db", url, "--round", "2022 follow-up", "--out", "unused.pdf", "--quiet", *extra]
    )
    return _read_db(args, lambda _msg: None)


def test_the_baseline_is_read_over_the_questionnaires_the_round_answered(store):
    # The default run pooled the baseline's carers' answers with its FFT ones; --questionnaire fft
    # did not, so the two runs disagreed. Both now read the baseline's FFT responses only.
    _rounds(store, FOLLOW_UP, EARLIER)
    for extra in ((), ("--questionnaire", "fft")):
        read = _read(store, *extra)
        assert read.baseline["name"] == "2021 baseline"
        assert set(read.base_src.responses["questionnaire_id"]) == {"fft"}
        assert len(read.base_src.responses) == 12
    # "Read this first" says which of the baseline's questionnaires are compared
    assert any(
        "Only its responses to the questionnaires this round's responses answered (fft) are compared" in note
        for note in _read(store).notes
    )


def test_a_baseline_without_those_questionnaires_is_said_to_have_none(store):
    _rounds(store, FOLLOW_UP, ("Carers 2021 baseline", date(2021, 1, 1), date(2021, 12, 31), [], True))
    engine = sa.create_engine(store)
    with engine.begin() as c:  # the baseline round has carers' answers only
        c.execute(sa.text("DELETE FROM answers WHERE response_id <= 12"))
        c.execute(sa.text("DELETE FROM responses WHERE id <= 12"))
    engine.dispose()
    read = _read(store)
    assert len(read.base_src.responses) == 0
    assert any("has no responses to the questionnaires this round's responses answered (fft)" in n for n in read.notes)


def test_a_baseline_that_starts_after_the_round_ends_is_not_used_unless_named(store, capsys):
    # The 2022 round was compared with a baseline four years later.
    _rounds(store, FOLLOW_UP, LATER)
    read = _read(store)
    assert read.baseline is None and read.base_src is None
    assert read.notes == [
        "No earlier baseline: the baseline round 'Winter 2026 baseline' for these questionnaires starts on "
        "1 January 2026, after this round ends (31 December 2022), so this report is not compared with a baseline."
    ]
    # named with --baseline it is used, and "Read this first" says which way the change runs
    read = _read(store, "--baseline", "Winter 2026 baseline")
    assert read.baseline["name"] == "Winter 2026 baseline" and len(read.base_src.responses) == 0
    assert any(
        "The baseline round 'Winter 2026 baseline' starts after this round ends: a change here is this round's "
        "figure less that later round's" in n
        for n in read.notes
    )


def test_a_report_of_the_baseline_round_itself_says_so(store):
    # A new user's staff report of the baseline round showed "no baseline" beside every
    # priority, with no word that the round was the baseline.
    _rounds(store, ("2022 follow-up", date(2022, 1, 1), date(2022, 12, 31), ["fft"], True))
    read = _read(store)
    assert read.baseline is None
    assert read.notes == [
        "This round is the baseline: later rounds of its questionnaires are compared with it, "
        "so it has no baseline of its own to be compared with."
    ]


def test_a_later_baseline_is_no_candidate():
    import pandas as pd

    from analysis import sources
    from analysis.report.cli import _baseline_round

    rounds = pd.DataFrame(
        [("Staff 2026", date(2026, 1, 1), date(2026, 12, 31), ["staff"], True),
         ("Staff 2022", date(2022, 1, 1), date(2022, 12, 31), ["staff"], False),
         ("Carers overlap", date(2022, 6, 1), date(2023, 5, 31), ["carers"], True),
         ("Carers 2022", date(2022, 1, 1), date(2022, 12, 31), ["carers"], False),
         ("FFT 2021", date(2021, 1, 1), date(2021, 12, 31), ["fft"], True),
         ("All 2026", date(2026, 1, 1), date(2026, 12, 31), [], True),
         ("Everything 2022", date(2022, 1, 1), date(2022, 12, 31), [], False)],
        columns=["name", "starts_on", "ends_on", "questionnaire_ids", "is_baseline"],
    )
    row = {r["name"]: r for r in rounds.to_dict("records")}
    args = argparse.Namespace(baseline=None, no_baseline=False, questionnaire=[])
    assert _baseline_round(rounds, row["Staff 2022"], args) is None  # was 'Staff 2026'
    later = sources.later_baselines(rounds, row["Staff 2022"], ["staff"])
    assert [r["name"] for r in later] == ["Staff 2026", "All 2026"]
    # a baseline starting before the round ends is not later
    assert _baseline_round(rounds, row["Carers 2022"], args)["name"] == "Carers overlap"
    # of the FFT's two baselines the later one is no candidate, so there is nothing to choose
    assert _baseline_round(rounds, row["Everything 2022"], args, ["fft"])["name"] == "FFT 2021"
    # named, a later round is used
    named = argparse.Namespace(baseline="Staff 2026", no_baseline=False, questionnaire=[])
    assert _baseline_round(rounds, row["Staff 2022"], named)["name"] == "Staff 2026"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_report_compares_like_with_like_and_counts_services_only_where_asked(store, tmp_path):
    from analysis.cli import main

    _rounds(store, FOLLOW_UP, EARLIER, ("All 2022", date(2022, 1, 1), date(2022, 12, 31), [], False))
    html = tmp_path / "r.html"
    args = ["report", "--db", store, "--out", str(tmp_path / "r.pdf"), "--html", str(html), "--no-emergent", "--quiet"]
    assert main([*args, "--round", "2022 follow-up"]) == 0
    page = html.read_text(encoding="utf-8")
    # FFT alone in the baseline: 6 of 12 (50%), not the pooled 18 of 24 (75%)
    assert "15 of 20" not in page  # (the share is printed, not the count)
    assert "75% of 20 answers rated the service very good or good (2021 baseline: 50%)" in page
    assert "2021 baseline: 75%" not in page
    # the cover gives the baseline's dates, not its name alone (a progress check)
    assert "<dt>Baseline</dt><dd>2021 baseline (01 January 2021 to 31 December 2021)</dd>" in page
    assert main([*args, "--round", "2022 follow-up", "--questionnaire", "fft", "--html", str(html)]) == 0
    assert "(2021 baseline: 50%)" in html.read_text(encoding="utf-8")

    # a round of both questionnaires: the service table leaves the carers' survey out and says so
    assert main([*args, "--round", "All 2022", "--no-baseline"]) == 0
    page = html.read_text(encoding="utf-8")
    table = page[page.index("Responses by service"):]
    table = table[: table.index("</div>")]
    assert '<th scope="row">PTS - Patient Transport</th><td>10</td><td>50%</td>' in table
    assert '<th scope="row">111</th><td>10</td><td>50%</td>' in table
    assert "Not answered" not in table  # was 12 (38%): the carers' survey never asks
    assert (
        "Only questionnaires that ask which service the response is about: 20 responses. The table counts only "
        "these; 12 responses to questionnaires that do not ask are left out."
    ) in table


def test_a_baseline_whose_dates_overlap_the_round_says_the_responses_count_twice(store):
    # A baseline round ending in March 2022 shared 3 of the follow-up's FFT responses (1-3 March
    # 2022); the report compared them with themselves and said nothing.
    _rounds(store, FOLLOW_UP, ("Overlapping baseline", date(2021, 1, 1), date(2022, 3, 3), [], True))
    read = _read(store)
    assert read.baseline["name"] == "Overlapping baseline"
    shared = set(read.src.responses["response_id"]) & set(read.base_src.responses["response_id"])
    assert len(shared) == 3
    assert "3 of this round's 20 responses are in the baseline round 'Overlapping baseline' too (the two rounds' " \
        "dates overlap): they count on both sides, so a change against the baseline is smaller than it would be " \
        "between rounds that share no responses." in read.notes
    _rounds(store, ("Separate baseline", date(2021, 1, 1), date(2021, 12, 31), ["fft"], False))
    assert not any("count on both sides" in n for n in _read(store, "--baseline", "Separate baseline").notes)


def test_scores_csv_holds_each_priority_as_the_summary_publishes_it(store, tmp_path):
    # A progress check: the baseline per priority and the change against it, the partnership's
    # first ask, could only be copied out of the PDF; --scores-csv writes them for a spreadsheet.
    import csv

    from analysis.cli import main

    _rounds(store, FOLLOW_UP, EARLIER)
    out = tmp_path / "scores.csv"
    args = ["report", "--db", store, "--round", "2022 follow-up", "--out", str(tmp_path / "r.pdf"), "--html",
            str(tmp_path / "r.html"), "--scores-csv", str(out), "--no-emergent", "--quiet"]
    assert main(args) == 0
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["priority_id"] for r in rows] == list(PRIORITY_IDS)
    assert any(r["change_pts"] not in ("*", "–") for r in rows)  # some change is published
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    for r in rows:
        assert (r["round"], r["baseline"]) == ("2022 follow-up", "2021 baseline")
        # the summary table's own cells, in its order: score, n, baseline, change, direction
        cells = f"<td>{r['score']}" + ("<sup>c</sup>" if r["basis"] == "comments" else "") + f"</td><td>{r['n']}</td>"
        assert cells in page
        if r["change_pts"] not in ("*", "–"):
            sign = lambda v: f"+{v}" if int(v) > 0 else v  # noqa: E731
            assert f"{sign(r['change_pts'])} pts ({sign(r['change_low'])} to {sign(r['change_high'])})" in page
    # the CSV may not be written over the PDF
    assert main([*args[:-4], "--scores-csv", str(tmp_path / "r.pdf"), "--quiet"]) == 2
