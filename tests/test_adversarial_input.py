"""Hostile or clumsy input found by adversarial testing (November 2026).

Each test that fails today is marked ``xfail(strict=True)`` with the bug it shows, so the
suite stays green and a fix turns the mark into an "XPASS" failure to remove.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_journey_helpers import consent_given, title_of
from werkzeug.datastructures import MultiDict

from survey_app.config import ROOT
from survey_app.extensions import db
from survey_app.models import Answer, Response, Round
from survey_app.questionnaire.loader import load_questionnaire, validate_paths
from survey_app.responses.imports import (
    MappingError, coerce_value, import_csv, load_mapping, read_csv, write_rejects,
)
from survey_app.surveys import services as journey

PWUS = "/s/people-who-use-services"


def _token(html: str) -> str:
    m = re.search(r'name="submission_token" value="([^"]+)"', html)
    assert m
    return m.group(1)


# ---------------------------------------------------------------- the public journey


def _consented(client) -> dict[str, str]:
    """Consent given on the first page (a later page is not served before it): the form's token."""
    return {"submission_token": consent_given(client)}


def test_rating_with_a_superscript_digit_is_a_validation_error(client):
    resp = client.post(f"{PWUS}/page/working_together", data={**_consented(client), "joined_up_rating": "²"})
    assert resp.status_code == 200
    assert "Select a number from 0 to 10" in resp.text


def test_ranking_with_a_superscript_digit_is_a_validation_error(client):
    data = {**_consented(client), "what_matters_order-rank-listened_to": "²"}
    resp = client.post(f"{PWUS}/page/working_together", data=data)
    assert resp.status_code == 200
    assert "Choose a position" in resp.text


def test_date_with_a_huge_month_is_a_validation_error(client):
    data = {"last_contact-month": "9" * 50, "last_contact-year": "2025"}  # month and year only
    resp = client.post(f"{PWUS}/page/your_care", data={**_consented(client), **data})
    assert resp.status_code == 200
    assert "real month and year" in resp.text


def test_rating_with_a_plain_out_of_range_value_is_a_validation_error(client):
    resp = client.post(f"{PWUS}/page/working_together", data={**_consented(client), "joined_up_rating": "11"})
    assert resp.status_code == 200
    assert "Select a number from 0 to 10" in resp.text


def test_duplicate_ranking_positions_are_refused(client):
    data = {"what_matters_order-rank-listened_to": "1", "what_matters_order-rank-quick_help": "1"}
    resp = client.post(f"{PWUS}/page/working_together", data={**_consented(client), **data})
    assert resp.status_code == 200
    assert "Each position can only be used once" in resp.text


