"""The postcode district from the store to the report: ``analysis.sources`` reads the outward code
from the answer's text, and ``python -m analysis report --db`` prints the table (SQLite, and
PostgreSQL with ``TEST_DATABASE_URL``)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from analysis import sources
from analysis.cli import main
from survey_app.config import ROOT
from survey_app.extensions import db
from survey_app.questionnaire.loader import load_all
from survey_app.responses.services import record_response

#: What 36 carers gave: 17 DH1 (3 of them as a full postcode), 11 NE61, 2 SR7, 1 TS21, 1 "dunno", 4 blank.
TYPED = ["DH1"] * 14 + ["DH1 3LE"] * 2 + ["dh13le"] + ["ne61"] * 11 + ["SR7"] * 2 + ["TS21", "dunno"] + [""] * 4
COMMENTS = [
    "The staff were kind and listened to me carefully today",
    "Waited far too long for a carers assessment and nobody called me back",
    "Clear information about respite, thank you so much",
]


@pytest.fixture
def carers_round(app):
    """36 carers' responses (the real questionnaire, with the equality block) in a 2026 round."""
    carers = load_all(ROOT / "questionnaires")["carers"]
    with app.app_context():
        for i, typed in enumerate(TYPED):
            answers = {
                "fft": "very_good" if i % 4 else "poor",
                "fft_reason": COMMENTS[i % 3],
                "age_band": "age_65_74" if i % 2 else "age_45_54",
                "postcode_district": typed,
            }
            record_response(
                db.session, carers, answers, channel="online", submitted_at=datetime(2026, 3, 1 + i % 28, 12, tzinfo=UTC)
            )
        db.session.commit()
    made = app.test_cli_runner().invoke(
        args=["rounds", "create", "2026 carers", "--from", "2026-01-01", "--to", "2026-12-31"]
    )
    assert made.exit_code == 0, made.output
    return "2026 carers"


def test_sources_read_the_outward_code_and_never_the_inward_part(app, database_url, carers_round):
    engine = sources.make_engine(database_url)
    try:
        src = sources.load_sources(engine, round_name=carers_round)
    finally:
        engine.dispose()  # no connection left for the garbage collector (a warning fails the suite)
    districts = src.responses["eq_postcode_district"].value_counts().to_dict()
    assert districts == {"DH1": 17, "NE61": 11, "Not answered": 4, "SR7": 2, "TS21": 1, "Not a valid district": 1}
    assert "eq_postcode_district" in src.equality_columns
    # the typed text stays in the answers only; no frame the report prints from holds it
    assert not src.comments["comment"].str.contains("3LE|dunno", case=False).any()
    assert not src.comments["eq_postcode_district"].isin(["DH1 3LE", "dh13le"]).any()


def test_the_report_prints_responses_by_postcode_district(app, database_url, carers_round, tmp_path):
    out, html = tmp_path / "r.pdf", tmp_path / "r.html"
    args = ["report", "--db", database_url, "--round", carers_round, "--out", str(out), "--html", str(html)]
    assert main([*args, "--quiet", "--no-emergent"]) == 0
    page = html.read_text(encoding="utf-8")
    assert "<caption>Responses by postcode district (first part of the postcode)</caption>" in page
    # DH1 17 and NE61 11 named; SR7 2 + TS21 1 = 3, "dunno" 1 and 4 blanks: hidden cells adding
    # up to 8 over three "<5" rows (1 + 3 + 4, 2 + 2 + 4, ...), so nothing more is hidden
    assert '<th scope="row">DH1</th><td>17</td><td>47%</td>' in page
    assert '<th scope="row">NE61</th><td>11</td><td>31%</td>' in page
    assert '<th scope="row">Other districts (each fewer than 10)</th><td>&lt;5</td><td>*</td>' in page
    assert '<th scope="row">Not a valid district</th><td>&lt;5</td><td>*</td>' in page
    assert '<th scope="row">Not answered</th><td>&lt;5</td><td>*</td>' in page
    assert page.index("Responses by age") < page.index("Responses by postcode district")
    assert "<h3>Postcode district</h3>" in page  # the method section says what the table shows
    assert "3LE" not in page and "dunno" not in page
    assert "By postcode district" not in page  # no chapter breakdowns by district
    if shutil.which("pdftotext"):
        text = " ".join(
            subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout.split()
        )
        assert "Responses by postcode district (first part of the postcode)" in text
        assert "Other districts (each fewer than 10)" in text and "3LE" not in text
