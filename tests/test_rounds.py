"""``flask rounds create``: updates say what they change, names are one line, dates are sane."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from analysis import sources
from survey_app.extensions import db
from survey_app.models import Round


def _create(app, name, start, end, *more):
    return app.test_cli_runner().invoke(args=["rounds", "create", name, "--from", start, "--to", end, *more])


def _rounds(app):
    with app.app_context():
        return [
            (r.name, r.starts_on, r.ends_on, r.questionnaire_ids, r.is_baseline)
            for r in db.session.scalars(sa.select(Round).order_by(Round.id))
        ]


def test_an_update_says_what_it_changed_and_keeps_the_questionnaires(app):
    out = _create(app, "2022 follow-up", "2022-04-01", "2022-12-31", "--questionnaire", "fft")
    assert out.exit_code == 0 and out.stdout == "Created round '2022 follow-up': 2022-04-01 to 2022-12-31, fft.\n"

    out = _create(app, "2022 follow-up", "2022-01-01", "2022-01-02")
    assert out.exit_code == 0 and out.stderr == ""
    assert out.stdout == (
        "Updated round '2022 follow-up': dates 2022-04-01 to 2022-12-31 → 2022-01-01 to 2022-01-02; "
        "questionnaires fft (unchanged).\n"
    )
    assert _rounds(app) == [("2022 follow-up", date(2022, 1, 1), date(2022, 1, 2), ["fft"], False)]

    both = ("--questionnaire", "carers", "--questionnaire", "fft")
    out = _create(app, "2022 follow-up", "2022-01-01", "2022-01-02", *both)
    assert out.stdout == "Updated round '2022 follow-up': questionnaires fft → carers, fft.\n"
    out = _create(app, "2022 follow-up", "2022-01-01", "2022-01-02", "--all-questionnaires")
    assert out.stdout == "Updated round '2022 follow-up': questionnaires carers, fft → all questionnaires.\n"
    out = _create(app, "2022 follow-up", "2022-01-01", "2022-01-02")
    assert out.stdout == "Round '2022 follow-up' unchanged: 2022-01-01 to 2022-01-02, all questionnaires.\n"

    out = _create(app, "2022 follow-up", "2022-01-01", "2022-01-02", "--questionnaire", "fft", "--all-questionnaires")
    assert out.exit_code == 1 and "give --questionnaire or --all-questionnaires, not both" in out.output
    assert _rounds(app) == [("2022 follow-up", date(2022, 1, 1), date(2022, 1, 2), [], False)]


def test_a_new_baseline_says_the_old_one_no_longer_is(app):
    assert _create(app, "2021 baseline", "2021-01-01", "2021-12-31", "--baseline").exit_code == 0
    out = _create(app, "2023 survey", "2023-01-01", "2023-12-31", "--baseline")
    assert out.exit_code == 0
    assert out.stdout.splitlines() == [
        "Created round '2023 survey': 2023-01-01 to 2023-12-31, all questionnaires (baseline).",
        "'2021 baseline' is no longer a baseline (all questionnaires).",
    ]
    assert out.stderr == (
        "Warning: the baseline '2023 survey' (from 2023-01-01) starts after round '2021 baseline' (from "
        "2021-01-01): rounds are compared with the baseline of their questionnaires, which is usually the earliest.\n"
    )
    assert [(r[0], r[4]) for r in _rounds(app)] == [("2021 baseline", False), ("2023 survey", True)]
    # an update of a round keeps its baseline mark, and marking it again drops no other
    out = _create(app, "2023 survey", "2023-01-01", "2023-12-31", "--baseline")
    assert out.stdout == "Round '2023 survey' unchanged: 2023-01-01 to 2023-12-31, all questionnaires (baseline).\n"
    # a new round before the baseline gets the same warning; one after it none
    out = _create(app, "2022 survey", "2022-01-01", "2022-12-31")
    assert "Warning: the baseline '2023 survey' (from 2023-01-01) starts after round '2022 survey'" in out.stderr
    assert _create(app, "2024 survey", "2024-01-01", "2024-12-31").stderr == ""


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("2022\tfollow-up", "a tab"),
        ("2022\nfollow-up", "a line break"),
        ("2022 follow-up\r", "a line break"),  # not trimmed away as a space would be
        ("2022\u200bfollow-up", "the character U+200B"),  # zero-width space
        ("2022\u2028follow-up", "the character U+2028"),  # line separator
        ("2022\x1bfollow-up", "the character U+001B"),
    ],
)
def test_a_name_with_a_control_character_is_refused(app, name, what):
    out = _create(app, name, "2022-01-01", "2022-12-31")
    assert out.exit_code == 1
    assert out.stderr == (
        f"Error: a round name cannot hold {what} (nor any control character): `rounds list` shows one round a line\n"
    )
    assert _rounds(app) == []


def test_names_differing_only_in_case_or_spacing_are_one_round(app):
    out = _create(app, "  2022   follow-up ", "2022-04-01", "2022-12-31", "--questionnaire", "fft")
    assert out.stdout == "Created round '2022 follow-up': 2022-04-01 to 2022-12-31, fft.\n"
    out = _create(app, "2022 FOLLOW-UP", "2022-04-01", "2022-11-30")
    assert out.stdout == (
        "Updated round '2022 follow-up' (as stored; you typed '2022 FOLLOW-UP'): dates 2022-04-01 to 2022-12-31 → "
        "2022-04-01 to 2022-11-30; questionnaires fft (unchanged).\n"
    )
    assert _create(app, " spaced ", "2023-01-01", "2023-01-31").exit_code == 0
    out = _create(app, "Spaced", "2023-01-01", "2023-01-31")
    assert out.stdout == (
        "Round 'spaced' (as stored; you typed 'Spaced') unchanged: 2023-01-01 to 2023-01-31, all questionnaires.\n"
    )
    assert [r[0] for r in _rounds(app)] == ["2022 follow-up", "spaced"]
    listed = app.test_cli_runner().invoke(args=["rounds", "list"]).stdout.splitlines()
    assert [line.split("\t")[:3] for line in listed] == [
        ["2022 follow-up", "2022-04-01 to 2022-11-30", "fft"],
        ["spaced", "2023-01-01 to 2023-01-31", "all questionnaires"],
    ]


def test_an_accent_typed_two_ways_is_one_round(app):
    # a tester's "Café" with a composed é and with e + a combining accent made two rounds that
    # looked the same in `rounds list`
    composed, decomposed = "Caf\u00e9 review", "Cafe\u0301 review"
    assert _create(app, composed, "2024-01-01", "2024-01-31").exit_code == 0
    out = _create(app, decomposed, "2024-01-01", "2024-01-31")
    assert out.exit_code == 0 and "unchanged" in out.stdout
    assert [r[0] for r in _rounds(app)] == [composed]


def test_two_stored_names_differing_only_in_case_are_not_guessed_between(app):
    with app.app_context():  # stored before names were compared without case
        for n in ("Spring", "SPRING"):
            db.session.add(Round(name=n, starts_on=date(2022, 1, 1), ends_on=date(2022, 1, 31), questionnaire_ids=[]))
        db.session.commit()
    out = _create(app, "spring", "2022-02-01", "2022-02-28")
    assert out.exit_code == 1
    assert out.stderr == (
        "Error: rounds 'Spring', 'SPRING' differ only in case or spacing from 'spring': give the name exactly as "
        "`rounds list` shows it\n"
    )
    # the exact name still updates its own round
    assert _create(app, "SPRING", "2022-02-01", "2022-02-28").exit_code == 0
    assert [(r[0], r[1]) for r in _rounds(app)] == [("Spring", date(2022, 1, 1)), ("SPRING", date(2022, 2, 1))]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2000-01-01", "9999-12-31", "--to 9999-12-31 is not a round date: they are from 1900-01-01 to 2100-12-31"),
        ("2101-01-01", "2101-12-31", "--from 2101-01-01 is not a round date"),
        ("1899-12-31", "2000-01-01", "--from 1899-12-31 is not a round date"),
    ],
)
def test_dates_outside_1900_to_2100_are_refused(app, start, end, message):
    out = _create(app, "forever", start, end)
    assert out.exit_code == 1 and message in out.stderr
    assert _rounds(app) == []


def test_a_round_to_the_last_allowed_date_can_be_reported_on(app):
    assert _create(app, "long", "1900-01-01", "2100-12-31").exit_code == 0
    with app.app_context():
        src = sources.load_sources(db.engine, round_name="long")  # OverflowError with 9999-12-31
    assert len(src.comments) == 0


def test_overlapping_rounds_of_the_same_questionnaires_get_a_warning(app):
    assert _create(app, "FFT spring", "2025-01-01", "2025-06-30", "--questionnaire", "fft").stderr == ""
    out = _create(app, "All summer", "2025-06-01", "2025-09-30")
    assert out.exit_code == 0
    assert out.stderr == (
        "Warning: 'All summer' overlaps round 'FFT spring' (2025-01-01 to 2025-06-30) for fft: a response "
        "submitted in both date ranges counts in both rounds.\n"
    )
    # carers' rounds overlap the all-questionnaires round, not the FFT one
    out = _create(app, "Carers 2025", "2025-01-01", "2025-12-31", "--questionnaire", "carers")
    assert out.stderr.splitlines() == [
        "Warning: 'Carers 2025' overlaps round 'All summer' (2025-06-01 to 2025-09-30) for carers: a response "
        "submitted in both date ranges counts in both rounds."
    ]
    assert _create(app, "FFT autumn", "2025-10-01", "2025-12-31", "--questionnaire", "fft").stderr == ""
    assert len(_rounds(app)) == 4


def test_report_finds_a_round_typed_in_another_case(app, tmp_path, database_url):
    from analysis.sources import make_engine, read_rounds, round_window

    assert _create(app, "2022 follow-up", "2022-04-01", "2022-12-31").exit_code == 0
    engine = make_engine(database_url)
    try:
        rounds = read_rounds(engine)
    finally:
        engine.dispose()  # a pooled PostgreSQL connection left to the garbage collector warns
    assert round_window(rounds, "  2022 FOLLOW-UP")["name"] == "2022 follow-up"


def test_each_questionnaire_keeps_its_own_baseline(app):
    # a new user's carers' baseline replaced the FFT sample's, and the FFT report was then
    # compared with carers ("Carers 2025 baseline: 33%")
    assert _create(app, "FFT base", "2021-01-01", "2021-12-31", "--questionnaire", "fft", "--baseline").exit_code == 0
    out = _create(app, "Carers base", "2025-01-01", "2025-12-31", "--questionnaire", "carers",
                  "--questionnaire", "workshop", "--baseline")
    assert out.stdout == "Created round 'Carers base': 2025-01-01 to 2025-12-31, carers, workshop (baseline).\n"
    assert out.stderr == ""  # the FFT round before it is not compared with it
    assert [(r[0], r[4]) for r in _rounds(app)] == [("FFT base", True), ("Carers base", True)]
    # a baseline sharing a questionnaire replaces only the one it shares it with
    out = _create(app, "Carers base 2", "2024-01-01", "2024-12-31", "--questionnaire", "carers", "--baseline")
    assert "'Carers base' is no longer a baseline (carers, workshop)." in out.stdout
    assert {r[0]: r[4] for r in _rounds(app)} == {"FFT base": True, "Carers base": False, "Carers base 2": True}
