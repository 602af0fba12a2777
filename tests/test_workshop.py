"""Workshop input: the `workshop` questionnaire, workshop/mapping.yaml, the template and the
invented example, imported with `flask responses import` (channel "workshop")."""
from __future__ import annotations

import csv
import logging
from collections import Counter
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from analysis import sources
from survey_app.config import ROOT
from survey_app.models import Answer, Response

WORKSHOP = ROOT / "workshop"
EXAMPLE = WORKSHOP / "example_carers_workshop.csv"
MAPPING = WORKSHOP / "mapping.yaml"
TEMPLATE = WORKSHOP / "template.csv"
#: The invented example's facilitator priorities: contributions per priority id.
EXAMPLE_PRIORITIES = {
    "person_centred_care": 4, "safety": 4, "co_production": 4, "joint_systems": 3,
    "outcomes_focussed_care": 3, "clear_and_transparent": 2, "clear_accountability": 2,
    "other": 2, "flexibility": 1, "culture": 1,
}
HEADER = ["Workshop", "Date", "Table or group", "Audience", "Kind", "Priority", "Contribution", "Dot votes"]


def _import(app, path, rejects):
    """Import ``path`` with the shipped mapping, writing rejects to ``rejects`` (never beside
    the shipped example)."""
    return app.test_cli_runner().invoke(
        args=["responses", "import", "workshop", str(path), "--map", str(MAPPING), "--rejects", str(rejects)]
    )


def _answers(app, question_id):
    """question id -> list of (response id, value) for every stored answer to it."""
    from survey_app.extensions import db

    with app.app_context():
        rows = db.session.execute(
            sa.select(Answer.response_id, Answer.option_value, Answer.text_value, Answer.number_value)
            .where(Answer.question_id == question_id)
            .order_by(Answer.response_id)
        ).all()
    return [(r[0], next((v for v in r[1:] if v is not None), None)) for r in rows]


def test_template_is_a_header_row_naming_exactly_the_mapped_columns(app):
    from survey_app.commands import _questionnaire
    from survey_app.responses.imports import columns_used, load_mapping

    with TEMPLATE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [HEADER]
    with app.app_context():
        mapping = load_mapping(MAPPING, _questionnaire("workshop"))
    assert mapping.channel == "workshop" and mapping.questionnaire == "workshop"
    assert columns_used(mapping) == set(HEADER)
    assert {r.question_id for r in mapping.rules if r.required} == {"workshop_name", "contribution_kind", "contribution"}


def test_the_invented_example_imports_with_its_values(app, tmp_path):
    from survey_app.extensions import db

    result = _import(app, EXAMPLE, tmp_path / "rejects.csv")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Read 26 rows: stored 26 responses, rejected 0 rows."
    with app.app_context():
        stored = db.session.scalars(sa.select(Response).order_by(Response.id)).all()
        assert len(stored) == 26
        assert {(r.questionnaire_id, r.channel, r.status) for r in stored} == {("workshop", "workshop", "submitted")}
        assert {r.submitted_at.date() for r in stored} == {date(2025, 3, 12)}
        assert stored[0].import_ref.startswith("example_carers_workshop.csv:2 c=")
        audience = {r.id: r.audience for r in stored}
    # the mapping's `audience`: a Carers row is stored under carers, a Mixed row keeps the questionnaire's any
    present = dict(_answers(app, "audience_present"))
    assert len(present) == 26
    assert Counter((present[r], audience[r]) for r in audience) == {("carers", "carers"): 18, ("mixed", "any"): 8}
    votes = [v for _, v in _answers(app, "dot_votes")]
    assert len(votes) == 26 and sum(votes) == 93 and max(votes) == 11 and min(votes) == 0
    assert votes[:3] == [2.0, 5.0, 4.0]
    assert Counter(v for _, v in _answers(app, "priority_discussed")) == EXAMPLE_PRIORITIES
    assert Counter(v for _, v in _answers(app, "contribution_kind")) == {
        "sticky_note": 16, "discussion_note": 6, "vote": 4
    }
    assert Counter(v for _, v in _answers(app, "audience_present")) == {"carers": 18, "mixed": 8}
    assert Counter(v for _, v in _answers(app, "table_group")) == {
        "Table 1": 7, "Table 2": 7, "Table 3": 8, "Whole room": 4
    }
    assert {v for _, v in _answers(app, "workshop_name")} == {"Invented example: carers' workshop"}
    # the whole-room vote on safe discharge: its text, kind, priority and 11 votes on one response
    rid = next(r for r, v in _answers(app, "dot_votes") if v == 11)
    one = {q: v for q in ("contribution", "contribution_kind", "priority_discussed") for r, v in _answers(app, q) if r == rid}
    assert one == {
        "contribution": "A safe discharge plan agreed with the carer before anyone is sent home",
        "contribution_kind": "vote",
        "priority_discussed": "safety",
    }
    again = _import(app, EXAMPLE, tmp_path / "rejects.csv")
    assert "stored 0 responses, rejected 0 rows, skipped 26 rows already imported" in again.output
    assert not (tmp_path / "rejects.csv").exists()


def test_the_example_is_read_by_the_report_as_26_workshop_comments(app, tmp_path):
    from survey_app.extensions import db

    assert _import(app, EXAMPLE, tmp_path / "rejects.csv").exit_code == 0
    out = app.test_cli_runner().invoke(
        args=["rounds", "create", "Example workshop", "--from", "2025-03-01", "--to", "2025-03-31"]
    )
    assert out.exit_code == 0, out.output
    with app.app_context():
        src = sources.load_sources(db.engine, round_name="Example workshop")
    # the workshop's name and the table are labels (comment: false), not comments
    assert len(src.comments) == 26
    assert set(src.comments["question_id"]) == {"contribution"}
    assert set(src.comments["channel"]) == {"workshop"}
    # the facilitator's answers ride along, one value per contribution, in the example's row order
    c = src.comments.sort_values("response_id")
    assert Counter(c["priority_discussed"]) == EXAMPLE_PRIORITIES
    assert Counter(c["contribution_kind"]) == {"sticky_note": 16, "discussion_note": 6, "vote": 4}
    assert str(c["dot_votes"].dtype) == "Int64" and int(c["dot_votes"].sum()) == 93
    assert c["dot_votes"].tolist()[:3] == [2, 5, 4] and c["dot_votes"].tolist()[-4:] == [11, 9, 7, 6]
    with app.app_context():
        before = sources.load_sources(db.engine, date_to="2025-03-11")
    assert before.comments.empty


