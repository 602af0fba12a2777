"""Moving responses to another database: `responses export` -> `responses mapping` ->
`responses import`, and `rounds export` -> `rounds import`, keep each response's audience
(an open questionnaire's too) and questionnaire version, and the rounds.

The database moved from is a SQLite file of the test's own (the trial); the one moved to is
the ``app`` fixture's, so with ``TEST_DATABASE_URL`` the move ends in PostgreSQL."""
from __future__ import annotations

import csv
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from survey_app import create_app
from survey_app.config import ROOT
from survey_app.db_migrate import upgrade
from survey_app.extensions import db
from survey_app.models import Answer, QuestionnaireVersion, Response, Round

WORKSHOP = ROOT / "workshop"
EXAMPLE = WORKSHOP / "example_carers_workshop.csv"


def _app(url: str, questionnaires: Path):
    return create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_ENGINES": {"default": url}, "QUESTIONNAIRES_DIR": str(questionnaires),
    })


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=[str(a) for a in args])


def _held(app) -> dict[str, tuple]:
    """Each stored response, by its first answer (the contribution's text, which is unique in
    the example), as (audience, channel, version:, version's content hash, submitted_at date)."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(Response, QuestionnaireVersion.version, QuestionnaireVersion.content_hash)
            .join(QuestionnaireVersion, Response.questionnaire_version_id == QuestionnaireVersion.id)
        ).all()
        return {
            next(a.text_value for a in r.answers if a.question_id == "contribution"): (
                r.audience, r.channel, v, h, r.submitted_at.date()
            )
            for r, v, h in rows
        }


def _rounds(app) -> list[tuple]:
    with app.app_context():
        return [(r.name, r.starts_on, r.ends_on, r.questionnaire_ids, r.is_baseline)
                for r in db.session.scalars(sa.select(Round).order_by(Round.name))]


@pytest.fixture
def trial(tmp_path):
    """A trial SQLite database holding the invented workshop example: its first 10
    contributions answered an older version (0) of the workshop questionnaire, the rest the
    version in use; contributions are stored with the audience their table gives (carers,
    or `any` for a mixed table); and three rounds, two of them baselines."""
    url = f"sqlite:///{tmp_path / 'trial.sqlite3'}"
    engine = sa.create_engine(url)
    upgrade(engine)
    engine.dispose()
    old = tmp_path / "old-questionnaires"
    shutil.copytree(ROOT / "questionnaires", old)
    text = (old / "workshop.yaml").read_text(encoding="utf-8")
    text = text.replace("\nversion: 1\n", "\nversion: 0\n").replace(
        "title: Co-production workshop contribution", "title: Workshop contribution (trial wording)")
    (old / "workshop.yaml").write_text(text, encoding="utf-8")
    with EXAMPLE.open(encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    for name, part in (("first.csv", lines[1:11]), ("rest.csv", lines[11:])):
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([lines[0], *part])
    before, now = _app(url, old), _app(url, ROOT / "questionnaires")
    for app, name in ((before, "first.csv"), (now, "rest.csv")):
        out = _cli(app, "responses", "import", "workshop", tmp_path / name, "--map", WORKSHOP / "mapping.yaml")
        assert "rejected 0 rows" in out.output, out.output
    for args in (("2025 workshops", "--from", "2025-01-01", "--to", "2025-12-31", "--questionnaire", "workshop",
                  "--baseline"),
                 ("2021-22 baseline", "--from", "2021-01-01", "--to", "2022-03-31", "--questionnaire", "fft",
                  "--baseline"),
                 ("=2022 follow-up, all", "--from", "2022-04-01", "--to", "2022-12-31")):
        assert _cli(now, "rounds", "create", *args).exit_code == 0
    return now


def _move(trial, app, tmp_path):
    """Export, print the mapping and rounds from ``trial``; import all into ``app``; return
    the two commands' outputs."""
    data, mapping, rounds = tmp_path / "workshop.csv", tmp_path / "workshop-map.yaml", tmp_path / "rounds.csv"
    assert _cli(trial, "responses", "export", "workshop", "--out", data, "--force").exit_code == 0
    printed = _cli(trial, "responses", "mapping", "workshop")
    assert printed.exit_code == 0, printed.output
    mapping.write_text(printed.stdout, encoding="utf-8")
    assert _cli(trial, "rounds", "export", "--out", rounds, "--force").exit_code == 0
    return (_cli(app, "responses", "import", "workshop", data, "--map", mapping, "--rejects", tmp_path / "r.csv"),
            _cli(app, "rounds", "import", rounds))