def test_csrf_failure_on_an_unknown_page_is_not_a_server_error(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    resp = client.post(f"{PWUS}/page/no-such-page", data={"csrf_token": "forged"})
    assert resp.status_code in (400, 404)


def test_replaying_a_submitted_page_stores_nothing_twice(client, app):
    token = _token(client.get("/s/fft").text)
    data = {"submission_token": token, "fft": "good", "what_was_good": "Kind staff"}
    client.post("/s/fft", data=data)
    client.post("/s/fft/check", data={"submission_token": token})
    assert client.post("/s/fft", data=data).headers["Location"].endswith("/s/fft/thanks")
    assert client.post("/s/fft/check", data={"submission_token": token}).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1


def test_a_submission_token_from_another_browser_cannot_change_a_draft(app):
    alice, mallory = app.test_client(), app.test_client()
    token = _token(alice.get("/s/fft").text)
    alice.post("/s/fft", data={"submission_token": token, "fft": "very_good"})
    mallory.get("/s/fft")
    mallory.post("/s/fft", data={"submission_token": token, "fft": "very_poor"})
    with app.app_context():
        values = db.session.scalars(sa.select(Answer.option_value).where(Answer.question_id == "fft")).all()
    assert values == ["very_good"]


def test_many_wrong_resume_codes_are_slowed_down(client):
    statuses = {client.post("/s/fft/resume", data={"resume_code": f"ABCD-EFGH-JK{a}{b}"}).status_code
                for a in "MNPQ" for b in "RSTUVW"}
    assert 429 in statuses


def test_method_not_allowed_says_which_methods_are(client):
    resp = client.put("/s/fft")
    assert resp.status_code == 405
    assert "POST" in resp.headers.get("Allow", "")


@pytest.mark.parametrize("typed", ["2,5", "1,5", "1.000,5", "12,34", "1_0", "1e1"])
def test_a_number_with_a_decimal_comma_or_a_programmers_spelling_is_refused_not_misread(typed):
    # "2,5" (a decimal comma) was stored as 25 and "1.000,5" as 1.0005 without a word:
    # a comma is read only between groups of three digits, as in "1,250"
    q = load_questionnaire(ROOT / "questionnaires" / "people-who-use-services.yaml").question("teams_count")
    answers, error = journey.parse_question(q, MultiDict({"teams_count": typed}))
    assert answers == {} and error is not None
    assert error.message.startswith("Enter a number for “Roughly how many different teams") and "like 3 or 12" in error.message


@pytest.mark.parametrize(("typed", "stored"), [("12", 12), ("+3", 3), ("2.5", 2.5), (".5", 0.5),
                                               ("5.", 5), ("-0", 0), ("٣", 3)])
def test_numbers_as_people_type_them_are_still_read(demo, typed, stored):
    answers, error = journey.parse_question(demo.question("visits"), MultiDict({"visits": typed}))
    assert error is None and answers == {"visits": stored}


def test_a_comma_between_thousands_is_still_read_as_a_number(demo):
    _, error = journey.parse_question(demo.question("visits"), MultiDict({"visits": "1,250"}))
    assert error is not None and error.message == "Enter a number between 0 and 50 for “How many visits?”"


def test_a_decimal_comma_posted_online_is_asked_again_and_not_stored(app, client):
    data = {**_consented(client), "teams_count": "2,5"}
    resp = client.post(f"{PWUS}/page/your_care", data=data)
    assert resp.status_code == 200 and 'value="2,5"' in resp.text  # kept in its box to put right
    with app.app_context():
        numbers = db.session.scalars(sa.select(Answer.number_value).where(Answer.question_id == "teams_count")).all()
    assert numbers == []


@pytest.mark.parametrize("typed", ["\u200b", "\u200b\u00ad \u2060", "\ufeff"])
def test_invisible_characters_alone_are_no_answer_to_a_required_question(demo, typed):
    # a zero-width space (pasted from a messaging app) passed as an answer to a required text
    # question, and was stored as a comment no one can see
    question = demo.question("what_wrong")
    answers, error = journey.parse_question(question, MultiDict({"what_wrong": typed}))
    assert (answers, error) == ({}, None)
    result = journey.parse_page([question], MultiDict({"what_wrong": typed}))
    assert [e.message for e in result.errors] == ["Enter an answer for “What went wrong?”"]
    write_in = journey.parse_question(demo.question("services"), MultiDict({"services:other": typed}))
    assert write_in == ({}, None)  # an invisible write-in does not tick "Other" either


def test_an_imported_cell_of_invisible_characters_is_blank(tmp_path: Path, fft, app):
    result, texts, _ = _import_text(tmp_path, fft, app, "ref,r,t\na,1,\u200b\nb,1,ok\n")
    assert (result.stored, texts) == (2, ["ok"])


@pytest.mark.parametrize("path", ["/s/demo/thanks", "/s/demo/page/no-such-page"])
@pytest.mark.parametrize("lang", ["EN-EASY", " en-easy", "En-Easy "])
def test_lang_in_any_case_and_spacing_gives_every_page_in_easy_read(client, demo, path, lang):
    # ?lang=EN-EASY gave the question pages in easy read but the thank-you and error pages in
    # standard English: the locale was matched in any case, then served as typed
    easy, standard = (title_of(client.get(path, query_string={"lang": x}).text) for x in ("en-easy", "en"))
    assert easy != standard
    assert title_of(client.get(path, query_string={"lang": lang}).text) == easy


# ---------------------------------------------------------------- questionnaire files


def test_a_recursive_yaml_alias_is_reported_not_raised(tmp_path: Path):
    bad = tmp_path / "loop.yaml"
    bad.write_text("a: &a [*a]\n")
    loaded, problems = validate_paths([bad])
    assert not loaded and problems


def test_tabs_and_binary_questionnaire_files_are_reported(tmp_path: Path):
    (tmp_path / "tabs.yaml").write_text("id: x\n\ttitle: y\n")
    (tmp_path / "bin.yaml").write_bytes(bytes(range(256)))
    (tmp_path / "fft.yaml").write_text((ROOT / "questionnaires" / "fft.yaml").read_text())
    loaded, problems = validate_paths([tmp_path])
    assert set(loaded) == {"fft"}
    assert {Path(p.path).name for p in problems} >= {"tabs.yaml", "bin.yaml"}


# ---------------------------------------------------------------- imports


@pytest.fixture
def fft():
    return load_questionnaire(ROOT / "questionnaires" / "fft.yaml")


@pytest.mark.parametrize(
    "text",
    [
        "answers:\n  fft: {column: rating, where: oops}\n",
        "answers:\n  fft: {column: rating, values: [1, 2]}\n",
        "group_by: [a, b]\nanswers:\n  fft: rating\n",
        "reference: [a]\nanswers:\n  fft: rating\n",
        "submitted_at: 5\nanswers:\n  fft: rating\n",
    ],
)
def test_a_mapping_with_wrong_types_is_a_mapping_error(tmp_path: Path, fft, text, app):
    path = tmp_path / "map.yaml"
    path.write_text(text)
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("a,b,rating\n1,2,3\n")
    with pytest.raises(MappingError):
        mapping = load_mapping(path, fft)
        with app.app_context():
            import_csv(db.session, fft, csv_path, mapping)


def test_a_binary_mapping_file_is_a_mapping_error(tmp_path: Path, fft):
    path = tmp_path / "map.yaml"
    path.write_bytes(b"\xa6\xff\x00answers")
    with pytest.raises(MappingError):
        load_mapping(path, fft)


def test_submitted_at_formats_must_be_a_list(tmp_path: Path, fft):
    path = tmp_path / "map.yaml"
    path.write_text('submitted_at: {column: date, formats: "%Y-%m-%d"}\nanswers:\n  fft: rating\n')
    with pytest.raises(MappingError):
        load_mapping(path, fft)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('submitted_at: {column: date, formats: "%Q"}\n',
         "submitted_at.formats: expected a list of date formats, e.g. formats: ['%d/%m/%Y'], got a text ('%Q')"),
        ('answers:\n  fft: {column: rating, required: "yes"}\n',
         "answers.fft.required: expected true or false, got a text ('yes')"),
        ("answers:\n  fft: {column: rating, values: [1, 2]}\n",
         "answers.fft.values: expected a mapping from what the file says to an option value, e.g. values: "
         "{Y: 'yes', N: 'no'}, got a list"),
        ("answers:\n  fft: {column: rating, where: {column: x, in: 5}}\n",
         "answers.fft.where.in: expected a list of values, e.g. in: [1, 2], got a number (5)"),
        ("answers:\n  fft: {column: rating, where: {in: [5]}}\n", "answers.fft.where: the mapping needs 'column'"),
        ("answers:\n  fft: {column: rating, requird: true}\n", "answers.fft: unknown key ('requird' was unexpected)"),
        ("channel: web\n", "channel: expected one of import, paper, assisted, workshop, or a mapping with 'column'"),
        ("submitted_at: 5\n", "submitted_at: expected a column name or a mapping with 'column'"),
    ],
)
def test_a_mapping_of_the_wrong_shape_names_the_key_and_what_it_takes(tmp_path: Path, fft, text, message):
    # Each of these said "expected a column name or a mapping with 'column'", whatever was wrong.
    path = tmp_path / "map.yaml"
    path.write_text(text + ("" if "answers:" in text else "answers:\n  fft: rating\n"), encoding="utf-8")
    with pytest.raises(MappingError) as refused:
        load_mapping(path, fft)
    assert str(refused.value) == f"{path}: {message}"