def test_each_audience_a_row_names_is_stored_and_mixed_or_empty_keeps_any(app, tmp_path):
    from survey_app.extensions import db

    given = ["Carers", "Service users", "STAFF", "Mixed", "", "people_who_use_services", "Carer"]
    rows = [["Lunch", "2025-05-14", "", a, "Sticky note", "Other", f"Note {i}", ""] for i, a in enumerate(given)]
    data = tmp_path / "lunch.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    assert "stored 7 responses, rejected 0 rows" in _import(app, data, tmp_path / "rejects.csv").output
    with app.app_context():
        stored = db.session.scalars(sa.select(Response.audience).order_by(Response.id)).all()
    assert stored == ["carers", "people_who_use_services", "staff", "any", "any", "people_who_use_services", "carers"]


def test_importing_again_with_the_audience_key_gives_earlier_imports_their_audience(app, tmp_path):
    # A file imported with a mapping without `audience` (an older copy of mapping.yaml) after
    # the database was upgraded: every contribution is stored as `any`, and the migration has
    # already run. Importing the same file with the shipped mapping skipped every row and left
    # them `any`; it now gives them the audience their stored Audience answer names.
    from survey_app.extensions import db

    shipped = MAPPING.read_text(encoding="utf-8")
    line = "audience: {answer: audience_present}\n"
    assert shipped.count(line) == 1
    older = tmp_path / "older-mapping.yaml"
    older.write_text(shipped.replace(line, ""), encoding="utf-8")
    first = app.test_cli_runner().invoke(
        args=["responses", "import", "workshop", str(EXAMPLE), "--map", str(older), "--rejects", str(tmp_path / "r.csv")]
    )
    assert "stored 26 responses, rejected 0 rows" in first.output

    def audiences():
        with app.app_context():
            return Counter(db.session.scalars(sa.select(Response.audience)))

    assert audiences() == {"any": 26}
    again = _import(app, EXAMPLE, tmp_path / "rejects.csv")
    assert "skipped 26 rows already imported" in again.output
    assert "18 of them now have the audience their answer names" in again.output
    assert audiences() == {"carers": 18, "any": 8}
    third = _import(app, EXAMPLE, tmp_path / "rejects.csv")
    assert "skipped 26 rows already imported (from a file of this name or with these references)." in third.output
    assert audiences() == {"carers": 18, "any": 8}


def test_choice_cells_match_in_any_case_and_spacing_and_without_invisible_characters(app, tmp_path):
    # Short forms of the mapping's `values` matched only as written ("Carer" but not "carer"),
    # and a cell with a zero-width space, full-width letters or a double space was rejected
    # with a reason that showed what looked like a valid option ("'Carers' is not an option").
    from survey_app.extensions import db
    from survey_app.responses.imports import choice_key

    assert choice_key("  People who USE\u00a0 services\u200b") == "people who use services"
    given = [("carer", "sticky"), ("service users", "STICKY_NOTE"), ("Carers\u200b", "Vote"),
             ("\uff23\uff41\uff52\uff45\uff52\uff53", "vote"), ("People who use  services", "group discussion"),
             ("STAFF ", "Sticky note"), ("Family carers", "Sticky note")]
    rows = [["Lunch", "2025-05-14", "", a, k, "", f"Note {i}", ""] for i, (a, k) in enumerate(given)]
    data = tmp_path / "lunch.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    out = _import(app, data, tmp_path / "rejects.csv").output
    assert "stored 6 responses, rejected 1 row" in out
    with app.app_context():
        stored = db.session.scalars(sa.select(Response.audience).order_by(Response.id)).all()
    assert stored == ["carers", "people_who_use_services", "carers", "carers", "people_who_use_services", "staff"]
    assert [v for _, v in _answers(app, "contribution_kind")] == [
        "sticky_note", "sticky_note", "vote", "vote", "discussion_note", "sticky_note"
    ]
    with (tmp_path / "rejects.csv").open(encoding="utf-8", newline="") as fh:
        (reject,) = list(csv.DictReader(fh))
    assert reject["reject_reasons"] == (
        "audience_present (column 'Audience'): 'Family carers' is not an option (nor in the mapping's values; options: people_who_use_services, carers, staff, mixed, or their labels)"
    )


def test_mapping_values_that_differ_only_in_case_must_agree(app, tmp_path):
    from survey_app.commands import _questionnaire
    from survey_app.responses.imports import MappingError, load_mapping

    shipped = MAPPING.read_text(encoding="utf-8")
    bad = tmp_path / "mapping.yaml"
    bad.write_text(shipped.replace("Carer: carers,", "Carer: carers, CARER: staff,"), encoding="utf-8")
    with app.app_context(), pytest.raises(MappingError, match="'Carer' and 'CARER' differ only in case or spacing"):
        load_mapping(bad, _questionnaire("workshop"))


def test_the_carers_audience_filter_takes_in_the_carers_workshop_contributions(app, tmp_path):
    from analysis.report.labels import WORKSHOP_AUDIENCE, label_workshop_audience
    from survey_app.commands import _questionnaire
    from survey_app.extensions import db
    from survey_app.responses.services import record_response

    assert _import(app, EXAMPLE, tmp_path / "rejects.csv").exit_code == 0
    rnd = ["rounds", "create", "Example workshop", "--from", "2025-03-01", "--to", "2025-03-31"]
    assert app.test_cli_runner().invoke(args=rnd).exit_code == 0
    with app.app_context():  # one carers' survey answer in the same weeks, online
        record_response(
            db.session, _questionnaire("carers"), {"what_would_have_helped": "A call back"}, channel="online",
            submitted_at=datetime(2025, 3, 20, tzinfo=UTC),
        )
        db.session.commit()
        carers = sources.load_sources(db.engine, round_name="Example workshop", audience="carers")
        anyone = sources.load_sources(db.engine, round_name="Example workshop", audience="any")
        everyone = sources.load_sources(db.engine, round_name="Example workshop")
    # the 18 contributions from carers' tables, and the survey answer
    assert Counter(carers.responses["channel"]) == {"workshop": 18, "online": 1}
    assert Counter(zip(carers.comments["channel"], carers.comments["audience"], strict=True)) == {
        ("workshop", "carers"): 18, ("online", "carers"): 1
    }
    present = dict(_answers(app, "audience_present"))
    assert Counter(present.get(r) for r in carers.comments["response_id"]) == {"carers": 18, None: 1}
    # the 8 from the mixed tables stay "any", and the report counts them as workshop participants
    assert Counter(present[r] for r in anyone.comments["response_id"]) == {"mixed": 8}
    assert Counter(label_workshop_audience(everyone.responses)["audience"]) == {
        "carers": 19, WORKSHOP_AUDIENCE: 8
    }


