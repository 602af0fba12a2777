"""`flask responses import` of matrix statements (``question.row``) and write-ins
(``question:option``), the columns `flask responses export` writes for them."""
from __future__ import annotations

import csv

import pytest
import sqlalchemy as sa

from survey_app.extensions import db
from survey_app.models import Answer, Response

MAPPING = """
questionnaire: carers
reference: ref
answers:
  fft: rating
  carer_statements.recognised: recognised
  carer_statements.life_of_my_own: {column: own_life, values: {"1": strongly_agree, "5": strongly_disagree, "9": null}}
  caring_for: caring
  caring_for:other: caring_other
  ethnicity: ethnicity
  ethnicity:white_other: ethnicity_other
"""


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _run(app, data, mapping_text, tmp_path, *flags):
    mapping = tmp_path / "map.yaml"
    mapping.write_text(mapping_text, encoding="utf-8")
    return app.test_cli_runner().invoke(
        args=["responses", "import", "carers", str(data), "--map", str(mapping),
              "--rejects", str(tmp_path / "rejects.csv"), *flags]
    )


def _stored(app) -> dict[str, set[tuple]]:
    """Import reference -> its answers as (question, row, option, text)."""
    with app.app_context():
        out: dict[str, set[tuple]] = {}
        for r in db.session.scalars(sa.select(Response).order_by(Response.id)):
            ref = r.import_ref.split(" c=")[0].rsplit(":", 1)[-1]
            out[ref] = {(a.question_id, a.row_id, a.option_value, a.text_value) for a in r.answers}
        return out


def _rejects(tmp_path) -> dict[str, str]:
    with open(tmp_path / "rejects.csv", encoding="utf-8", newline="") as fh:
        return {row["ref"]: row["reject_reasons"] for row in csv.DictReader(fh)}


ROW = {"ref": "", "rating": "good", "recognised": "", "own_life": "", "caring": "", "caring_other": "",
       "ethnicity": "", "ethnicity_other": ""}


def test_matrix_statements_and_write_ins_are_stored_as_the_web_form_stores_them(app, tmp_path):
    data = tmp_path / "returns.csv"
    _write(data, [
        {**ROW, "ref": "C1", "recognised": "Agree", "own_life": "5", "caring": "parent;other",
         "caring_other": "My brother-in-law", "ethnicity": "white_other", "ethnicity_other": "Polish"},
        # a statement left blank, or mapped to null, is not answered; typing in the box chooses
        # its option (as on the web): "other" joins a multiple choice, a single choice is set
        {**ROW, "ref": "C2", "recognised": "strongly agree", "own_life": "9", "caring": "parent",
         "caring_other": "Aunt", "ethnicity_other": "Latvian"},
    ])
    result = _run(app, data, MAPPING, tmp_path)
    assert "Read 2 rows: stored 2 responses, rejected 0 rows." in result.output, result.output
    stored = _stored(app)
    assert stored["C1"] == {
        ("fft", None, "good", None),
        ("carer_statements", "recognised", "agree", None),
        ("carer_statements", "life_of_my_own", "strongly_disagree", None),
        ("caring_for", None, "parent", None),
        ("caring_for", None, "other", "My brother-in-law"),
        ("ethnicity", None, "white_other", "Polish"),
    }
    assert stored["C2"] == {
        ("fft", None, "good", None),
        ("carer_statements", "recognised", "strongly_agree", None),
        ("caring_for", None, "parent", None),
        ("caring_for", None, "other", "Aunt"),
        ("ethnicity", None, "white_other", "Latvian"),
    }


def test_bad_statement_cells_and_clashing_write_ins_reject_the_row_naming_the_column(app, tmp_path):
    data = tmp_path / "returns.csv"
    _write(data, [
        {**ROW, "ref": "B1", "recognised": "Sometimes"},
        {**ROW, "ref": "B2", "ethnicity": "indian", "ethnicity_other": "Polish"},
        {**ROW, "ref": "B3", "caring_other": "x" * 501},
        {**ROW, "ref": "OK", "recognised": "disagree"},
    ])
    result = _run(app, data, MAPPING, tmp_path)
    assert "Read 4 rows: stored 1 response, rejected 3 rows." in result.output, result.output
    assert _rejects(tmp_path) == {
        "B1": "carer_statements.recognised (column 'recognised'): 'Sometimes' is not an option (options: strongly_agree, agree, neither, disagree, strongly_disagree, or their labels)",
        # named with its columns, as every other reason is (a tester's named the mapping keys only)
        "B2": "ethnicity:white_other (column 'ethnicity_other'): written in, but the answer to ethnicity is "
              "'asian_indian', not 'white_other'",
        "B3": "caring_for:other (column 'caring_other'): longer than 500 characters",
    }
    assert _stored(app)["OK"] == {("fft", None, "good", None), ("carer_statements", "recognised", "disagree", None)}