def test_a_mapping_not_saved_as_utf8_says_so(tmp_path: Path, fft):
    # It said "cannot read mapping: UnicodeDecodeError".
    path = tmp_path / "map.yaml"
    path.write_bytes("# Répondants\nanswers:\n  fft: rating\n".encode("latin-1"))
    with pytest.raises(MappingError) as refused:
        load_mapping(path, fft)
    assert str(refused.value) == (
        f"{path}: cannot read mapping: it is not saved as UTF-8 (line 1 has a character in another encoding); "
        "save the file as UTF-8 and try again"
    )


@pytest.mark.parametrize(("formats", "index", "why"), [
    ('["%Q%Q"]', 0, "'Q' is a bad directive in format '%Q%Q'"),
    ('["%d/%m/%Y", "%d/%m/%Y %"]', 1, "stray % in format '%d/%m/%Y %'"),
])
def test_a_submitted_at_format_python_cannot_read_is_refused_with_the_mapping(
    tmp_path: Path, fft, app, formats, index, why
):
    # '%Q%Q' was accepted, and then every row was rejected for not matching it.
    path = tmp_path / "map.yaml"
    path.write_text(f"submitted_at: {{column: date, formats: {formats}}}\nanswers:\n  fft: rating\n")
    with pytest.raises(MappingError) as refused:
        load_mapping(path, fft)
    fmt = formats.strip("[]").split(", ")[index].strip('"')
    assert str(refused.value) == (
        f"{path}: submitted_at.formats.{index}: '{fmt}' is not a date format ({why}); use codes such as %d, %m, "
        "%Y, %H, %M, e.g. '%d/%m/%Y %H:%M'"
    )
    path.write_text('submitted_at: {column: date, formats: ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%SZ", "%%%d"]}\n'
                    "answers:\n  fft: rating\n")
    assert load_mapping(path, fft).submitted_at_formats[0] == "%d/%m/%Y %H:%M"