def _no_coding(df, text_column="comment", **_):
    """Stands in for the coding engine (tested on its own): the text as is, no theme, not urgent."""
    n = len(df)
    return df.assign(
        redacted_text=df[text_column].astype(str), themes=[[]] * n, priorities=[[]] * n,
        sentiment_label="neutral", urgent=False,
    )


def test_the_report_shows_the_examples_dot_votes_by_the_facilitators_priority(app, tmp_path, monkeypatch, database_url):
    import analysis.pipeline
    from analysis.cli import main

    assert _import(app, EXAMPLE, tmp_path / "rejects.csv").exit_code == 0
    rnd = ["rounds", "create", "Example workshop", "--from", "2025-03-01", "--to", "2025-03-31"]
    assert app.test_cli_runner().invoke(args=rnd).exit_code == 0
    monkeypatch.setattr(analysis.pipeline, "code_comments", _no_coding)
    out, html = tmp_path / "r.pdf", tmp_path / "r.html"
    args = ["report", "--db", database_url, "--round", "Example workshop", "--no-emergent", "--quiet"]
    # no suppression (1 and 1), so every figure can be checked against the spreadsheet
    limits = ["--suppression-threshold", "1", "--min-count", "1"]
    assert main([*args, *limits, "--out", str(out), "--html", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    for name, n, votes in [
        ("Safety", 4, 20), ("Co-production of services", 4, 18), ("Other", 2, 4), ("Clear accountability", 2, 2),
    ]:
        assert f'<tr><th scope="row">{name}</th><td>{n}</td><td>{votes}</td></tr>' in page
    assert "sticky note 16; group discussion note 6; vote 4." in page
    voted = page[page.index("Most-voted contributions"):page.index("In participants")]
    assert voted.index("11 dot votes") < voted.index("9 dot votes") < voted.index("8 dot votes")
    assert voted.count("<li>") == 5
    # (with the default rule every figure of that table is <5 or *: tests/report/test_build.py)


def test_a_bad_row_is_rejected_with_its_reasons_and_the_rest_are_stored(app, tmp_path, caplog):
    rows = [
        ["Carers' lunch", "14/05/2025", "Table A", "Carers", "sticky note", "Safety", "Secret text one", "3"],
        ["Carers' lunch", "14/05/2025", "Table A", "Carers", "Sticky", "Flexibility", "Secret text two", ""],
        ["Carers' lunch", "14/05/2025", "Table A", "Carers", "Sticky note", "safety", "", "1"],
        ["Carers' lunch", "14/05/2025", "Table B", "Carers", "Sticky note", "safety", "Secret text four", "2.5"],
        ["Carers' lunch", "14/05/2025", "Table B", "Carers", "Poster", "safety", "Secret text five", "-1"],
        ["Carers' lunch", "31/02/2025", "Table B", "Staff", "Vote", "Wellbeing", "Secret text six", "4"],
        ["", "14/05/2025", "", "", "", "", "", ""],
        ["Carers' lunch", "2025-05-14", "Whole room", "Mixed", "Group discussion note", "Other", "Secret text eight", "0"],
    ]
    data = tmp_path / "lunch.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    rejects = tmp_path / "rejects.csv"
    caplog.set_level(logging.DEBUG)
    result = _import(app, data, rejects)
    assert result.exit_code == 0, result.output
    assert "Read 8 rows: stored 3 responses, rejected 5 rows." in result.output
    with rejects.open(encoding="utf-8", newline="") as fh:
        reasons = {r["row_number"]: r["reject_reasons"] for r in csv.DictReader(fh)}
    assert reasons == {
        "4": "contribution: column 'Contribution' is empty (the mapping requires it)",
        "5": "dot_votes (column 'Dot votes'): 2.5 is not a whole number",
        "6": "contribution_kind (column 'Kind'): 'Poster' is not an option (nor in the mapping's values; options: sticky_note, discussion_note, vote, or their labels); "
             "dot_votes (column 'Dot votes'): -1 is out of range",
        "7": "priority_discussed (column 'Priority'): 'Wellbeing' is not an option (nor in the mapping's values; options: person_centred_care, co_production, outcomes_focussed_care, safety, joint_systems, clear_and_transparent, clear_accountability, flexibility and 2 more, or their labels); "
             "submitted_at: '31/02/2025' is no such date",
        "8": "workshop_name: column 'Workshop' is empty (the mapping requires it); "
             "contribution_kind: column 'Kind' is empty (the mapping requires it); "
             "contribution: column 'Contribution' is empty (the mapping requires it)",
    }
    assert [v for _, v in _answers(app, "contribution_kind")] == ["sticky_note", "sticky_note", "discussion_note"]
    assert [v for _, v in _answers(app, "priority_discussed")] == ["safety", "flexibility", "other"]
    assert [v for _, v in _answers(app, "dot_votes")] == [3.0, 0.0]  # an empty cell is no answer, not 0
    # free text never reaches the log or the command's output
    assert "Secret text" not in caplog.text and "Secret text" not in result.output


def test_sample_load_does_not_load_the_workshop_example(app):
    from survey_app.extensions import db

    assert app.test_cli_runner().invoke(args=["sample", "load"]).exit_code == 0
    with app.app_context():
        channels = set(db.session.scalars(sa.select(Response.channel).distinct()))
        workshop = db.session.scalar(sa.select(sa.func.count()).where(Response.questionnaire_id == "workshop"))
    assert channels == {"import"} and workshop == 0


def test_mapping_required_must_be_true_or_false(app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MAPPING.read_text(encoding="utf-8").replace(
        "contribution: {column: Contribution, required: true}", "contribution: {column: Contribution, required: often}"
    ))
    out = app.test_cli_runner().invoke(args=["responses", "import", "workshop", str(EXAMPLE), "--map", str(bad)])
    assert out.exit_code == 1
    assert f"{bad}: answers.contribution.required: expected true or false, got a text ('often')" in out.output



def test_a_mapping_audience_that_can_give_no_audience_is_refused_naming_file_and_key(app, tmp_path):
    from survey_app.commands import _questionnaire
    from survey_app.extensions import db
    from survey_app.responses.imports import MappingError, load_mapping

    shipped = MAPPING.read_text(encoding="utf-8")
    line = "audience: {answer: audience_present}"
    assert shipped.count(line) == 1
    cases = {
        "audience: {answer: table_group}": "audience.answer: 'table_group' is a free_text question, not single_choice",
        "audience: {answer: contribution_kind}": "audience.answer: none of the options of 'contribution_kind' is an "
                                                 "audience (people_who_use_services, carers, staff)",
        "audience: audience_present": "audience: expected a mapping, got a text ('audience_present')",
        "audience: {answers: audience_present}": "audience: unknown key ('answers' was unexpected)",
    }
    path = tmp_path / "mapping.yaml"
    with app.app_context():
        workshop = _questionnaire("workshop")
        assert load_mapping(MAPPING, workshop).audience_answer == "audience_present"
        for given, message in cases.items():
            path.write_text(shipped.replace(line, given), encoding="utf-8")
            with pytest.raises(MappingError) as refused:
                load_mapping(path, workshop)
            assert str(refused.value) == f"{path}: {message}"
        # a question the mapping never reads could never give an audience
        path.write_text(f"questionnaire: workshop\n{line}\nanswers:\n  contribution: Contribution\n", encoding="utf-8")
        with pytest.raises(MappingError, match="is not read by this mapping"):
            load_mapping(path, workshop)
    # through the command: refused before any row is read, naming the file and the key
    path.write_text(shipped.replace(line, "audience: {answer: who_was_there}"), encoding="utf-8")
    out = app.test_cli_runner().invoke(args=["responses", "import", "workshop", str(EXAMPLE), "--map", str(path)])
    assert out.exit_code == 1
    assert f"{path}: audience.answer: no such question 'who_was_there' in 'workshop'" in out.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0


def test_a_row_deleted_from_an_imported_file_does_not_hide_the_rows_after_it(app, tmp_path):
    # Rows are known by file name and row number. Deleting one and importing the file again
    # shifted every later row onto a number already imported, and they were skipped as
    # "already imported" without a word: different contributions, silently lost.
    from survey_app.extensions import db

    with EXAMPLE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    data = tmp_path / "workshop.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows[:6])  # header + 5 contributions
    assert "stored 5 responses" in _import(app, data, tmp_path / "r1.csv").output
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([*rows[:3], *rows[4:8]])  # row 4 deleted, two new rows at the end
    rejects = tmp_path / "r2.csv"
    result = _import(app, data, rejects)
    assert result.exit_code == 0, result.output
    # rows 2-3 unchanged and rows 4-5 (moved up from 5-6): already imported, skipped; row 6 now
    # holds a contribution never imported, on a number that held another: refused, with the
    # reason; row 7 is new: stored
    assert "Read 6 rows: stored 1 response, rejected 1 row, skipped 4 rows already imported" in result.output
    with rejects.open(encoding="utf-8", newline="") as fh:
        refused = list(csv.DictReader(fh))
    assert [(r["row_number"], r["Contribution"]) for r in refused] == [("6", rows[6][6])]
    assert "held other content when it was imported before" in refused[0]["reject_reasons"]
    # importing the rejects file stores it: every contribution is now stored exactly once
    assert "stored 1 response," in _import(app, rejects, tmp_path / "r3.csv").output
    texts = Counter(v for _, v in _answers(app, "contribution"))
    assert sorted(texts.elements()) == sorted(r[6] for r in rows[1:8])
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 7


def test_a_changed_row_with_a_reference_is_refused_not_silently_skipped(app, tmp_path):
    # A mapping keyed by a reference column: a row whose answers changed since it was imported
    # (a correction) used to be skipped as already imported, the change lost without a word.
    from survey_app.commands import _questionnaire
    from survey_app.extensions import db
    from survey_app.responses.imports import import_csv, load_mapping

    mapping_file = tmp_path / "map.yaml"
    mapping_file.write_text(MAPPING.read_text(encoding="utf-8") + "reference: Ref\n", encoding="utf-8")
    with EXAMPLE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[:4]
    data = tmp_path / "ref.csv"

    def write(rows_):
        with data.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([[*rows_[0], "Ref"], *[[*r, f"W{i}"] for i, r in enumerate(rows_[1:])]])

    write(rows)
    rows[2][6] = "A corrected contribution"
    with app.app_context():
        q = _questionnaire("workshop")
        mapping = load_mapping(mapping_file, q)
        assert import_csv(db.session, q, data, mapping).stored == 3
        write(rows)
        result = import_csv(db.session, q, data, mapping)
    assert (result.stored, result.already) == (0, 2)
    assert result.rejects == [(3, ["imported before with different answers under the same reference; the stored "
                                   "response is kept: to replace it with this row, import the file again with "
                                   "--apply-corrections"])]


def test_an_unchanged_file_imported_again_is_skipped_and_older_imports_without_a_digest_too(app, tmp_path):
    from survey_app.extensions import db

    assert "stored 26 responses" in _import(app, EXAMPLE, tmp_path / "r1.csv").output
    again = _import(app, EXAMPLE, tmp_path / "r2.csv").output
    assert "stored 0 responses" in again and "skipped 26 rows already imported" in again
    with app.app_context():  # as stored before import_ref kept the answers' digest
        for r in db.session.scalars(sa.select(Response)):
            r.import_ref = r.import_ref.split(" c=")[0]
        db.session.commit()
    again = _import(app, EXAMPLE, tmp_path / "r3.csv").output
    assert "stored 0 responses" in again and "skipped 26 rows already imported" in again


# --- corrections: `--apply-corrections` replaces a contribution imported before under its reference


def _ref_mapping(tmp_path):
    """A copy of the shipped mapping keyed by a ``Ref`` column (``reference: Ref``)."""
    path = tmp_path / "ref-mapping.yaml"
    path.write_text(MAPPING.read_text(encoding="utf-8") + "reference: Ref\n", encoding="utf-8")
    return path


def _ref_file(tmp_path, n, name="ref.csv"):
    """(mapping, rows, data file): the example's first ``n`` contributions with refs W0... in
    ``name``, not imported, and :func:`_ref_mapping`."""
    mapping, rows, data = _ref_mapping(tmp_path), _example_rows(n), tmp_path / name
    _write_ref_rows(data, rows)
    return mapping, rows, data


def _write_ref_rows(path, rows):
    """The example's ``rows`` (header first) with a ``Ref`` column: W0, W1, ... in row order."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([[*rows[0], "Ref"], *[[*r, f"W{i}"] for i, r in enumerate(rows[1:])]])


def _example_rows(n):
    """The example's header and its first ``n`` contributions, as lists of cells."""
    with EXAMPLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))[: n + 1]