def test_the_statements_of_a_group_are_merged_and_a_clash_is_rejected(app, tmp_path):
    data = tmp_path / "grouped.csv"
    grouped = MAPPING.replace("reference: ref", "group_by: ref")
    _write(data, [
        {**ROW, "ref": "G1", "recognised": "agree"},
        {**ROW, "ref": "G1", "own_life": "1"},
        {**ROW, "ref": "G2", "recognised": "agree"},
        {**ROW, "ref": "G2", "recognised": "disagree"},
    ])
    result = _run(app, data, grouped, tmp_path)
    assert "stored 1 response, rejected 2 rows" in result.output, result.output
    (only,) = _stored(app).values()  # a group is stored under its first row's number
    assert only >= {
        ("carer_statements", "recognised", "agree", None), ("carer_statements", "life_of_my_own", "strongly_agree", None),
    }
    assert set(_rejects(tmp_path).values()) == {"carer_statements: different answers in rows of the same response"}


def test_a_mapping_listing_the_statements_in_another_order_finds_the_rows_imported_before(app, tmp_path):
    # the fingerprint of a response keeps the statements in the question's order, not the mapping's
    data = tmp_path / "returns.csv"
    _write(data, [{**ROW, "ref": "C1", "recognised": "agree", "own_life": "1"}])
    assert "stored 1 response" in _run(app, data, MAPPING, tmp_path).output
    lines = MAPPING.splitlines()
    swapped = "\n".join([*lines[:5], lines[6], lines[5], *lines[7:]]) + "\n"
    assert swapped.index("life_of_my_own") < swapped.index("recognised:")
    result = _run(app, data, swapped, tmp_path)
    assert "stored 0 responses, rejected 0 rows, skipped 1 row already imported" in result.output, result.output


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("carer_statements", "answers.carer_statements: a matrix question is read one statement per column; name each "
         "statement's column instead (carer_statements.recognised, carer_statements.life_of_my_own, "
         "carer_statements.fits_around_caring)"),
        ("carer_statements.happy", "answers.carer_statements.happy: no statement 'happy' in 'carer_statements' "
         "(its statements: recognised, life_of_my_own, fits_around_caring)"),
        ("fft.r1", "answers.fft.r1: 'fft' is a fft question, with no statements"),
        ("ethnicity:indian", "answers.ethnicity:indian: 'indian' is no write-in of 'ethnicity' (its options with a "
         "write-in box are white_other, mixed_other, asian_other, black_other, other_any)"),
        ("fft:good", "answers.fft:good: 'good' is no write-in of 'fft' (it has no write-in box)"),
        ("nothing.r1", "answers.nothing.r1: no such question in 'carers'"),
    ],
)
def test_a_mapping_naming_a_matrix_or_write_in_wrongly_is_refused_naming_the_key(app, tmp_path, key, message):
    data = tmp_path / "returns.csv"
    _write(data, [{**ROW, "ref": "C1"}])
    result = _run(app, data, MAPPING + f"  {key}: recognised\n", tmp_path)
    assert result.exit_code != 0
    assert f"map.yaml: {message}" in result.output, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 0


def test_values_on_a_write_in_are_refused(app, tmp_path):
    data = tmp_path / "returns.csv"
    _write(data, [{**ROW, "ref": "C1"}])
    result = _run(app, data, MAPPING.replace("caring_for:other: caring_other",
                                             "caring_for:other: {column: caring_other, values: {a: b}}"), tmp_path)
    assert "answers.caring_for:other.values: a write-in is text; values are for choices" in result.output