def test_one_non_utf8_row_does_not_abort_an_import(tmp_path: Path, fft, app):
    mapping_path = tmp_path / "map.yaml"
    mapping_path.write_text("reference: ref\nanswers:\n  fft: {column: r, values: {'1': very_good}}\n  what_was_good: t\n")
    csv_path = tmp_path / "in.csv"
    csv_path.write_bytes("ref,r,t\na,1,fine\nb,1,Caf\xe9 was nice\nc,1,ok\n".encode("latin-1"))
    with app.app_context():
        result = import_csv(db.session, fft, csv_path, load_mapping(mapping_path, fft))
    assert result.stored >= 2


def test_one_oversized_cell_does_not_abort_an_import(tmp_path: Path, fft, app):
    mapping_path = tmp_path / "map.yaml"
    mapping_path.write_text("reference: ref\nanswers:\n  fft: {column: r, values: {'1': very_good}}\n  what_was_good: t\n")
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("ref,r,t\na,1,fine\nb,1," + "x" * 200_000 + "\nc,1,ok\n")
    with app.app_context():
        result = import_csv(db.session, fft, csv_path, load_mapping(mapping_path, fft))
    assert result.stored == 2


def _import_text(  # type: ignore[no-untyped-def]
    tmp_path: Path, fft, app, text: str, mapping: str = "reference: ref\n"
):
    """Import ``text`` (columns ref, r, t) into fft; return (result, stored texts, import refs)."""
    mapping_path = tmp_path / "map.yaml"
    mapping_path.write_text(mapping + "answers:\n  fft: {column: r, values: {'1': very_good}}\n  what_was_good: t\n")
    csv_path = tmp_path / "in.csv"
    csv_path.write_text(text)
    with app.app_context():
        result = import_csv(db.session, fft, csv_path, load_mapping(mapping_path, fft))
        texts = db.session.scalars(sa.select(Answer.text_value).where(Answer.text_value.is_not(None))).all()
        refs = db.session.scalars(sa.select(Response.import_ref)).all()
    return result, sorted(texts), refs


