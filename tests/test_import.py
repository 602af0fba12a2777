"""`flask responses import` and `flask sample load`: row-by-row validation, rejects file."""
from __future__ import annotations

import csv
import re

import pytest
import sqlalchemy as sa

from survey_app.commands import SAMPLE_CSV, SAMPLE_MAPPING
from survey_app.models import Answer, Response, Round

MAPPING = """
questionnaire: fft
channel: paper
reference: ref
submitted_at: {column: when, formats: ["%d/%m/%Y"]}
service: team
answers:
  fft: {column: rating, values: {"1": very_good, "2": good, "3": neither, "4": poor, "5": very_poor, "6": dont_know}}
  what_was_good: good
  what_could_be_better: better
"""


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_import_stores_good_rows_and_rejects_bad_ones_with_reasons(app, tmp_path):
    data = tmp_path / "paper.csv"
    _write(
        data,
        [
            {"ref": "A1", "when": "03/02/2025", "team": "111", "rating": "1", "good": "Kind staff", "better": ""},
            {"ref": "A2", "when": "04/02/2025", "team": "See and Convey", "rating": "9", "good": "x", "better": ""},
            {"ref": "A3", "when": "31/02/2025", "team": "See and Convey", "rating": "2", "good": "ok", "better": ""},
            {"ref": "A4", "when": "05/02/2025", "team": "", "rating": "", "good": "", "better": ""},
            {"ref": "A5", "when": "06/02/2025", "team": "", "rating": "Very poor", "good": "", "better": "Waited"},
        ],
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING)
    rejects = tmp_path / "rejects.csv"
    result = app.test_cli_runner().invoke(
        args=["responses", "import", "fft", str(data), "--map", str(mapping), "--rejects", str(rejects)]
    )
    assert result.exit_code == 0, result.output
    assert "Read 5 rows: stored 2 responses, rejected 3 rows." in result.output
    with open(rejects, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["row_number"] for r in rows] == ["3", "4", "5"]
    assert rows[0]["reject_reasons"] == "fft (column 'rating'): '9' is not an option (nor in the mapping's values; options: very_good, good, neither, poor, very_poor, dont_know, or their labels)"
    assert "submitted_at" in rows[1]["reject_reasons"]
    assert rows[2]["reject_reasons"] == "no answers in this row"
    from survey_app.extensions import db

    with app.app_context():
        stored = db.session.scalars(sa.select(Response).order_by(Response.id)).all()
        assert [(r.channel, r.service, r.submitted_at.day) for r in stored] == [("paper", "111", 3), ("paper", None, 6)]
        answers = {(a.question_id, a.option_value, a.text_value) for a in stored[1].answers}
        # an option's label ("Very poor") is accepted as well as the mapping's codes
        assert answers == {("fft", "very_poor", None), ("what_could_be_better", None, "Waited")}


def test_import_stores_a_listed_service_by_its_name_and_rejects_any_other(app, tmp_path):
    # fft.yaml lists its services; a cell may give the id or the name in any case and spacing
    # (the NEAS export has "PTS\u00a0 - Patient Transport"). Anything else goes to the rejects
    # file with the reason, so nothing is lost and nothing unlisted reaches a report.
    data = tmp_path / "paper.csv"
    teams = ["pts", "PTS\u00a0 - patient transport", "Nurse Jane Smith 07700 900123", "Ward 9", ""]
    _write(data, [{"ref": f"S{i}", "when": "03/02/2025", "team": t, "rating": "1", "good": "", "better": ""}
                  for i, t in enumerate(teams)])
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING)
    rejects = tmp_path / "rejects.csv"
    result = app.test_cli_runner().invoke(
        args=["responses", "import", "fft", str(data), "--map", str(mapping), "--rejects", str(rejects)]
    )
    assert "Read 5 rows: stored 3 responses, rejected 2 rows." in result.output, result.output
    with open(rejects, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["team"], r["reject_reasons"]) for r in rows] == [
        (t, f"service: {t!r} is not one of the questionnaire's services (add it under services: in the "
            "questionnaire's file, then import the rejects file)")
        for t in teams[2:4]
    ]
    from survey_app.extensions import db

    with app.app_context():
        stored = db.session.scalars(sa.select(Response.service).order_by(Response.id)).all()
    assert stored == ["PTS - Patient Transport", "PTS - Patient Transport", None]


def test_import_keeps_the_service_as_given_when_the_questionnaire_lists_none(app, tmp_path):
    # carers.yaml has no services: list, so there is nothing to check an import's service
    # against; the administrator's file names it, and rejecting every row would lose a batch
    data = tmp_path / "carers.csv"
    _write(data, [{"ref": "C1", "team": "Carers Hub North", "consent": "yes", "why": "They listened"}])
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "questionnaire: carers\nchannel: paper\nreference: ref\nservice: team\n"
        "answers:\n  consent: consent\n  fft_reason: why\n"
    )
    result = app.test_cli_runner().invoke(args=["responses", "import", "carers", str(data), "--map", str(mapping)])
    assert "Read 1 row: stored 1 response, rejected 0 rows." in result.output, result.output
    from survey_app.extensions import db

    with app.app_context():
        assert db.session.scalars(sa.select(Response.service)).all() == ["Carers Hub North"]


def test_import_reads_the_csv_once_and_copies_each_bad_row_to_the_rejects_file(app, tmp_path, monkeypatch):
    import builtins

    data = tmp_path / "mixed.csv"
    lines = [
        b"ref,when,team,rating,good,better",
        b"B1,03/02/2025,111,1,Kind staff,",
        b"B2,03/02/2025,111,1,Caf\xe9 was nice,",  # Latin-1, not UTF-8
        b"B3,04/02/2025,See and Convey,7,x,",  # not an option
        b"B4,05/02/2025,See and Convey,2,ok,,surplus field",
    ]
    data.write_bytes(b"\r\n".join(lines) + b"\r\n")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING)
    rejects = tmp_path / "rejects.csv"
    opened = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    result = app.test_cli_runner().invoke(
        args=["responses", "import", "fft", str(data), "--map", str(mapping), "--rejects", str(rejects)]
    )
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert "Read 4 rows: stored 1 response, rejected 3 rows." in result.output
    assert opened.count(str(data)) == 1
    out = rejects.read_bytes().split(b"\r\n")
    assert out[0] == b"ref,when,team,rating,good,better,row_number,reject_reasons"
    # the undecodable row keeps its original bytes and only its own reason (not a date error)
    assert out[1] == (
        b"B2,03/02/2025,111,1,Caf\xe9 was nice,,3,this row is not valid UTF-8 text: "
        b"save the file as 'CSV UTF-8' and import it again"
    )
    assert out[2] == (
        b"B3,04/02/2025,See and Convey,7,x,,4,\"fft (column 'rating'): '7' is not an option (nor in the mapping's "
        b"values; options: very_good, good, neither, poor, very_poor, dont_know, or their labels)\""
    )
    # a row with a surplus field is rejected whole (not cut short), its surplus kept in the copy
    assert out[3] == (
        b'B4,05/02/2025,See and Convey,2,ok,",surplus field",5,this row has 1 more fields than the header: '
        b"a value with a comma in it needs double quotes around it"
    )
    assert out[4:] == [b""]
    from survey_app.extensions import db

    with app.app_context():
        stored = db.session.scalars(sa.select(Response).order_by(Response.id)).all()
        assert [(r.service, r.import_ref.split(" c=")[0]) for r in stored] == [("111", "mixed.csv:2:B1")]