def _import_with(app, path, mapping, rejects, *flags):
    return app.test_cli_runner().invoke(
        args=["responses", "import", "workshop", str(path), "--map", str(mapping), "--rejects", str(rejects), *flags]
    )


def _stored(app):
    """Token -> (id, import_ref, corrected_at, audience, submitted_at date) of every stored response."""
    from survey_app.extensions import db

    with app.app_context():
        rows = db.session.execute(
            sa.select(Response.submission_token, Response.id, Response.import_ref, Response.corrected_at,
                      Response.audience, Response.submitted_at)
        ).all()
    return {t: (i, ref, c, a, s.date()) for t, i, ref, c, a, s in rows}


def _imported_with_refs(app, tmp_path, n):
    """The example's first ``n`` contributions with refs W0... imported with :func:`_ref_mapping`;
    returns (mapping, rows, data file, rejects file) for the test to correct and import again."""
    mapping = _ref_mapping(tmp_path)
    rows = _example_rows(n)
    data, rejects = tmp_path / "ref.csv", tmp_path / "rejects.csv"
    _write_ref_rows(data, rows)
    result = _import_with(app, data, mapping, rejects)
    assert f"Read {n} rows: stored {n} responses, rejected 0 rows." in result.output
    return mapping, rows, data, rejects


