"""analysis.sources reads the store with plain SQL; the --db report runs end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from analysis import sources
from analysis.report.baseline import priority_scores, score_answers

ROOT = Path(__file__).resolve().parents[2]
#: completed_with_help of the fixture's responses, by row number modulo 3.
HELP_CYCLE = (True, False, None)
LIKERT = [
    {"value": v, "label": {"en": v.replace("_", " ").title()}, "score": s}
    for v, s in [("strongly_agree", 5), ("agree", 4), ("neither", 3), ("disagree", 2), ("strongly_disagree", 1)]
]
FFT = [
    {"value": v, "label": {"en": v}, "score": i + 1}
    for i, v in enumerate(["very_good", "good", "neither", "poor", "very_poor", "dont_know"])
]


def definition(wording: str) -> dict:
    return {
        "id": "pwus",
        "version": "1",
        "sections": [
            {
                "id": "s",
                "questions": [
                    {
                        "id": "overall",
                        "type": "fft",
                        "text": {"en": "Overall, how was your experience of our service?"},
                        "options": FFT,
                    },
                    {
                        "id": "dignity",
                        "type": "likert",
                        "text": {"en": wording},
                        "options": LIKERT,
                        "priorities": ["person_centred_care"],
                    },
                    {"id": "why", "type": "free_text", "text": {"en": "Why?"}, "topic": "experience"},
                    {
                        "id": "eq_age",
                        "type": "single_choice",
                        "equality": True,
                        "text": {"en": "Age"},
                        "options": [
                            {"value": "18_64", "label": {"en": "18 to 64"}},
                            {"value": "65_plus", "label": {"en": "65 or over"}},
                        ],
                    },
                ],
            }
        ],
    }


@pytest.fixture
def store(tmp_path):
    from survey_app.models import Base  # the tests may use the app's schema; analysis never does

    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    engine = sa.create_engine(url)
    Base.metadata.create_all(engine)
    comments = [
        "The staff were kind and listened to me carefully today",
        "Waited far too long for transport and nobody called me back",
        "Clear information about my medication, thank you so much",
    ]
    with engine.begin() as c:
        for vid, (ver, wording) in enumerate(
            [("1", "I was treated with dignity"), ("2", "Staff treated me with dignity")], 1
        ):
            c.execute(
                sa.text(
                    "INSERT INTO questionnaire_versions (id, questionnaire_id, version, content_hash, title, audience, definition, created_at) "
                    "VALUES (:id, 'pwus', :v, :h, 'People who use services', 'people_who_use_services', :d, :t)"
                ),
                {
                    "id": vid,
                    "v": ver,
                    "h": f"h{vid}",
                    "d": json.dumps(definition(wording)),
                    "t": datetime(2025, 1, 1, tzinfo=UTC),
                },
            )
        rid = 0
        for vid, year, positive_share in ((1, 2025, 0.5), (2, 2026, 0.8)):
            for i in range(40):
                rid += 1
                status = "submitted" if i < 38 else "in_progress"
                channel = "online" if (vid == 1 or i % 2) else "paper"
                c.execute(
                    sa.text(
                        "INSERT INTO responses (id, questionnaire_version_id, questionnaire_id, audience, channel, locale, status, service, "
                        "started_at, submitted_at, completed_with_help, submission_token) VALUES (:id, :v, 'pwus', 'people_who_use_services', "
                        ":ch, 'en', :st, :svc, :t, :t, :help, :tok)"
                    ),
                    {
                        "id": rid,
                        "v": vid,
                        "ch": channel,
                        "st": status,
                        "svc": "Ward A" if i % 3 else "Ward B",
                        "t": datetime(year, 3, 1 + i % 28, 12, tzinfo=UTC),
                        "tok": f"tok{rid}",
                        "help": HELP_CYCLE[i % 3],  # yes, no and not recorded
                    },
                )
                opt = "agree" if i < positive_share * 40 else "disagree"
                rows = [
                    ("overall", "very_good" if i % 4 else "poor", None),
                    ("dignity", opt, None),
                    ("why", None, comments[i % 3]),
                    ("eq_age", "65_plus" if i % 2 else "18_64", None),
                ]
                for q, o, t in rows:
                    c.execute(
                        sa.text(
                            "INSERT INTO answers (response_id, question_id, option_value, text_value) VALUES (:r, :q, :o, :t)"
                        ),
                        {"r": rid, "q": q, "o": o, "t": t},
                    )
        c.execute(
            sa.text(
                "INSERT INTO rounds (name, starts_on, ends_on, questionnaire_ids, is_baseline) VALUES "
                "('2025 baseline', :a, :b, '[\"pwus\"]', 1), ('2026 follow-up', :c, :d, '[]', 0)"
            ),
            {"a": date(2025, 1, 1), "b": date(2025, 12, 31), "c": date(2026, 1, 1), "d": date(2026, 12, 31)},
        )
    return url


def test_load_sources_reads_only_submitted_responses_of_the_round(store):
    src = sources.load_sources(store, round_name="2026 follow-up")
    assert len(src.responses) == 38
    assert set(src.responses["version"]) == {"2"}
    assert src.equality_columns == ("eq_age",)
    assert set(src.responses["eq_age"]) == {"18 to 64", "65 or over"}
    assert len(src.comments) == 38
    assert {"response_id", "question_id", "topic", "audience", "channel", "service", "submitted_at", "comment"} <= set(
        src.comments.columns
    )
    assert set(src.comments["topic"]) == {"experience"}
    s = priority_scores(score_answers(src.answers, src.responses, src.versions)).iloc[0]
    assert (s["priority"], s["positive"], s["answers"]) == ("person_centred_care", 32, 38)
    ward_b = sources.load_sources(store, round_name="2026 follow-up", service="Ward B", date_to="2026-03-10")
    assert 0 < len(ward_b.responses) < 38
    assert set(ward_b.responses["service"]) == {"Ward B"}
    with pytest.raises(sources.RoundNotFoundError, match="2026 follow-up"):
        sources.load_sources(store, round_name="nope")


def test_help_reads_as_yes_no_or_not_recorded_and_counts_only_the_yeses(store):
    src = sources.load_sources(store, round_name="2026 follow-up")
    helped = src.responses["completed_with_help"]
    assert str(helped.dtype) == "boolean"
    # the 38 submitted of 40 rows, i = 0..37 cycling yes / no / not recorded: 13, 13, 12
    assert (int(helped.sum()), int((~helped).sum()), int(helped.isna().sum())) == (13, 13, 12)
    assert helped.value_counts(dropna=False).to_dict() == {True: 13, False: 13, pd.NA: 12}


def test_an_equality_question_nobody_answered_reads_as_not_answered(store):
    with sa.create_engine(store).begin() as c:
        c.execute(sa.text("DELETE FROM answers WHERE question_id = 'eq_age'"))
    src = sources.load_sources(store, round_name="2026 follow-up")  # no pandas warning (they fail the suite)
    assert src.equality_columns == ("eq_age",)
    assert src.responses["eq_age"].tolist() == ["Not answered"] * 38


def test_the_postcode_district_is_neither_a_comment_nor_a_table_of_not_answered(store):
    # The equality block's postcode_district (free text) was coded and counted as a comment,
    # and its report table said "Not answered" for everyone (equality columns are read from
    # option_value only): now it is `comment: false` and the report leaves the table out.
    from analysis.report.cli import _tabulated_equality_columns
    from survey_app.questionnaire.loader import load_all

    for q in load_all(ROOT / "questionnaires").values():
        if any(x.id == "postcode_district" for x in q.questions()):
            postcode = q.question("postcode_district")
            assert (postcode.equality, postcode.comment) == (True, False), q.id
    with sa.create_engine(store).begin() as c:
        d = definition("Staff treated me with dignity")
        d["sections"][0]["questions"].append(
            {"id": "postcode_district", "type": "free_text", "equality": True, "comment": False,
             "text": {"en": "What is the first part of your postcode?"}}
        )
        c.execute(sa.text("UPDATE questionnaire_versions SET definition = :d WHERE id = 2"), {"d": json.dumps(d)})
        c.execute(sa.text("INSERT INTO answers (response_id, question_id, text_value) "
                          "SELECT id, 'postcode_district', 'DH1' FROM responses WHERE questionnaire_version_id = 2"))
    src = sources.load_sources(store, round_name="2026 follow-up")
    assert "DH1" not in set(src.comments["comment"]) and len(src.comments) == 38
    assert src.equality_columns == ("eq_age", "eq_postcode_district")
    assert _tabulated_equality_columns(src) == ["eq_age"]
    # its column holds the district read from the text (a table of its own, build.district_table)
    assert set(src.responses["eq_postcode_district"]) == {"DH1"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_report_from_db_end_to_end(store, tmp_path):
    out, html = tmp_path / "r.pdf", tmp_path / "r.html"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "report",
            "--db",
            store,
            "--round",
            "2026 follow-up",
            "--out",
            str(out),
            "--html",
            str(html),
            "--no-emergent",
            "--quiet",
            "--actions",
            str(ROOT / "actions" / "example_actions_log.csv"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    text = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Read this first" in text
    assert "Question wording changed since 2025 baseline for: pwus/dignity" in text
    assert "Collection channels differ" in text
    # the method names the channels this round's responses came by, and no others
    assert "in the round 2026 follow-up, online and on paper." in text
    assert "with help and from workshops" not in text
    assert "84%" in text  # 32/38 positive
    assert "improved" in text  # 32/38 vs 20/38 baseline
    assert "Friends and Family Test" in text and "By age" in text
    # service breakdown, as the --csv path gives: 25 responses from Ward A, 13 from Ward B
    page = html.read_text(encoding="utf-8")
    assert "Responses by service" in page and "By service" in page
    assert '<th scope="row">Ward A</th><td>25</td>' in page
    assert '<th scope="row">Ward B</th><td>13</td>' in page
    assert "Service: Ward B" in text
    # --actions on the --db path: the section, its contents line and a chapter pointer
    assert "You said, we did" in text and "8 actions in all: 3 done, 3 in progress, 2 planned" in text
    assert '<li><a href="#actions">You said, we did</a></li>' in page
    assert '1 action on this priority (1 done) is listed in <a href="#actions-safety">' in page
    bad = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--db", store, "--round", "nope", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2 and "no round named 'nope'" in bad.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--service", "ward-a"],
            "--service 'ward-a' matches no response in the round '2026 follow-up'; its services: 'Ward A', "
            "'Ward B' (services are stored by name, not by the id links and imports use)",
        ),
        (
            ["--service", "Ward B", "--from", "2026-03-02", "--to", "2026-03-02"],
            "--service 'Ward B' matches no response in the round '2026 follow-up' between those dates; its "
            "services: 'Ward A' (services are stored by name, not by the id links and imports use)",
        ),
        (
            ["--audience", "carers"],
            "--audience 'carers' matches no response in the round '2026 follow-up'; its audiences: "
            "'people_who_use_services'",
        ),
        (
            ["--questionnaire", "carers", "--questionnaire", "staff"],
            "--questionnaire 'carers, staff' matches no response in the round '2026 follow-up'; its "
            "questionnaires: 'pwus'",
        ),
    ],
)
def test_a_filter_matching_no_response_of_the_round_exits_2_naming_what_it_has(store, tmp_path, capsys, extra, message):
    # A new user's --service pts made a report on 0 responses: services are stored by name.
    from analysis.cli import main

    out = tmp_path / "r.pdf"
    assert main(["report", "--db", store, "--round", "2026 follow-up", "--out", str(out), "--quiet", *extra]) == 2
    assert capsys.readouterr().err == f"error: {message}\n"
    assert not out.exists()


def test_table_copies_match_the_app_schema():
    """analysis.sources keeps its own copies of four tables (analysis never imports the app):
    every column it reads must exist in survey_app.models with the same Python type, or a
    renamed or retyped column would only show as a failed query on a real database."""
    from survey_app.models import Base

    checked = 0
    for table in sources._md.sorted_tables:
        app_table = Base.metadata.tables[table.name]
        for column in table.columns:
            assert column.name in app_table.columns, f"{table.name}.{column.name} is not in survey_app.models"
            app_type = app_table.columns[column.name].type
            assert column.type.python_type is app_type.python_type, f"{table.name}.{column.name}"
            checked += 1
    assert checked == 33


def test_review_writes_the_rounds_urgent_comments_for_a_person(store, tmp_path):
    import csv
    import os
    import stat

    from analysis.cli import main

    engine = sa.create_engine(store)
    with engine.begin() as c:  # one more answer to response 41 (2026): a concern, with a name
        c.execute(
            sa.text("UPDATE answers SET text_value = :t WHERE response_id = 41 AND question_id = 'why'"),
            {"t": "Mrs Patel on the ward gave my mam the wrong tablets"},
        )
    engine.dispose()
    out = tmp_path / "review" / "urgent.csv"
    assert main(["review", "--db", store, "--round", "2026 follow-up", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [(r["response_id"], r["questionnaire_id"], r["question_id"], r["urgent_kind"]) for r in rows] == [
        ("41", "pwus", "why", "medication_error")
    ]
    assert rows[0]["comment"] == "Mrs Patel on the ward gave my mam the wrong tablets"  # as written: to follow up
    assert rows[0]["submitted_at"] == "2026-03-01T12:00:00Z"  # as `flask responses export` writes it
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    # the 2025 round has none; an unknown round is bad input
    assert main(["review", "--db", store, "--round", "2025 baseline", "--out", str(out)]) == 0
    assert list(csv.DictReader(out.read_text(encoding="utf-8").splitlines())) == []
    assert main(["review", "--db", store, "--round", "nope", "--out", str(out)]) == 2


def test_review_never_prints_a_comment(store, tmp_path, capsys):
    from analysis.cli import main

    assert main(["review", "--db", store, "--out", str(tmp_path / "u.csv")]) == 0
    captured = capsys.readouterr()
    assert "flagged for urgent review" in captured.err
    assert "listened" not in captured.out + captured.err


@pytest.mark.parametrize("command", ["review", "report"])
def test_an_output_path_that_is_the_database_or_no_regular_file_is_refused(store, tmp_path, capsys, command):
    # a tester's export --out instance/survey.sqlite3 --force replaced the database with CSV
    from analysis.cli import main

    database = tmp_path / "store.sqlite3"
    before = database.read_bytes()
    extra = ["--round", "2026 follow-up"] if command == "report" else []
    for out, reason in [
        (database, "is the database"),
        (tmp_path / "store.sqlite3-wal", "is the database"),
        (tmp_path, "exists and is not a regular file"),
    ]:
        assert main([command, "--db", store, *extra, "--out", str(out)]) == 2
        assert f"--out {out} {reason}; choose another path" in capsys.readouterr().err
    assert database.read_bytes() == before


def _rounds_frame(*rows):
    return pd.DataFrame(rows, columns=["name", "questionnaire_ids", "is_baseline"])


def test_each_report_is_compared_with_the_baseline_of_its_own_questionnaires():
    # a new user's carers' baseline was used for the FFT sample report ("Carers 2025 baseline: 33%")
    import argparse

    from analysis.report.cli import _baseline_round

    rounds = _rounds_frame(
        ("FFT base", ["fft"], True), ("Carers base", ["carers", "workshop"], True), ("All base", [], False),
        ("FFT 2026", ["fft"], False), ("Carers 2026", ["carers", "workshop"], False), ("Everything 2026", [], False),
        ("Staff 2026", ["staff"], False),
    )
    row = {r["name"]: r for r in rounds.to_dict("records")}

    def chosen(name, baseline=None, no_baseline=False, questionnaire=()):
        args = argparse.Namespace(baseline=baseline, no_baseline=no_baseline, questionnaire=list(questionnaire))
        found = _baseline_round(rounds, row[name], args)
        return found and found["name"]

    assert chosen("FFT 2026") == "FFT base"
    assert chosen("Carers 2026") == "Carers base"
    assert chosen("Staff 2026") is None  # no baseline of its questionnaires: none, not another's
    assert chosen("Everything 2026", questionnaire=["fft"]) == "FFT base"  # the report's filter decides
    assert chosen("FFT 2026", baseline="all BASE") == "All base"  # any round, by name as rounds match
    assert chosen("FFT 2026", no_baseline=True) is None
    with pytest.raises(sources.RoundNotFoundError, match="could be compared with any of the baselines 'FFT base', "
                       "'Carers base': give --baseline NAME"):
        chosen("Everything 2026")
    # a round of every questionnaire holding only carers' answers is compared as a carers' round
    args = argparse.Namespace(baseline=None, no_baseline=False, questionnaire=[])
    assert _baseline_round(rounds, row["Everything 2026"], args, ["carers"])["name"] == "Carers base"
    with pytest.raises(sources.RoundNotFoundError, match="is the report's own round"):
        chosen("FFT 2026", baseline="FFT 2026")


def test_baseline_options_need_the_database(tmp_path, capsys):
    from analysis.cli import main

    data = tmp_path / "c.csv"
    data.write_text("comment\nGood\n", encoding="utf-8")
    args = ["report", "--csv", str(data), "--text-column", "comment", "--out", str(tmp_path / "r.pdf"), "--quiet"]
    assert main([*args, "--baseline", "2025 baseline"]) == 2
    assert "--baseline and --no-baseline need --db" in capsys.readouterr().err


def test_answers_to_a_question_asked_about_a_priority_count_towards_it():
    # A new user's Outcomes chapter held 3 of their 20 answers to "What one thing would make the
    # biggest difference to you as a carer?", which the carers' questionnaire asks about outcomes.
    from analysis.report.cli import _code

    frame = pd.DataFrame({
        "comment": ["More respite", "Someone to talk to at night", "La comida estaba fría y nadie vino", ""],
        "topic": ["outcomes_focussed_care", "outcomes_focussed_care", "outcomes_focussed_care", "safety"],
    })
    coded = _code(frame, "comment", lambda _msg: None, quiet=True)
    assert all("outcomes_focussed_care" in p for p in coded["priorities"][:2])
    assert list(coded["priorities"][2]) == [] and list(coded["priorities"][3]) == []  # not English; empty