def test_unknown_question_in_mapping_names_file_and_key(app, tmp_path):
    mapping = tmp_path / "bad.yaml"
    mapping.write_text("answers:\n  not_a_question: col\n")
    data = tmp_path / "d.csv"
    data.write_text("col\n1\n")
    result = app.test_cli_runner().invoke(args=["responses", "import", "fft", str(data), "--map", str(mapping)])
    assert result.exit_code != 0
    assert f"{mapping}: answers.not_a_question: no such question in 'fft'" in result.output


def test_sample_load_imports_real_comments_once_and_creates_rounds(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["sample", "load"])
    assert first.exit_code == 0, first.output
    assert "rejected 0 rows" in first.output
    second = runner.invoke(args=["sample", "load"])
    assert "already loaded" in second.output
    from survey_app.extensions import db

    with app.app_context():
        n = db.session.scalar(sa.select(sa.func.count()).select_from(Response))
        with open(SAMPLE_CSV, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        respondents = {r["Respondent ID"] for r in rows}
        assert n == len(respondents) >= 1000
        texts = db.session.scalar(
            sa.select(sa.func.count()).select_from(Answer).where(Answer.text_value.is_not(None))
        )
        # every comment is stored, including short ones such as "None"; the export's
        # placeholder "Did not answer" (600 rows) is no comment (the mapping's values)
        placeholders = sum(r["FFT answer"] == "Did not answer" for r in rows)
        assert (len(rows), placeholders) == (2478, 600)
        assert texts == len(rows) - placeholders == 1878
        assert not db.session.scalar(
            sa.select(sa.func.count()).select_from(Answer).where(Answer.text_value == "Did not answer"))
        baseline = db.session.scalars(sa.select(Round).where(Round.is_baseline)).all()
        assert [r.name for r in baseline] == ["2021-22 baseline"]
    assert SAMPLE_MAPPING.exists()


def test_importing_the_same_file_twice_stores_each_response_once(app, tmp_path):
    runner = app.test_cli_runner()
    assert "rejected 0 rows" in runner.invoke(args=["sample", "load"]).output
    rejects = tmp_path / "again.csv"
    again = runner.invoke(
        args=["responses", "import", "fft", str(SAMPLE_CSV), "--map", str(SAMPLE_MAPPING), "--rejects", str(rejects)]
    )
    assert "stored 0 responses, rejected 0 rows, skipped 2478 rows already imported" in again.output
    assert not rejects.exists()


def _count_responses(app):
    from survey_app.extensions import db

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Response))


def test_reimporting_keeps_stored_rows_out_of_the_rejects_file(app, tmp_path):
    # Import a file with bad rows twice, then correct and import its rejects file, as the
    # workshop README says: the rows stored the first time must never be stored again.
    data = tmp_path / "paper.csv"
    _write(
        data,
        [
            {"ref": "", "when": "03/02/2025", "team": "111", "rating": "1", "good": "Kind staff", "better": ""},
            {"ref": "", "when": "04/02/2025", "team": "See and Convey", "rating": "9", "good": "x", "better": ""},
            {"ref": "", "when": "05/02/2025", "team": "See and Convey", "rating": "2", "good": "ok", "better": ""},
            {"ref": "", "when": "31/02/2025", "team": "PTS - Patient Transport", "rating": "3", "good": "",
             "better": "Parking"},
        ],
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING)
    runner = app.test_cli_runner()
    command = ["responses", "import", "fft", str(data), "--map", str(mapping)]
    first = runner.invoke(args=command)
    assert "Read 4 rows: stored 2 responses, rejected 2 rows." in first.output
    second = runner.invoke(args=command)
    assert second.exit_code == 0, second.output
    assert "Read 4 rows: stored 0 responses, rejected 2 rows, skipped 2 rows already imported" in second.output
    rejects = tmp_path / "paper.rejects.csv"
    with open(rejects, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["row_number"], r["team"]) for r in rows] == [("3", "See and Convey"), ("5", "PTS - Patient Transport")]
    rows[0]["rating"], rows[1]["when"] = "2", "28/02/2025"
    _write(rejects, rows)
    third = runner.invoke(args=["responses", "import", "fft", str(rejects), "--map", str(mapping)])
    assert third.exit_code == 0, third.output
    assert "Read 2 rows: stored 2 responses, rejected 0 rows." in third.output
    assert _count_responses(app) == 4


def test_a_clean_reimport_removes_the_old_rejects_file(app, tmp_path):
    data = tmp_path / "paper.csv"
    good = {"ref": "", "when": "03/02/2025", "team": "111", "rating": "1", "good": "Kind", "better": ""}
    _write(data, [good, {**good, "rating": "9"}])
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING)
    runner = app.test_cli_runner()
    command = ["responses", "import", "fft", str(data), "--map", str(mapping)]
    assert "rejected 1 row" in runner.invoke(args=command).output
    _write(data, [good, {**good, "rating": "2"}])  # corrected in the original file instead
    again = runner.invoke(args=command)
    assert "stored 1 response, rejected 0 rows, skipped 1 row already imported" in again.output
    assert "removed the old rejects file" in again.output
    assert not (tmp_path / "paper.rejects.csv").exists()
    assert _count_responses(app) == 2


def test_the_whole_neas_file_imports_with_only_its_empty_rows_rejected(app, tmp_path):
    from survey_app.config import ROOT

    neas = ROOT / "analysis" / "data" / "v6framework_230831_neas.csv"
    rejects = tmp_path / "r.csv"
    result = app.test_cli_runner().invoke(
        args=["responses", "import", "fft", str(neas), "--map", str(SAMPLE_MAPPING), "--rejects", str(rejects)]
    )
    assert result.exit_code == 0, result.output
    # two respondents gave no rating (code 7) and only the placeholder "Did not answer"
    assert "Read 5096 rows: stored 2957 responses, rejected 2 rows." in result.output
    with open(rejects, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["FFT categorical answer"], r["FFT answer"], r["reject_reasons"]) for r in rows] == [
        ("7", "Did not answer", "no answers in this row")] * 2


def test_rounds_list_names_each_round_with_its_responses(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["sample", "load"])
    out = runner.invoke(args=["rounds", "list"]).output.splitlines()
    assert [line.split("\t")[0] for line in out] == ["2021-22 baseline", "2022 follow-up"]
    assert out[0].endswith("(baseline)")
    counts = [int(line.split("\t")[3].split()[0]) for line in out]
    # every sample response falls in one of the two rounds
    assert sum(counts) == 1476