ALREADY = "already imported (from a file of this name or with these references)"


def test_apply_corrections_replaces_a_corrected_contribution_in_place(app, tmp_path, caplog):
    from survey_app.responses.imports import import_token

    mapping, rows, data, rejects = _imported_with_refs(app, tmp_path, 3)
    before = _stored(app)
    old_text = rows[2][6]
    # the facilitator fixes a typo in W1, its votes, its table's audience and the date
    rows[2][1], rows[2][3], rows[2][6], rows[2][7] = "2025-03-13", "Staff", "Secret corrected words", "9"
    _write_ref_rows(data, rows)

    refused = _import_with(app, data, mapping, rejects)  # without the flag: refused, as before
    assert "Read 3 rows: stored 0 responses, rejected 1 row, skipped 2 rows " + ALREADY + "." in refused.output
    assert "import the file again with --apply-corrections" in rejects.read_text(encoding="utf-8")
    assert _stored(app) == before and old_text in [v for _, v in _answers(app, "contribution")]

    caplog.set_level(logging.DEBUG)
    fixed = _import_with(app, data, mapping, rejects, "--apply-corrections")
    assert fixed.exit_code == 0, fixed.output
    assert fixed.output.splitlines()[0] == (
        "Read 3 rows: stored 0 responses, corrected 1 response, rejected 0 rows, skipped 2 rows " + ALREADY + "."
    )
    assert not rejects.exists()  # the old rejects file held only the corrected row
    assert "Secret corrected" not in fixed.output and "Secret corrected" not in caplog.text
    after = _stored(app)
    token = import_token("workshop", "W1")
    assert set(after) == set(before) and len(after) == 3
    # same row and token; a new digest and audit time; the audience and date the row now gives
    (rid, ref, corrected_at, audience, day) = after[token]
    assert rid == before[token][0]
    assert ref.startswith("ref.csv:3:W1 c=") and ref != before[token][1]
    assert corrected_at is not None and (audience, day) == ("staff", date(2025, 3, 13))
    assert before[token][3:] == ("carers", date(2025, 3, 12))
    assert {t: v for t, v in after.items() if t != token} == {t: v for t, v in before.items() if t != token}
    texts = dict(_answers(app, "contribution"))
    assert texts[rid] == "Secret corrected words" and old_text not in texts.values()
    assert dict(_answers(app, "dot_votes"))[rid] == 9.0
    assert dict(_answers(app, "audience_present"))[rid] == "staff"
    assert len(_answers(app, "contribution")) == 3
    from survey_app.extensions import db

    with app.app_context():  # the report codes the text it reads now: the corrected words, under staff
        comments = sources.load_sources(db.engine).comments.set_index("response_id")
    assert (comments.loc[rid, "comment"], comments.loc[rid, "audience"]) == ("Secret corrected words", "staff")

    # the corrected file again: nothing left to correct, with or without the flag
    again = _import_with(app, data, mapping, rejects, "--apply-corrections")
    assert f"Read 3 rows: stored 0 responses, corrected 0 responses, rejected 0 rows, skipped 3 rows {ALREADY}." in (
        again.output
    )
    plain = _import_with(app, data, mapping, rejects)
    assert "Read 3 rows: stored 0 responses, rejected 0 rows, skipped 3 rows " + ALREADY in plain.output
    assert _stored(app) == after