def test_a_nul_byte_in_an_imported_cell_is_dropped_not_a_lost_row(tmp_path: Path, fft, app):
    # The web journey strips control characters; the import kept them, so PostgreSQL refused
    # the row ("could not store: DataError") and SQLite stored the NUL.
    result, texts, refs = _import_text(tmp_path, fft, app, "ref,r,t\na,1,fine\nb\x00,1,has\x00nul\x07\nc,1,ok\n")
    assert (result.stored, result.rejects) == (3, [])
    assert texts == ["fine", "hasnul", "ok"]
    assert not [r for r in refs if "\x00" in r]


def test_a_row_with_more_fields_than_the_header_is_rejected_not_cut_short(tmp_path: Path, fft, app):
    # An unquoted comma split "Fine, thanks" over two fields; the import stored "Fine" and
    # dropped " thanks" without a word.
    result, texts, _ = _import_text(tmp_path, fft, app, "ref,r,t\na,1,fine\nb,1,Fine, thanks\nc,1,ok\n")
    assert result.stored == 2
    assert [n for n, _ in result.rejects] == [3]
    assert "more fields than the header" in result.rejects[0][1][0]
    assert texts == ["fine", "ok"]


def test_a_stray_double_quote_rejects_its_row_and_never_swallows_the_rows_after_it(tmp_path: Path, fft, app):
    # A comment typed as '"Staff were great' (no closing quote) took every row after it into its
    # cell: one response stored with three other people's comments in it, and their rows
    # neither stored nor rejected ("Read 1 row").
    text = 'ref,r,t\nA,1,"Staff were great\nB,1,Quick\nC,1,"Kind, patient nurse"\nD,1,"Two\nlines"\nE,1,"Kind" staff\n'
    result, texts, _ = _import_text(tmp_path, fft, app, text)
    assert result.stored == 4
    assert result.rejects == [(2, [
        "cannot be read as CSV (line 2 of the file): a cell opened with a double quote on this line is not closed "
        'before line 4; close it, or write each quote inside a cell twice ("")'
    ])]
    # a quoted cell may still hold a line break, and text after a closing quote is read as before
    assert texts == ["Kind staff", "Kind, patient nurse", "Quick", "Two\nlines"]
    with app.app_context():
        source = read_csv(tmp_path / "in.csv")
        write_rejects(tmp_path / "in.rejects.csv", source, result)
    assert (tmp_path / "in.rejects.csv").read_text().splitlines()[1].startswith("A,1,Staff were great,2,")


def test_a_stray_double_quote_in_a_rounds_file_loses_its_row_only(app, tmp_path: Path):
    path = tmp_path / "rounds.csv"
    path.write_text('name,starts_on,ends_on,questionnaires,baseline\n"Spring,2024-01-01,2024-06-30,fft,no\n'
                    "Summer,2024-07-01,2024-09-30,fft,no\nAutumn,2024-10-01,2024-12-31,fft,no\n")
    result = app.test_cli_runner().invoke(args=["rounds", "import", str(path)])
    assert "created 2, not stored 1" in result.output
    assert "row 2" in result.output and "not closed before the end of the file" in result.output
    with app.app_context():
        assert sorted(db.session.scalars(sa.select(Round.name))) == ["Autumn", "Summer"]


def test_an_overlong_service_cell_is_rejected_with_a_reason(tmp_path: Path, fft, app):
    # Response.service holds 200 characters: PostgreSQL refused the row as "could not store: DataError".
    text = "r,t,s\n1,ok,111\n1,ok," + "w" * 201 + "\n"
    result, _, _ = _import_text(tmp_path, fft, app, text, mapping="service: s\n")
    assert result.stored == 1
    assert result.rejects == [(3, ["service: longer than 200 characters"])]


@pytest.mark.parametrize("qid", ["joined_up_rating", "teams_count"])
def test_nan_is_not_a_number_answer(qid):
    q = load_questionnaire(ROOT / "questionnaires" / "people-who-use-services.yaml").question(qid)
    with pytest.raises(ValueError):
        coerce_value(q, "nan")