def test_commands_on_a_database_with_no_tables_say_to_run_db_upgrade(tmp_path):
    from survey_app import create_app
    from survey_app.config import ROOT

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_ENGINES": {"default": f"sqlite:///{tmp_path / 'new.sqlite3'}"},
            "QUESTIONNAIRES_DIR": str(ROOT / "questionnaires"),
        }
    )
    runner = app.test_cli_runner()
    for args in (
        ["responses", "import", "fft", str(SAMPLE_CSV), "--map", str(SAMPLE_MAPPING)],
        ["responses", "count"],
        ["rounds", "list"],
        ["rounds", "create", "Spring", "--from", "2025-03-01", "--to", "2025-05-31"],
        ["sample", "load"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output.splitlines() == [
            f"Error: the database at sqlite:///{tmp_path / 'new.sqlite3'} has no tables yet: create or update it "
            "first with `flask --app survey_app db upgrade` (or `make db`)"
        ], args
    assert not (SAMPLE_CSV.with_name(SAMPLE_CSV.stem + ".rejects.csv")).exists()


def test_apply_corrections_replaces_a_whole_group_and_its_date_and_service(app, tmp_path):
    # group_by: two rows make one response; correcting one of them replaces the response's
    # answers (an answer emptied in the correction is gone), date and service, in place.
    from survey_app.extensions import db

    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING.replace("reference: ref", "group_by: ref"))
    data = tmp_path / "grouped.csv"
    rows = [
        {"ref": "R1", "when": "03/02/2025", "team": "111", "rating": "2", "good": "Kind staff", "better": ""},
        {"ref": "R1", "when": "03/02/2025", "team": "111", "rating": "2", "good": "", "better": "Parking"},
        {"ref": "R2", "when": "04/02/2025", "team": "See and Convey", "rating": "1", "good": "Quick", "better": ""},
    ]
    _write(data, rows)
    command = ["responses", "import", "fft", str(data), "--map", str(mapping), "--rejects", str(tmp_path / "r.csv")]
    runner = app.test_cli_runner()
    assert "Read 3 rows: stored 2 responses, rejected 0 rows." in runner.invoke(args=command).output

    def stored():
        with app.app_context():
            return [
                (r.id, r.submission_token, r.service, r.submitted_at.date().isoformat(), r.corrected_at is not None,
                 sorted((a.question_id, a.option_value or a.text_value) for a in r.answers))
                for r in db.session.scalars(sa.select(Response).order_by(Response.id))
            ]

    before = stored()
    rows[0].update(rating="4", good="")
    rows[1].update(rating="4", better="Parking was full", when="05/02/2025", team="PTS - Patient Transport")
    rows[0].update(when="05/02/2025", team="PTS - Patient Transport")
    _write(data, rows)
    result = runner.invoke(args=[*command, "--apply-corrections"])
    assert result.exit_code == 0, result.output
    assert "Read 3 rows: stored 0 responses, corrected 1 response, rejected 0 rows, skipped 1 row already imported" in (
        result.output
    )
    after = stored()
    assert after[1] == before[1]
    assert after[0][:2] == before[0][:2]  # the same response id and token
    assert after[0][2:] == (
        "PTS - Patient Transport", "2025-02-05", True, [("fft", "poor"), ("what_could_be_better", "Parking was full")]
    )
    assert before[0][2:] == (
        "111", "2025-02-03", False,
        [("fft", "good"), ("what_could_be_better", "Parking"), ("what_was_good", "Kind staff")],
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 4


def test_an_import_into_a_database_where_help_cannot_be_empty_says_to_run_db_upgrade(tmp_path):
    # Without the check, every row (help not recorded: NULL) was rejected with "could not store".
    from survey_app import create_app
    from survey_app.config import ROOT
    from survey_app.db_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = sa.create_engine(url)
    upgrade(engine, "65385735a1e0")  # the revision before completed_with_help could be NULL
    with engine.begin() as conn:  # with the later revisions' columns, so only the NOT NULL is wrong
        conn.execute(sa.text("ALTER TABLE responses ADD COLUMN saved_at TIMESTAMP"))
        conn.execute(sa.text("ALTER TABLE responses ADD COLUMN pages_seen JSON"))
    engine.dispose()
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_ENGINES": {"default": url},
         "QUESTIONNAIRES_DIR": str(ROOT / "questionnaires")}
    )
    args = ["responses", "import", "fft", str(SAMPLE_CSV), "--map", str(SAMPLE_MAPPING), "--rejects",
            str(tmp_path / "r.csv")]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"Error: the database at {url} refuses an empty 'responses.completed_with_help': create or update it "
        "first with `flask --app survey_app db upgrade` (or `make db`)"
    ]
    with engine.begin() as conn:  # as it was, for the upgrade to add it
        conn.execute(sa.text("ALTER TABLE responses DROP COLUMN saved_at"))
        conn.execute(sa.text("ALTER TABLE responses DROP COLUMN pages_seen"))
    engine.dispose()
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    assert "rejected 0 rows" in app.test_cli_runner().invoke(args=args).output


def test_an_import_into_a_database_not_migrated_since_corrected_at_says_to_run_db_upgrade(tmp_path):
    # Without the check, every row was rejected with "could not store: OperationalError".
    from survey_app import create_app
    from survey_app.config import ROOT
    from survey_app.db_migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = sa.create_engine(url)
    upgrade(engine, "ff744bf1711f")  # the revision before responses.corrected_at
    engine.dispose()
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_ENGINES": {"default": url},
         "QUESTIONNAIRES_DIR": str(ROOT / "questionnaires")}
    )
    result = app.test_cli_runner().invoke(
        args=["responses", "import", "fft", str(SAMPLE_CSV), "--map", str(SAMPLE_MAPPING), "--rejects",
              str(tmp_path / "r.csv")]
    )
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"Error: the database at {url} has no 'responses.corrected_at' column: create or update it first with "
        "`flask --app survey_app db upgrade` (or `make db`)"
    ]
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    assert "rejected 0 rows" in app.test_cli_runner().invoke(args=["sample", "load"]).output


def _import_text(app, tmp_path, text: str, encoding: str = "utf-8"):
    """Import ``text`` as a CSV file with :data:`MAPPING`; return the command's result."""
    data, mapping = tmp_path / "odd.csv", tmp_path / "map.yaml"
    data.write_text(text, encoding=encoding)
    mapping.write_text(MAPPING, encoding="utf-8")
    args = ["responses", "import", "fft", str(data), "--map", str(mapping), "--rejects", str(tmp_path / "r.csv")]
    return app.test_cli_runner().invoke(args=args)


def test_a_file_saved_with_two_byte_order_marks_imports(app, tmp_path):
    # a tester's file, saved as UTF-8 twice: "not found: ref" before
    result = _import_text(app, tmp_path, "\ufeff\ufeffref,when,team,rating,good,better\nA1,01/02/2024,111,1,Kind,\n")
    assert "Read 1 row: stored 1 response, rejected 0 rows." in result.output


def test_a_semicolon_separated_file_is_named_as_such(app, tmp_path):
    result = _import_text(app, tmp_path, "ref;when;team;rating;good;better\nA1;01/02/2024;111;1;Kind;\n")
    assert result.exit_code != 0
    assert "the file seems to have ';' between its columns: save it as 'CSV UTF-8 (comma delimited)'" in result.output