def test_a_move_keeps_audience_version_and_rounds_and_a_second_move_stores_nothing_twice(trial, app, tmp_path):
    held = _held(trial)
    # what the trial holds: carers' tables and a mixed one (any), under two versions
    assert sorted({(a, v) for a, _, v, _, _ in held.values()}) == [("any", "1"), ("carers", "0"), ("carers", "1")]
    assert sum(v == "0" for _, _, v, _, _ in held.values()) == 10

    imported, rounds = _move(trial, app, tmp_path)
    assert imported.exit_code == 0 and "Read 26 rows: stored 26 responses, rejected 0 rows." in imported.output
    assert "not imported" not in imported.output  # audience and questionnaire_version are read now
    assert rounds.stdout == "Read 3 rounds: created 3, not stored 0.\n", rounds.output
    assert _held(app) == held  # audience, channel, version (by content hash) and date of every response
    assert _rounds(app) == _rounds(trial) == [
        ("2021-22 baseline", date(2021, 1, 1), date(2022, 3, 31), ["fft"], True),
        ("2025 workshops", date(2025, 1, 1), date(2025, 12, 31), ["workshop"], True),
        ("=2022 follow-up, all", date(2022, 4, 1), date(2022, 12, 31), [], False),
    ]
    with app.app_context():  # the older version came with its definition, as the trial stored it
        old = db.session.scalar(sa.select(QuestionnaireVersion).where(QuestionnaireVersion.version == "0"))
        assert old.title == "Workshop contribution (trial wording)" and old.definition["version"] == "0"

    imported, rounds = _move(trial, app, tmp_path)
    assert "stored 0 responses, rejected 0 rows, skipped 26 rows already imported" in imported.output
    assert rounds.stdout == "Read 3 rounds: created 0, skipped 3 already here, not stored 0.\n"
    assert _held(app) == held and len(_rounds(app)) == 3
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(QuestionnaireVersion)) == 2


def test_responses_moved_without_those_columns_get_them_back_when_moved_again(trial, app, tmp_path):
    """A database moved into before this change has every contribution as `any` under the
    version in use; importing the same export with the new mapping puts them right."""
    data, mapping = tmp_path / "workshop.csv", tmp_path / "old-map.yaml"
    assert _cli(trial, "responses", "export", "workshop", "--out", data).exit_code == 0
    printed = _cli(trial, "responses", "mapping", "workshop").stdout
    cut = printed.split("# The versions of")[0]
    mapping.write_text("".join(
        line for line in cut.splitlines(keepends=True) if not line.startswith(("audience:", "questionnaire_version:"))
    ), encoding="utf-8")
    assert "stored 26" in _cli(app, "responses", "import", "workshop", data, "--map", mapping).output
    assert {(a, v) for a, _, v, _, _ in _held(app).values()} == {("any", "1")}  # what the old move lost

    again, _ = _move(trial, app, tmp_path)
    assert again.exit_code == 0
    assert ("skipped 26 rows already imported (from a file of this name or with these references); "
            "18 of them now have the audience or questionnaire version the file gives.") in again.output
    assert _held(app) == _held(trial)


def test_a_bad_audience_or_unknown_version_rejects_only_its_row(trial, app, tmp_path):
    data, mapping = tmp_path / "workshop.csv", tmp_path / "map.yaml"
    assert _cli(trial, "responses", "export", "workshop", "--out", data).exit_code == 0
    printed = _cli(trial, "responses", "mapping", "workshop").stdout
    mapping.write_text(printed.split("# The versions of")[0], encoding="utf-8")  # no versions carried
    with data.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[10]["audience"] = "martians"
    rows[11]["audience"] = "People who use services"  # read as stored: people_who_use_services
    with data.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    out = _cli(app, "responses", "import", "workshop", data, "--map", mapping, "--rejects", tmp_path / "r.csv")
    # the 10 of version 0 are not in this database and the mapping carries no versions
    assert "Read 26 rows: stored 15 responses, rejected 11 rows." in out.output, out.output
    with (tmp_path / "r.csv").open(encoding="utf-8", newline="") as fh:
        reasons = {r["reject_reasons"] for r in csv.DictReader(fh)}
    assert reasons == {
        "audience: 'martians' in row 12 is not one of people_who_use_services, carers, staff, any",
        "questionnaire_version: 'workshop' has no version '0' in this database nor in the mapping's versions: "
        "print the mapping from the database the file was exported from "
        "(flask --app survey_app responses mapping workshop) and import with it",
    }
    assert sorted(a for a, *_ in _held(app).values()).count("people_who_use_services") == 1