def test_a_reference_used_again_in_another_file_is_refused_not_overwritten(app, tmp_path):
    # a facilitator's find: another workshop's file reusing W1 replaced this workshop's contribution
    from survey_app.responses.imports import import_token

    mapping, rows, data, rejects = _imported_with_refs(app, tmp_path, 3)
    before = _stored(app)
    other = tmp_path / "april.csv"
    rows[2][6] = "Another workshop's contribution"
    _write_ref_rows(other, rows)
    result = _import_with(app, other, mapping, rejects, "--apply-corrections")
    assert "stored 0 responses, corrected 0 responses, rejected 1 row, skipped 2 rows" in result.output
    with rejects.open(encoding="utf-8", newline="") as fh:
        (refused,) = list(csv.DictReader(fh))
    assert refused["reject_reasons"].startswith("this reference was imported before from another file (ref.csv)")
    assert _stored(app) == before and before[import_token("workshop", "W1")][2] is None


def test_a_reference_on_two_rows_with_different_answers_is_named_in_the_reason(app, tmp_path):
    mapping = _ref_mapping(tmp_path)
    rows = _example_rows(2)
    data, rejects = tmp_path / "twice.csv", tmp_path / "rejects.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([[*rows[0], "Ref"], [*rows[1], "W7"], [*rows[2], "W7"]])
    result = _import_with(app, data, mapping, rejects)
    assert "stored 0 responses, rejected 2 rows" in result.output
    with rejects.open(encoding="utf-8", newline="") as fh:
        reasons = [r["reject_reasons"] for r in csv.DictReader(fh)]
    assert len(reasons) == 2 and all(
        "contribution: another row of this file has the same reference (W7) with a different answer; a reference "
        "names one response, so give each row its own" in r for r in reasons
    )


def test_a_blank_reference_is_known_by_its_row_number_and_never_corrected(app, tmp_path):
    mapping = _ref_mapping(tmp_path)
    rows = _example_rows(3)
    data, rejects = tmp_path / "blank.csv", tmp_path / "rejects.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([[*rows[0], "Ref"], *[[*r, "  "] for r in rows[1:]]])
    assert "stored 3 responses" in _import_with(app, data, mapping, rejects).output
    before = _stored(app)
    # a new blank-reference row at the top moves every row down: nothing may be replaced
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([[*rows[0], "Ref"], [*rows[1][:6], "A new note", *rows[1][7:], ""],
                                  *[[*r, ""] for r in rows[1:]]])
    result = _import_with(app, data, mapping, rejects, "--apply-corrections")
    # the new note at row 2 is refused with the row-number reason (import it from the rejects
    # file); rows 3 and 4 hold contributions imported before from rows 2 and 3, so they are
    # skipped; row 5 is a new row number, stored (workshop/README: add new rows at the end)
    assert "stored 1 response, corrected 0 responses, rejected 1 row, skipped 2 rows" in result.output
    with rejects.open(encoding="utf-8", newline="") as fh:
        (refused,) = list(csv.DictReader(fh))
    assert refused["row_number"] == "2" and refused["reject_reasons"].startswith("row 2 of this file held other")
    after = _stored(app)
    assert {t: v for t, v in after.items() if t in before} == before and len(after) == 4


def test_apply_corrections_never_replaces_a_row_known_by_its_row_number(app, tmp_path):
    rows = _example_rows(3)
    data, rejects = tmp_path / "numbered.csv", tmp_path / "rejects.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    assert "stored 3 responses" in _import(app, data, rejects).output  # the shipped mapping: no reference
    before = _stored(app)
    old_text = rows[3][6]
    rows[3][6] = "A corrected contribution"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = _import_with(app, data, MAPPING, rejects, "--apply-corrections")
    assert result.exit_code == 0, result.output
    assert "Read 3 rows: stored 0 responses, corrected 0 responses, rejected 1 row, skipped 2 rows" in result.output
    with rejects.open(encoding="utf-8", newline="") as fh:
        (refused,) = list(csv.DictReader(fh))
    assert refused["row_number"] == "4"
    assert refused["reject_reasons"].startswith("row 4 of this file held other content when it was imported before")
    assert refused["reject_reasons"].endswith(
        "corrections (--apply-corrections) need a reference column in the mapping from the first import, as a row "
        "number does not say which response a row is once rows move"
    )
    assert _stored(app) == before
    assert sorted(v for _, v in _answers(app, "contribution")) == sorted([rows[1][6], rows[2][6], old_text])


def test_apply_corrections_never_overwrites_a_web_response(app, tmp_path):
    # A web form post may carry any well-formed token, so it can hold the token an import
    # gives a reference; an import must never replace what a respondent submitted.
    from survey_app.commands import _questionnaire
    from survey_app.extensions import db
    from survey_app.responses.imports import import_csv, import_token, load_mapping
    from survey_app.responses.services import record_response

    mapping_file, rows, data = _ref_file(tmp_path, 5)
    with app.app_context():
        q = _questionnaire("workshop")
        for ref, import_ref in (("W1", None), ("W2", "forged.csv:2:W2 c=000000000000")):
            record_response(
                db.session, q, {"workshop_name": "Web", "contribution_kind": "vote", "contribution": f"Web {ref}"},
                channel="online", token=import_token("workshop", ref), import_ref=import_ref,
            )
        db.session.commit()
        assert import_csv(db.session, q, data, load_mapping(mapping_file, q)).stored == 3  # W0, W3, W4
        # again, as a corrected copy (most of its references imported from it): W2 is not imported
        result = import_csv(db.session, q, data, load_mapping(mapping_file, q), corrections=True)
        db.session.commit()
    assert (result.stored, result.corrected, result.already, result.withheld) == (0, 0, 4, None)
    assert result.rejects == [(4, [
        "the stored response with this reference was not imported (e.g. it came from the web form), so an import "
        "cannot correct it; it is kept"
    ])]
    texts = [v for _, v in _answers(app, "contribution")]
    assert texts == ["Web W1", "Web W2", rows[1][6], rows[4][6], rows[5][6]]
    with app.app_context():
        web = db.session.execute(
            sa.select(Response.channel, Response.import_ref, Response.corrected_at).where(Response.channel == "online")
        ).all()
    assert web == [("online", None, None), ("online", "forged.csv:2:W2 c=000000000000", None)]