@pytest.mark.parametrize(("cell", "reason"), [
    ("7.5", "joined_up_rating: 7.5 is not a whole number"),  # the web form takes 0 to 10 only
    ("1e1", "joined_up_rating: '1e1' is not a number"),
    ("1_0", "joined_up_rating: '1_0' is not a number"),
    ("2,5", "joined_up_rating: '2,5' is not a number"),
])
def test_an_imported_rating_is_a_whole_number_read_as_the_web_form_reads_it(cell, reason):
    q = load_questionnaire(ROOT / "questionnaires" / "people-who-use-services.yaml").question("joined_up_rating")
    with pytest.raises(ValueError) as err:
        coerce_value(q, cell)
    assert str(err.value) == reason


def test_an_imported_number_takes_commas_between_thousands_as_the_web_form_does():
    q = load_questionnaire(ROOT / "questionnaires" / "staff.yaml").question("partner_orgs_count")
    assert coerce_value(q, "7.0") == 7
    workshop = load_questionnaire(ROOT / "questionnaires" / "workshop.yaml").question("dot_votes")
    assert coerce_value(workshop, "1,250") == 1250


# ---------------------------------------------------------------- NUL bytes (PostgreSQL refuses them)


def test_a_nul_byte_in_free_text_is_never_stored_or_a_server_error(client, app):
    token = _token(client.get("/s/fft").text)
    resp = client.post("/s/fft", data={"submission_token": token, "fft": "good", "what_was_good": "a\x00b"})
    assert resp.status_code in (200, 302)
    with app.app_context():
        texts = db.session.scalars(sa.select(Answer.text_value).where(Answer.text_value.is_not(None))).all()
    assert all("\x00" not in t for t in texts)


def test_a_nul_byte_in_the_submission_token_is_never_stored_or_a_server_error(client, app):
    client.get("/s/fft")
    resp = client.post("/s/fft", data={"submission_token": "abc\x00def", "fft": "good"})
    assert resp.status_code in (200, 302)
    with app.app_context():
        tokens = db.session.scalars(sa.select(Response.submission_token)).all()
    assert all("\x00" not in t for t in tokens)


# ---------------------------------------------------------------- more questionnaire files


def test_one_broken_questionnaire_file_does_not_take_the_site_down(app, client, tmp_path: Path):
    (tmp_path / "fft.yaml").write_text((ROOT / "questionnaires" / "fft.yaml").read_text())
    (tmp_path / "zz.yaml").write_text("a: &a [*a]\n")
    app.config["QUESTIONNAIRES_DIR"] = str(tmp_path)
    assert client.get("/s/fft").status_code == 200


def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path: Path):
    import subprocess
    import sys

    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 7)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    code = (
        "import sys; from survey_app.questionnaire.loader import validate_paths; "
        "loaded, problems = validate_paths([sys.argv[1]]); sys.exit(0 if problems and not loaded else 3)"
    )
    try:
        done = subprocess.run([sys.executable, "-c", code, str(bomb)], cwd=ROOT, timeout=10, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("validating a 400-byte YAML alias bomb took more than 10 seconds")
    assert done.returncode == 0


def test_each_problem_is_reported_once(tmp_path: Path):
    path = tmp_path / "partial.yaml"
    path.write_text("id: x\nsections:\n  - id: s\n    questions:\n      - id: q\n        type: rating\n        text: 5\n")
    _, problems = validate_paths([path])
    assert len(problems) == len(set(problems))


# ---------------------------------------------------------------- privacy of the server log


def test_free_text_never_reaches_the_log_even_on_a_database_error(app, client, caplog):
    secret = "SECRET-FREE-TEXT-4711"
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("uses a SQLite trigger to make the insert fail")
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "CREATE TRIGGER adv_fail BEFORE INSERT ON answers "
                f"WHEN NEW.text_value = '{secret}' BEGIN SELECT RAISE(ABORT, 'forced failure'); END"
            )
    try:
        token = _token(client.get("/s/fft").text)
        with caplog.at_level("INFO"):
            resp = client.post("/s/fft", data={"submission_token": token, "fft": "good", "what_was_good": secret})
        assert resp.status_code == 500  # the forced failure
        assert secret not in caplog.text
    finally:
        with app.app_context(), db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS adv_fail")


