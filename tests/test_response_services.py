"""Response storage: long form, typed values, versions, drafts, resume codes."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from survey_app.models import Answer, QuestionnaireVersion, Response
from survey_app.questionnaire.model import LocalText, MatrixRow, Option, Question, Questionnaire, Section
from survey_app.responses import services


def _t(s: str) -> LocalText:
    return LocalText({"en": s})


def make_questionnaire(content_hash: str = "h1") -> Questionnaire:
    opts = (Option("a", _t("A")), Option("b", _t("B")), Option("other", _t("Other"), specify=True))
    questions = (
        Question("choice", "single_choice", _t("Pick"), options=opts),
        Question("many", "multi_choice", _t("Pick many"), options=opts),
        Question("rank", "ranking", _t("Rank"), options=opts[:2]),
        Question("grid", "matrix", _t("Grid"), options=opts[:2], rows=(MatrixRow("r1", _t("R1")), MatrixRow("r2", _t("R2")))),
        Question("score", "rating", _t("Score")),
        Question("when", "date", _t("When")),
        Question("say", "free_text", _t("Say")),
    )
    definition = {
        "id": "demo",
        "sections": [{"id": "s1", "questions": [{"id": q.id, "type": q.type} for q in questions]}],
    }
    return Questionnaire(
        id="demo", version="1", title=_t("Demo"), audience="carers", description=None,
        sections=(Section("s1", _t("One"), questions=questions),), locales=("en",),
        source_path="demo.yaml", content_hash=content_hash, definition=definition,
    )


ANSWERS = {
    "choice": "other",
    "choice:other": "my own words",
    "many": ["a", "b"],
    "rank": ["b", "a"],
    "grid": {"r1": "a", "r2": "b"},
    "score": 7,
    "when": date(2025, 3, 1),
    "say": "Lovely staff",
}


def test_answers_are_stored_in_long_form_with_typed_values_and_round_trip(db_session):
    q = make_questionnaire()
    response = services.record_response(db_session, q, ANSWERS, channel="paper")
    db_session.commit()
    rows = db_session.scalars(sa.select(Answer).where(Answer.response_id == response.id)).all()
    got = sorted((a.question_id, a.row_id, a.option_value, a.text_value, a.number_value, a.date_value, a.rank) for a in rows)
    assert got == sorted([
        ("choice", None, "other", "my own words", None, None, None),
        ("many", None, "a", None, None, None, None),
        ("many", None, "b", None, None, None, None),
        ("rank", None, "b", None, None, None, 1),
        ("rank", None, "a", None, None, None, 2),
        ("grid", "r1", "a", None, None, None, None),
        ("grid", "r2", "b", None, None, None, None),
        ("score", None, None, None, 7.0, None, None),
        ("when", None, None, None, None, date(2025, 3, 1), None),
        ("say", None, None, "Lovely staff", None, None, None),
    ])
    db_session.expire_all()
    assert services.stored_answers(db_session.get(Response, response.id)) == ANSWERS


def test_each_definition_edit_is_a_new_version_and_old_responses_keep_theirs(db_session):
    old = services.record_response(db_session, make_questionnaire("h1"), {"say": "x"}, channel="online")
    new = services.record_response(db_session, make_questionnaire("h2"), {"say": "y"}, channel="online")
    again = services.record_response(db_session, make_questionnaire("h1"), {"say": "z"}, channel="online")
    db_session.commit()
    assert old.questionnaire_version_id == again.questionnaire_version_id != new.questionnaire_version_id
    assert db_session.scalar(sa.select(sa.func.count()).select_from(QuestionnaireVersion)) == 2


def test_a_replayed_first_post_reuses_the_draft_and_submit_happens_once(db_session):
    q = make_questionnaire()
    first = services.start_response(db_session, q, token="tok-1")
    second = services.start_response(db_session, q, token="tok-1")
    assert first.id == second.id
    assert services.submit_response(db_session, first) is True
    assert services.submit_response(db_session, first) is False
    db_session.commit()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1


def test_submission_token_is_unique_in_the_database(db_session):
    q = make_questionnaire()
    services.record_response(db_session, q, {"say": "x"}, channel="import", token="same")
    db_session.commit()
    with pytest.raises(IntegrityError):
        services.record_response(db_session, q, {"say": "y"}, channel="import", token="same")
    db_session.rollback()


def test_replace_answers_drops_an_answer_the_person_took_back(db_session):
    q = make_questionnaire()
    draft = services.start_response(db_session, q, token="t")
    services.replace_answers(db_session, draft, q.questions(), {"choice": "a", "say": "first"})
    services.replace_answers(db_session, draft, q.questions(), {"choice": "b"})
    db_session.commit()
    db_session.expire_all()
    assert services.stored_answers(db_session.get(Response, draft.id)) == {"choice": "b"}


def test_resume_code_is_stored_hashed_and_found_only_for_unsubmitted_drafts(db_session):
    q = make_questionnaire()
    draft = services.start_response(db_session, q, token="t")
    code = services.issue_resume_code(db_session, draft)
    assert len(code) == 14 and code.count("-") == 2
    assert code.replace("-", "") not in (draft.resume_code_hash or "")
    assert services.find_draft_by_code(db_session, "demo", code.lower().replace("-", " ")) is draft
    assert services.find_draft_by_code(db_session, "other", code) is None
    services.submit_response(db_session, draft)
    assert services.find_draft_by_code(db_session, "demo", code) is None


def test_two_first_respondents_at_once_share_one_version_row(db_session, monkeypatch):
    """The version row is created by whichever request comes first; the loser of the
    race (its look-up saw no row, its insert hits the unique key) uses the winner's."""
    q = make_questionnaire()
    winner = services.get_or_create_version(db_session, q)
    db_session.commit()
    real_scalar = db_session.scalar
    calls = []

    def stale_first_lookup(stmt, *args, **kwargs):
        calls.append(1)
        return None if len(calls) == 1 else real_scalar(stmt, *args, **kwargs)

    monkeypatch.setattr(db_session, "scalar", stale_first_lookup)
    loser = services.get_or_create_version(db_session, q)
    assert loser.id == winner.id
    assert len(calls) == 2
    monkeypatch.undo()
    db_session.commit()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(QuestionnaireVersion)) == 1