def test_the_printed_mapping_imports_an_export_of_carers_with_every_answer_column(app, tmp_path):
    """A web response to the carers' questionnaire (every shown question answered, matrix and
    write-ins included), exported, imported with `responses mapping carers`'s mapping and
    exported again comes back with the same answer cells."""
    from pathlib import Path

    from test_journey_helpers import complete

    from survey_app.questionnaire.loader import load_questionnaire

    carers = load_questionnaire(Path(app.config["QUESTIONNAIRES_DIR"]) / "carers.yaml")
    complete(app.test_client(), carers, trigger=True, completed_with_help="yes")
    runner = app.test_cli_runner()
    first, again, mapping = tmp_path / "first.csv", tmp_path / "again.csv", tmp_path / "carers-map.yaml"
    assert runner.invoke(args=["responses", "export", "carers", "--out", str(first)]).exit_code == 0
    printed = runner.invoke(args=["responses", "mapping", "carers"])
    assert printed.exit_code == 0, printed.output
    mapping.write_text(printed.output, encoding="utf-8")
    result = runner.invoke(args=["responses", "import", "carers", str(first), "--map", str(mapping)])
    assert "Read 1 row: stored 1 response, rejected 0 rows." in result.output, result.output
    # every column of the export is read (audience and questionnaire version too): no note of columns left out
    assert "not imported" not in result.output
    assert runner.invoke(args=["responses", "export", "carers", "--out", str(again)]).exit_code == 0
    with open(first, encoding="utf-8", newline="") as a, open(again, encoding="utf-8", newline="") as b:
        (before,), (_, after) = list(csv.DictReader(a)), list(csv.DictReader(b))
    answers = [c for c in before if c not in ("response_id",)]
    assert before["channel"] == "online"  # kept, not made "import" (a new user's moved database)
    assert any(before[c] for c in answers if "." in c) and any(before[c] for c in answers if ":" in c), before
    assert {c: after[c] for c in answers} == {c: before[c] for c in answers}


def test_mapping_for_an_unknown_questionnaire_names_the_known_ones(app):
    result = app.test_cli_runner().invoke(args=["responses", "mapping", "carer"])
    assert result.exit_code != 0 and "no questionnaire 'carer' (known: " in result.output


def test_a_channel_column_is_read_row_by_row_and_a_bad_one_rejects_the_row(app, tmp_path):
    data = tmp_path / "returns.csv"
    _write(data, [{**ROW, "ref": "C1", "how": "Online"}, {**ROW, "ref": "C2", "how": ""},
                  {**ROW, "ref": "C3", "how": "fax"}, {**ROW, "ref": "C4", "how": "Tablet"}])
    result = _run(app, data, MAPPING + "channel: {column: how}\n", tmp_path)
    assert "Read 4 rows: stored 3 responses, rejected 1 row." in result.output, result.output
    assert _rejects(tmp_path) == {
        "C3": "channel: 'fax' in row 4 is not one of online, tablet, paper, assisted, workshop, import"
    }
    with app.app_context():
        assert {r.import_ref.split(" c=")[0].rsplit(":", 1)[-1]: r.channel
                for r in db.session.scalars(sa.select(Response))} == {"C1": "online", "C2": "import", "C4": "tablet"}


def test_multiple_choices_are_checked_as_the_web_form_checks_them(app, tmp_path):
    """A tester's import stored 'parent;parent' as two answers (counted twice), 'breaks' ranked
    first and second, and "I'd rather not" beside 'paper', which the web form refuses."""
    mapping = MAPPING + "  support_priorities: ranked\n  future_involvement: future\n"
    row = {**ROW, "ranked": "", "future": ""}
    data = tmp_path / "choices.csv"
    _write(data, [
        {**row, "ref": "twice", "caring": "parent; Parent;partner", "ranked": "information;breaks", "future": "paper"},
        {**row, "ref": "ranked-twice", "ranked": "breaks;information;Breaks from caring"},
        {**row, "ref": "not-alone", "future": "none;paper"},
        {**row, "ref": "written-in", "caring": "", "caring_other": "My aunt", "future": "none"},
        {**row, "ref": "alone", "future": "I'd rather not"},
    ])
    result = _run(app, data, mapping, tmp_path)
    assert "stored 3 responses, rejected 2 rows" in result.output, result.output
    stored = _stored(app)
    assert {(q, o) for q, _, o, _ in stored["twice"] if q == "caring_for"} == {("caring_for", "parent"), ("caring_for", "partner")}
    assert len([a for a in stored["twice"] if a[0] == "caring_for"]) == 2
    assert {(q, o) for q, _, o, _ in stored["alone"] if q == "future_involvement"} == {("future_involvement", "none")}
    assert _rejects(tmp_path) == {
        "ranked-twice": "support_priorities (column 'ranked'): 'breaks' is ranked twice; give each option one place",
        # named with its column, as every other reason is (a tester's named the option only)
        "not-alone": "future_involvement (column 'future'): 'I'd rather not' goes on its own, but other answers are "
                     "chosen with it",
    }


