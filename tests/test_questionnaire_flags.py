"""Questionnaire keys ``open: false``, ``integer: true`` (number), ``comment: false`` and ``format:
postcode_district`` (free text)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from werkzeug.datastructures import MultiDict

from analysis import sources
from survey_app.config import ROOT
from survey_app.questionnaire.loader import content_hash, load_questionnaire, validate_paths
from survey_app.responses.imports import coerce_value
from survey_app.surveys import services as journey
from survey_app.surveys.views import CACHE_KEY

FLAGGED = """
id: flagged
version: 1
title: Flagged
audience: any
open: false
sections:
  - id: first
    title: First
    questions:
      - {id: note, type: free_text, text: Note}
      - {id: where, type: free_text, comment: false, text: Where}
      - {id: votes, type: number, integer: true, min: 0, text: Votes}
      - {id: amount, type: number, text: Amount}
      - {id: district, type: free_text, format: postcode_district, text: District}
"""


@pytest.fixture
def flagged(tmp_path: Path):
    path = tmp_path / "flagged.yaml"
    path.write_text(FLAGGED)
    return load_questionnaire(path)


def test_flags_are_read_and_kept_in_the_stored_definition(flagged):
    assert flagged.open is False and flagged.definition["open"] is False
    assert flagged.question("votes").integer is True and flagged.question("amount").integer is False
    assert flagged.question("where").comment is False and flagged.question("note").comment is True
    qdefs = {q["id"]: q for q in flagged.definition["sections"][0]["questions"]}
    assert qdefs["votes"]["integer"] is True and qdefs["where"]["comment"] is False
    # defaults are not written into the definition, so files without the keys keep their hash
    assert "integer" not in qdefs["amount"] and "comment" not in qdefs["note"]


def test_files_without_the_flags_keep_their_content_hash():
    fft = load_questionnaire(ROOT / "questionnaires" / "fft.yaml")
    assert "open" not in fft.definition and fft.open is True
    assert fft.content_hash == content_hash(fft.definition)
    # pinned: a default written into the definition would change it (3a002f95f4c3 before the
    # intro's wording on skipping questions changed; a66b85283724 before its title had an easy-read
    # version; 723c38956cd9 before its intro stopped repeating the page's line on names and blank
    # questions). Its services: list is the one other change since.
    without_services = {k: v for k, v in fft.definition.items() if k != "services"}
    assert content_hash(without_services).startswith("efe5a431e78d")
    assert "services" not in load_questionnaire(ROOT / "questionnaires" / "carers.yaml").definition


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("{id: n, type: free_text, integer: true, text: N}", "'integer' is only for number questions, not free_text"),
        ("{id: n, type: number, comment: false, text: N}", "'comment' is only for free_text questions, not number"),
        ("{id: n, type: number, past: true, text: N}", "'past' is only for date questions, not number"),
    ],
)
def test_a_flag_on_the_wrong_question_type_is_a_problem(tmp_path, question, message):
    path = tmp_path / "bad.yaml"
    path.write_text(
        f"id: bad\nversion: 1\ntitle: Bad\naudience: any\nsections:\n  - id: s\n    title: S\n    questions:\n"
        f"      - {question}\n"
    )
    loaded, problems = validate_paths([path])
    assert loaded == {}
    assert [p.message for p in problems] == [message]


def test_open_must_be_true_or_false(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(FLAGGED.replace("open: false", "open: later"))
    _, problems = validate_paths([path])
    assert len(problems) == 1 and "open" in str(problems[0])


def test_a_closed_questionnaire_is_not_listed_and_not_served(app, client, flagged):
    fft = load_questionnaire(ROOT / "questionnaires" / "fft.yaml")
    app.extensions[CACHE_KEY] = {"flagged": flagged, "fft": fft}
    start = client.get("/").text
    assert 'href="/s/fft"' in start and "/s/flagged" not in start
    assert client.get("/s/flagged").status_code == 404
    assert client.post("/s/flagged", data={"note": "x"}).status_code == 404
    assert client.get("/s/flagged/page/first").status_code == 404


def test_the_shipped_workshop_questionnaire_is_not_served(client):
    assert 'href="/s/workshop"' not in client.get("/").text
    assert client.get("/s/workshop").status_code == 404


def test_integer_number_refuses_a_fraction_online_and_on_import(flagged):
    votes, amount = flagged.question("votes"), flagged.question("amount")
    assert journey.parse_question(votes, MultiDict([("votes", "3")])) == ({"votes": 3}, None)
    _, error = journey.parse_question(votes, MultiDict([("votes", "2.5")]))
    assert error is not None and error.message == "Enter a whole number for “Votes”, like 3 or 12"
    assert journey.parse_question(amount, MultiDict([("amount", "2.5")])) == ({"amount": 2.5}, None)
    assert coerce_value(votes, "4") == 4 and coerce_value(votes, "4.0") == 4
    with pytest.raises(ValueError, match=r"^votes: 2\.5 is not a whole number$"):
        coerce_value(votes, "2.5")
    with pytest.raises(ValueError, match=r"^votes: -1 is out of range$"):
        coerce_value(votes, "-1")


def test_postcode_district_keeps_only_the_outward_code_online_and_on_import(flagged):
    district = flagged.question("district")
    assert journey.parse_question(district, MultiDict([("district", "dh9 6pq")])) == ({"district": "DH9"}, None)
    _, error = journey.parse_question(district, MultiDict([("district", "Durham")]))
    assert error is not None and error.message == "Enter only the first part of your postcode, like DH1"
    assert coerce_value(district, "DH1 3LE") == "DH1" and coerce_value(district, "ne61") == "NE61"
    with pytest.raises(ValueError, match=r"^district: not the first part of a postcode$"):
        coerce_value(district, "don't know")


def test_comment_false_answers_are_not_comments_for_the_analysis(app, flagged):
    from survey_app.extensions import db
    from survey_app.responses.services import record_response

    with app.app_context():
        record_response(db.session, flagged, {"note": "More time to talk", "where": "Table 2", "votes": 3},
                        channel="workshop")
        db.session.commit()
        src = sources.load_sources(db.engine)
    assert list(src.comments["question_id"]) == ["note"]
    assert list(src.comments["comment"]) == ["More time to talk"]
    assert list(src.comments["channel"]) == ["workshop"]
    # not the `workshop` questionnaire: its `votes` are not read as the facilitator's dot votes
    assert src.comments["dot_votes"].isna().all() and src.comments["priority_discussed"].isna().all()
    labels = src.answers[src.answers["question_id"] == "where"]
    assert list(labels["text_value"]) == ["Table 2"]  # still stored and readable
    votes = src.answers[src.answers["question_id"] == "votes"]["number_value"]
    assert pd.Series(votes).tolist() == [3.0]


@pytest.mark.parametrize(
    ("filename", "qid"), [("carers.yaml", "people_cared_for"), ("staff.yaml", "partner_orgs_count")]
)
def test_counts_in_the_starter_questionnaires_take_whole_numbers_only(filename, qid):
    # A tester entered 1.5 people cared for and 2.5 partner organisations, and both were stored.
    q = load_questionnaire(ROOT / "questionnaires" / filename)
    assert q.question(qid).integer
    _, error = journey.parse_question(q.question(qid), MultiDict([(qid, "2.5")]))
    assert error is not None and error.message.startswith("Enter a whole number for “")
    assert journey.parse_question(q.question(qid), MultiDict([(qid, "3")])) == ({qid: 3}, None)
    with pytest.raises(ValueError, match="whole number"):
        coerce_value(q.question(qid), "2.5")  # the import refuses it too


def test_every_number_question_in_the_starter_questionnaires_is_a_whole_number():
    loaded, problems = validate_paths([ROOT / "questionnaires"])
    assert not problems
    numbers = [(q.id, x.id) for q in loaded.values() for x in q.questions() if x.type == "number"]
    assert numbers and all(loaded[qid].question(x).integer for qid, x in numbers), numbers