def test_rounds_import_stores_the_good_rows_and_names_each_bad_one(app, tmp_path):
    assert _cli(app, "rounds", "create", "2021 baseline", "--from", "2021-01-01", "--to", "2021-12-31",
                "--questionnaire", "fft", "--baseline").exit_code == 0
    path = tmp_path / "rounds.csv"
    path.write_text(
        "name,starts_on,ends_on,questionnaires,baseline\n"
        "2026 carers,2026-01-01,2026-06-30,carers,yes\n"
        "2026 late,2026-07-01,2026-06-30,,no\n"
        "2026 typo,2026-01-01,2026-06-30,carer,no\n"
        "2021 BASELINE,2021-01-01,2021-06-30,fft,yes\n"
        "2022 fft,2022-01-01,2022-12-31,fft,yes\n"
        "2027 all,2027-01-01,2027-12-31,,maybe\n"
        "'=2028 all,2028-01-01,2028-12-31,,\n",
        encoding="utf-8",
    )
    out = _cli(app, "rounds", "import", path)
    assert out.exit_code == 0
    assert out.stdout == "Read 7 rounds: created 2, not stored 5.\n"
    assert out.stderr.splitlines() == [
        "Not stored: row 3 ('2026 late'): ends_on is before starts_on",
        "Not stored: row 4 ('2026 typo'): questionnaires: no questionnaire 'carer' here (known: carers, fft, "
        "people-who-use-services, staff, workshop)",
        "Not stored: row 5 ('2021 BASELINE'): a round '2021 baseline' is here already with 2021-01-01 to 2021-12-31, "
        "fft (baseline); it is kept (change it with `rounds create` if the file is right)",
        "Not stored: row 6 ('2022 fft'): '2021 baseline' is the baseline of fft here already (one baseline per "
        "questionnaire); not stored",
        "Not stored: row 7 ('2027 all'): baseline: 'maybe' is not yes or no",
    ]
    assert _rounds(app) == [
        ("2021 baseline", date(2021, 1, 1), date(2021, 12, 31), ["fft"], True),
        ("2026 carers", date(2026, 1, 1), date(2026, 6, 30), ["carers"], True),
        ("=2028 all", date(2028, 1, 1), date(2028, 12, 31), [], False),
    ]
    missing = tmp_path / "wrong.csv"
    missing.write_text("name,from,to\nx,2026-01-01,2026-02-01\n", encoding="utf-8")
    out = _cli(app, "rounds", "import", missing)
    assert out.exit_code == 1 and "no column starts_on, ends_on, questionnaires, baseline" in out.output


def test_a_rounds_file_saved_from_a_spreadsheet_is_read_with_its_rows_numbered_as_there(app, tmp_path):
    # Excel (UK) saves the export's 2026-01-01 as 01/01/2026, adds a BOM, and keeps empty rows,
    # blank lines or ',,,,'; every row was refused as 'not a date', the empty row was a problem
    # ('a round name is 1 to 200 characters'), and the rows after a blank line were named one off.
    path = tmp_path / "rounds.csv"
    path.write_bytes(
        "\ufeffname,starts_on,ends_on,questionnaires,baseline\r\n"
        "2026 carers,01/01/2026,30/06/2026,carers,yes\r\n"
        "\r\n"
        ",,,,\r\n"
        "2026 late,01/07/2026,30/06/2026,,no\r\n"
        "2026 typo,31/02/2026,30/06/2026,,no\r\n".encode("utf-8")
        + "2026 caf\xe9,2026-07-01,2026-12-31,,no\r\n".encode("cp1252")  # one row typed in another program
    )
    out = _cli(app, "rounds", "import", path)
    assert out.exit_code == 0
    assert out.stdout == "Read 4 rounds: created 1, skipped 2 blank rows, not stored 3.\n"
    assert out.stderr.splitlines() == [
        "Not stored: row 5 ('2026 late'): ends_on is before starts_on",
        "Not stored: row 6 ('2026 typo'): starts_on: '31/02/2026' is not a date YYYY-MM-DD or DD/MM/YYYY",
        "Not stored: row 7: this row is not valid UTF-8 text: save the file as 'CSV UTF-8' and import it again",
    ]
    assert _rounds(app) == [("2026 carers", date(2026, 1, 1), date(2026, 6, 30), ["carers"], True)]
    semicolons = tmp_path / "semicolons.csv"
    semicolons.write_text('name;starts_on;ends_on;questionnaires;baseline\n2027;2027-01-01;2027-12-31;"fft";no\n')
    out = _cli(app, "rounds", "import", semicolons)
    assert out.exit_code == 1 and out.output.endswith(
        "(its columns are separated by ';': save it as 'CSV UTF-8 (comma delimited)')\n"
    )


