"""Double clicks for real: the same page posted from several threads at once."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_journey_helpers import DEMO_YAML, token_of

from survey_app.extensions import db
from survey_app.models import Answer, Response
from survey_app.questionnaire.loader import load_questionnaire
from survey_app.surveys.views import CACHE_KEY

THREADS = 4


@pytest.fixture
def demo(app, tmp_path: Path):
    path = tmp_path / "demo.yaml"
    path.write_text(DEMO_YAML)
    app.extensions[CACHE_KEY] = {"demo": load_questionnaire(path)}


def post_at_once(app, browser, url: str, data: dict) -> list[int]:
    """POST ``data`` to ``url`` from THREADS clients sharing ``browser``'s session cookie
    (one person double-clicking), released together; their status codes. ``browser`` then
    keeps the session cookie of the last answer, as a browser does (the pages seen)."""
    cookie = browser.get_cookie("session")
    barrier = threading.Barrier(THREADS)
    codes: list[int] = []
    errors: list[BaseException] = []
    cookies: list[str] = []

    def worker() -> None:
        client = app.test_client()
        client.set_cookie("session", cookie.value)
        try:
            barrier.wait(timeout=10)
            codes.append(client.post(url, data=data).status_code)
            answered = client.get_cookie("session")
            if answered is not None:
                cookies.append(answered.value)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    if cookies:
        browser.set_cookie("session", cookies[-1])
    return codes


def test_simultaneous_posts_store_one_response_and_no_duplicate_answers(app, client, demo):
    token = token_of(client.get("/s/demo").text)
    page1 = {"submission_token": token, "fft": "good", "services": ["gp", "home_care"]}
    assert post_at_once(app, client, "/s/demo", page1) == [302] * THREADS
    more = {"submission_token": token, "score": "9", "grid-r1": "agree", "grid-r2": "agree", "order-rank-b": "1"}
    assert post_at_once(app, client, "/s/demo/page/more", more) == [302] * THREADS
    assert post_at_once(app, client, "/s/demo/check", {"submission_token": token}) == [302] * THREADS
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1
        assert db.session.scalar(sa.select(Response.status)) == "submitted"
        rows = db.session.execute(sa.select(Answer.question_id, Answer.row_id, Answer.option_value)).all()
    assert len(rows) == len(set(rows)) == 2 + 1 + 1 + 2 + 1  # fft, 2 services, score, 2 grid rows, rank