def test_one_bad_correction_is_rejected_and_the_good_ones_are_applied(app, tmp_path):
    mapping, rows, data, rejects = _imported_with_refs(app, tmp_path, 4)
    before = _stored(app)
    old = [r[6] for r in rows[1:]]
    rows[1][6], rows[2][4], rows[2][6], rows[4][7] = "First fixed", "Poster", "Never stored", "12"
    _write_ref_rows(data, rows)
    result = _import_with(app, data, mapping, rejects, "--apply-corrections")
    assert result.exit_code == 0, result.output
    assert f"Read 4 rows: stored 0 responses, corrected 2 responses, rejected 1 row, skipped 1 row {ALREADY}." in (
        result.output
    )
    with rejects.open(encoding="utf-8", newline="") as fh:
        (refused,) = list(csv.DictReader(fh))
    assert (refused["Ref"], refused["reject_reasons"]) == (
        "W1", "contribution_kind (column 'Kind'): 'Poster' is not an option (nor in the mapping's values; options: sticky_note, discussion_note, vote, or their labels)"
    )
    after = _stored(app)
    ids = [before[t][0] for t in sorted(before, key=lambda t: before[t][0])]
    assert [after[t][0] for t in sorted(after, key=lambda t: after[t][0])] == ids
    assert [v for _, v in _answers(app, "contribution")] == ["First fixed", old[1], old[2], old[3]]
    assert [v for _, v in _answers(app, "dot_votes")] == [2.0, 5.0, 4.0, 12.0]
    kinds = [v for _, v in _answers(app, "contribution_kind")]
    assert kinds == ["sticky_note", "sticky_note", "sticky_note", "discussion_note"]
    corrected = {before[t][0]: v[2] is not None for t, v in after.items()}
    assert corrected == dict(zip(ids, [True, False, False, True], strict=True))


def test_a_database_error_on_one_correction_rejects_that_row_only(app, tmp_path, monkeypatch):
    from survey_app.responses import services

    mapping, rows, data, rejects = _imported_with_refs(app, tmp_path, 3)
    old = [r[6] for r in rows[1:]]
    rows[1][6], rows[2][6], rows[2][7], rows[3][6] = "Fixed one", "Breaks the database", "8", "Fixed three"
    _write_ref_rows(data, rows)
    real = services.answer_rows

    def failing(question, answers):
        found = real(question, answers)
        if answers.get("contribution") == "Breaks the database" and question.id == "contribution":
            return [Answer(question_id=None, text_value="x")]  # NOT NULL: refused by the database
        return found

    monkeypatch.setattr(services, "answer_rows", failing)
    result = _import_with(app, data, mapping, rejects, "--apply-corrections")
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert "Read 3 rows: stored 0 responses, corrected 2 responses, rejected 1 row." in result.output
    with rejects.open(encoding="utf-8", newline="") as fh:
        (refused,) = list(csv.DictReader(fh))
    assert (refused["Ref"], refused["reject_reasons"]) == (
        "W1", "could not store the correction: IntegrityError; the stored response is kept"
    )
    # the stored version of W1 is whole: its text and votes, not a half-deleted response
    assert [v for _, v in _answers(app, "contribution")] == ["Fixed one", old[1], "Fixed three"]
    assert [v for _, v in _answers(app, "dot_votes")] == [2.0, 5.0, 4.0]
    assert [v[2] is not None for v in sorted(_stored(app).values())] == [True, False, True]


# A tester's attack on the import (2026-11-30): files that must never be overwritten or
# deleted, a ':' in a file name, fixed rejects, and two imports of one file at once.
def test_the_rejects_file_cannot_be_the_input_or_the_mapping(app, tmp_path):
    mapping, rows, data, _ = _imported_with_refs(app, tmp_path, 2)
    before = data.read_bytes()
    for target in (data, mapping):
        result = _import_with(app, data, mapping, target)
        assert result.exit_code != 0
        assert "the rejects file cannot be the file imported or its mapping" in result.output
    assert data.read_bytes() == before and mapping.exists()


def test_an_import_with_nothing_rejected_deletes_only_a_rejects_file(app, tmp_path):
    mapping, rows, data, _ = _imported_with_refs(app, tmp_path, 2)
    notes = tmp_path / "notes.csv"
    notes.write_text("my own notes\n", encoding="utf-8")
    result = _import_with(app, data, mapping, notes)  # refused before anything is read: never replaced
    assert result.exit_code == 1 and "already exists and is not a rejects file" in result.output
    assert notes.read_text(encoding="utf-8") == "my own notes\n"
    old = tmp_path / "old.rejects.csv"
    old.write_text("Workshop,row_number,reject_reasons\nx,2,y\n", encoding="utf-8")
    result = _import_with(app, data, mapping, old)
    assert "removed the old rejects file" in result.output and not old.exists()


def test_a_colon_in_a_file_name_does_not_make_two_files_one(app, tmp_path):
    mapping = _ref_mapping(tmp_path)
    rows = _example_rows(2)
    first, second, rejects = tmp_path / "ws:carers.csv", tmp_path / "ws:staff.csv", tmp_path / "r.csv"
    _write_ref_rows(first, rows)
    assert "stored 2 responses" in _import_with(app, first, mapping, rejects).output
    before = _stored(app)
    rows[1][6] = "Staff day note"  # another workshop's file that reuses the reference W0
    _write_ref_rows(second, rows)
    for flags in (["--apply-corrections"], []):  # without the flag the reason does not point at it
        result = _import_with(app, second, mapping, rejects, *flags)
        assert "rejected 1 row" in result.output
        reasons = rejects.read_text(encoding="utf-8")
        assert "imported before from another file (ws:carers.csv)" in reasons and "--apply" not in reasons
        assert _stored(app) == before


def test_fixed_rejects_can_be_corrected_later_from_the_original_file(app, tmp_path):
    mapping = _ref_mapping(tmp_path)
    rows = _example_rows(2)
    fixed, data, rejects = tmp_path / "ws.rejects.csv", tmp_path / "ws.csv", tmp_path / "r.csv"
    _write_ref_rows(fixed, rows)  # rows first stored from the fixed rejects file, as the README says
    assert "stored 2 responses" in _import_with(app, fixed, mapping, rejects).output
    rows[2][6] = "Corrected later in the original file"
    _write_ref_rows(data, rows)
    result = _import_with(app, data, mapping, rejects, "--apply-corrections")
    assert "corrected 1 response, rejected 0 rows" in result.output
    assert "Corrected later in the original file" in [v for _, v in _answers(app, "contribution")]


