"""`flask responses export`: one row per submitted response, redacted free text, a private file."""
from __future__ import annotations

import copy
import csv
import io
import os
import stat
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from test_journey_helpers import DEMO_YAML, complete

from survey_app.extensions import db
from survey_app.models import Answer, Response
from survey_app.questionnaire.loader import load_questionnaire, questionnaire_from_definition
from survey_app.responses import export
from survey_app.responses.services import record_response, start_response

#: Columns of the demo questionnaire (tests/test_journey_helpers.py), in order.
DEMO_COLUMNS = [
    "response_id", "submitted_at", "channel", "service", "audience", "questionnaire_version",
    "completed_with_help", "locale",
    "fft", "services", "services:other", "when", "what_wrong", "score", "visits", "help_needed", "help_detail",
    "order", "grid.r1", "grid.r2",
]

WEB_TEXT = "Ring Jo on 07700 900982, NHS no 943 476 5919"

MAPPING = """
questionnaire: demo
channel: paper
reference: ref
submitted_at: {column: when_sent, formats: ["%d/%m/%Y"]}
service: team
answers:
  fft: rating
  services: used
  order: order
  visits: visits
  when: last
  what_wrong: wrong
"""


@pytest.fixture
def demo(app, tmp_path):
    """The demo questionnaire (every question type) as the only questionnaire file."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "demo.yaml").write_text(DEMO_YAML)
    app.config["QUESTIONNAIRES_DIR"] = str(folder)
    return load_questionnaire(folder / "demo.yaml")


def _web_response(app, demo) -> int:
    """Submit one response through the public journey; return its id."""
    overrides = {"what_wrong": "=1+2", "help_detail": WEB_TEXT}
    _, _, token = complete(app.test_client(), demo, trigger=True, overrides=overrides)
    with app.app_context():
        return db.session.scalar(sa.select(Response.id).where(Response.submission_token == token))


def _import_response(app, tmp_path) -> None:
    data = tmp_path / "paper.csv"
    with open(data, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ref", "when_sent", "team", "rating", "used", "order", "visits", "last", "wrong"])
        w.writerow(
            ["P1", "03/02/2025", "ward-7", "Very good", "Home care; GP", "b;c;a", "2.5", "2024-01-31", "-2 stars"]
        )
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING)
    result = app.test_cli_runner().invoke(args=["responses", "import", "demo", str(data), "--map", str(mapping)])
    assert "stored 1 response," in result.output, result.output


def _export(app, out, *extra):
    return app.test_cli_runner().invoke(args=["responses", "export", "demo", "--out", str(out), *extra])


def _rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_web_and_imported_responses_are_exported_with_their_cells(app, demo, tmp_path):
    web_id = _web_response(app, demo)
    _import_response(app, tmp_path)
    with app.app_context():  # a draft is never exported
        start_response(db.session, demo, token="draft-token")
        db.session.commit()
    out = tmp_path / "export.csv"
    result = _export(app, out)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote 2 responses to {out}.\n"
    with open(out, encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == DEMO_COLUMNS
        assert not fh.read().startswith("\ufeff")
    web, imported = _rows(out)
    assert web["response_id"] == str(web_id)
    assert web["submitted_at"].endswith("Z") and len(web["submitted_at"]) == 20
    assert {k: v for k, v in web.items() if k not in ("response_id", "submitted_at")} == {
        "channel": "online", "service": "", "audience": "people_who_use_services", "questionnaire_version": "1",
        "completed_with_help": "no", "locale": "en",  # "No" was posted
        "fft": "poor",
        "services": "gp;other", "services:other": "Another one",  # multi choice in option order, with its write-in
        "when": "2024-04-05", "what_wrong": "'=1+2",  # a formula cell is neutralised
        "score": "3", "visits": "2", "help_needed": "yes",
        "help_detail": "Ring [NAME] on [PHONE], NHS no [NHS_NUMBER]",
        "order": "c;b;a",  # ranking in rank order
        "grid.r1": "agree", "grid.r2": "agree",
    }
    with app.app_context():
        paper_id = db.session.scalar(sa.select(Response.id).where(Response.channel == "paper"))
    assert imported == {
        "response_id": str(paper_id), "submitted_at": "2025-02-03T00:00:00Z", "channel": "paper",
        "service": "Ward 7", "audience": "people_who_use_services", "questionnaire_version": "1",
        "completed_with_help": "", "locale": "en",  # the mapping names neither: not recorded, the default
        "fft": "very_good", "services": "gp;home_care", "services:other": "", "when": "2024-01-31",
        "what_wrong": "'-2 stars", "score": "", "visits": "2.5", "help_needed": "", "help_detail": "",
        "order": "b;c;a", "grid.r1": "", "grid.r2": "",
    }
    assert "07700" not in out.read_text(encoding="utf-8") and "943 476" not in out.read_text(encoding="utf-8")


def test_labels_give_option_labels_and_a_row_of_question_texts(app, demo, tmp_path):
    _import_response(app, tmp_path)
    out = tmp_path / "export.csv"
    assert _export(app, out, "--labels").exit_code == 0
    texts, row = _rows(out)
    assert texts["response_id"] == "" and texts["fft"] == "Overall, how was your experience of our service?"
    assert texts["grid.r1"] == "How much do you agree? - Staff were kind"
    assert texts["services:other"] == "Which services did you use? - Other (written in)"
    assert (row["fft"], row["services"], row["order"]) == ("Very good", "GP;Home care", "Beta;Gamma;Alpha")


def test_raw_text_keeps_what_people_wrote_and_warns(app, demo, tmp_path):
    _web_response(app, demo)
    out = tmp_path / "export.csv"
    result = _export(app, out, "--raw-text")
    assert result.exit_code == 0, result.output
    assert "Warning: --raw-text" in result.stderr
    assert _rows(out)[0]["help_detail"] == WEB_TEXT
    assert WEB_TEXT not in result.output  # never in what the command prints


def test_the_file_is_private_and_never_overwritten_without_force(app, demo, tmp_path):
    _import_response(app, tmp_path)
    out = tmp_path / "export.csv"
    assert _export(app, out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    out.write_text("keep me")
    out.chmod(0o644)
    refused = _export(app, out)
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: {out} already exists: give --force to overwrite it\n"
    assert out.read_text() == "keep me"
    assert _export(app, out, "--force").exit_code == 0
    assert _rows(out)[0]["fft"] == "very_good"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_the_database_in_use_and_anything_not_a_regular_file_are_never_replaced(app, demo, tmp_path):
    _import_response(app, tmp_path)
    with app.app_context():
        if db.engine.url.get_backend_name() != "sqlite":
            pytest.skip("only a SQLite database is a file a command could write over")
        database = Path(db.engine.url.database)
    before = database.read_bytes()
    link = tmp_path / "db-link.sqlite3"
    link.hardlink_to(database)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for out in (database, link, database.with_name(database.name + "-wal"),
                database.with_name(database.name + "-journal")):
        refused = _export(app, out, "--force")
        assert refused.exit_code == 1, out
        assert refused.stderr == (
            f"Error: {out}: the export file cannot be the database in use (or its -wal, -shm or -journal file)\n"
        )
    assert database.read_bytes() == before
    assert not database.with_name(database.name + "-journal").exists()
    refused = _export(app, fifo, "--force")
    assert (refused.exit_code, refused.stderr) == (1, f"Error: {fifo}: the export file must be a regular file\n")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    target = tmp_path / "target.csv"  # a symbolic link to a regular file is replaced, its target kept
    target.write_text("keep me")
    (tmp_path / "sym.csv").symlink_to(target)
    assert _export(app, tmp_path / "sym.csv", "--force").exit_code == 0
    assert not (tmp_path / "sym.csv").is_symlink() and target.read_text() == "keep me"


def test_unknown_questionnaire_exits_2_with_one_line(app, demo, tmp_path):
    out = tmp_path / "export.csv"
    result = app.test_cli_runner().invoke(args=["responses", "export", "nope", "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr == "Error: no questionnaire 'nope' (known: demo)\n"
    assert not out.exists()


def test_a_response_that_cannot_be_serialised_is_skipped_and_the_rest_written(app, demo, tmp_path, monkeypatch):
    bad = _web_response(app, demo)
    _import_response(app, tmp_path)
    real = export.serialise_response

    def failing(response, *args, **kwargs):
        if response.id == bad:
            raise RuntimeError(WEB_TEXT)  # its message (could be answer text) is never printed
        return real(response, *args, **kwargs)

    monkeypatch.setattr(export, "serialise_response", failing)
    out = tmp_path / "export.csv"
    result = _export(app, out)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Skipped response {bad}: cannot serialise (RuntimeError)\n"
    assert result.stdout == f"Wrote 1 response to {out} (1 skipped: see above).\n"
    assert [r["channel"] for r in _rows(out)] == ["paper"]


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL", "").strip()),
                    reason="only SQLite keeps text a date column cannot read back")
@pytest.mark.parametrize("edit", [
    "UPDATE responses SET submitted_at = 'not a date' WHERE id = :r",
    "UPDATE answers SET date_value = 'garbage' WHERE response_id = :r",
])
def test_a_value_the_database_cannot_give_back_skips_its_response_not_the_export(app, demo, tmp_path, edit):
    # a tester's hand edit of a SQLite file: the export stopped with a traceback and no file
    bad = _web_response(app, demo)
    _import_response(app, tmp_path)
    with app.app_context():
        db.session.add(Answer(response_id=bad, question_id="visit_date", text_value=None))
        db.session.commit()
        db.session.execute(sa.text(edit), {"r": bad})
        db.session.commit()
    out = tmp_path / "export.csv"
    result = _export(app, out)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Skipped response {bad}: cannot read a stored value (ValueError)\n"
    assert result.stdout == f"Wrote 1 response to {out} (1 skipped: see above).\n"
    assert [r["channel"] for r in _rows(out)] == ["paper"]


def test_answers_to_questions_of_an_older_version_go_in_extra_columns(app, demo, tmp_path):
    old_yaml = DEMO_YAML.replace("version: 1", "version: 0").replace(
        "      - id: when\n",
        "      - id: old_comment\n        type: free_text\n        text: {en: An old question, en-easy: An old question}\n      - id: when\n",
    )
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "demo.yaml").write_text(old_yaml)
    old = load_questionnaire(tmp_path / "old" / "demo.yaml")
    with app.app_context():
        record_response(db.session, old, {"fft": "good", "old_comment": "Email jo.b@example.org"}, channel="paper")
        db.session.commit()
    _import_response(app, tmp_path)
    out = tmp_path / "export.csv"
    assert _export(app, out).exit_code == 0
    older, newer = _rows(out)
    assert list(older) == [*DEMO_COLUMNS, "old_comment"]
    assert (older["questionnaire_version"], older["fft"], older["old_comment"]) == ("0", "good", "Email [EMAIL]")
    assert (newer["questionnaire_version"], newer["old_comment"]) == ("1", "")


def test_a_stored_question_named_as_a_fixed_column_gets_a_column_of_its_own(app, demo, tmp_path):
    """The validator refuses such ids now; answers stored before still export, never in the
    fixed cell nor as a second column of the same name."""
    definition = copy.deepcopy(demo.definition)
    definition["version"] = "0"
    renames = {"what_wrong": "service", "when": "submitted_at"}
    for section in definition["sections"]:
        for q in section["questions"]:
            q["id"] = renames.get(q["id"], q["id"])
    old = questionnaire_from_definition(definition)
    with app.app_context():
        record_response(
            db.session, old, {"fft": "poor", "service": "Rude staff", "submitted_at": date(2024, 1, 31)},
            channel="paper", service="Ward 7",
        )
        db.session.commit()
    out = tmp_path / "export.csv"
    result = _export(app, out, "--labels")
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == [*DEMO_COLUMNS, "submitted_at (question)", "service (question)"]  # in questionnaire order
    texts, row = _rows(out)
    assert texts["service (question)"] == "What went wrong?"
    assert (row["service"], row["service (question)"]) == ("Ward 7", "Rude staff")
    assert row["submitted_at"].endswith("Z") and row["submitted_at (question)"] == "2024-01-31"
    with app.app_context():  # a current version with such a question (built without the validator)
        buffer = io.StringIO()
        assert export.export_responses(db.session, old, buffer).columns[:10] == [
            *DEMO_COLUMNS[:8], "fft", "services",
        ]
        assert "service (question)" in next(csv.reader(io.StringIO(buffer.getvalue())))


def test_help_and_locale_are_exported_as_stored(app, demo, tmp_path):
    """Help "yes" in easy read, help "no" and help not answered, all through the web journey:
    stored True, False and None, written yes, no and blank."""
    helped = app.test_client()
    assert helped.get("/s/demo?lang=en-easy").status_code == 200  # the easy read version, remembered
    _, _, helped_token = complete(helped, demo, trigger=False, completed_with_help="yes")
    _, _, no_token = complete(app.test_client(), demo, trigger=False, completed_with_help="no")
    _, _, blank_token = complete(app.test_client(), demo, trigger=False, completed_with_help="")
    with app.app_context():
        stored = {
            r.submission_token: (r.id, r.completed_with_help, r.locale)
            for r in db.session.scalars(sa.select(Response))
        }
    assert [stored[t][1:] for t in (helped_token, no_token, blank_token)] == [
        (True, "en-easy"), (False, "en"), (None, "en"),
    ]
    out = tmp_path / "export.csv"
    assert _export(app, out).exit_code == 0
    rows = {r["response_id"]: r for r in _rows(out)}
    assert [
        (rows[str(stored[t][0])]["completed_with_help"], rows[str(stored[t][0])]["locale"])
        for t in (helped_token, no_token, blank_token)
    ] == [("yes", "en-easy"), ("no", "en"), ("", "en")]
    assert _export(app, out, "--force", "--labels").exit_code == 0
    texts = _rows(out)[0]  # the question-text row: nothing under a fixed column
    assert (texts["completed_with_help"], texts["locale"]) == ("", "")


ROUND_TRIP_MAPPING = """
questionnaire: demo
channel: import
reference: response_id
submitted_at: {column: submitted_at, formats: ["%Y-%m-%dT%H:%M:%SZ"]}
answers:
  fft: fft
  what_wrong: what_wrong