def test_a_cell_too_large_to_read_names_its_line(app, tmp_path):
    from survey_app.responses.imports import MAX_CELL

    big = "x" * (MAX_CELL + 10)
    text = f'ref,when,team,rating,good,better\nA1,01/02/2024,111,1,Kind,\nA2,01/02/2024,111,1,"{big}",\n'
    result = _import_text(app, tmp_path, text)
    assert result.exit_code != 0 and "cannot read: line 3: field larger than field limit" in result.output
    assert big[:100] not in result.output


def test_corrections_are_withheld_from_a_new_export_that_reuses_references(app, tmp_path):
    # a tester's monthly exports, both named export.csv: respondent A1 answered in March and
    # again in April; with --apply-corrections April's answer replaced March's
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    (tmp_path / "march").mkdir()
    (tmp_path / "april").mkdir()
    row = {"ref": "", "when": "01/03/2024", "team": "111", "rating": "1", "good": "", "better": ""}
    _write(tmp_path / "march" / "export.csv", [{**row, "ref": f"A{i}", "good": f"March {i}"} for i in range(1, 5)])
    april = [{**row, "ref": "A1", "when": "02/04/2024", "good": "April 1"}]
    april += [{**row, "ref": f"B{i}", "when": "02/04/2024", "good": f"April B{i}"} for i in range(1, 4)]
    _write(tmp_path / "april" / "export.csv", april)
    runner = app.test_cli_runner()

    def run(month, *flags):
        return runner.invoke(args=["responses", "import", "fft", str(tmp_path / month / "export.csv"), "--map",
                                   str(mapping), "--rejects", str(tmp_path / f"{month}.rejects.csv"), *flags])

    assert "stored 4 responses" in run("march").output
    result = run("april", "--apply-corrections")
    assert "stored 3 responses, corrected 0 responses, rejected 1 row" in result.output
    assert "Corrections not applied: only 1 of the 4 responses in this file were imported before" in result.output
    reasons = (tmp_path / "april.rejects.csv").read_text(encoding="utf-8")
    assert "corrections were not applied to this file" in reasons
    with app.app_context():
        from survey_app.extensions import db

        good = set(db.session.scalars(sa.select(Answer.text_value).where(Answer.question_id == "what_was_good")))
    assert "March 1" in good and "April 1" not in good and len(good) == 7


# A second attack on the import's guards (2026-11-30).
ROW = {"ref": "", "when": "01/03/2024", "team": "111", "rating": "1", "good": "", "better": ""}


def _run(app, path, mapping, rejects, *flags):
    return app.test_cli_runner().invoke(
        args=["responses", "import", "fft", str(path), "--map", str(mapping), "--rejects", str(rejects), *flags]
    )


def _maps(tmp_path):
    """(mapping with reference ``ref``, mapping known by row number) files."""
    by_ref, by_row = tmp_path / "by_ref.yaml", tmp_path / "by_row.yaml"
    by_ref.write_text(MAPPING, encoding="utf-8")
    by_row.write_text(MAPPING.replace("reference: ref\n", ""), encoding="utf-8")
    return by_ref, by_row


def test_identical_rows_added_at_the_end_of_a_file_known_by_row_number_are_all_stored(app, tmp_path):
    # a draft of the 'rows moved' check dropped them: three "Very good" paper returns, one stored
    _, by_row = _maps(tmp_path)
    data, rejects = tmp_path / "returns.csv", tmp_path / "r.csv"
    _write(data, [{**ROW, "good": "Kind"}, {**ROW, "good": "Quick"}])
    assert "stored 2 responses" in _run(app, data, by_row, rejects).output
    _write(data, [{**ROW, "good": "Kind"}, {**ROW, "good": "Quick"}, ROW, ROW, ROW])
    assert "stored 3 responses, rejected 0 rows, skipped 2 rows" in _run(app, data, by_row, rejects).output
    assert _count_responses(app) == 5
    other_case = tmp_path / "RETURNS.csv"  # another file (SQLite's LIKE ignores case)
    _write(other_case, [{**ROW, "good": "Kind"}])
    assert "stored 1 response, rejected 0 rows." in _run(app, other_case, by_row, rejects).output


def test_a_hard_link_to_the_input_is_refused_as_the_rejects_file(app, tmp_path):
    by_ref, _ = _maps(tmp_path)
    data = tmp_path / "ws.csv"
    _write(data, [{**ROW, "ref": "A1"}, {**ROW, "ref": "A2", "rating": "9"}])
    link = tmp_path / "hard.csv"
    link.hardlink_to(data)
    before = data.read_bytes()
    result = _run(app, data, by_ref, link)
    assert result.exit_code != 0 and "the rejects file cannot be the file imported or its mapping" in result.output
    assert data.read_bytes() == before


def test_an_existing_file_that_is_not_a_rejects_file_is_refused_and_a_link_never_written_through(app, tmp_path):
    # a tester's --rejects tmp/precious.csv overwrote a data file; a link e.rejects.csv -> precious.csv
    # overwrote the file it points to. Both are refused before anything is stored.
    import os
    import stat

    by_ref, _ = _maps(tmp_path)
    data, precious = tmp_path / "e.csv", tmp_path / "precious.csv"
    _write(data, [{**ROW, "ref": "A1"}, {**ROW, "ref": "A2", "rating": "9"}])
    precious.write_text("id,answer\n1,keep me\n", encoding="utf-8")
    link = tmp_path / "e.rejects.csv"
    link.symlink_to(precious)
    for given in (precious, None):  # --rejects precious.csv; the default e.rejects.csv, a link to it
        args = ["responses", "import", "fft", str(data), "--map", str(by_ref)]
        result = app.test_cli_runner().invoke(args=[*args, "--rejects", str(given)] if given else args)
        assert result.exit_code == 1, result.output
        assert "is not a rejects file" in result.output and "so it is not replaced" in result.output
        assert ("symbolic link to" in result.output) is (given is None)
    assert precious.read_text(encoding="utf-8") == "id,answer\n1,keep me\n" and link.is_symlink()
    assert _count_responses(app) == 0

    old = tmp_path / "old.rejects.csv"  # a link to a rejects file, or to nothing: the link is replaced
    old.write_text("ref,row_number,reject_reasons\nA9,2,x\n", encoding="utf-8")
    for target in (old, tmp_path / "nowhere.csv"):
        link.unlink()
        link.symlink_to(target)
        result = _run(app, data, by_ref, link)
        assert "rejected 1 row" in result.output, result.output
        assert not link.is_symlink() and stat.S_IMODE(os.stat(link).st_mode) == 0o600
        assert "'9' is not an option" in link.read_text(encoding="utf-8")
    assert old.read_text(encoding="utf-8") == "ref,row_number,reject_reasons\nA9,2,x\n"
    assert not (tmp_path / "nowhere.csv").exists()