def test_a_versions_line_edited_to_a_type_that_does_not_exist_stops_the_import(trial, app, tmp_path):
    # A hand-edited versions: line ('free_text' -> 'freetext') was stored as a version of
    # its own, and every response of that version put under it.
    data, mapping = tmp_path / "workshop.csv", tmp_path / "map.yaml"
    assert _cli(trial, "responses", "export", "workshop", "--out", data).exit_code == 0
    printed = _cli(trial, "responses", "mapping", "workshop").stdout
    assert printed.count('"type": "free_text"') >= 2
    mapping.write_text(printed.replace('"type": "free_text"', '"type": "freetext"', 1), encoding="utf-8")
    out = _cli(app, "responses", "import", "workshop", data, "--map", mapping)
    assert out.exit_code == 1
    assert out.output.startswith(f"Error: {mapping}: versions.0: question 'contribution' has type 'freetext', ")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(QuestionnaireVersion)) == 0


def test_a_questionnaire_nobody_answered_and_no_rounds_move_as_nothing_and_the_move_goes_on(tmp_path, app):
    """A scripted move stopped at `responses import` of a questionnaire with no responses
    (the export writes its header only) and at `rounds import` of a trial with no rounds."""
    url = f"sqlite:///{tmp_path / 'empty-trial.sqlite3'}"
    engine = sa.create_engine(url)
    upgrade(engine)
    engine.dispose()
    empty = _app(url, ROOT / "questionnaires")
    data, mapping, rounds = tmp_path / "carers.csv", tmp_path / "carers-map.yaml", tmp_path / "rounds.csv"
    assert _cli(empty, "responses", "export", "carers", "--out", data).exit_code == 0
    assert data.read_text(encoding="utf-8").startswith("response_id,submitted_at,") and len(
        data.read_text(encoding="utf-8").splitlines()) == 1
    mapping.write_text(_cli(empty, "responses", "mapping", "carers").stdout, encoding="utf-8")
    assert _cli(empty, "rounds", "export", "--out", rounds).exit_code == 0

    imported = _cli(app, "responses", "import", "carers", data, "--map", mapping, "--rejects", tmp_path / "r.csv")
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == "Read 0 rows: stored 0 responses, rejected 0 rows.\n"
    assert imported.stderr == "Warning: carers.csv has a header and 0 rows: nothing to import.\n"
    moved = _cli(app, "rounds", "import", rounds)
    assert moved.exit_code == 0, moved.output
    assert moved.stdout == "Read 0 rounds: created 0, not stored 0.\n"
    assert moved.stderr == "Warning: rounds.csv has a header and 0 rows: nothing to import.\n"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0
    assert _rounds(app) == []

    # a file with no header at all is still refused, saying so
    blank = tmp_path / "blank.csv"
    blank.write_text("", encoding="utf-8")
    refused = _cli(app, "responses", "import", "carers", blank, "--map", mapping)
    assert refused.exit_code == 1
    assert f"{blank}: no header row (an empty file), so nothing to import" in refused.output
    refused = _cli(app, "rounds", "import", blank)
    assert refused.exit_code == 1 and f"{blank}: no header row (an empty file)" in refused.output