def test_an_unwritable_rejects_path_is_refused_before_importing(app, tmp_path: Path):
    mapping_path = tmp_path / "map.yaml"
    mapping_path.write_text("answers:\n  fft: {column: r, values: {'1': very_good}}\n")
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("r\n1\nbad\n")
    result = app.test_cli_runner().invoke(
        args=["responses", "import", "fft", str(csv_path), "--map", str(mapping_path),
              "--rejects", str(tmp_path / "no-such-folder" / "rejects.csv")]
    )
    assert result.exit_code != 0
    assert not isinstance(result.exception, FileNotFoundError)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0


# ---------------------------------------------------------------- the import command's header checks


def _cli_import(app, tmp_path: Path, data: bytes):  # type: ignore[no-untyped-def]
    mapping_path = tmp_path / "map.yaml"
    mapping_path.write_text("reference: ref\nanswers:\n  fft: {column: r, values: {'1': very_good}}\n  what_was_good: t\n")
    csv_path = tmp_path / "in.csv"
    csv_path.write_bytes(data)
    return app.test_cli_runner().invoke(args=["responses", "import", "fft", str(csv_path), "--map", str(mapping_path)])


def test_a_column_named_twice_in_the_header_is_refused(app, tmp_path: Path):
    # The second "t" silently won: "first comment" was never stored and nothing said so.
    result = _cli_import(app, tmp_path, b"ref,r,t,t\na,1,first comment,second comment\n")
    assert result.exit_code != 0
    assert "column 't' appears 2 times in the header" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0


def test_spaces_around_a_column_name_do_not_hide_the_column(app, tmp_path: Path):
    # "ref , r" (spaces a spreadsheet does not show) stopped the import: "column(s) named in
    # map.yaml not found: r, ref", while the file plainly had both
    result = _cli_import(app, tmp_path, b"ref , r,t \na,1,Kind staff\n")
    assert result.exit_code == 0, result.output
    assert "stored 1 response" in result.output
    with app.app_context():
        assert db.session.scalars(sa.select(Answer.text_value).where(Answer.text_value.is_not(None))).all() == [
            "Kind staff"
        ]


def test_a_rounds_file_with_a_column_named_twice_is_refused(app, tmp_path: Path):
    # "name,name,..." stored the round under the second name; the first was dropped without a word
    path = tmp_path / "rounds.csv"
    path.write_text("name,name,starts_on,ends_on,questionnaires,baseline\nSpring,Summer,2024-01-01,2024-06-30,fft,no\n")
    result = app.test_cli_runner().invoke(args=["rounds", "import", str(path)])
    assert result.exit_code == 1
    assert "column 'name' appears 2 times in the header" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Round)) == 0


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_file_is_named_as_such_not_as_missing_columns(app, tmp_path: Path, encoding):
    # Excel's "Unicode Text" is UTF-16: the import said "column(s) ... not found: r, ref, t".
    result = _cli_import(app, tmp_path, "ref,r,t\na,1,fine\n".encode(encoding))
    assert result.exit_code != 0
    assert "is UTF-16 text" in result.output and "CSV UTF-8" in result.output
    assert "not found" not in result.output


# ---------------------------------------------------------------- rounds


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["R" * 201], "a round name is 1 to 200 characters"),  # PostgreSQL: a DataError traceback
        (["  "], "a round name is 1 to 200 characters"),  # stored a round with no name
        (["2026", "--questionnaire", "fttf"], "no questionnaire 'fttf'"),  # a typo gave a round of 0 responses
    ],
)
def test_a_bad_round_is_refused_with_a_message(app, args, message):
    result = app.test_cli_runner().invoke(args=["rounds", "create", *args, "--from", "2026-01-01", "--to", "2026-02-01"])
    assert result.exit_code == 1
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Round)) == 0