def test_the_database_in_use_is_refused_as_the_rejects_file(app, tmp_path):
    from pathlib import Path

    by_ref, _ = _maps(tmp_path)
    data = tmp_path / "ws.csv"
    _write(data, [{**ROW, "ref": "A1"}, {**ROW, "ref": "A2", "rating": "9"}])
    with app.app_context():
        from survey_app.extensions import db

        if db.engine.url.get_backend_name() != "sqlite":
            pytest.skip("only a SQLite database is a file a command could write over")
        database = Path(db.engine.url.database)
    before = database.read_bytes()
    result = _run(app, data, by_ref, database)
    assert result.exit_code == 1 and "the rejects file cannot be the database in use" in result.output
    assert database.read_bytes() == before


def test_a_csv_given_as_the_mapping_is_refused_without_its_text(app, tmp_path):
    data = tmp_path / "private.csv"
    data.write_text("ref,good\nA1,He said: I will hurt you - [secret words]\n", encoding="utf-8")
    result = _run(app, data, data, tmp_path / "r.csv")
    assert result.exit_code != 0 and "private.csv" in result.output
    assert "secret words" not in result.output and "hurt you" not in result.output


def test_corrections_are_withheld_at_exactly_half_and_work_on_names_with_times(app, tmp_path):
    by_ref, _ = _maps(tmp_path)
    rejects = tmp_path / "r.csv"
    first = tmp_path / "notes 10:30 am.csv"  # ':' and digits in the name
    _write(first, [{**ROW, "ref": "A1", "good": "One"}, {**ROW, "ref": "A2", "good": "Two"}])
    assert "stored 2 responses" in _run(app, first, by_ref, rejects).output
    _write(first, [{**ROW, "ref": "A1", "good": "One, corrected"}, {**ROW, "ref": "A2", "good": "Two"}])
    assert "corrected 1 response, rejected 0 rows" in _run(app, first, by_ref, rejects, "--apply-corrections").output
    half = tmp_path / "half.csv"
    _write(half, [{**ROW, "ref": "H1", "good": "March"}, {**ROW, "ref": "H2", "good": "March"}])
    _run(app, half, by_ref, rejects)
    _write(half, [{**ROW, "ref": "H1", "good": "April"}, {**ROW, "ref": "H3", "good": "April"}])
    result = _run(app, half, by_ref, rejects, "--apply-corrections")
    assert "corrected 0 responses, rejected 1 row" in result.output
    assert "Corrections not applied: only 1 of the 2 responses" in result.output


def test_rows_stored_from_a_file_can_be_corrected_from_its_rejects_file(app, tmp_path):
    by_ref, _ = _maps(tmp_path)
    data, rejects, again = tmp_path / "w.csv", tmp_path / "w.rejects.csv", tmp_path / "again.csv"
    _write(data, [{**ROW, "ref": "A1", "good": "One"}, {**ROW, "ref": "A2", "rating": "9"}])
    assert "stored 1 response, rejected 1 row" in _run(app, data, by_ref, rejects).output
    with rejects.open(encoding="utf-8", newline="") as fh:
        (refused,) = list(csv.DictReader(fh))
    # the facilitator corrects A1 in the rejects file instead of the original
    _write(rejects, [{**refused, **ROW, "ref": "A1", "good": "One, corrected"}])
    result = _run(app, rejects, by_ref, again, "--apply-corrections")
    assert "stored 0 responses, corrected 1 response, rejected 0 rows" in result.output
    _write(rejects, [{**refused, "rating": "77"}])  # a rejects file of a rejects file
    assert "rejected 1 row" in _run(app, rejects, by_ref, again).output
    with again.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header.count("row_number") == 1 and header.count("reject_reasons") == 1


# A third attack (2026-11-30): rows rejected for their content count in the share of a file
# imported before; batches see only what was stored before the import; FILE:ROW references.
def _april_after_march(app, tmp_path, march, april):
    """Import ``march`` rows as march/export.csv, then ``april`` rows as april/export.csv with
    --apply-corrections (mapping with a reference); return the second result."""
    by_ref, _ = _maps(tmp_path)
    for month, rows in (("march", march), ("april", april)):
        (tmp_path / month).mkdir()
        _write(tmp_path / month / "export.csv", rows)
    first = _run(app, tmp_path / "march" / "export.csv", by_ref, tmp_path / "r.csv")
    assert f"stored {len(march)} responses" in first.output
    return _run(app, tmp_path / "april" / "export.csv", by_ref, tmp_path / "r.csv", "--apply-corrections")


def test_rows_rejected_for_their_content_count_when_deciding_on_corrections(app, tmp_path):
    march = [{**ROW, "ref": f"A{i}", "good": "March"} for i in range(1, 4)]
    april = [{**ROW, "ref": "A1", "good": "April"}] + [{**ROW, "ref": f"B{i}", "rating": "9"} for i in range(5)]
    result = _april_after_march(app, tmp_path, march, april)
    assert "corrected 0 responses, rejected 6 rows" in result.output
    assert "only 1 of the 6 responses in this file were imported before" in result.output


def test_a_row_stored_earlier_in_the_same_import_is_not_taken_for_a_moved_one(app, tmp_path):
    from survey_app.commands import _questionnaire
    from survey_app.extensions import db
    from survey_app.responses.imports import import_csv, load_mapping

    _, by_row = _maps(tmp_path)
    data = tmp_path / "notes.csv"
    _write(data, [{**ROW, "good": "A"}, {**ROW, "good": "N", "rating": "9"}, {**ROW, "good": "N", "rating": "9"},
                  {**ROW, "good": "C"}])
    with app.app_context():
        q = _questionnaire("fft")
        assert import_csv(db.session, q, data, load_mapping(by_row, q)).stored == 2  # rows 2 and 5
        db.session.commit()
        # fixed, with a row inserted at the top: the second N lands on row 5, which held C
        _write(data, [{**ROW, "good": "Z"}, {**ROW, "good": "A"}, {**ROW, "good": "N"}, {**ROW, "good": "N"},
                      {**ROW, "good": "C"}])
        result = import_csv(db.session, q, data, load_mapping(by_row, q), batch_size=1)
        db.session.commit()
    assert [n for n, _ in result.rejects] == [2, 5]  # neither lost as "already imported"
    assert result.already == 0


@pytest.mark.parametrize(
    ("name", "rows", "stored"),
    [
        # a row without a reference (known as w.csv:2) and one whose reference says w.csv:2
        ("w.csv", [{**ROW, "ref": "", "good": "No reference"}, {**ROW, "ref": "w.csv:2", "good": "Overwriter"}],
         "stored 1 response"),
        # the same form for the file a rejects file's rows count as (a fourth attack)
        ("x.rejects.csv", [{**ROW, "ref": "x.csv:3", "good": "Overwriter"}], "stored 0 responses"),
    ],
)
def test_a_reference_of_the_form_file_and_row_is_rejected(app, tmp_path, name, rows, stored):
    by_ref, _ = _maps(tmp_path)
    data, rejects = tmp_path / name, tmp_path / "r.csv"
    _write(data, rows)
    result = _run(app, data, by_ref, rejects, "--apply-corrections")
    assert stored in result.output and "rejected 1 row" in result.output
    assert "a value of the form FILE:ROW names rows that have none" in rejects.read_text(encoding="utf-8")