def test_a_row_stored_meanwhile_by_another_import_is_already_imported_not_rejected(app, tmp_path, monkeypatch):
    from survey_app.commands import _questionnaire
    from survey_app.extensions import db
    from survey_app.responses import imports
    from survey_app.responses.imports import import_csv, load_mapping

    mapping, rows, data = _ref_file(tmp_path, 2, "ws.csv")
    with app.app_context():
        q = _questionnaire("workshop")
        assert import_csv(db.session, q, data, load_mapping(mapping, q)).stored == 2
        db.session.commit()
        real = imports._stored_refs
        calls = []

        def blind_first(session, tokens):  # the other import commits after this one looked
            calls.append(tokens)
            return {} if len(calls) == 1 else real(session, tokens)

        monkeypatch.setattr(imports, "_stored_refs", blind_first)
        result = import_csv(db.session, q, data, load_mapping(mapping, q))
        db.session.commit()
    assert (result.stored, result.already, result.rejects) == (0, 2, [])
    assert len(_stored(app)) == 2


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Person centred", "person_centred_care"), ("person-centred", "person_centred_care"),
     ("Outcomes", "outcomes_focussed_care"), ("Outcomes focused care", "outcomes_focussed_care"),
     ("Safe", "safety"), ("Safety", "safety"), ("coproduction", "co_production"), ("Culture", "culture")],
)
def test_the_priority_short_forms_facilitators_type_are_read(typed, stored):
    # a new user's "Person centred" and "Outcomes" rows were rejected
    from survey_app.questionnaire.loader import load_questionnaire
    from survey_app.responses.imports import coerce_value, load_mapping

    workshop = load_questionnaire(ROOT / "questionnaires" / "workshop.yaml")
    rule = next(r for r in load_mapping(ROOT / "workshop" / "mapping.yaml", workshop).rules
                if r.question_id == "priority_discussed")
    listed, value = rule.mapped(typed)
    assert (value if listed else coerce_value(workshop.question("priority_discussed"), typed)) == stored


def test_a_note_with_a_name_and_phone_number_is_kept_and_its_row_and_column_are_named(app, tmp_path, caplog):
    # A facilitator imported "Ring our Denise Robson on 07700 900461": it was stored as typed
    # without a word, where the actions log rejects a person's name with a reason.
    rows = [
        ["Carers' lunch", "14/05/2025", "Table A", "Carers", "Sticky note", "Safety", "More respite at weekends", "3"],
        ["Carers' lunch", "14/05/2025", "Table A", "Carers", "Sticky note", "Safety",
         "Ring our Denise Robson on 07700 900461", "1"],
        ["Carers' lunch", "14/05/2025", "Table A", "Carers", "Poster", "Safety", "Ask Denise Robson", "1"],  # rejected
        ["Carers' lunch", "14/05/2025", "Denise Robson's table", "Carers", "Vote", "", "Email jo.bloggs@example.org", ""],
    ]
    data = tmp_path / "lunch.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    caplog.set_level(logging.DEBUG)
    result = _import(app, data, tmp_path / "rejects.csv")
    assert result.exit_code == 0, result.output
    assert "Read 4 rows: stored 3 responses, rejected 1 row." in result.output
    assert [v for _, v in _answers(app, "contribution")][1] == "Ring our Denise Robson on 07700 900461"  # kept
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Personal details?"))
    assert lines[start] == ("Personal details? 3 cells in 2 rows of lunch.csv may hold a name or contact details; "
                            "the notes are stored as typed (reports and exports redact them):")
    assert lines[start + 1 : start + 4] == [
        "  row 3, column 'Contribution': [NAME], [PHONE]",
        "  row 5, column 'Table or group': [NAME]",
        "  row 5, column 'Contribution': [EMAIL]",
    ]  # the rejected row 4 is in the rejects file, not here
    assert lines[start + 4].startswith("Take them out of lunch.csv. mapping.yaml names no reference column")
    for text in ("Denise", "07700", "jo.bloggs"):  # never the text itself
        assert text not in result.output and text not in caplog.text


def test_with_a_reference_the_note_says_a_fixed_file_replaces_the_stored_notes(app, tmp_path):
    mapping_file = tmp_path / "map.yaml"
    mapping_file.write_text(MAPPING.read_text(encoding="utf-8") + "reference: Ref\n", encoding="utf-8")
    row = ["Carers' lunch", "14/05/2025", "Table A", "Carers", "Sticky note", "Safety", "Call Dr Patel back", "", "R1"]
    data = tmp_path / "lunch.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([[*HEADER, "Ref"], row])
    result = app.test_cli_runner().invoke(args=["responses", "import", "workshop", str(data), "--map", str(mapping_file)])
    assert result.exit_code == 0, result.output
    assert "  row 2, column 'Contribution': [NAME]" in result.output.splitlines()
    assert ("Take them out of lunch.csv and import it again with --apply-corrections to replace the stored notes "
            '(workshop/README.md, "Names and contact details").') in result.output.splitlines()
    again = app.test_cli_runner().invoke(args=["responses", "import", "workshop", str(data), "--map", str(mapping_file)])
    assert "skipped 1 row already imported" in again.output and "row 2, column 'Contribution'" in again.output


def test_only_workshop_notes_are_listed_not_other_imports(app, tmp_path):
    # survey comments imported from another system name staff all the time ("Nurse Jones was
    # kind"); the reports redact them, and nobody can retype a respondent's words
    mapping_file = tmp_path / "map.yaml"
    mapping_file.write_text(MAPPING.read_text(encoding="utf-8").replace("channel: workshop", "channel: paper"),
                            encoding="utf-8")
    row = ["Carers' lunch", "14/05/2025", "Table A", "Carers", "Sticky note", "Safety", "Call Dr Patel back", ""]
    data = tmp_path / "lunch.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, row])
    result = app.test_cli_runner().invoke(args=["responses", "import", "workshop", str(data), "--map", str(mapping_file)])
    assert result.output.strip() == "Read 1 row: stored 1 response, rejected 0 rows."