"""


def test_text_made_spreadsheet_safe_is_imported_back_as_it_was_stored(app, demo, tmp_path):
    texts = ["=1+2", "-2 stars", "+44 is the code", "@home", "'=already quoted", "''-two", "'tis fine", "- ok"]
    with app.app_context():
        for text in texts:
            record_response(db.session, demo, {"fft": "poor", "what_wrong": text}, channel="paper")
        db.session.commit()
    out = tmp_path / "export.csv"
    assert _export(app, out, "--raw-text").exit_code == 0
    assert [r["what_wrong"] for r in _rows(out)] == [
        "'=1+2", "'-2 stars", "'+44 is the code", "'@home", "''=already quoted", "'''-two", "'tis fine", "'- ok",
    ]
    mapping = tmp_path / "round.yaml"
    mapping.write_text(ROUND_TRIP_MAPPING)
    result = app.test_cli_runner().invoke(args=["responses", "import", "demo", str(out), "--map", str(mapping)])
    assert f"stored {len(texts)} responses, rejected 0 rows" in result.output, result.output
    with app.app_context():
        imported = db.session.scalars(
            sa.select(Answer.text_value)
            .join(Response, Answer.response_id == Response.id)
            .where(Response.channel == "import", Answer.question_id == "what_wrong")
            .order_by(Response.id)
        ).all()
    assert imported == texts


def test_filters_by_date_and_channel(app, demo, tmp_path):
    _web_response(app, demo)  # submitted today, online
    _import_response(app, tmp_path)  # 3 February 2025, paper
    out = tmp_path / "export.csv"
    assert _export(app, out, "--from", "2025-02-03", "--to", "2025-02-03").stdout.startswith("Wrote 1 response ")
    assert [r["channel"] for r in _rows(out)] == ["paper"]
    assert _export(app, out, "--force", "--channel", "online").stdout.startswith("Wrote 1 response ")
    assert [r["channel"] for r in _rows(out)] == ["online"]
    assert _export(app, out, "--force", "--to", "2025-02-02").stdout.startswith("Wrote 0 responses ")
    assert _rows(out) == []
    # "up to the end of time": the day after 9999-12-31 does not exist (an OverflowError traceback)
    assert _export(app, out, "--force", "--to", "9999-12-31").stdout.startswith("Wrote 2 responses ")


def test_batches_write_the_same_file_as_one_read(app, demo, tmp_path):
    for _ in range(3):
        _web_response(app, demo)
    _import_response(app, tmp_path)
    with app.app_context():
        whole, batched = io.StringIO(), io.StringIO()
        export.export_responses(db.session, demo, whole)
        result = export.export_responses(db.session, demo, batched, batch_size=1)
    assert result.written == 4 and result.skipped == []
    assert batched.getvalue() == whole.getvalue()


def test_a_questionnaire_whose_file_is_gone_exports_by_its_stored_version(app, demo, tmp_path):
    _import_response(app, tmp_path)
    (tmp_path / "questionnaires" / "demo.yaml").unlink()
    out = tmp_path / "export.csv"
    result = _export(app, out)
    assert result.exit_code == 0, result.output
    assert [list(r) for r in _rows(out)] == [DEMO_COLUMNS]
    assert _rows(out)[0]["order"] == "b;c;a"


#: The demo's answer columns an import reads back: all of them, matrix statements
#: (``grid.r1``) and write-ins (``services:other``) included, each by its column's name.
IMPORTABLE = DEMO_COLUMNS[8:]
#: A mapping that imports a file ``flask responses export demo`` wrote: each column by its name.
EXPORTED_MAPPING = {
    "questionnaire": "demo",
    "channel": "import",
    "reference": "response_id",
    "submitted_at": {"column": "submitted_at", "formats": ["%Y-%m-%dT%H:%M:%SZ"]},
    **{key: key for key in ("service", "completed_with_help", "locale")},
    "answers": {qid: qid for qid in IMPORTABLE},
}


def test_an_exported_file_imported_again_keeps_help_and_locale(app, demo, tmp_path):
    """Export, import the file with a mapping naming its columns, export again: help yes, no
    and not answered, easy read and not, and an import that recorded neither come back as
    they were (with everything else the import reads)."""
    easy = app.test_client()
    assert easy.get("/s/demo?lang=en-easy").status_code == 200
    complete(easy, demo, trigger=True, completed_with_help="yes", overrides={"what_wrong": "=1+2"})
    complete(app.test_client(), demo, trigger=False, completed_with_help="no")
    complete(app.test_client(), demo, trigger=False, completed_with_help="")
    _import_response(app, tmp_path)
    first, again = tmp_path / "first.csv", tmp_path / "again.csv"
    assert _export(app, first).exit_code == 0
    mapping = tmp_path / "exported.yaml"
    mapping.write_text(yaml.safe_dump(EXPORTED_MAPPING))
    result = app.test_cli_runner().invoke(args=["responses", "import", "demo", str(first), "--map", str(mapping)])
    assert "Read 4 rows: stored 4 responses, rejected 0 rows." in result.output, result.output
    assert _export(app, again, "--channel", "import").exit_code == 0

    def kept(row):  # all but the new ids and channel, and the columns an import cannot read
        return {k: v for k, v in row.items() if (k in DEMO_COLUMNS[1:8] and k != "channel") or k in IMPORTABLE}

    before, after = _rows(first), _rows(again)
    # the matrix statements and the write-in are exported, so the round trip below covers them
    assert all(r["grid.r1"] and r["grid.r2"] for r in before[:3]), before
    assert any(r["services:other"] for r in before), before
    assert [(r["completed_with_help"], r["locale"]) for r in before] == [
        ("yes", "en-easy"), ("no", "en"), ("", "en"), ("", "en"),
    ]
    assert [kept(r) for r in after] == [kept(r) for r in before]
    assert {r["channel"] for r in after} == {"import"}
    with app.app_context():
        stored = db.session.execute(
            sa.select(Response.completed_with_help, Response.locale).where(Response.channel == "import")
            .order_by(Response.id)
        ).all()
    assert stored == [(True, "en-easy"), (False, "en"), (None, "en"), (None, "en")]


def test_channel_tablet_is_exported_filtered_and_imported_back_from_the_channel_column(app, demo, tmp_path):
    """A response sent from a kiosk tablet is exported with channel ``tablet``, ``--channel
    tablet`` keeps it alone, and a database moved with export and import (the mapping reads the
    ``channel`` column) stores it as ``tablet`` again, beside the online and paper ones."""
    kiosk = app.test_client()
    kiosk.get("/s/demo?kiosk=1")
    complete(kiosk, demo, trigger=True)
    complete(app.test_client(), demo, trigger=False)
    _import_response(app, tmp_path)  # paper
    first, tablet, again = tmp_path / "first.csv", tmp_path / "tablet.csv", tmp_path / "again.csv"
    assert _export(app, first).exit_code == 0
    before = _rows(first)
    assert sorted(r["channel"] for r in before) == ["online", "paper", "tablet"]
    assert _export(app, tablet, "--channel", "tablet").stdout.startswith("Wrote 1 response ")
    assert _rows(tablet) == [r for r in before if r["channel"] == "tablet"]
    before_fft = {r["channel"]: r["fft"] for r in before}

    with app.app_context():  # another database: the responses only in the file
        db.session.execute(sa.delete(Answer))
        db.session.execute(sa.delete(Response))
        db.session.commit()
    mapping = tmp_path / "moved.yaml"
    mapping.write_text(yaml.safe_dump({**EXPORTED_MAPPING, "channel": {"column": "channel"}}))
    result = app.test_cli_runner().invoke(args=["responses", "import", "demo", str(first), "--map", str(mapping)])
    assert "Read 3 rows: stored 3 responses, rejected 0 rows." in result.output, result.output
    assert _export(app, again).exit_code == 0

    def kept(row):  # all but the new ids, and the columns an import cannot read
        return {k: v for k, v in row.items() if k in DEMO_COLUMNS[1:8] or k in IMPORTABLE}

    assert sorted(map(kept, _rows(again)), key=str) == sorted(map(kept, before), key=str)
    with app.app_context():
        assert sorted(db.session.scalars(sa.select(Response.channel))) == ["online", "paper", "tablet"]

    # like an online one, a response moved in as tablet came from the web form: never corrected
    (tmp_path / "fixed").mkdir()
    changed = tmp_path / "fixed" / first.name  # a corrected copy of the file moved in
    with open(changed, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(before[0]))
        w.writeheader()
        w.writerows({**r, "fft": "very_poor"} for r in before)
    result = app.test_cli_runner().invoke(args=["responses", "import", "demo", str(changed), "--map", str(mapping),
                                                "--rejects", str(tmp_path / "r.csv"), "--apply-corrections"])
    assert "corrected 1 response, rejected 2 rows" in result.output, result.output
    with app.app_context():
        assert dict(db.session.execute(
            sa.select(Response.channel, Answer.option_value).join(Answer).where(Answer.question_id == "fft")
        ).all()) == {"paper": "very_poor", "online": before_fft["online"], "tablet": before_fft["tablet"]}