def test_sample_load_finds_the_sample_moved_in_and_stores_nothing(tmp_path, app):
    """A new user moved the trial (sample loaded) to PostgreSQL as the README says; `make run`
    then ran `sample load` again, which knew the sample only by its file's name in the
    responses' references (now `fft.csv:2:1`), and stored it a second time: 2,954 responses."""
    url = f"sqlite:///{tmp_path / 'sample-trial.sqlite3'}"
    engine = sa.create_engine(url)
    upgrade(engine)
    engine.dispose()
    old = _app(url, ROOT / "questionnaires")
    assert "stored 1476 responses, rejected 0 rows" in _cli(old, "sample", "load").output
    data, mapping, rounds = tmp_path / "fft.csv", tmp_path / "fft-map.yaml", tmp_path / "rounds.csv"
    assert _cli(old, "responses", "export", "fft", "--out", data).exit_code == 0  # free text redacted
    mapping.write_text(_cli(old, "responses", "mapping", "fft").stdout, encoding="utf-8")
    assert _cli(old, "rounds", "export", "--out", rounds).exit_code == 0
    assert "stored 1476 responses, rejected 0 rows" in _cli(
        app, "responses", "import", "fft", data, "--map", mapping, "--rejects", tmp_path / "r.csv").output
    assert _cli(app, "rounds", "import", rounds).exit_code == 0

    def texts(an_app) -> set[str]:
        with an_app.app_context():
            return set(db.session.scalars(sa.select(Answer.text_value).where(Answer.text_value.is_not(None))))

    assert texts(app) != texts(old)  # the export redacted some comments: they are found all the same
    with app.app_context():
        refs = db.session.scalars(sa.select(Response.import_ref)).all()
        assert len(refs) == 1476 and all(r.startswith("fft.csv:") for r in refs)

    again = _cli(app, "sample", "load")
    assert again.exit_code == 0, again.output
    assert again.output == (
        "Sample data already loaded (1,476 of its 1,476 responses found, with the same answers, dates and "
        "services: moved from another database, or imported from a copy of the file); nothing stored.\n"
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1476
    assert [r[0] for r in _rounds(app)] == ["2021-22 baseline", "2022 follow-up"]

    # only part of it moved (e.g. an export --from a date): still nothing is stored twice
    with app.app_context():
        early = sa.select(Response.id).where(Response.submitted_at < datetime(2022, 4, 1, tzinfo=UTC)).scalar_subquery()
        db.session.execute(sa.delete(Answer).where(Answer.response_id.in_(early)))
        db.session.execute(sa.delete(Response).where(Response.id.in_(early)))
        db.session.commit()
        left = db.session.scalar(sa.select(sa.func.count()).select_from(Response))
    assert 0 < left < 1476
    again = _cli(app, "sample", "load")
    assert f"Sample data already loaded ({left:,} of its 1,476 responses found" in again.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == left

    # and the sample's own database still knows it by its references, as before
    assert _cli(old, "sample", "load").output == (
        "Sample data already loaded (1,476 responses found, imported from neas_fft_sample.csv); nothing stored.\n"
    )


def test_the_review_file_traces_a_concern_across_a_move_by_its_reference(tmp_path, app, database_url, capsys):
    """A new user's urgent review file gave ids 1493 and 1494 from the trial and 1488 and 1489
    after the move (ids are each database's own): the file now gives a moved response's id in
    the database it came from as its reference, beside its new id."""
    from analysis.cli import main
    from survey_app.responses.services import record_response

    url = f"sqlite:///{tmp_path / 'review-trial.sqlite3'}"
    engine = sa.create_engine(url)
    upgrade(engine)
    engine.dispose()
    old = _app(url, ROOT / "questionnaires")
    with old.app_context():
        from survey_app.surveys.views import get_questionnaire

        fft = get_questionnaire("fft")
        for text in ("Lovely crew", "Kind driver", "They gave my mam the wrong tablets", "On time"):
            record_response(db.session, fft, {"fft": "good", "what_was_good": text}, channel="online")
        first = db.session.scalar(sa.select(sa.func.min(Response.id)))
        db.session.execute(sa.delete(Answer).where(Answer.response_id.in_([first, first + 1])))
        db.session.execute(sa.delete(Response).where(Response.id.in_([first, first + 1])))  # ids now have a gap
        db.session.commit()
    data, mapping = tmp_path / "fft.csv", tmp_path / "fft-map.yaml"
    assert _cli(old, "responses", "export", "fft", "--out", data, "--raw-text").exit_code == 0
    mapping.write_text(_cli(old, "responses", "mapping", "fft").stdout, encoding="utf-8")
    assert "stored 2 responses" in _cli(app, "responses", "import", "fft", data, "--map", mapping,
                                        "--rejects", tmp_path / "r.csv").output

    def review(db_url: str) -> list[dict[str, str]]:
        out = tmp_path / "urgent.csv"
        assert main(["review", "--db", db_url, "--out", str(out)]) == 0
        with out.open(encoding="utf-8", newline="") as fh:
            return [{k: r[k] for k in ("response_id", "reference", "comment")} for r in csv.DictReader(fh)]

    before, after = review(url), review(database_url)
    assert capsys.readouterr().err.count(
        "A response_id is this database's own: a move to another database gives new ids, and a moved "
        "response's reference is its response_id in the database it came from.") == 2
    assert before == [{"response_id": str(first + 2), "reference": "", "comment": "They gave my mam the wrong tablets"}]
    assert after[0]["response_id"] != before[0]["response_id"]  # the new database's own id
    assert after == [{"response_id": after[0]["response_id"], "reference": str(first + 2),
                      "comment": "They gave my mam the wrong tablets"}]