def test_rows_without_a_reference_never_count_as_imported_before_when_deciding_on_corrections(app, tmp_path):
    # a fourth attack: April's blank-reference rows matched March's row numbers, so April's
    # reused A1 replaced March's answer
    march = [{**ROW, "ref": "A1", "good": "March"}] + [{**ROW, "good": "m"}] * 4
    april = [{**ROW, "ref": "A1", "good": "April"}] + [{**ROW, "good": "a"}] * 4
    result = _april_after_march(app, tmp_path, march, april)
    assert "corrected 0 responses" in result.output
    assert "only 1 of the 5 responses in this file were imported before" in result.output



def test_an_id_a_spreadsheet_shortened_is_refused_not_merged(app, tmp_path):
    # a fifth attack: Excel wrote two long respondent IDs as 4.00001E+15, merging them
    by_ref, _ = _maps(tmp_path)
    data, rejects = tmp_path / "sci.csv", tmp_path / "r.csv"
    _write(data, [{**ROW, "ref": "4.00001E+15", "good": "One"}, {**ROW, "ref": "4.00001E+15", "good": "Two"},
                  {**ROW, "ref": "A1", "good": "Three"}])
    result = _run(app, data, by_ref, rejects)
    assert "stored 1 response, rejected 2 rows" in result.output
    assert "is a long number that a spreadsheet shortened" in rejects.read_text(encoding="utf-8")


def test_the_rejects_file_is_readable_by_its_owner_only(app, tmp_path):
    # a new user: contributions as typed (names, maybe) sat in a -rw-r--r-- file
    import os
    import stat

    by_ref, _ = _maps(tmp_path)
    data, rejects = tmp_path / "returns.csv", tmp_path / "returns.rejects.csv"
    _write(data, [{**ROW, "ref": "A1", "good": "Kind"}, {**ROW, "ref": "A2", "rating": "Post-it", "good": "Sam rang 07700 900123"}])
    assert "stored 1 response, rejected 1 row" in _run(app, data, by_ref, rejects).output
    assert stat.S_IMODE(os.stat(rejects).st_mode) == 0o600
    assert "Sam rang 07700 900123" in rejects.read_text(encoding="utf-8")  # as typed, for the facilitator
    rejects.chmod(0o644)  # an old one, written before: made owner-only when written again
    _write(data, [{**ROW, "ref": "A1", "good": "Kind"}, {**ROW, "ref": "A3", "rating": "Post-it"}])
    assert "rejected 1 row" in _run(app, data, by_ref, rejects).output
    assert stat.S_IMODE(os.stat(rejects).st_mode) == 0o600


def test_corrections_asked_of_a_file_with_no_reference_column_say_that_is_why(app, tmp_path):
    # a new user fixed a typo in a file imported without references: the command said "only 0
    # of the 2 responses were imported before", beside "skipped 1 row already imported"
    _, by_row = _maps(tmp_path)
    data, rejects = tmp_path / "notes.csv", tmp_path / "notes.rejects.csv"
    _write(data, [{**ROW, "good": "Kind staf"}, {**ROW, "good": "Quick"}])
    assert "stored 2 responses" in _run(app, data, by_row, rejects).output
    _write(data, [{**ROW, "good": "Kind staff"}, {**ROW, "good": "Quick"}])
    result = _run(app, data, by_row, rejects, "--apply-corrections")
    assert "corrected 0 responses, rejected 1 row, skipped 1 row" in result.output
    assert "Corrections not applied: by_row.yaml names no reference column" in result.output
    assert "only 0 of" not in result.output
    assert "need a reference column in the mapping" in rejects.read_text(encoding="utf-8")
    assert _count_responses(app) == 2


def test_columns_the_mapping_does_not_name_are_listed_not_dropped_silently(app, tmp_path):
    # a new user's export imported back lost its matrix columns without a word
    by_ref, _ = _maps(tmp_path)
    data, rejects = tmp_path / "returns.csv", tmp_path / "returns.rejects.csv"
    _write(data, [{**ROW, "ref": "A1", "good": "Kind", "carer_statements.plan": "agree", "notes": "x"}])
    result = _run(app, data, by_ref, rejects)
    assert "stored 1 response" in result.output
    assert "Note: 2 column(s) of returns.csv are not in by_ref.yaml, so not imported: 'carer_statements.plan', 'notes'." in result.output


def test_rows_of_one_group_naming_different_services_are_rejected_naming_them(app, tmp_path):
    # the first row's service used to be stored without a word; a listed service's id and
    # name are one service
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING.replace("reference: ref", "group_by: ref"))
    data, rejects = tmp_path / "grouped.csv", tmp_path / "grouped.rejects.csv"
    row = {"ref": "R1", "when": "03/02/2025", "team": "111", "rating": "2", "good": "Kind staff", "better": ""}
    _write(data, [
        row, {**row, "team": "See and Convey", "good": "", "better": "Parking"},
        {**row, "ref": "R2", "team": "pts", "good": "Quick"}, {**row, "ref": "R2", "team": "PTS - Patient Transport", "good": "", "better": "Late"},
    ])
    result = _run(app, data, mapping, rejects)
    assert "stored 1 response, rejected 2 rows" in result.output
    reasons = rejects.read_text(encoding="utf-8")
    assert "service: the rows of this response differ ('111' in row 2, 'See and Convey' in row 3)" in reasons


#: A row naming the PTS service by its id.
PTS_ROW = {"ref": "S1", "when": "03/02/2025", "team": "pts", "rating": "1", "good": "Kind", "better": ""}


def _imported_pts(app, tmp_path):
    """(data file, mapping, rejects file, row) after importing :data:`PTS_ROW` once."""
    by_ref, _ = _maps(tmp_path)
    data, rejects = tmp_path / "returns.csv", tmp_path / "returns.rejects.csv"
    _write(data, [PTS_ROW])
    assert "stored 1 response" in _run(app, data, by_ref, rejects).output
    return data, by_ref, rejects, dict(PTS_ROW)


def test_a_listed_service_spelt_another_way_is_the_same_response_imported_before(app, tmp_path):
    # "pts" and "PTS - Patient Transport" are one stored service, so a file saved again with the
    # service's name instead of its id is skipped as imported, not rejected as changed
    data, by_ref, rejects, row = _imported_pts(app, tmp_path)
    _write(data, [{**row, "team": "PTS\u00a0 - patient transport"}])
    result = _run(app, data, by_ref, rejects)
    assert "stored 0 responses, rejected 0 rows, skipped 1 row already imported" in result.output, result.output
    _write(data, [{**row, "team": "111"}])  # another service is a change
    assert "rejected 1 row" in _run(app, data, by_ref, rejects).output
    assert _count_responses(app) == 1


