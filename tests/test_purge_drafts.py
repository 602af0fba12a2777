"""`flask responses purge-drafts`: drafts left long ago are deleted with what was typed in them."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from survey_app.extensions import db
from survey_app.models import Answer, Response, utcnow
from survey_app.responses.services import purge_drafts, start_response


def _response(app, q, token: str, days_ago: int, status: str = "in_progress", saved_days_ago: int | None = None) -> None:
    with app.app_context():
        r = start_response(db.session, q, token=token)
        r.started_at = utcnow() - timedelta(days=days_ago)
        r.saved_at = None if saved_days_ago is None else utcnow() - timedelta(days=saved_days_ago)
        r.status = status
        if status == "submitted":
            r.submitted_at = r.started_at
        db.session.add(Answer(response=r, question_id="what_wrong", text_value=f"typed by {token}"))
        db.session.commit()


def test_old_drafts_go_with_their_answers_and_nothing_sent_is_touched(app, demo):
    _response(app, demo, "old-draft", 120)
    _response(app, demo, "new-draft", 10)
    _response(app, demo, "old-sent", 400, status="submitted")
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["responses", "purge-drafts", "--dry-run"])
    assert dry.output == "1 draft not saved for more than 90 days would be deleted.\n"
    result = runner.invoke(args=["responses", "purge-drafts"])
    assert result.exit_code == 0 and result.output == "1 draft not saved for more than 90 days deleted.\n"
    with app.app_context():
        left = {r.submission_token for r in db.session.scalars(sa.select(Response))}
        assert left == {"new-draft", "old-sent"}
        texts = set(db.session.scalars(sa.select(Answer.text_value)))
        assert texts == {"typed by new-draft", "typed by old-sent"}
        assert purge_drafts(db.session, 5) == 1  # the 10-day-old one
    assert runner.invoke(args=["responses", "purge-drafts", "--older-than", "0"]).exit_code == 2


def test_a_draft_resumed_and_saved_lately_is_kept_however_long_ago_it_was_started(app, demo):
    """Age counts from the last save: a carer who started 200 days ago and came back with
    their code 3 days ago keeps what they typed; one last saved 100 days ago does not."""
    _response(app, demo, "came-back", 200, saved_days_ago=3)
    _response(app, demo, "left", 200, saved_days_ago=100)
    with app.app_context():
        assert purge_drafts(db.session, 90) == 1
        left = {r.submission_token for r in db.session.scalars(sa.select(Response))}
        assert left == {"came-back"}


def test_saving_a_page_sets_saved_at(app, demo):
    from survey_app.responses.services import replace_answers

    with app.app_context():
        r = start_response(db.session, demo, token="t")
        assert r.saved_at is None
        before = utcnow()
        replace_answers(db.session, r, [], {})
        assert r.saved_at is not None and r.saved_at >= before