def test_an_exclusive_option_beside_a_written_in_one_names_both_columns():
    from survey_app.config import ROOT
    from survey_app.questionnaire.loader import load_questionnaire
    from survey_app.responses.imports import merge_answers

    carers = load_questionnaire(ROOT / "questionnaires" / "carers.yaml")
    answers = {"future_involvement": ["none"], "future_involvement:paper": "by post"}
    merged, problems = merge_answers(carers, answers, {"future_involvement": ["future"],
                                                       "future_involvement:paper": ["future_paper"]})
    assert merged["future_involvement"] == ["paper", "none"]
    assert problems == ["future_involvement (columns 'future', 'future_paper'): 'I'd rather not' goes on its own, "
                        "but other answers are chosen with it"]
    # without the columns (not from a file) the question alone is named
    assert merge_answers(carers, answers)[1][0].startswith("future_involvement: 'I'd rather not' goes on its own")


def test_a_clashing_write_in_names_its_column_and_the_question_s():
    # the clash named the mapping keys only, where every other reason names the cells to fix
    from survey_app.config import ROOT
    from survey_app.questionnaire.loader import load_questionnaire
    from survey_app.responses.imports import merge_answers

    carers = load_questionnaire(ROOT / "questionnaires" / "carers.yaml")
    answers = {"ethnicity": "asian_indian", "ethnicity:white_other": "Polish"}
    _, problems = merge_answers(carers, answers, {"ethnicity": ["eth"], "ethnicity:white_other": ["eth_other"]})
    assert problems == ["ethnicity:white_other (column 'eth_other'): written in, but the answer to ethnicity "
                        "(column 'eth') is 'asian_indian', not 'white_other'"]
    assert merge_answers(carers, answers)[1] == [
        "ethnicity:white_other: written in, but the answer to ethnicity is 'asian_indian', not 'white_other'"
    ]


def test_a_row_without_consent_is_not_stored_when_the_form_asked_for_it(app, tmp_path):
    # a tester's row with a blank consent cell was stored and exported
    data = tmp_path / "consent.csv"
    _write(data, [{**ROW, "ref": "yes", "agreed": "Yes"}, {**ROW, "ref": "blank", "agreed": " "}])
    result = _run(app, data, MAPPING + "  consent: agreed\n", tmp_path)
    assert "stored 1 response, rejected 1 row" in result.output, result.output
    assert list(_stored(app)) == ["yes"]
    assert _rejects(tmp_path) == {"blank": "consent: not given; a response is stored only with consent"}
    # a mapping that does not name the consent question (a form that did not ask) stores it
    _write(data, [{**ROW, "ref": "not-asked"}])
    assert "stored 1 response, rejected 0 rows" in _run(app, data, MAPPING, tmp_path).output


@pytest.mark.parametrize(("spec", "cell", "reason"), [
    ("agreed", "Y", "consent (column 'agreed'): 'Y' is not an option (options: yes, or their labels)"),
    ("{column: agreed, values: {Agreed: 'yes'}}", "Y",
     "consent (column 'agreed'): 'Y' is not an option (nor in the mapping's values; options: yes, or their labels)"),
    ("{column: agreed, required: true}", "", "consent: column 'agreed' is empty (the mapping requires it)"),
])
def test_an_unreadable_consent_cell_gives_one_reason(app, tmp_path, spec, cell, reason):
    # a tester's "Y" said both "'Y' is not an option" and "consent: not given" for the same row
    data = tmp_path / "consent.csv"
    _write(data, [{**ROW, "ref": "y", "agreed": cell}])
    result = _run(app, data, MAPPING + f"  consent: {spec}\n", tmp_path)
    assert "stored 0 responses, rejected 1 row" in result.output, result.output
    assert _rejects(tmp_path) == {"y": reason}


def test_curly_quotes_and_dashes_in_a_cell_match_the_plain_ones(app, tmp_path):
    # a tester's "I’d rather not", as Word and Excel type it, was "not an option"
    data = tmp_path / "curly.csv"
    _write(data, [{**ROW, "ref": "curly", "future": "I\u2019d rather not"}])
    result = _run(app, data, MAPPING + "  future_involvement: future\n", tmp_path)
    assert "stored 1 response, rejected 0 rows" in result.output, result.output
    assert ("future_involvement", None, "none", None) in _stored(app)["curly"]