def test_a_response_imported_with_the_old_fingerprint_of_its_service_cell_is_still_found(app, tmp_path):
    # imports before kept the service cell as the file spelt it in the fingerprint
    from datetime import UTC, datetime

    from datetime import UTC, datetime

    from survey_app.extensions import db
    from survey_app.responses.imports import DIGEST_MARK, content_digest

    data, by_ref, rejects, row = _imported_pts(app, tmp_path)
    with app.app_context():
        response = db.session.scalars(sa.select(Response)).one()
        ref, _, new = response.import_ref.partition(DIGEST_MARK)
        answers, when = {"fft": "very_good", "what_was_good": "Kind"}, datetime(2025, 2, 3, tzinfo=UTC)
        old = content_digest(answers, when, "pts")
        assert new == content_digest(answers, when, "PTS - Patient Transport") != old
        response.import_ref = ref + DIGEST_MARK + old
        db.session.commit()
    result = _run(app, data, by_ref, rejects)
    assert "stored 0 responses, rejected 0 rows, skipped 1 row already imported" in result.output, result.output


def _grouped(app, tmp_path, rows):
    """Import ``rows`` with ``group_by: ref``; (CLI output, rejects text, stored responses as
    (service, submitted_at date) sorted)."""
    from survey_app.extensions import db

    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING.replace("reference: ref", "group_by: ref"))
    data, rejects = tmp_path / "grouped.csv", tmp_path / "grouped.rejects.csv"
    _write(data, rows)
    output = _run(app, data, mapping, rejects).output
    with app.app_context():
        stored = sorted((r.service, r.submitted_at.date().isoformat()) for r in db.session.scalars(sa.select(Response)))
    return output, (rejects.read_text(encoding="utf-8") if rejects.exists() else ""), stored


def test_a_group_is_dated_by_its_latest_row_and_takes_what_its_first_row_left_blank(app, tmp_path):
    # the date and service came from the group's first row alone: a blank first cell lost the
    # service the second row gave, and a blank first date rejected the group
    row = {"ref": "G1", "when": "03/02/2025", "team": "", "rating": "2", "good": "Kind staff", "better": ""}
    output, _, stored = _grouped(app, tmp_path, [
        row, {**row, "when": "05/02/2025", "team": "111", "rating": "", "good": "", "better": "Parking"},
        {**row, "ref": "G2", "when": "", "team": "pts"}, {**row, "ref": "G2", "when": "04/02/2025", "good": "", "better": "Quick"},
    ])
    assert "stored 2 responses, rejected 0 rows" in output, _
    assert stored == [("111", "2025-02-05"), ("PTS - Patient Transport", "2025-02-04")]


def test_a_bad_date_in_a_later_row_of_a_group_rejects_it_naming_the_row(app, tmp_path):
    row = {"ref": "G1", "when": "03/02/2025", "team": "111", "rating": "2", "good": "Kind staff", "better": ""}
    output, reasons, stored = _grouped(app, tmp_path, [row, {**row, "when": "31/02/2025", "good": "", "better": "x"}])
    assert "stored 0 responses, rejected 2 rows" in output and stored == []
    assert "submitted_at: '31/02/2025' is no such date (row 3)" in reasons
    output, reasons, _ = _grouped(app, tmp_path, [{**row, "when": ""}, {**row, "when": " ", "good": "Quick"}])
    assert "rejected 2 rows" in output and "submitted_at: blank (column 'when')" in reasons


def test_a_submitted_date_before_1900_or_in_the_future_is_rejected_not_stored(app, tmp_path):
    # "01/01/0202" and "01/01/2205" (typos for 2022 and 2025) were stored: outside every round
    # (1900 to 2100), so no report counted them, and the export wrote "202-01-01T00:00:00Z",
    # which the import of the export (a move to another database) could not read back
    row = {"ref": "G1", "when": "01/01/0202", "team": "111", "rating": "2", "good": "Kind staff", "better": ""}
    output, reasons, stored = _grouped(app, tmp_path, [row])
    assert "stored 0 responses, rejected 1 row" in output and stored == []
    assert "submitted_at: '01/01/0202' is before 1900" in reasons
    output, reasons, stored = _grouped(app, tmp_path, [{**row, "ref": "G2", "when": "01/01/2205"}])
    assert "stored 0 responses, rejected 1 row" in output and stored == []
    assert "submitted_at: '01/01/2205' is in the future" in reasons


def test_a_group_stored_with_its_first_rows_date_by_an_earlier_import_is_still_known(app, tmp_path):
    # imports before the latest row counted kept the first row's date in the digest: the same
    # file imported again is skipped, not taken for a changed response
    from datetime import UTC, datetime

    from survey_app.extensions import db
    from survey_app.responses.imports import DIGEST_MARK, content_digest

    row = {"ref": "G1", "when": "03/02/2025", "team": "111", "rating": "2", "good": "Kind staff", "better": ""}
    rows = [row, {**row, "when": "05/02/2025", "good": "", "better": "Parking"}]
    assert "stored 1 response" in _grouped(app, tmp_path, rows)[0]
    with app.app_context():  # as an earlier import stored it
        (r,) = db.session.scalars(sa.select(Response))
        answers = {"fft": "good", "what_was_good": "Kind staff", "what_could_be_better": "Parking"}
        first = datetime(2025, 2, 3, tzinfo=UTC)
        r.import_ref = r.import_ref.split(DIGEST_MARK)[0] + DIGEST_MARK + content_digest(answers, first, "111")
        r.submitted_at = first
        db.session.commit()
    output, reasons, stored = _grouped(app, tmp_path, rows)
    assert "stored 0 responses" in output and "skipped 2 rows already imported" in output, reasons
    assert stored == [("111", "2025-02-03")]


def test_blank_spreadsheet_rows_are_skipped_not_rejected(app, tmp_path):
    # a new user's paper-form file with an empty row (",,,,,") had it rejected with a date error
    by_ref, _ = _maps(tmp_path)
    data, rejects = tmp_path / "returns.csv", tmp_path / "r.csv"
    blank = {k: " " if k == "good" else "" for k in ROW}
    _write(data, [{**ROW, "good": "Kind"}, blank, {**ROW, "ref": "A2", "good": "Quick"}])
    result = _run(app, data, by_ref, rejects)
    assert "Read 3 rows: stored 2 responses, rejected 0 rows, skipped 1 blank row." in result.output, result.output


def test_rows_are_numbered_as_the_spreadsheet_numbers_them_after_an_empty_line(app, tmp_path):
    # a tester's rejects said row 9 for a row on line 10: the reader had skipped an empty line
    by_ref, _ = _maps(tmp_path)
    data, rejects = tmp_path / "returns.csv", tmp_path / "r.csv"
    data.write_text("ref,when,team,rating,good,better\nA1,01/03/2024,111,1,Kind,\n\nA2,01/03/2024,111,9,x,\n",
                    encoding="utf-8")
    result = _run(app, data, by_ref, rejects)
    assert "Read 3 rows: stored 1 response, rejected 1 row, skipped 1 blank row." in result.output, result.output
    with open(rejects, encoding="utf-8", newline="") as fh:
        assert [r["row_number"] for r in csv.DictReader(fh)] == ["4"]


@pytest.mark.parametrize(
    ("cell", "stored", "reason"),
    [
        ("March 2024", "2024-03-01", None),
        ("03/2024", "2024-03-01", None),
        ("15/03/2024", "2024-03-01", None),  # a UK day/month/year, kept to its month
        ("2024-03", "2024-03-01", None),
        ("31/02/2024", None, "last_contact: '31/02/2024' is no such date"),
        ("next week", None, "last_contact: 'next week' is not a date (YYYY-MM-DD or DD/MM/YYYY, YYYY-MM, MM/YYYY, March 2024 or Mar-24)"),
        # a tester's years the web refuses, and ISO forms nobody types on a form
        ("01/03/0024", None, "last_contact: 24 is before 1900"),
        ("March 1850", None, "last_contact: 1850 is before 1900"),
        ("2024-W11", None, "is not a date"),
        ("20240315", None, "is not a date"),
        ("03/15/2024", None, "is no such date (dates are read day first, DD/MM/YYYY)"),
        # Excel's month-and-year cells (a tester's "Mar-24" was "not a date"); a 2-digit year is 20YY
        ("Mar-24", "2024-03-01", None),
        ("Mar-2024", "2024-03-01", None),
        ("March-24", "2024-03-01", None),
        ("sept.-09", "2009-09-01", None),
        # ... but not one more than 10 years ahead, perhaps last century's (it was March 2099)
        ("Mar-99", None, "last_contact: 'Mar-99' has a two-digit year more than 10 years ahead: write all four "
                         "digits (Mar-1999 or Mar-2099)"),
        ("Marc-99", None, "is not a date"),
        ("Mar 24", None, "is not a date"),  # 24 March, or March 2024? not read
        ("Marc-24", None, "is not a date"),
    ],
)
def test_a_date_answer_is_read_as_the_web_form_reads_it(cell, stored, reason):
    # a tester's paper forms with "March 2024" and 15/03/2024 were rejected; the web takes both
    from survey_app.config import ROOT
    from survey_app.questionnaire.loader import load_questionnaire
    from survey_app.responses.imports import coerce_value

    question = load_questionnaire(ROOT / "questionnaires" / "people-who-use-services.yaml").question("last_contact")
    if reason is None:
        assert coerce_value(question, cell).isoformat() == stored
    else:
        with pytest.raises(ValueError, match=re.escape(reason)):
            coerce_value(question, cell)


def test_a_two_digit_year_more_than_10_years_ahead_is_refused_where_the_future_is_allowed():
    # Excel's "Mar-99" was stored as March 2099 without a word by a question that takes the future
    import dataclasses
    from datetime import date

    from survey_app.config import ROOT
    from survey_app.questionnaire.loader import load_questionnaire
    from survey_app.responses.imports import CellError, coerce_value

    last_contact = load_questionnaire(ROOT / "questionnaires" / "people-who-use-services.yaml").question("last_contact")
    next_visit = dataclasses.replace(last_contact, id="next_visit", past=False)
    furthest = date.today().year + 10
    assert coerce_value(next_visit, f"Dec-{furthest % 100:02d}") == date(furthest, 12, 1)
    with pytest.raises(CellError) as caught:
        coerce_value(next_visit, f"Jan-{(furthest + 1) % 100:02d}")
    assert str(caught.value) == (
        f"next_visit: 'Jan-{(furthest + 1) % 100:02d}' has a two-digit year more than 10 years ahead: write all four "
        f"digits (Jan-19{(furthest + 1) % 100:02d} or Jan-20{(furthest + 1) % 100:02d})"
    )
    assert coerce_value(next_visit, "Mar-2099") == date(2099, 3, 1)  # four digits are taken as written


def test_choice_value_raises_the_cell_and_the_options_hint_apart():
    # the import took the options hint back out of this error's text to add the mapping's values
    from survey_app.config import ROOT
    from survey_app.questionnaire.loader import load_questionnaire
    from survey_app.responses.imports import NotAnOption, choice_value, coerce_value

    carers = load_questionnaire(ROOT / "questionnaires" / "carers.yaml")
    with pytest.raises(NotAnOption) as caught:
        choice_value(carers.question("consent"), " Y ", "consent.x")
    assert (caught.value.name, caught.value.cell) == ("consent.x", "Y")
    assert caught.value.options == "options: yes, or their labels"
    assert str(caught.value) == "consent.x: 'Y' is not an option (options: yes, or their labels)"
    with pytest.raises(NotAnOption) as caught:
        coerce_value(carers.question("future_involvement"), "paper;fax")
    assert (caught.value.name, caught.value.cell) == ("future_involvement", "paper;fax")
    assert caught.value.options.startswith("options: online_survey, workshop, ")
    assert str(caught.value) == (
        f"future_involvement: 'paper;fax' has a value that is not an option ({caught.value.options})"
    )


def test_a_refused_cell_gives_its_name_and_reason_apart():
    # the import cut the question id back off the front of this error's text to name the column
    from survey_app.config import ROOT
    from survey_app.questionnaire.loader import load_questionnaire
    from survey_app.responses.imports import CellError, ColumnRule, ImportMapping, coerce_value, row_answers

    pwus = load_questionnaire(ROOT / "questionnaires" / "people-who-use-services.yaml")
    with pytest.raises(CellError) as caught:
        coerce_value(pwus.question("last_contact"), "01/03/0024")
    assert (caught.value.name, caught.value.reason) == ("last_contact", "24 is before 1900")
    assert str(caught.value) == "last_contact: 24 is before 1900"
    assert caught.value.noting("nor in the mapping's values") == "24 is before 1900 (nor in the mapping's values)"
    with pytest.raises(CellError) as caught:  # a choice's error is one too, its note in the options' bracket
        coerce_value(pwus.question("fft"), "Great")
    assert caught.value.name == "fft" and caught.value.reason.startswith("'Great' is not an option (options: ")
    assert caught.value.noting("nor in the mapping's values").startswith(
        "'Great' is not an option (nor in the mapping's values; options: ")
    mapping = ImportMapping(rules=(ColumnRule("last_contact", "when", values={"never": None}),))
    _, problems, faulty = row_answers(pwus, mapping, {"when": "March 1850"})
    assert problems == ["last_contact (column 'when'): 1850 is before 1900 (nor in the mapping's values)"]
    assert faulty == {"last_contact"}


def test_an_unreadable_row_is_not_also_said_to_lack_consent(app, tmp_path):
    # a tester's row with a stray comma said "consent: not given" beside the real reason
    mapping = tmp_path / "map.yaml"
    mapping.write_text("questionnaire: carers\nreference: ref\nanswers:\n  fft: rating\n  consent: agreed\n",
                       encoding="utf-8")
    data, rejects = tmp_path / "c.csv", tmp_path / "r.csv"
    data.write_text("ref,rating,agreed\nA1,good,yes,extra\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["responses", "import", "carers", str(data), "--map", str(mapping), "--rejects", str(rejects)]
    )
    assert "rejected 1 row" in result.output, result.output
    reasons = rejects.read_text(encoding="utf-8")
    assert "more fields than the header" in reasons and "consent" not in reasons.split("\n", 1)[1]
