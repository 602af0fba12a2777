"""The public survey journey, end to end through the Flask test client."""
from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_journey_helpers import (
    DEMO_YAML, caption_of, complete, consent_given, shown_question_ids, title_of, token_of,
)

from survey_app.config import ROOT
from survey_app.extensions import db
from survey_app.models import Answer, Response
from survey_app.questionnaire.loader import load_all, load_questionnaire
from survey_app.responses.services import stored_answers
from survey_app.surveys import services as journey
from survey_app.surveys.views import CACHE_KEY, TIMEOUT_MESSAGE

#: The public questionnaires (``open: false`` ones, such as workshop input, are import only).
STARTER_FILES = sorted(
    p.name for p in (ROOT / "questionnaires").glob("*.yaml") if load_questionnaire(p).open
)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def only_response(app) -> Response:
    with app.app_context():
        rows = db.session.scalars(sa.select(Response)).all()
        assert len(rows) == 1
        r = rows[0]
        r.answers  # noqa: B018 - load before the session closes
        r.questionnaire_version.definition  # noqa: B018
        db.session.expunge_all()
        return r


PAGE1 = {
    "fft": "poor",
    "services": ["gp", "other"],
    "services:other": "Dentist",
    "when-day": "3",
    "when-month": "2",
    "when-year": "2024",
}


def start(client, data=PAGE1, qid="demo"):
    resp = client.get(f"/s/{qid}")
    token = token_of(resp.text)
    posted = client.post(f"/s/{qid}", data={"submission_token": token, **data})
    return token, posted


# ---------------------------------------------------------------- public pages


def test_start_page_lists_open_questionnaires(client):
    resp = client.get("/")
    assert resp.status_code == 200
    html = resp.text
    assert '<html lang="en">' in html
    assert 'href="#main-content"' in html and '<main class="main" id="main-content"' in html
    assert "<header" in html and "<footer" in html
    assert title_of(html) == "Have your say – Care Partnership Feedback"
    for name in STARTER_FILES:
        qid = load_questionnaire(ROOT / "questionnaires" / name).id
        assert f'href="/s/{qid}"' in html
    assert "Who it is for:" in html and "Time needed:" in html


def test_each_start_page_card_gives_the_time_once(client):
    # A carer with little time read "Time needed: about 10 minutes" and then "It takes about 10
    # minutes." on each card: the description's own sentence on the time is left out there.
    cards = client.get("/").text.split('<li class="card">')[1:]
    text = {re.search(r'href="/s/([^"?]+)"', c).group(1): html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)))
            for c in cards}
    assert len(text) == 4 and all(t.count("minute") == 1 for t in text.values()), text
    assert "Time needed: about 2 minutes" in text["fft"]
    assert "Tell us about your experience of our service. Easy read version" in text["fft"]
    assert "Time needed: about 10 minutes" in text["carers"]
    assert "tell us how health and care services work for you and for them. Easy read" in text["carers"]
    # the questionnaire's first page still says it (its intro box has no "Time needed")
    assert "It takes about two minutes." in client.get("/s/fft").text


def test_public_pages_have_unique_titles(client):
    titles = set()
    for url in ("/", "/accessibility", "/privacy"):
        resp = client.get(url)
        assert resp.status_code == 200
        titles.add(title_of(resp.text))
    assert len(titles) == 3
    statement = client.get("/accessibility").text
    for heading in ("Feedback and contact information", "Enforcement procedure", "Compliance status",
                    "Preparation of this accessibility statement"):
        assert heading in statement
    privacy = client.get("/privacy").text
    assert "lawful basis" in privacy
    # the retention period the questionnaires' intros promise, not a vaguer one
    assert "kept for two years after the survey closes" in privacy


def test_unknown_questionnaire_is_404(client):
    assert client.get("/s/no-such-thing").status_code == 404


# ---------------------------------------------------------------- every starter questionnaire


@pytest.mark.parametrize("filename", STARTER_FILES)
def test_full_journey_through_each_starter_questionnaire(app, filename):
    qs = load_all(ROOT / "questionnaires")
    q = next(x for x in qs.values() if Path(x.source_path).name == filename)
    conditional = {s.id for s in q.sections if s.show_if} | {x.id for x in q.questions() if x.show_if}
    shown_sets = []
    for n, trigger in enumerate((False, True), start=1):
        client = app.test_client()
        expected, visited, token = complete(client, q, trigger=trigger)
        vis = journey.visibility(q, expected)
        assert visited == vis.section_ids(), "pages visited must be exactly the pages skip logic shows"
        with app.app_context():
            r = db.session.scalar(sa.select(Response).where(Response.submission_token == token))
            assert r.status == "submitted" and r.submitted_at is not None
            assert r.questionnaire_id == q.id and r.questionnaire_version.content_hash == q.content_hash
            assert r.completed_with_help is False and r.channel == "online"
            assert stored_answers(r) == vis.answers
            check_typed_rows(q, r, vis.answers)
        assert count(app, Response) == n
        shown_sets.append({c for c in conditional if c in vis.question_ids or c in vis.section_ids()})
    if conditional:  # skip logic exercised both ways: something shown in one run, hidden in the other
        assert shown_sets[0] != shown_sets[1], f"{filename}: skip logic not exercised"


def check_typed_rows(q, response: Response, answers: dict) -> None:
    """Each answer lands in the right typed column, in long form."""
    rows = {}
    for a in response.answers:
        rows.setdefault(a.question_id, []).append(a)
    assert set(rows) == {k for k in answers if ":" not in k}
    for qid, got in rows.items():
        kind = q.question(qid).type
        if kind in ("rating", "number"):
            assert [a.number_value for a in got] == [float(answers[qid])]
        elif kind == "date":
            assert got[0].date_value == answers[qid] and isinstance(got[0].date_value, date)
        elif kind == "ranking":
            assert [a.option_value for a in sorted(got, key=lambda a: a.rank)] == answers[qid]
        elif kind == "matrix":
            assert {a.row_id: a.option_value for a in got} == answers[qid]
        elif kind == "multi_choice":
            assert sorted(a.option_value for a in got) == sorted(answers[qid])
            for a in got:
                assert a.text_value == answers.get(f"{qid}:{a.option_value}")
        elif kind == "free_text":
            assert got[0].text_value == answers[qid] and got[0].option_value is None
        else:
            assert [a.option_value for a in got] == [answers[qid]]


@pytest.mark.parametrize("trigger", [False, True])
@pytest.mark.parametrize("filename", STARTER_FILES)
def test_page_total_is_shown_only_once_no_answer_to_come_can_change_it(app, filename, trigger):
    """A user saw "Page 6 of 6" become "Page 7 of 7" after an answer showed another page:
    a total is given only when it is the number of pages this journey really has."""
    q = next(x for x in load_all(ROOT / "questionnaires").values() if Path(x.source_path).name == filename)
    captions: dict[str, str] = {}
    _, visited, _ = complete(
        app.test_client(), q, trigger=trigger, on_page=lambda sid, html: captions.setdefault(sid, caption_of(html))
    )
    sections = {s.id: s for s in q.sections}
    for number, sid in enumerate(visited, start=1):
        settled = journey.page_count_is_settled(q, sections[sid])
        expected = f"Page {number} of {len(visited)}" if settled else f"Page {number}"
        assert captions[sid] == expected, f"{q.id}/{sid}"
    if any(s.show_if for s in q.sections):
        assert captions[visited[0]] == "Page 1"  # a conditional page is still to be decided


# ---------------------------------------------------------------- skip logic and Back


def test_page_caption_gives_no_total_until_the_answers_that_decide_it_are_in(client, demo):
    """Page 1's answer decides whether "What went wrong" is shown, so page 1 says only
    "Page 1" (it said "Page 1 of 2", then page 2 said "of 3"), in both versions."""
    for lang in ("en", "en-easy"):
        assert caption_of(client.get(f"/s/demo?lang={lang}").text) == "Page 1"
    client.get("/s/demo?lang=en")
    token, _ = start(client)
    assert caption_of(client.get("/s/demo/page/poor").text) == "Page 2 of 3"
    assert caption_of(client.get("/s/demo/page/first").text) == "Page 1"  # going back: fft can still be changed
    client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late"})
    assert caption_of(client.get("/s/demo/page/more?lang=en-easy").text) == "Page 3 of 3"


def test_section_skip_logic_both_ways_and_stale_answers_dropped(app, client, demo):
    token, resp = start(client)
    assert resp.headers["Location"].endswith("/s/demo/page/poor")
    page = client.get("/s/demo/page/poor").text
    assert "Page 2 of 3" in page
    resp = client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late"})
    assert resp.headers["Location"].endswith("/s/demo/page/more")
    # Back to page 1 (its answers are kept), change FFT to good: the "poor" page disappears.
    page1 = client.get("/s/demo/page/first").text
    assert 'value="poor"\n      checked' in page1 or re.search(r'value="poor"\s+checked', page1)
    resp = client.post("/s/demo", data={"submission_token": token, **PAGE1, "fft": "good"})
    assert resp.headers["Location"].endswith("/s/demo/page/more")
    assert "Page 2 of 2" in client.get("/s/demo/page/more").text
    assert client.get("/s/demo/page/poor").status_code == 302  # hidden page redirects onwards
    with app.app_context():
        ids = set(db.session.scalars(sa.select(Answer.question_id)))
    assert "what_wrong" not in ids and {"fft", "services", "when"} <= ids


def test_question_skip_logic_reveals_on_same_page_and_drops_when_hidden(app, client, demo):
    token, _ = start(client, {**PAGE1, "fft": "good"})
    more = client.get("/s/demo/page/more").text
    assert "help_detail" not in shown_question_ids(more)
    base = {"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"}
    resp = client.post("/s/demo/page/more", data={**base, "help_needed": "yes"})
    assert resp.headers["Location"].endswith("/s/demo/page/more")  # asked the revealed question
    more = client.get("/s/demo/page/more").text
    assert "help_detail" in shown_question_ids(more)
    assert "Because of your answer, there is another question on this page." in more
    html = client.post("/s/demo/page/more", data={**base, "help_needed": "yes"}).text
    assert re.search(r'<a href="#help_detail">Enter an answer', html)  # revealed and required
    resp = client.post("/s/demo/page/more", data={**base, "help_needed": "yes", "help_detail": "Lifts"})
    assert resp.headers["Location"].endswith("/s/demo/check")
    assert "Lifts" in client.get("/s/demo/check").text
    # Changing the answer hides the required question again: no error, its answer is dropped.
    resp = client.post("/s/demo/page/more", data={**base, "help_needed": "no", "help_detail": ""})
    assert resp.headers["Location"].endswith("/s/demo/check")
    with app.app_context():
        ids = set(db.session.scalars(sa.select(Answer.question_id)))
    assert "help_detail" not in ids and "help_needed" in ids


def test_back_keeps_answers_on_every_page(client, demo):
    token, _ = start(client)
    client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late"})
    back = client.get("/s/demo/page/poor").text
    assert 'href="/s/demo/page/first" class="back-link"' in back  # Back goes to page 1
    assert 'value="Late"' in back
    page1 = client.get("/s/demo/page/first").text
    for fragment in ('value="Dentist"', 'id="when-day" name="when-day"', 'value="3"', 'value="2024"'):
        assert fragment in page1
    assert re.search(r'value="gp"\s+checked', page1) and re.search(r'value="other"\s+checked', page1)
    assert not re.search(r'value="home_care"\s+checked', page1)
    assert token_of(page1) == token


# ---------------------------------------------------------------- validation


def test_validation_error_keeps_answers_and_links_to_inputs(app, client, demo):
    resp = client.get("/s/demo")
    token = token_of(resp.text)
    data = {"submission_token": token, "services": ["gp", "other"], "services:other": "Dentist",
            "when-day": "31", "when-month": "2", "when-year": "2024"}
    resp = client.post("/s/demo", data=data)
    assert resp.status_code == 200
    html = resp.text
    assert title_of(html).startswith("Error: About you – Demo survey")
    assert 'role="alert"' in html and "There is a problem" in html and 'tabindex="-1"' in html
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a>', html)
    assert ("fft", "Select an answer for “Overall, how was your experience of our service?”") in links
    assert ("when-day", "The date for “When did you last use a service?” must be a real date") in links
    for anchor, _ in links:
        assert f'id="{anchor}"' in html
    assert 'aria-describedby="fft-error"' in html and 'id="fft-error"' in html
    assert re.search(r'value="other"\s+checked', html) and 'value="Dentist"' in html
    assert 'value="31"' in html and 'value="2024"' in html
    assert count(app, Response) == 0


@pytest.mark.parametrize(
    ("data", "anchor", "message"),
    [
        ({"fft": "good", "services": ["gp", "none"]}, "services", "on its own"),
        (
            {"fft": "good", "when-day": "1", "when-year": "2024"},
            "when-month",
            "The date for “When did you last use a service?” must include a month",
        ),
        (
            {"fft": "good", "when-day": "1", "when-month": "2", "when-year": "24"},
            "when-year",
            "The year for “When did you last use a service?” must include 4 numbers",
        ),
        ({"fft": "excellent"}, "fft", "Select one of the options shown"),
    ],
)
def test_page_one_validation_messages(client, demo, data, anchor, message):
    token = token_of(client.get("/s/demo").text)
    html = client.post("/s/demo", data={"submission_token": token, **data}).text
    assert re.search(rf'<a href="#{anchor}">[^<]*{re.escape(message)}', html), html[:2000]


def _marked_boxes(page: str, qid: str) -> list[str]:
    """The parts (day, month, year) of date question ``qid`` whose box has the error style."""
    tags = re.findall(rf'<input [^>]*name="{qid}-(?:day|month|year)"[^>]*>', page)
    return [re.search(rf'name="{qid}-(\w+)"', tag)[1] for tag in tags if "input--error" in tag]


def _summary_links(page: str) -> list[tuple[str, str]]:
    """The error summary's links: (the id linked to, the message)."""
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a>', html.unescape(page))


@pytest.mark.parametrize(("day", "month", "year", "wrong", "message"), [
    ("1", "", "2024", ["month"], "must include a month"),
    ("", "", "2024", ["day", "month"], "must include a day and month"),
    ("1", "2", "24", ["year"], "must include 4 numbers"),
    ("1", "13", "2024", ["month"], "must be a real date"),
    ("32", "1", "2024", ["day"], "must be a real date"),
    ("0", "13", "2024", ["day", "month"], "must be a real date"),
    ("x", "2", "20y4", ["day", "year"], "must be a real date"),
    ("1", "Marchh", "2024", ["month"], "must be a real date"),
    ("1", "1", "1850", ["year"], "must be after 1900"),
    ("1", "1", "0000", ["year"], "must be after 1900"),  # was "a real date", naming no box
    # no 31st of February, no 29th in 2023: the date as a whole is wrong
    ("31", "2", "2024", ["day", "month", "year"], "must be a real date"),
    ("29", "Feb", "2023", ["day", "month", "year"], "must be a real date"),
])
def test_a_date_error_marks_only_the_wrong_boxes_and_links_to_the_first(client, demo, day, month, year, wrong, message):
    # GOV.UK date input: only the box at fault gets the error style (a missing month marked the
    # day and year too); all three when the whole date is wrong. The error summary links to the
    # first box at fault ("13" as the month linked to the day).
    token = token_of(client.get("/s/demo").text)
    page = client.post("/s/demo", data={"submission_token": token, "fft": "good", "when-day": day,
                                        "when-month": month, "when-year": year}).text
    assert _marked_boxes(page, "when") == wrong
    links = _summary_links(page)
    assert len(links) == 1 and links[0][0] == f"when-{wrong[0]}" and message in links[0][1], links
    assert 'id="when-group"' in page and 'class="form-group form-group--error" id="when-group"' in page


@pytest.mark.parametrize(("month", "year", "wrong"), [
    ("3", "", ["year"]), ("", "2024", ["month"]), ("13", "2024", ["month"]), ("3", "24", ["year"]),
    ("Mar-99", "", ["month"]),  # the two-digit year was typed in the month box
    ("12", "2999", ["month", "year"]),  # in the future: the date as a whole
])
def test_a_month_and_year_date_marks_only_the_wrong_box(client, month, year, wrong):
    token = consent_given(client)
    page = client.post("/s/people-who-use-services/page/your_care",
                       data={"submission_token": token, "last_contact-month": month, "last_contact-year": year}).text
    assert _marked_boxes(page, "last_contact") == wrong
    assert [anchor for anchor, _ in _summary_links(page)] == [f"last_contact-{wrong[0]}"]


def test_every_error_summary_link_reaches_the_first_input_at_fault(client, demo):
    # GOV.UK error summary: each message links to the input to put right, which is on the page
    def reachable(page):
        links = [anchor for anchor, _ in _summary_links(page)]
        for anchor in links:
            assert len(re.findall(rf'<(?:input|select|textarea) [^>]*id="{anchor}"', page)) == 1, anchor
        return links

    token = token_of(client.get("/s/demo").text)
    page = client.post("/s/demo", data={"submission_token": token, "services": ["gp"],
                                        "services:other": "x" * 600, "when-month": "2"}).text
    assert reachable(page) == ["fft", "services-other-specify", "when-day"]
    assert _marked_boxes(page, "when") == ["day", "year"]
    token, _ = start(client, {**PAGE1, "fft": "good"})
    data = {"submission_token": token, "order-rank-a": "2", "grid-r1": "agree", "visits": "x", "score": "11"}
    page = client.post("/s/demo/page/more", data=data).text
    assert reachable(page) == ["score", "visits", "order-rank-a", "grid-r2"]


def test_ranking_matrix_number_rating_validation(client, demo):
    token, _ = start(client, {**PAGE1, "fft": "good"})
    data = {"submission_token": token, "order-rank-a": "1", "order-rank-b": "1", "grid-r1": "agree",
            "visits": "99", "score": "11"}
    html = client.post("/s/demo/page/more", data=data).text
    assert re.search(r'<a href="#order-rank-b">Each position can only be used once in “Put these in order”', html)
    assert re.search(r'<a href="#grid-r2">Select an answer for each statement', html)
    assert re.search(r'<a href="#visits">Enter a number between 0 and 50', html)
    assert re.search(r'<a href="#score">Select a number from 0 to 10', html)
    assert 'value="99"' in html and re.search(r'<option value="1"\s+selected', html)


def test_a_rough_date_is_asked_as_a_month_and_year(app, client):
    # "A rough date is fine", but "March 2024" was refused: "Date must include a day".
    consent_given(client)
    page = client.get("/s/people-who-use-services/page/your_care").text
    assert 'name="last_contact-month"' in page and 'name="last_contact-year"' in page
    assert "last_contact-day" not in page
    token = token_of(page)
    resp = client.post("/s/people-who-use-services/page/your_care",
                       data={"submission_token": token, "last_contact-month": "3", "last_contact-year": "2024"})
    assert resp.status_code == 302
    assert stored_answers(only_response(app))["last_contact"] == date(2024, 3, 1)
    again = client.get("/s/people-who-use-services/page/your_care").text
    assert re.search(r'name="last_contact-month"\s+type="text" value="3"', again)


def _date_boxes(page: str, qid: str) -> dict[str, str]:
    """A date question's boxes on ``page``: part (day, month, year) -> the input's attributes."""
    return dict(re.findall(rf'<input [^>]*name="{qid}-(day|month|year)"([^>]*)>', page))


def test_a_date_s_month_box_opens_a_keyboard_with_letters(client, demo):
    # the month box takes a name ("March", "mar"), which a phone's numeric keypad cannot type;
    # the day and year boxes take digits only, so they keep it
    boxes = _date_boxes(client.get("/s/demo").text, "when")
    assert sorted(boxes) == ["day", "month", "year"]
    assert "inputmode" not in boxes["month"]
    assert 'inputmode="numeric"' in boxes["day"] and 'inputmode="numeric"' in boxes["year"]


def test_a_month_and_year_s_month_box_opens_a_keyboard_with_letters(client):
    # ... as does a month-and-year question's, which also takes "March 2024" and "Mar-24"
    consent_given(client)
    boxes = _date_boxes(client.get("/s/people-who-use-services/page/your_care").text, "last_contact")
    assert sorted(boxes) == ["month", "year"]
    assert "inputmode" not in boxes["month"] and 'inputmode="numeric"' in boxes["year"]


@pytest.mark.parametrize(("month", "year"), [
    ("March", "2024"), ("mar", "2024"), ("MAR.", "2024"), ("March 2024", ""), ("mar 2024", ""),
    ("03/2024", ""), ("3-2024", ""), ("", "March 2024"), ("03/2024", "2024"),
    # as Excel writes a month and year (a tester's "Mar-24" was refused); a 2-digit year is 20YY
    ("Mar-24", ""), ("March-24", ""), ("Mar-2024", ""), ("", "Mar-24"), ("Mar-24", "2024"),
])
def test_a_month_and_year_date_takes_month_names_and_both_in_one_box(app, client, month, year):
    # "March 2024" and "03/2024" were refused as "must be a real date": only numbers were read.
    token = consent_given(client)
    resp = client.post("/s/people-who-use-services/page/your_care",
                       data={"submission_token": token, "last_contact-month": month, "last_contact-year": year})
    assert resp.status_code == 302, resp.text
    assert stored_answers(only_response(app))["last_contact"] == date(2024, 3, 1)


def test_a_day_month_year_date_takes_a_month_name_too(app, client, demo):
    token = token_of(client.get("/s/demo").text)
    resp = client.post("/s/demo", data={**PAGE1, "submission_token": token, "when-month": "Feb"})
    assert resp.status_code == 302, resp.text
    assert stored_answers(only_response(app))["when"] == date(2024, 2, 3)


@pytest.mark.parametrize(("month", "year", "message"), [
    ("Marchh", "2024", "The date for “When did you last use one of these services?” must be a real month and year"),
    ("13", "2024", "The date for “When did you last use one of these services?” must be a real month and year"),
    ("March 2024", "2023", "The date for “When did you last use one of these services?” must be a real month and "
                           "year"),
    ("12", "2999", "The date for “When did you last use one of these services?” must be this month or in the past"),
    # a two-digit year more than 10 years ahead is not read as this century's (it was March 2099)
    ("Mar-99", "", "The year for “When did you last use one of these services?” must include 4 numbers"),
    ("Mar-24", "2023", "The date for “When did you last use one of these services?” must be a real month and year"),
    ("Mar 24", "", "The date for “When did you last use one of these services?” must include a year"),
])
def test_a_month_and_year_date_that_is_not_real_says_month_and_year(app, client, month, year, message):
    token = consent_given(client)
    resp = client.post("/s/people-who-use-services/page/your_care",
                       data={"submission_token": token, "last_contact-month": month, "last_contact-year": year})
    assert resp.status_code == 200
    assert html.escape(message, quote=False) in resp.text and "today" not in resp.text


def test_answer_over_max_length_is_refused_and_kept(app, client, demo):
    token, _ = start(client)
    resp = client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "x" * 21})
    assert resp.status_code == 200
    assert "“What went wrong?” must be 20 characters or fewer (you have 21)" in resp.text
    assert 'x' * 21 in resp.text
    assert "You can enter up to 20 characters" in resp.text
    with app.app_context():
        assert db.session.scalar(sa.select(Answer).where(Answer.question_id == "what_wrong")) is None


def test_oversized_body_gets_a_clear_413_page(app, client, demo):
    app.config["MAX_CONTENT_LENGTH"] = 2000
    token = token_of(client.get("/s/demo").text)
    resp = client.post("/s/demo", data={"submission_token": token, "fft": "good", "when-day": "1" * 5000})
    assert resp.status_code == 413
    assert "Your answer was too long to send" in resp.text and 'href="/s/demo"' in resp.text
    assert title_of(resp.text).startswith("Error: Your answer was too long to send")
    assert count(app, Response) == 0
    client.get("/s/demo?lang=en-easy")  # in the easy-read journey, the page is in easy read
    easy = client.post("/s/demo", data={"submission_token": token, "fft": "good", "when-day": "1" * 5000})
    assert easy.status_code == 413 and "Make your answers shorter" in easy.text
    assert "shorten your answers" not in easy.text


@pytest.mark.parametrize(("method", "path", "standard", "easy"), [
    ("get", "/s/demo/page/no-such-page", "Page not found", "We cannot find this page"),
    ("post", "/s/demo/thanks", "Error: This page cannot be used that way", "Error: You cannot use this page like that"),
])
def test_error_pages_are_in_easy_read_on_the_easy_read_journey(client, demo, method, path, standard, easy):
    assert title_of(getattr(client, method)(path).text).startswith(standard)
    client.get("/s/demo?lang=en-easy")
    page = getattr(client, method)(path).text
    assert title_of(page).startswith(easy) and "Go back to the start" in page


# ---------------------------------------------------------------- CSRF, double submit, resume


def test_expired_csrf_token_reshows_the_page_with_answers(app, client, demo):
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/s/demo").text
    token = token_of(page)
    data = {"submission_token": token, **PAGE1, "csrf_token": "expired-or-forged"}
    resp = client.post("/s/demo", data=data)
    assert resp.status_code == 400
    html = resp.text
    assert TIMEOUT_MESSAGE in html
    assert title_of(html).startswith("Error: About you")  # not saved: GOV.UK "Error: " title
    assert re.search(r'value="poor"\s+checked', html) and 'value="Dentist"' in html and 'value="2024"' in html
    assert token_of(html) == token
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert fresh != "expired-or-forged"
    assert count(app, Response) == 0  # nothing stored from an unverified post
    resp = client.post("/s/demo", data={**data, "csrf_token": fresh})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/page/poor")
    assert count(app, Response) == 1


@pytest.mark.parametrize("path", ["/s/workshop", "/s/workshop/page/contribution", "/s/workshop/check",
                                  "/s/workshop/resume"])
def test_a_post_without_csrf_token_to_a_closed_questionnaire_is_not_found(app, client, path):
    # A tester's `curl -X POST /s/workshop -d x=1` got the workshop form (400): the CSRF
    # handler looked the questionnaire up without checking it is open.
    app.config["WTF_CSRF_ENABLED"] = True
    resp = client.post(path, data={"x": "1"})
    assert resp.status_code == 404
    assert "Page not found" in resp.text and "<form" not in resp.text
    assert client.get(path).status_code == 404


def test_expired_csrf_on_check_and_resume_pages(app, client, demo):
    token, _ = start(client, {**PAGE1, "fft": "good"})
    client.post("/s/demo/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    app.config["WTF_CSRF_ENABLED"] = True
    resp = client.post("/s/demo/check", data={"submission_token": token, "completed_with_help": "yes"})
    assert resp.status_code == 400 and TIMEOUT_MESSAGE in resp.text
    assert re.search(r'value="yes"\s+checked', resp.text)
    assert only_response(app).status == "in_progress"
    resp = client.post("/s/demo/resume", data={"resume_code": "ABCD-EFGH-JKMN"})
    assert resp.status_code == 400 and TIMEOUT_MESSAGE in resp.text and 'value="ABCD-EFGH-JKMN"' in resp.text


@pytest.mark.parametrize(("lang", "restart", "new_code"), [
    ("en", "Your session timed out, so we have not cleared anything.",
     "Your session timed out, so we have not made a new code."),
    ("en-easy", "You took a long time, so we did not clear anything.",
     "You took a long time, so we did not make a new code."),
])
def test_an_expired_token_on_start_again_or_a_new_code_says_why_nothing_happened(app, client, demo, lang, restart,
                                                                                  new_code):
    # "Start again" and "Get a new code" with an expired token went to the start link without a word
    client.get(f"/s/demo?lang={lang}")
    token, _ = start(client, {**PAGE1, "fft": "good"})
    client.post("/s/demo/page/more", data={"submission_token": token, "score": "8", "action": "save"})
    code = saved_code(client.get("/s/demo/saved").text)
    app.config["WTF_CSRF_ENABLED"] = True
    again = client.post("/s/demo/saved", data={"csrf_token": "old"})
    assert again.status_code == 302 and again.headers["Location"].endswith("/s/demo/saved")
    page = html.unescape(client.get("/s/demo/saved").text)
    assert new_code in page and 'class="resume-code"' not in page
    assert new_code not in html.unescape(client.get("/s/demo/saved").text)  # said once
    cleared = client.post("/s/demo/restart", data={"csrf_token": "old"})
    assert cleared.status_code == 302 and cleared.headers["Location"].endswith("/s/demo")
    page = html.unescape(client.get("/s/demo").text)
    assert restart in page and 'action="/s/demo/restart"' in page  # the same choice, to make again
    assert stored_answers(only_response(app))["score"] == 8  # nothing lost, nothing cleared
    app.config["WTF_CSRF_ENABLED"] = False
    assert app.test_client().post("/s/demo/resume", data={"resume_code": code}).status_code == 302  # the code works


def test_double_submit_and_replays_store_one_response(app, client, demo):
    token, resp = start(client, {**PAGE1, "fft": "good"})
    again = client.post("/s/demo", data={"submission_token": token, **PAGE1, "fft": "good"})  # double click
    assert again.status_code == 302
    client.post("/s/demo/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    check = client.get("/s/demo/check")
    assert check.status_code == 200 and "Check your answers" in title_of(check.text)
    first = client.post("/s/demo/check", data={"submission_token": token, "completed_with_help": "yes"})
    second = client.post("/s/demo/check", data={"submission_token": token, "completed_with_help": "yes"})
    replay = client.post("/s/demo", data={"submission_token": token, **PAGE1})
    for r in (first, second, replay):
        assert r.status_code == 302 and r.headers["Location"].endswith("/s/demo/thanks")
    assert count(app, Response) == 1
    response = only_response(app)
    assert response.status == "submitted" and response.completed_with_help is True
    assert len(response.answers) == 1 + 2 + 1 + 2  # fft, two services, date, two matrix rows
    assert "Thank you" in client.get("/s/demo/thanks").text
    # A new visit starts a new, separate response.
    assert token_of(client.get("/s/demo").text) != token


def test_save_and_resume_later(app, client, demo):
    token, _ = start(client, {**PAGE1, "fft": "good"})
    resp = client.post("/s/demo/page/more", data={"submission_token": token, "score": "8", "action": "save"})
    assert resp.headers["Location"].endswith("/s/demo/saved")
    saved = client.get("/s/demo/saved").text
    code = re.search(r'class="resume-code">([A-Z0-9-]+)<', saved).group(1)
    assert "Write this code down" in saved
    # a phone user was told about "a shared computer", where every other page says "device"
    assert "If other people use this phone, tablet or computer, close the browser" in saved
    assert "shared computer" not in saved
    assert "Finish and go back to the start" not in saved  # the answers are still here, to carry on with
    again = client.get("/s/demo/saved").text
    assert code not in again and "Get a new code" in again  # shown once
    client.post("/s/demo/saved")
    new_code = re.search(r'class="resume-code">([A-Z0-9-]+)<', client.get("/s/demo/saved").text).group(1)
    assert new_code != code
    assert "could not find" in app.test_client().post("/s/demo/resume", data={"resume_code": code}).text
    code = new_code

    other = app.test_client()  # another day, another device: no session
    resume = other.get("/s/demo/resume")
    assert resume.status_code == 200 and 'for="resume_code"' in resume.text
    bad = other.post("/s/demo/resume", data={"resume_code": ""})
    assert re.search(r'<a href="#resume_code">Enter your resume code', bad.text)
    bad = other.post("/s/demo/resume", data={"resume_code": "AAAA-BBBB-CCCC"})
    assert "could not find saved answers" in bad.text and title_of(bad.text).startswith("Error:")
    resp = other.post("/s/demo/resume", data={"resume_code": code.lower().replace("-", " ")})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/s/demo/page/more")
    page = other.get("/s/demo/page/more").text
    assert re.search(r'value="8"\s+checked', page)
    token = token_of(page)  # a token of this device's own: the one that entered the code holds the answers
    page_data = {"submission_token": token, "score": "8", "grid-r1": "agree", "grid-r2": "neither"}
    other.post("/s/demo/page/more", data=page_data)
    done = other.post("/s/demo/check", data={"submission_token": token})
    assert done.headers["Location"].endswith("/thanks")
    response = only_response(app)
    assert response.status == "submitted" and response.resume_code_hash is None
    assert stored_answers(response)["score"] == 8
    assert "could not find" in other.post("/s/demo/resume", data={"resume_code": code}).text


def test_easy_read_locale_is_used_and_stored(app, client, demo):
    page = client.get("/s/demo?lang=en-easy").text
    assert "Easy demo" in page and "Standard version" in page
    token = token_of(page)
    client.post("/s/demo", data={"submission_token": token, **PAGE1})
    easy = client.get("/s/demo/page/poor").text
    assert "Tell us what was bad" in easy
    # the character-count hint is in easy words too (a new user saw the standard one)
    assert "Please do not write anyone's name" in html.unescape(easy) and "identify you" not in easy
    assert only_response(app).locale == "en-easy"
    assert "Easy read version" in client.get("/s/demo/page/poor?lang=en").text


def test_check_page_lists_answers_with_change_links(client, demo):
    token, _ = start(client)
    client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late"})
    client.post("/s/demo/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree",
                                           "order-rank-c": "1", "order-rank-a": "2"})
    html = client.get("/s/demo/check").text
    for text in ("Poor", "GP", "Other: Dentist", "3 February 2024", "Late", "1. Gamma", "2. Alpha",
                 "Staff were kind: Agree", "Not answered", "Did someone help you fill this in?"):
        assert text in html, text
    assert 'href="/s/demo/page/poor?return=check#what_wrong"' in html
    # "Change" opens the page with a Back link to the check page (not to "/" or the page before).
    for page in ("first", "poor"):
        changing = client.get(f"/s/demo/page/{page}?return=check").text
        assert '<a href="/s/demo/check" class="back-link">' in changing
    # Change an answer from the check page: back to the check page afterwards.
    change = {"submission_token": token, "what_wrong": "Very late", "return": "check"}
    resp = client.post("/s/demo/page/poor", data=change)
    assert resp.headers["Location"].endswith("/s/demo/check")


#: The first page of the "mini" questionnaires below: a required FFT question.
MINI_FIRST_PAGE = """\
id: mini
version: 1
title: Mini
audience: any
sections:
  - id: first
    title: First
    questions:
      - {id: fft, type: fft, required: true}
"""
CONDITIONAL_PAGE_YAML = MINI_FIRST_PAGE + """\
  - id: wrong
    title: What went wrong
    show_if: fft in ["poor", "very_poor"]
    questions:
      - {id: what_wrong, type: free_text, text: "What went wrong?"}
  - id: last
    title: Last
    questions:
      - {id: anything_else, type: free_text, text: "Anything else?"}
"""


def serve_mini(app, client, tmp_path, text: str) -> str:
    """Serve ``text`` as the only questionnaire, "mini"; the token of its first page."""
    path = tmp_path / "mini.yaml"
    path.write_text(text)
    app.extensions[CACHE_KEY] = {"mini": load_questionnaire(path)}
    return token_of(client.get("/s/mini").text)


def answer_mini(app, client, tmp_path) -> str:
    """Serve CONDITIONAL_PAGE_YAML as "mini" and answer every page (FFT poor, "Late"); the token."""
    token = serve_mini(app, client, tmp_path, CONDITIONAL_PAGE_YAML)
    for page, data in (("first", {"fft": "poor"}), ("wrong", {"what_wrong": "Late"}), ("last", {})):
        client.post(f"/s/mini/page/{page}", data={"submission_token": token, **data})
    return token


def test_a_page_hidden_by_a_change_is_asked_again_when_a_later_change_shows_it(app, client, tmp_path):
    # A tester changed FFT from poor to good on the check page (hiding "What went wrong" and
    # dropping its answer), then back to poor: they went straight back to the check page,
    # which said "Not answered", and the page was never asked again.
    token = answer_mini(app, client, tmp_path)
    assert "Late" in client.get("/s/mini/check").text
    change = {"submission_token": token, "return": "check"}
    to_good = client.post("/s/mini/page/first", data={**change, "fft": "good"})
    assert to_good.headers["Location"].endswith("/s/mini/check")
    assert "What went wrong?" not in client.get("/s/mini/check").text
    back_to_poor = client.post("/s/mini/page/first", data={**change, "fft": "poor"})
    assert back_to_poor.headers["Location"].endswith("/s/mini/page/wrong?return=check")
    assert 'name="return" value="check"' in client.get("/s/mini/page/wrong?return=check").text
    answered = client.post("/s/mini/page/wrong", data={**change, "what_wrong": "Very late"})
    assert answered.headers["Location"].endswith("/s/mini/check")  # then straight back, not via "last"
    assert "Very late" in client.get("/s/mini/check").text


def test_the_check_page_sends_back_to_a_page_shown_again_until_it_is_seen(app, client, tmp_path):
    # After the change that showed "What went wrong" again, Back (or typing /check) showed the
    # check page with "Not answered", and it could be sent.
    token = answer_mini(app, client, tmp_path)
    change = {"submission_token": token, "return": "check"}
    client.post("/s/mini/page/first", data={**change, "fft": "good"})
    client.post("/s/mini/page/first", data={**change, "fft": "poor"})
    shown = client.get("/s/mini/check")
    assert shown.status_code == 302 and shown.headers["Location"].endswith("/s/mini/page/wrong?return=check")
    sent = client.post("/s/mini/check", data={"submission_token": token, "help": "no"})
    assert sent.headers["Location"].endswith("/s/mini/page/wrong?return=check")
    assert only_response(app).status == "in_progress"
    answered = client.post("/s/mini/page/wrong", data={**change, "what_wrong": ""})  # seen, left blank
    assert answered.headers["Location"].endswith("/s/mini/check")
    assert client.get("/s/mini/check").status_code == 200


SUPPORT_PAGE_YAML = MINI_FIRST_PAGE + """\
  - id: support
    title: Support for you
    questions:
      - {id: recognised, type: free_text, text: "Do you feel recognised?"}
      - {id: time_off, type: free_text, text: "Do you get time off?"}
      - {id: assessment, type: free_text, text: "Have you had a carer's assessment?"}
  - id: last
    title: Last
    questions:
      - {id: anything_else, type: free_text, text: "Anything else?"}
"""


def save_and_resume(app, client, token: str, page: str, data: dict) -> tuple:
    """Press "Save and come back later" on ``page`` with ``data``, then enter the code in a new
    browser; (that browser, where the resume sends it)."""
    saved = client.post(f"/s/mini/page/{page}", data={"submission_token": token, "action": "save", **data})
    assert saved.headers["Location"].endswith("/s/mini/saved")
    code = re.search(r'class="resume-code">([A-Z0-9-]+)<', client.get("/s/mini/saved").text).group(1)
    other = app.test_client()
    resumed = other.post("/s/mini/resume", data={"resume_code": code})
    assert resumed.status_code == 302
    return other, resumed.headers["Location"]


def test_a_resumed_draft_opens_at_the_page_where_save_was_pressed(app, client, tmp_path):
    # A new user answered 1 of 3 questions on "Support for you", saved, and resumed with the code
    # in a new browser: they landed on the next page, and never saw the other two questions.
    token = serve_mini(app, client, tmp_path, SUPPORT_PAGE_YAML)
    client.post("/s/mini/page/first", data={"submission_token": token, "fft": "good"})
    saved = client.post("/s/mini/page/support", data={"submission_token": token, "action": "save",
                                                      "recognised": "Sometimes"})
    assert saved.headers["Location"].endswith("/s/mini/saved")
    # "Continue" on the saved page (same browser) goes back to that page too
    assert 'href="/s/mini/page/support"' in client.get("/s/mini/saved").text
    other, where = save_and_resume(app, client, token, "support", {"recognised": "Sometimes"})
    assert where.endswith("/s/mini/page/support")
    page = other.get(where).text
    assert "Sometimes" in page and 'name="time_off"' in page
    token = token_of(page)  # the device that entered the code holds the answers now
    # the page is asked before "Check your answers" can be reached
    assert other.get("/s/mini/check").headers["Location"].endswith("/s/mini/page/support?return=check")
    nxt = other.post(where, data={"submission_token": token, "recognised": "Sometimes", "time_off": "Never"})
    assert nxt.headers["Location"].endswith("/s/mini/page/last")


def test_blank_optional_answers_on_a_page_passed_do_not_bring_a_resumed_draft_back(app, client, tmp_path):
    token = serve_mini(app, client, tmp_path, SUPPORT_PAGE_YAML)
    client.post("/s/mini/page/first", data={"submission_token": token, "fft": "good"})
    client.post("/s/mini/page/support", data={"submission_token": token})  # all three left blank
    other, where = save_and_resume(app, client, token, "last", {"anything_else": "Thanks"})
    assert where.endswith("/s/mini/page/last")
    token = token_of(other.get(where).text)  # the device that entered the code holds the answers now
    done = other.post(where, data={"submission_token": token, "anything_else": "Thanks"})
    assert done.headers["Location"].endswith("/s/mini/check")
    assert other.get("/s/mini/check").status_code == 200  # not sent back to "Support for you"
    # every page passed, then saved from a "Change" link: the code opens "Check your answers"
    other.post("/s/mini/page/last", data={"submission_token": token})
    other, where = save_and_resume(app, other, token, "first", {"fft": "poor", "return": "check"})
    assert where.endswith("/s/mini/check")


def test_a_draft_saved_before_pages_were_stored_resumes_at_its_last_page_with_blanks(app, client, tmp_path):
    # drafts saved before migration 3756868ab15f have no pages_seen: the last page with an answer
    # is shown again when some of its questions are blank (Save may have been pressed there)
    token = serve_mini(app, client, tmp_path, SUPPORT_PAGE_YAML)
    client.post("/s/mini/page/first", data={"submission_token": token, "fft": "good"})
    saved = client.post("/s/mini/page/support", data={"submission_token": token, "action": "save",
                                                      "recognised": "Sometimes"})
    assert saved.status_code == 302
    code = re.search(r'class="resume-code">([A-Z0-9-]+)<', client.get("/s/mini/saved").text).group(1)
    with app.app_context():
        db.session.execute(sa.update(Response).values(pages_seen=None))
        db.session.commit()
    resumed = app.test_client().post("/s/mini/resume", data={"resume_code": code})
    assert resumed.headers["Location"].endswith("/s/mini/page/support")


HIDDEN_QUESTION_YAML = MINI_FIRST_PAGE + """\
  - id: more
    title: More
    questions:
      - id: why_poor
        type: free_text
        text: "Why was it poor?"
        show_if: fft in ["poor", "very_poor"]
      - {id: anything_else, type: free_text, text: "Anything else?"}
"""


def test_a_change_that_hides_only_a_question_of_a_later_page_goes_straight_back_to_check(app, client, tmp_path):
    # Changing FFT from poor to good hid "Why was it poor?" and kept "Anything else?" on the
    # same page: the person was sent through that page again, though nothing new was on it.
    token = serve_mini(app, client, tmp_path, HIDDEN_QUESTION_YAML)
    client.post("/s/mini/page/first", data={"submission_token": token, "fft": "poor"})
    client.post("/s/mini/page/more", data={"submission_token": token, "why_poor": "Late", "anything_else": "Kind"})
    change = {"submission_token": token, "return": "check"}
    to_good = client.post("/s/mini/page/first", data={**change, "fft": "good"})
    assert to_good.headers["Location"].endswith("/s/mini/check")
    check = client.get("/s/mini/check")
    assert check.status_code == 200 and "Kind" in check.text and "Why was it poor?" not in check.text
    back_to_poor = client.post("/s/mini/page/first", data={**change, "fft": "poor"})  # the question is back, empty
    assert back_to_poor.headers["Location"].endswith("/s/mini/page/more?return=check")
    assert client.get("/s/mini/check").headers["Location"].endswith("/s/mini/page/more?return=check")
    answered = client.post("/s/mini/page/more", data={**change, "why_poor": "Very late", "anything_else": "Kind"})
    assert answered.headers["Location"].endswith("/s/mini/check")
    assert "Very late" in client.get("/s/mini/check").text


THREE_BOXES_YAML = MINI_FIRST_PAGE + """\
  - id: say
    title: Tell us more
    questions:
      - {id: went_well, type: free_text, multiline: true, max_length: 10, text: "What went well?"}
      - {id: better, type: free_text, multiline: true, max_length: 10, text: "What could be better?"}
      - {id: else, type: free_text, multiline: true, max_length: 10, text: "Anything else?"}
      - {id: started, type: date, text: "When did your care start?"}
      - {id: ended, type: date, text: "When did your care end?"}
"""


def test_each_error_names_its_question_in_the_summary_and_beside_the_box(app, client, tmp_path):
    # Three long answers gave three identical "Your answer must be 5000 characters or fewer
    # (you have 5001)" in the error summary, and two dates two "Date must include a day".
    token = serve_mini(app, client, tmp_path, THREE_BOXES_YAML)
    client.post("/s/mini/page/first", data={"submission_token": token, "fft": "good"})
    data = {"submission_token": token, "went_well": "x" * 11, "better": "y" * 11, "else": "z" * 11,
            "started-month": "3", "started-year": "2024", "ended-month": "4", "ended-year": "2024"}
    page = html.unescape(client.post("/s/mini/page/say", data=data).text)
    summary = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a>', page)
    assert summary == [
        ("went_well", "“What went well?” must be 10 characters or fewer (you have 11)"),
        ("better", "“What could be better?” must be 10 characters or fewer (you have 11)"),
        ("else", "“Anything else?” must be 10 characters or fewer (you have 11)"),
        ("started-day", "The date for “When did your care start?” must include a day"),
        ("ended-day", "The date for “When did your care end?” must include a day"),
    ]
    for anchor, message in summary:  # the same words beside each question
        qid = anchor.removesuffix("-day")
        beside = rf'id="{qid}-error" class="error-message"><span[^>]*>Error:</span> {re.escape(message)}<'
        assert re.search(beside, page)


#: The demo questionnaire (as "mini") with a last page asking for a postcode district.
POSTCODE_YAML = DEMO_YAML.replace("id: demo", "id: mini", 1) + """\
  - id: area
    title: {en: Where you live, en-easy: Where you live}
    questions:
      - id: postcode_district
        type: free_text
        text: {en: "Your postcode district?", en-easy: "Your postcode district?"}
        format: postcode_district
"""


@pytest.mark.parametrize(("typed", "stored"), [("DH9 6PQ", "DH9"), ("dh1 3le", "DH1"), (" ne61 ", "NE61"),
                                               ("EC1A1BB", "EC1A"), ("BFPO 123", "BFPO"), ("bfpo123", "BFPO"),
                                               ("GIR 0AA", "GIR")])
def test_a_whole_postcode_is_accepted_and_only_its_district_stored(app, client, tmp_path, typed, stored):
    # "DH9 6PQ" was refused as "must be 4 characters or fewer (you have 7)".
    token = serve_mini(app, client, tmp_path, POSTCODE_YAML)
    client.post("/s/mini/page/first", data={"submission_token": token, "fft": "good"})
    client.post("/s/mini/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    resp = client.post("/s/mini/page/area", data={"submission_token": token, "postcode_district": typed})
    assert resp.status_code == 302, resp.text
    assert stored_answers(only_response(app))["postcode_district"] == stored
    with app.app_context():  # the inward part is stored nowhere
        assert db.session.scalars(sa.select(Answer.text_value).where(Answer.text_value.is_not(None))).all() == [stored]


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Enter only the first part of your postcode, like DH1"),
    ("en-easy", "Write only the first part of your postcode. For example DH1."),
])
def test_an_answer_that_is_not_a_postcode_district_gets_a_specific_message(app, client, tmp_path, lang, message):
    token = serve_mini(app, client, tmp_path, POSTCODE_YAML)
    client.get(f"/s/mini?lang={lang}")
    client.post("/s/mini/page/first", data={"submission_token": token, "fft": "good"})
    client.post("/s/mini/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    resp = client.post("/s/mini/page/area", data={"submission_token": token, "postcode_district": "don't know"})
    assert resp.status_code == 200
    assert re.search(rf'<a href="#postcode_district">[^<]*{re.escape(html.escape(message, quote=False))}', resp.text)
    assert "characters or fewer" not in resp.text and "don&#39;t know" in resp.text
    assert "postcode_district" not in stored_answers(only_response(app))


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Select the box for “Are you happy to take part?” if you are happy to take part"),
    ("en-easy", "Tick the box for this question: “Do you want to do the survey?” Only tick it if you want to do "
                "the survey."),
])
def test_consent_is_a_single_checkbox_that_can_be_unticked_keeping_the_other_answers(app, client, lang, message):
    # A required consent was a lone radio: once chosen it could not be unchosen before sending.
    url = "/s/carers/page/before_you_start"
    page = client.get(f"{url}?lang={lang}").text
    assert re.search(r'<input class="choices__input" id="consent" name="consent" type="checkbox" value="yes"', page)
    assert 'type="radio"' not in page and "choices choices--checkboxes" in page
    token = token_of(page)
    first = {"submission_token": token, "caring_for": ["parent"], "people_cared_for": "2"}
    assert client.post(url, data={**first, "consent": "yes"}).status_code == 302
    assert re.search(r'value="yes"\s+checked', client.get(url).text)
    unticked = client.post(url, data=first)  # changed their mind: the box unticked, nothing else
    assert unticked.status_code == 200
    assert html.escape(message, quote=False) in unticked.text
    assert re.search(r'value="parent"\s+checked', unticked.text) and 'value="2"' in unticked.text
    # nothing is kept for later without consent (a tester saved free text with the box
    # unticked): Save asks for the box, as Continue does, and what was stored stays as it was
    saved = client.post(url, data={**first, "people_cared_for": "3", "action": "save"})
    assert saved.status_code == 200 and html.escape(message, quote=False) in saved.text
    assert 'value="3"' in saved.text
    assert stored_answers(only_response(app)) == {"consent": "yes", "caring_for": ["parent"], "people_cared_for": 2}


def test_a_ranking_with_a_gap_is_refused_with_the_positions_kept(app, client, demo):
    # A tester ranked one option 1 and another 5: the second was stored as rank 2.
    token, _ = start(client)
    client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late"})
    resp = client.post("/s/demo/page/more", data={"submission_token": token, "order-rank-a": "1",
                                                   "order-rank-c": "3"})
    assert resp.status_code == 200 and "Error: " in title_of(resp.text)
    assert "Choose position 2 for one of the options" in resp.text
    assert 'href="#order-rank-c"' in resp.text
    for rid, pos in (("order-rank-a", "1"), ("order-rank-c", "3")):
        select = re.search(rf'<select[^>]*id="{rid}".*?</select>', resp.text, re.S).group(0)
        assert re.search(rf'value="{pos}"\s*selected', select), rid
    assert "order" not in stored_answers(only_response(app))


def test_pages_that_show_answers_are_not_stored_by_the_browser(app, client, demo):
    # Shared ward tablets: the next person's Back button or the cache must not show answers.
    token, _ = start(client)
    client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late"})
    client.post("/s/demo/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    pages = [client.get(url) for url in ("/s/demo", "/s/demo/page/poor", "/s/demo/check", "/s/demo/resume")]
    pages.append(client.post("/s/demo/page/more", data={"submission_token": token, "action": "save"},
                             follow_redirects=True))  # the page with the resume code
    pages.append(client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "x" * 21}))
    assert [p.status_code for p in pages] == [200] * 6
    assert "Check your answers" in pages[2].text and "Late" in pages[2].text
    assert all(p.headers.get("Cache-Control") == "no-store" for p in pages)
    assert "no-store" not in client.get("/accessibility").headers.get("Cache-Control", "")


def test_typed_text_is_isolated_so_a_right_to_left_override_cannot_flip_the_page(client, demo):
    # U+202E in an answer flipped the rest of its line on the check page, "Change" link included.
    flipped = "Late\u202e again"
    token, _ = start(client, {**PAGE1, "services:other": "Dentist\u202e!"})
    client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": flipped})
    client.post("/s/demo/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    check = client.get("/s/demo/check").text
    assert f"<bdi>{flipped}</bdi>" in check and "<bdi>Other: Dentist\u202e!</bdi>" in check
    page = client.get("/s/demo/page/poor").text  # typed text shown again in its box
    assert re.search(r'<input[^>]*name="what_wrong"[^>]*dir="auto"', page)


def leave_idle(client, minutes: float, qid: str = "demo") -> None:
    """Make this browser's journey look last used ``minutes`` ago."""
    with client.session_transaction() as sess:
        sess["surveys"][qid]["used"] -= int(minutes * 60)
        sess.modified = True


@pytest.mark.parametrize(("lang", "heading", "restart"), [
    ("en", "You have answers in progress", "Start again (clear these answers)"),
    ("en-easy", "Someone has started this survey", "Start again and clear the answers"),
])
def test_the_start_link_on_a_device_with_answers_asks_continue_or_start_again(app, client, demo, lang, heading,
                                                                               restart):
    # The next person on a ward tablet who opened /s/fft found the last person's answers filled in.
    client.get(f"/s/demo?lang={lang}")
    token, _ = start(client)
    page = client.get("/s/demo").text
    assert heading in page and restart in page and title_of(page).startswith(heading)
    assert "Dentist" not in page and "checked" not in page and 'name="fft"' not in page  # no answer shown
    assert 'href="/s/demo/page/poor" role="button"' in page  # continue: the first page not yet answered
    assert client.get("/s/demo/page/first").status_code == 200  # Back from page 2 is not interrupted
    resp = client.post("/s/demo/restart")
    assert resp.status_code == 302 and "/s/demo" in resp.headers["Location"]
    fresh = client.get(resp.headers["Location"]).text
    assert "Dentist" not in fresh and not re.search(r"\bchecked\b", fresh) and token_of(fresh) != token
    assert client.get("/s/demo/check").headers["Location"].endswith("/s/demo")
    with app.app_context():  # no resume code was asked for: nobody could get the draft back
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 0


def test_start_again_keeps_a_draft_whose_resume_code_was_given(app, client, demo):
    start(client)
    with app.app_context():
        draft = db.session.scalars(sa.select(Response)).one()
        draft.resume_code_hash = "x" * 64  # as "Save and come back later" stores it
        db.session.commit()
    client.post("/s/demo/restart")
    assert only_response(app).status == "in_progress"  # the stored draft stays, for its resume code


def test_a_resume_code_entered_over_answers_with_no_code_deletes_them_as_start_again_does(app, client, demo):
    # The answers in progress left the browser with nothing to bring them back, and stayed in
    # the database until purge-drafts, as "Start again" and the idle clear no longer leave them.
    saver = app.test_client()
    token, _ = start(saver)
    saver.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late", "action": "save"})
    code = saved_code(saver.get("/s/demo/saved").text)
    start(client, {**PAGE1, "services:other": "Typed here, never saved"})
    assert client.post("/s/demo/resume", data={"resume_code": code}).status_code == 302
    assert len(all_responses(app)) == 1 and stored_answers(only_response(app))["what_wrong"] == "Late"  # the saver's
    assert 'value="Late"' in client.get("/s/demo/page/poor").text


@pytest.mark.parametrize("how", ["start again", "idle", "send"])
def test_the_next_person_gets_the_default_version_of_the_pages(app, client, demo, how):
    # The last person chose easy read; "Start again" handed the next person easy read too, and
    # so did the idle clear once the last person had walked away, and sending their answers.
    client.get("/s/demo?lang=en-easy&service=ward-7")
    if how == "send":
        complete(client, demo, trigger=False)
        assert "Thank you. We have your answers." in client.get("/s/demo/thanks").text  # the version they read
        fresh = client.get("/s/demo").text
    elif how == "start again":
        start(client)
        resp = client.post("/s/demo/restart")
        assert resp.status_code == 302 and "lang=" not in resp.headers["Location"]
        fresh = client.get(resp.headers["Location"]).text
    else:
        start(client)
        leave_idle(client, 61)
        fresh = client.get("/s/demo").text
        assert "we cleared the answers on this device because nothing was done for 60 minutes" in fresh
    assert "Save and come back later" in fresh and "Save and finish later" not in fresh
    assert "Demo survey" in fresh and "Easy read version" in fresh  # the switch is there to choose it
    assert "Dentist" not in fresh and not re.search(r"\bchecked\b", fresh)
    token = token_of(fresh)
    client.post("/s/demo", data={"submission_token": token, "fft": "good"})
    with app.app_context():
        r = db.session.scalar(sa.select(Response).where(Response.submission_token == token))
        assert r.locale == "en" and r.service == "Ward 7"  # the device's ward stays


def test_a_journey_left_idle_is_cleared_from_the_session(app, client, demo):
    app.config["JOURNEY_IDLE_MINUTES"] = 30
    token, _ = start(client)
    leave_idle(client, 29)
    assert client.get("/s/demo/check").status_code == 302 and "Dentist" in client.get("/s/demo/page/first").text
    leave_idle(client, 31)
    assert client.get("/s/demo/check").headers["Location"].endswith("/s/demo")
    page = client.get("/s/demo").text
    assert "we cleared the answers on this device because nothing was done for 30 minutes" in page
    assert "resume code" in page and "Dentist" not in page
    assert "we cleared" not in client.get("/s/demo").text  # said once
    assert count(app, Response) == 0  # no resume code was given for it: deleted
    app.config["JOURNEY_IDLE_MINUTES"] = 1  # not "1 minutes"
    start(client)
    leave_idle(client, 2)
    assert "nothing was done for 1 minute." in client.get(client.get("/s/demo/check").headers["Location"]).text


def test_a_kiosk_link_clears_the_answers_sooner_on_that_device_only(app, client, demo):
    # A GP waiting room's tablet: for an hour after someone walked away mid-way, the next person's
    # Back button showed their answers. Phones (the same questionnaire's QR code) keep the hour.
    first = client.get("/s/demo?kiosk=1&service=ward-7").text
    assert "This device is shared. Your answers are cleared from it if nothing is done for 10 minutes." in first
    start(client)
    leave_idle(client, 9)
    assert "Dentist" in client.get("/s/demo/page/first").text  # their own Back still shows their answers
    leave_idle(client, 11)
    page = client.get("/s/demo/page/first").text
    assert "Dentist" not in page and "nothing was done for 10 minutes" in page
    assert "if nothing is done for 10 minutes" in page  # still a shared device for the next person
    client.post("/s/demo/restart")
    start(client)
    leave_idle(client, 11)
    assert "Dentist" not in client.get("/s/demo/page/first").text  # "Start again" kept the mark too

    phone = app.test_client()
    assert "This device is shared" not in phone.get("/s/demo?service=ward-7").text
    start(phone)
    leave_idle(phone, 11)
    assert "Dentist" in phone.get("/s/demo/page/first").text

    client.get("/s/demo/page/first?kiosk=0")  # the mark taken off: the site's idle time again
    start(client)
    leave_idle(client, 11)
    assert "Dentist" in client.get("/s/demo/page/first").text
    app.config["JOURNEY_IDLE_MINUTES"] = 5  # the shorter of the two counts on a kiosk
    client.get("/s/demo/page/first?kiosk=1")
    leave_idle(client, 6)
    assert "nothing was done for 5 minutes" in client.get("/s/demo/page/first").text
    easy = app.test_client().get("/s/demo?kiosk=1&lang=en-easy").text
    assert "Other people use this device too. If you do nothing for 5 minutes, we clear your answers" in easy


def saved_code(html: str) -> str:
    """The resume code on a "Your answers are saved" page."""
    return re.search(r'class="resume-code">([A-Z0-9-]+)<', html).group(1)


@pytest.mark.parametrize(("lang", "heading", "cleared", "finish"), [
    ("en", "Your answers are saved", "We have cleared your answers from this device",
     "Finish and go back to the start page"),
    ("en-easy", "We have saved your answers", "We have taken your answers off this device",
     "Finish and go back to the start"),
])
def test_on_a_kiosk_save_takes_the_answers_off_the_device_and_only_the_code_brings_them_back(
    app, client, demo, lang, heading, cleared, finish
):
    # A GP practice's tablet: a patient saved, the next patient opened the start link, got "Continue
    # where you left off" and saw the saved answers. The saved page said to close the browser,
    # which a kiosk cannot.
    client.get(f"/s/demo?service=ward-7&kiosk=1&lang={lang}")
    token, _ = start(client)
    resp = client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late twice",
                                                   "action": "save"})
    assert resp.headers["Location"].endswith("/s/demo/saved")
    saved = client.get("/s/demo/saved").text
    code = saved_code(saved)
    assert heading in saved and cleared in saved and "Write this code down now" in saved
    assert "only once" in saved or "only show this code once" in saved
    assert "close the browser" not in saved.lower() and "Carry on with the" not in saved  # nothing left here
    # the code stayed on the screen for the next person, with only the header's link away from it
    # (no timed return to the start: README, "Setting up a tablet")
    assert f'href="/s/demo?service=ward-7">{finish}</a>' in saved and "http-equiv" not in saved
    again = client.get("/s/demo/saved").text
    assert code not in again and "Get a new code" not in again and "carry on now" not in again
    assert f'href="/s/demo?service=ward-7">{finish}</a>' in again
    assert client.post("/s/demo/saved").status_code == 302 and "resume-code" not in client.get("/s/demo/saved").text

    # the next person: the start link, Back, an address typed in, the check page
    fresh = client.get("/s/demo")
    assert "answers in progress" not in fresh.text and "Someone has started" not in fresh.text
    assert token_of(fresh.text) != token and "Save and come back later" in fresh.text  # the default version
    assert client.get("/s/demo/check").headers["Location"].endswith("/s/demo")
    assert client.get("/s/demo/page/poor").headers["Location"].endswith("/s/demo/page/first")
    for page in (fresh.text, client.get("/s/demo/page/first").text):
        assert "Dentist" not in page and "Late twice" not in page and not re.search(r"\bchecked\b", page)
    draft = only_response(app)  # the draft stays, reachable with the code only
    assert draft.status == "in_progress" and draft.resume_code_hash is not None
    assert stored_answers(draft)["what_wrong"] == "Late twice"

    client.post("/s/demo", data={"submission_token": token_of(fresh.text), "fft": "good"})  # the next person's
    assert {r.service for r in all_responses(app)} == {"Ward 7"}  # the device's ward stays
    resumed = client.post("/s/demo/resume", data={"resume_code": code})
    assert resumed.headers["Location"].endswith("/s/demo/page/poor")
    assert 'value="Late twice"' in client.get("/s/demo/page/poor").text


def test_a_second_click_on_save_on_a_kiosk_still_shows_the_resume_code(app, client, demo):
    # A slow tablet: the first click's redirect came back (and took the journey off the device)
    # before the second click was sent, so the second found the draft "not yours" and said
    # "use your resume code if you saved your answers": the code was never shown.
    client.get("/s/demo?kiosk=1")
    token, _ = start(client)
    data = {"submission_token": token, "what_wrong": "Late twice", "action": "save"}
    assert client.post("/s/demo/page/poor", data=data).headers["Location"].endswith("/s/demo/saved")
    second = client.post("/s/demo/page/poor", data=data)
    assert second.status_code == 302 and second.headers["Location"].endswith("/s/demo/saved")
    code = saved_code(client.get("/s/demo/saved").text)
    assert stored_answers(only_response(app))["what_wrong"] == "Late twice"
    # once the code has been shown, the form posted again (Back on the next person's turn) gets nothing
    third = client.post("/s/demo/page/poor", data=data)
    assert third.status_code == 400 and code not in third.text
    assert code not in client.get("/s/demo/saved").text
    assert app.test_client().post("/s/demo/resume", data={"resume_code": code}).status_code == 302


def all_responses(app) -> list[Response]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Response)).all()
        db.session.expunge_all()
        return rows


def test_a_response_sent_from_a_kiosk_is_stored_with_channel_tablet(app, demo):
    # A tester: responses from the waiting-room tablet were stored as "online", and the FFT is
    # submitted per collection mode (web, paper, tablet ...).
    kiosk, phone = app.test_client(), app.test_client()
    kiosk.get("/s/demo?service=ward-7&kiosk=1")
    sent = {"kiosk": complete(kiosk, demo, trigger=False)[2]}
    sent["next on the kiosk"] = complete(kiosk, demo, trigger=True)[2]
    sent["phone"] = complete(phone, demo, trigger=False)[2]
    kiosk.get("/s/demo?kiosk=0")  # the mark taken off: this browser's answers are online again
    sent["kiosk=0"] = complete(kiosk, demo, trigger=False)[2]
    stored = {r.submission_token: (r.status, r.channel) for r in all_responses(app)}
    assert {name: stored[token] for name, token in sent.items()} == {
        "kiosk": ("submitted", "tablet"), "next on the kiosk": ("submitted", "tablet"),
        "phone": ("submitted", "online"), "kiosk=0": ("submitted", "online"),
    }


@pytest.mark.parametrize(
    ("saved_on", "sent_on", "channel"), [("kiosk", "phone", "online"), ("phone", "kiosk", "tablet")]
)
def test_a_saved_draft_takes_the_channel_of_the_device_it_is_sent_from(app, demo, saved_on, sent_on, channel):
    # The FFT's collection mode is where the answers were sent from: a draft saved on a kiosk
    # and sent from a phone with its code is online, and the other way round a tablet's.
    devices = {"kiosk": app.test_client(), "phone": app.test_client()}
    devices["kiosk"].get("/s/demo?kiosk=1")
    token, _ = start(devices[saved_on])
    devices[saved_on].post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late",
                                                      "action": "save"})
    code = saved_code(devices[saved_on].get("/s/demo/saved").text)
    assert (only_response(app).status, only_response(app).channel) == ("in_progress", "online")  # a draft: unchanged

    client = devices[sent_on]
    assert client.post("/s/demo/resume", data={"resume_code": code}).headers["Location"].endswith("/s/demo/page/poor")
    token = token_of(client.get("/s/demo/page/poor").text)  # the device that entered the code holds the answers
    client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late"})
    client.post("/s/demo/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    assert client.post("/s/demo/check", data={"submission_token": token}).headers["Location"].endswith("/thanks")
    sent = only_response(app)
    assert (sent.submission_token, sent.status, sent.channel) == (token, "submitted", channel)


def two_devices(app, lang="en"):
    """A carer's phone that saved on the page "more" (score 4) and the laptop that entered the
    code: (phone, laptop, phone's token, laptop's token, code)."""
    phone, laptop = app.test_client(), app.test_client()
    phone.get(f"/s/demo?lang={lang}")
    token, _ = start(phone, {**PAGE1, "fft": "good"})
    phone.post("/s/demo/page/more", data={"submission_token": token, "score": "4", "action": "save"})
    code = saved_code(phone.get("/s/demo/saved").text)
    assert laptop.post("/s/demo/resume", data={"resume_code": code}).headers["Location"].endswith("/s/demo/page/more")
    return phone, laptop, token, token_of(laptop.get("/s/demo/page/more").text), code


MORE = {"grid-r1": "agree", "grid-r2": "agree"}


@pytest.mark.parametrize(("lang", "moved", "kept"), [
    ("en", "You carried on with these answers on another device", "What you typed on this page is still below"),
    ("en-easy", "You went on with these answers on another device", "Your answers on this page are still here"),
])
def test_a_page_from_a_device_whose_answers_were_resumed_elsewhere_is_kept_on_screen_not_stored(
    app, demo, lang, moved, kept
):
    # A carer saved on a phone, carried on on a laptop, then went back to the old phone tab:
    # the phone's page overwrote the laptop's answers without a word.
    phone, laptop, token, laptop_token, code = two_devices(app, lang)
    assert laptop_token != token  # the laptop holds the answers now
    laptop.post("/s/demo/page/more", data={"submission_token": laptop_token, "score": "9", **MORE})
    stale = phone.post("/s/demo/page/more", data={"submission_token": token, "score": "3", **MORE})
    assert stale.status_code == 409 and title_of(stale.text).startswith("Error:")
    assert moved in html.unescape(stale.text) and kept in html.unescape(stale.text)
    assert re.search(r'value="3"\s+checked', stale.text)  # what the phone typed, to copy
    assert 'href="/s/demo/resume"' in stale.text
    assert stored_answers(only_response(app))["score"] == 9  # the laptop's answer stands
    again = phone.post("/s/demo/page/more", data={"submission_token": token, "score": "3", **MORE})
    assert again.status_code == 409 and stored_answers(only_response(app))["score"] == 9  # told again, not stored
    # the phone's other pages say so too, and nothing of the draft is shown there
    assert phone.get("/s/demo/check").headers["Location"].endswith("/s/demo")
    first = phone.get("/s/demo").text
    assert moved in html.unescape(first) and "Dentist" not in first
    # the code brings the answers back to the phone, and then the laptop is the one told
    assert phone.post("/s/demo/resume", data={"resume_code": code}).status_code == 302
    phone_token = token_of(phone.get("/s/demo/page/more").text)
    assert phone_token not in (token, laptop_token)
    here = phone.post("/s/demo/page/more", data={"submission_token": phone_token, "score": "3", **MORE})
    assert here.status_code == 302
    assert stored_answers(only_response(app))["score"] == 3
    late = laptop.post("/s/demo/page/more", data={"submission_token": laptop_token, "score": "9", **MORE})
    assert late.status_code == 409
    assert stored_answers(only_response(app))["score"] == 3


def test_a_page_from_a_device_whose_answers_were_sent_elsewhere_says_so_and_keeps_what_was_typed(app, demo):
    # The laptop sent the answers; the old phone tab's next page was lost and it was shown "Thank you".
    phone, laptop, token, laptop_token, _ = two_devices(app)
    laptop.post("/s/demo/page/more", data={"submission_token": laptop_token, "score": "9", **MORE})
    done = laptop.post("/s/demo/check", data={"submission_token": laptop_token})
    assert done.headers["Location"].endswith("/thanks")
    stale = phone.post("/s/demo/page/more", data={"submission_token": token, "score": "3", **MORE})
    assert stale.status_code == 409 and "/thanks" not in stale.headers.get("Location", "")
    text = html.unescape(stale.text)
    assert "These answers were sent from another device" in text
    assert "What you typed on this page is still below" in text
    assert re.search(r'value="3"\s+checked', stale.text)
    sent = only_response(app)
    assert (sent.status, stored_answers(sent)["score"]) == ("submitted", 9)
    assert phone.post("/s/demo/check", data={"submission_token": token}).headers["Location"].endswith("/s/demo")
    assert "These answers were sent from another device" in html.unescape(phone.get("/s/demo").text)


def test_entering_the_code_twice_in_one_browser_keeps_one_holder(app, demo):
    # a double click on the resume page: the browser keeps the answers, whichever answer it reads
    phone, laptop, token, laptop_token, code = two_devices(app)
    assert laptop.post("/s/demo/resume", data={"resume_code": code}).status_code == 302
    assert token_of(laptop.get("/s/demo/page/more").text) == laptop_token
    assert laptop.post("/s/demo/page/more", data={"submission_token": laptop_token, **MORE}).status_code == 302
    # the phone that saved, entering its own code again, keeps its token: its other tabs carry on
    phone.post("/s/demo/resume", data={"resume_code": code})
    phone_token = token_of(phone.get("/s/demo/page/more").text)
    assert phone.post("/s/demo/resume", data={"resume_code": code}).status_code == 302
    assert token_of(phone.get("/s/demo/page/more").text) == phone_token
    assert phone.post("/s/demo/page/more", data={"submission_token": phone_token, **MORE}).status_code == 302


def test_the_idle_clear_deletes_a_draft_no_resume_code_was_given_for(app, client, demo):
    # Nobody could ever reach such a draft again, yet it sat in the database until purge-drafts
    # (90 days). "Start again" already deleted it; the idle clear now does the same.
    start(client)
    leave_idle(client, 61)
    assert "we cleared the answers on this device" in client.get("/s/demo").text
    assert count(app, Response) == 0 and count(app, Answer) == 0

    token, _ = start(client)
    client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late", "action": "save"})
    code = saved_code(client.get("/s/demo/saved").text)
    leave_idle(client, 61)
    assert "we cleared the answers on this device" in client.get("/s/demo").text
    assert only_response(app).status == "in_progress"  # its code was given: it stays for the code
    resumed = app.test_client().post("/s/demo/resume", data={"resume_code": code})
    assert resumed.headers["Location"].endswith("/s/demo/page/poor")


def test_a_page_posted_after_the_idle_clear_deleted_its_draft_is_not_stored(app, client, demo):
    token, _ = start(client)
    leave_idle(client, 61)
    resp = client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late again"})
    assert resp.status_code == 400 and 'value="Late again"' in resp.text
    assert "we cleared the answers on this device" in resp.text and token_of(resp.text) != token
    assert count(app, Response) == 0  # neither the old draft nor a new one under its token
    resp = client.post("/s/demo", data={"submission_token": token_of(resp.text), **PAGE1})
    assert resp.status_code == 302 and only_response(app).submission_token != token  # sent again: a fresh start


def test_on_a_kiosk_the_start_page_links_go_to_the_questionnaire_it_was_set_up_with(app, client, demo):
    # A GP practice's tablet: "Go back to the start page" and Back led to "/", which lists every
    # questionnaire, the staff survey too.
    home = "/s/demo?service=ward-7"
    first = client.get("/s/demo?service=ward-7&kiosk=1").text
    assert f'<a href="{home}" class="back-link">' in first
    assert f'<a href="{home}" class="header__link">' in first
    complete(client, demo, trigger=False)
    thanks = client.get("/s/demo/thanks").text
    assert f'href="{home}">Go back to the start page</a>' in thanks
    assert "http-equiv" not in thanks  # no timed return (WCAG 2.2.1): README, "Setting up a tablet"
    assert f'href="{home}">Go to the start page</a>' in client.get("/s/demo/page/nowhere").text  # 404
    assert f'<a href="{home}" class="header__link">' in client.get("/privacy").text
    assert f'<a href="{home}" class="back-link">' in client.get("/s/demo?lang=en-easy").text  # not the version

    other = app.test_client()  # a link whose service the questionnaire does not list: not kept
    assert '<a href="/s/demo" class="back-link">' in other.get("/s/demo?service=<script>&kiosk=1").text

    client.get("/s/demo?kiosk=0")  # off a kiosk, and on phones, as before: the list of questionnaires
    for page in (client.get("/s/demo").text, app.test_client().get(home).text):
        assert '<a href="/" class="back-link">' in page and '<a href="/" class="header__link">' in page
    client.get("/s/demo?kiosk=1")  # marked from a link without a service: that link
    assert '<a href="/s/demo" class="back-link">' in client.get("/s/demo").text


@pytest.mark.parametrize(("lang", "kept"), [
    ("en", ["Tell us about your experience", "You do not have to give your name.",
            "Questions marked “(optional)” can be left blank.", "This device is shared.",
            "continue with answers you saved earlier", "only as totals and themes"]),
    ("en-easy", ["Tell us what you think about our service.", "You do not have to tell us your name.",
                 "You can leave out questions that say “(optional)”.", "Other people use this device too.",
                 "Go back to your saved answers", "We use your answers to make services better."]),
])
def test_the_fft_first_page_says_each_thing_once_above_the_question(client, lang, kept):
    # A GP practice manager's tablet at phone width: the question began below the first screen,
    # after the intro box and a second paragraph that said again not to give a name and which
    # questions can be skipped.
    above = above_the_questions(client.get(f"/s/fft?service=see-and-convey&kiosk=1&lang={lang}").text)
    assert above.count("name") == 1  # one privacy line
    assert not re.search(r"skip the others|do not have to answer", above)
    assert all(text in above for text in kept), above


def above_the_questions(page: str) -> str:
    """The words of ``page``'s main part above its question form, tags removed."""
    main = page.split("<main", 1)[1].split(">", 1)[1].split("<form", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


@pytest.mark.parametrize(("qid", "lang", "kept"), [
    ("carers", "en", ["You do not have to give your name.", "Questions marked “(optional)” can be left blank.",
                      "public task", "two years", "You can stop at any time.", "call 999"]),
    ("carers", "en-easy", ["You do not have to tell us your name.", "You can leave out questions that say “(optional)”.",
                           "2 years", "You can stop at any time.", "call 999"]),
    ("people-who-use-services", "en", ["You do not have to give your name.", "public task", "two years",
                                       "You can stop at any time.", "call 999"]),
    ("people-who-use-services", "en-easy", ["You do not have to tell us your name.", "2 years",
                                            "You can stop at any time.", "call 999"]),
    ("staff", "en", ["You do not have to give your name.", "Questions marked “(optional)” can be left blank.",
                     "Your manager cannot see your answers", "employee number", "public task", "two years",
                     "You can stop at any time.", "Freedom to Speak Up"]),
])
def test_a_first_page_privacy_intro_says_the_name_line_once(client, qid, lang, kept):
    # A resident on a phone read that names are not asked for three times before the consent box
    # (the page's line, "It is anonymous. We do not ask for your name…", "Please do not write
    # names…", which each text box's hint says again), and "You can skip any question" above a
    # consent box that must be ticked.
    above = above_the_questions(client.get(f"/s/{qid}?lang={lang}").text)
    assert above.count("name") == 1, above
    assert not re.search(r"anonymous|skip any question|do not have to answer", above), above
    assert all(text in above for text in kept), above


#: What a first page's intro must still say once trimmed: how the answers are used and that no
#: one can be picked out from them, why we may ask, how long they are kept, and where to get
#: help now (the survey is not read every day).
INTRO_FACTS = ["Health and Care Partnership", "together with everyone else's", "only totals and themes",
               "never a number smaller than five", "cannot be picked out", "\"public task\" under UK GDPR",
               "equality questions near the end are optional", "two years after the survey closes",
               "then delete them", "You can stop at any time.", "We do not check this survey every day."]


@pytest.mark.parametrize(("qid", "most_words", "help_now"), [
    ("people-who-use-services", 150, ["contact your GP or call NHS 111", "In an emergency call 999."]),
    ("carers", 175, ["If you or the person you care for need help now", "NHS 111", "call 999"]),
    ("staff", 170, ["Your manager cannot see your answers", "employee number or email address",
                    "Freedom to Speak Up route or your safeguarding procedure"]),
])
def test_a_first_page_intro_is_short_and_keeps_every_fact(qid, most_words, help_now):
    # A resident and a carer with little time read 164 and 184 words (staff 190) before the
    # consent box on a phone: headings written as sentences ("What we do with your answers.",
    # "How long we keep it:"), the passive ("This survey is run by ..."), and "You can stop at
    # any time." a paragraph of its own.
    intro = load_questionnaire(ROOT / "questionnaires" / f"{qid}.yaml").sections[0].intro.get("en")
    flat = " ".join(intro.split()).replace("no one can be", "cannot be")
    assert len(flat.split()) <= most_words, len(flat.split())
    assert not re.search(r"^(What we do|Why we are allowed|How long we keep)", intro, re.MULTILINE)
    assert "is run by" not in flat and "is not checked" not in flat
    assert all(fact in flat for fact in [*INTRO_FACTS, *help_now]), flat


def test_each_text_box_asks_for_no_names_without_please(client):
    # The FFT's first page says it under each of its three boxes: GOV.UK style drops "please"
    page = html.unescape(client.get("/s/fft").text)
    hint = ("You can enter up to 5000 characters. Do not include names or other details that could identify "
            "you or anyone else.")
    assert page.count(hint) == 3 and "Please" not in page


def test_a_first_page_with_an_error_still_says_the_device_is_shared_and_links_to_saved_answers(client, demo):
    # With an error on the first page, the notice that the device clears answers left alone (the
    # time limit of the person fixing it) and the link to saved answers went from the page.
    token = token_of(client.get("/s/demo?kiosk=1").text)
    page = client.post("/s/demo", data={"submission_token": token}).text
    assert "There is a problem" in page and "A survey with every question type." in page
    assert "This device is shared. Your answers are cleared from it if nothing is done for 10 minutes." in page
    assert 'href="/s/demo/resume">continue with answers you saved earlier</a>' in page

@pytest.mark.parametrize("how", ["start again", "idle", "send"])
def test_nothing_of_the_last_persons_answers_shows_after_they_are_cleared(app, client, demo, how):
    # Every page the next person can reach (Back, an address typed in, the check page, a page
    # posted with the last person's token and an error) shows none of the last person's answers.
    token, _ = start(client)
    client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late twice"})
    client.post("/s/demo/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    if how == "start again":
        client.post("/s/demo/restart")
    elif how == "idle":
        leave_idle(client, 61)
    else:
        assert client.post("/s/demo/check", data={"submission_token": token}).headers["Location"].endswith("/thanks")
    pages = {url: client.get(url) for url in ("/s/demo/page/poor", "/s/demo/page/more", "/s/demo/check",
                                              "/s/demo", "/s/demo/page/first", "/s/demo/saved", "/s/demo/resume")}
    assert {url: r.headers.get("Location") for url, r in pages.items() if r.status_code == 302} == {
        "/s/demo/page/poor": "/s/demo/page/first", "/s/demo/page/more": "/s/demo/page/first",
        "/s/demo/check": "/s/demo",
    }
    posted = client.post("/s/demo/page/first", data={"submission_token": token, "when-day": "40"})
    # an error on it (the draft, given no resume code, was deleted), or sent already
    assert posted.status_code == {"start again": 200, "idle": 200, "send": 302}[how]
    for text in [r.text for r in pages.values()] + [posted.text]:
        assert not any(s in text for s in ("Dentist", "Late twice", "Check your answers", "You have answers in"))
        assert not re.search(r"\b(checked|selected)\b", text)
    assert all(token not in r.text for r in pages.values())  # no page carries the last person's draft


def test_a_journey_from_a_session_that_never_marked_its_use_is_not_taken_as_idle(client, demo):
    start(client)
    with client.session_transaction() as sess:  # a session cookie from before the idle check
        del sess["surveys"]["demo"]["used"]
        sess.modified = True
    assert "Dentist" in client.get("/s/demo/page/first").text


def test_a_page_posted_after_the_idle_time_comes_back_in_the_version_it_was_typed_in(app, client, demo):
    # Someone who took long over an easy-read page gets it back in easy read, not switched.
    client.get("/s/demo?lang=en-easy")
    token, _ = start(client)
    leave_idle(client, 61)
    resp = client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late again"})
    assert resp.status_code == 400 and 'value="Late again"' in resp.text
    assert "Nobody used this survey for 60 minutes" in resp.text and "Save and finish later" in resp.text


@pytest.mark.parametrize("csrf", [False, True])
def test_a_page_posted_after_the_idle_time_comes_back_with_what_was_typed(app, client, demo, csrf):
    token, _ = start(client)
    leave_idle(client, 61)
    app.config["WTF_CSRF_ENABLED"] = csrf  # an expired token too: still nothing typed is lost
    resp = client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "Late again",
                                                   "csrf_token": "expired"})
    assert resp.status_code == 400
    assert 'value="Late again"' in resp.text and "we cleared the answers on this device" in resp.text
    assert token_of(resp.text) != token  # not the old draft's: sending again starts afresh
    assert count(app, Response) == 0  # nothing stored (the old draft, given no code, is deleted)


def test_check_page_without_draft_goes_to_start(client, demo):
    resp = client.get("/s/demo/check")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/s/demo")


def test_service_from_link_is_stored(app, client, demo):
    token = token_of(client.get("/s/demo?service=ward-7").text)
    client.post("/s/demo", data={"submission_token": token, **PAGE1})
    assert only_response(app).service == "Ward 7"  # the name the questionnaire gives it


@pytest.mark.parametrize(
    "value", ["Nurse Jane Smith 07700 900123 hits patients", "ward-8", "Ward 7", "WARD-7"]
)
def test_a_service_the_questionnaire_does_not_list_is_dropped_and_the_answers_kept(app, client, demo, value):
    # A tester's link put words (a name, a phone number, an accusation) in the response's
    # service, and so in the published report's row labels.
    token = token_of(client.get("/s/demo", query_string={"service": value}).text)
    resp = client.post("/s/demo", data={"submission_token": token, **PAGE1})
    assert resp.status_code == 302
    response = only_response(app)
    assert response.service is None and {a.question_id for a in response.answers} >= {"fft", "when"}


def test_bad_service_is_ignored(app, client, demo):
    token = token_of(client.get("/s/demo?service=<script>").text)
    client.post("/s/demo", data={"submission_token": token, **PAGE1})
    assert only_response(app).service is None


@pytest.mark.parametrize(
    ("answering_for", "stored"), [("with_help", True), ("on_behalf", True), ("myself", False), ("", None)]
)
def test_check_page_does_not_ask_about_help_twice(app, client, answering_for, stored):
    """Help comes from "Who is filling in this survey?": someone helping or answering for the
    person is True, answering for themselves False, no answer None (not answered); a "yes"
    posted to the check page (which does not ask) changes nothing."""
    qs = load_all(ROOT / "questionnaires").values()
    q = next((x for x in qs if any(y.id == "answering_for" for y in x.questions())), None)
    if q is None:
        pytest.skip("no starter questionnaire asks 'answering_for'")
    pages = []
    complete(client, q, trigger=False, overrides={"answering_for": answering_for}, on_check=pages.append,
             completed_with_help="yes")
    assert "Did someone help you fill this in?" not in pages[0]
    assert only_response(app).completed_with_help is stored


@pytest.mark.parametrize(("posted", "stored"), [("yes", True), ("no", False), ("", None)])
def test_help_asked_on_the_check_page_is_stored_as_yes_no_or_not_answered(app, client, demo, posted, stored):
    complete(client, demo, trigger=False, completed_with_help=posted)
    assert only_response(app).completed_with_help is stored


def test_a_help_answer_posted_where_the_check_page_does_not_ask_is_ignored(app, client):
    # A tester posted completed_with_help=maybe: the error linked to a #completed_with_help not on the page.
    q = next((x for x in load_all(ROOT / "questionnaires").values() if journey.asks_about_help(x)), None)
    if q is None:
        pytest.skip("no starter questionnaire asks 'answering_for'")
    complete(client, q, trigger=False, overrides={"answering_for": "myself"}, completed_with_help="maybe")
    assert only_response(app).completed_with_help is False


def test_both_yes_and_no_to_did_someone_help_is_an_error(app, client, demo):
    token, _ = start(client, {**PAGE1, "fft": "good"})
    client.post("/s/demo/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    resp = client.post("/s/demo/check", data={"submission_token": token, "completed_with_help": ["yes", "no"]})
    assert resp.status_code == 200
    assert re.search(r'<a href="#completed_with_help">Select yes or no, or leave this question blank', resp.text)
    assert 'id="completed_with_help"' in resp.text and not re.search(r'value="(yes|no)"\s+checked', resp.text)
    assert only_response(app).status == "in_progress"


def test_csrf_failure_with_no_session_at_all_keeps_answers(app, client, demo):
    """The browser lost its session cookie (restarted, or the cookie expired): the page
    comes back with what was typed and a fresh token; the old draft is only reachable
    with its resume code, so nobody else using the browser later can change it."""
    token, _ = start(client)
    app.config["WTF_CSRF_ENABLED"] = True
    stranger = app.test_client()
    data = {"submission_token": token, "what_wrong": "Slow", "csrf_token": "x"}
    resp = stranger.post("/s/demo/page/poor", data=data)
    assert resp.status_code == 400 and TIMEOUT_MESSAGE in resp.text and 'value="Slow"' in resp.text
    assert token_of(resp.text) != token
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', resp.text).group(1)
    again = stranger.post("/s/demo/page/poor", data={**data, "csrf_token": fresh})
    assert again.status_code == 400 and 'value="Slow"' in again.text  # old draft: not theirs
    new_token = token_of(again.text)
    retry = stranger.post("/s/demo/page/poor", data={**data, "csrf_token": fresh, "submission_token": new_token})
    assert retry.status_code == 302
    with app.app_context():
        draft = db.session.scalar(sa.select(Response).where(Response.submission_token == token))
        assert "what_wrong" not in stored_answers(draft)


def test_a_draft_cannot_be_changed_or_sent_from_another_browser(app, client, demo):
    token, _ = start(client, {**PAGE1, "fft": "good"})
    other = app.test_client()
    other.get("/s/demo")
    resp = other.post("/s/demo", data={"submission_token": token, **PAGE1, "fft": "very_poor"})
    assert resp.status_code == 400 and "did not save it" in resp.text and 'value="Dentist"' in resp.text
    assert token_of(resp.text) != token
    sent = other.post("/s/demo/check", data={"submission_token": token})
    assert sent.headers["Location"].endswith("/s/demo")
    r = only_response(app)
    assert r.status == "in_progress" and stored_answers(r)["fft"] == "good"


def test_resume_code_guessing_is_slowed_down(app, demo):
    app.config["RESUME_MAX_FAILURES"] = 3
    guesser = app.test_client()
    codes = [guesser.post("/s/demo/resume", data={"resume_code": f"ABCD-EFGH-JKM{c}"}).status_code for c in "NPQRS"]
    assert codes == [200, 200, 200, 429, 429]
    assert "tried too many codes" in guesser.post("/s/demo/resume", data={"resume_code": "ABCD-EFGH-JKMT"}).text


@pytest.mark.parametrize(("hops", "blocked_elsewhere"), [(0, True), (1, False)])
def test_behind_a_proxy_the_resume_limit_is_per_forwarded_address(app, demo, hops, blocked_elsewhere):
    # Behind a reverse proxy every client had the proxy's address: one person's wrong codes
    # blocked everybody. FLASK_PROXY_FIX_X_FOR=1 reads X-Forwarded-For; unset, it is ignored.
    from survey_app import trust_proxies

    app.config.update(RESUME_MAX_FAILURES=2, PROXY_FIX_X_FOR=hops)
    trust_proxies(app)  # as create_app does with the setting
    client = app.test_client()

    def guess(address: str) -> int:
        return client.post("/s/demo/resume", data={"resume_code": "ABCD-EFGH-JKMN"},
                           headers={"X-Forwarded-For": address}).status_code

    assert [guess("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert guess("198.51.100.9") == (429 if blocked_elsewhere else 200)


def test_control_characters_are_never_stored(app, client, demo):
    token, _ = start(client)
    client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "a\x00b\x07c"})
    nul_token = client.post("/s/demo", data={"submission_token": "abc\x00def", "fft": "good"})
    assert nul_token.status_code == 302
    with app.app_context():
        texts = db.session.scalars(sa.select(Answer.text_value).where(Answer.text_value.is_not(None))).all()
        tokens = db.session.scalars(sa.select(Response.submission_token)).all()
    assert "abc" in texts and all("\x00" not in t for t in texts + tokens)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("score", "²", "Select a number from 0 to 10"), ("order-rank-a", "²", "Choose a position"),
     ("when-day", "9" * 50, "must be a real date")],
)
def test_odd_digits_are_validation_errors(client, demo, field, value, message):
    token, _ = start(client, {**PAGE1, "fft": "good"})
    page = "/s/demo" if field.startswith("when") else "/s/demo/page/more"
    data = {"submission_token": token, field: value}
    if field.startswith("when"):
        data.update({"fft": "good", "when-month": "1", "when-year": "2025"})
    resp = client.post(page, data=data)
    assert resp.status_code == 200 and message in resp.text


def test_one_unreadable_questionnaire_file_leaves_the_rest_working(app, client, tmp_path):
    (tmp_path / "fft.yaml").write_text((ROOT / "questionnaires" / "fft.yaml").read_text())
    (tmp_path / "zz.yaml").write_text("a: &a [*a]\n")
    app.config["QUESTIONNAIRES_DIR"] = str(tmp_path)
    assert client.get("/s/fft").status_code == 200
    assert client.get("/").status_code == 200


def test_draft_follows_a_questionnaire_edited_mid_way(app, client, demo, tmp_path):
    token, _ = start(client, {**PAGE1, "fft": "good"})
    edited = tmp_path / "edited" / "demo.yaml"
    edited.parent.mkdir()
    edited.write_text(DEMO_YAML.replace("How much do you agree?", "How far do you agree?"))
    new = load_questionnaire(edited)
    assert new.content_hash != demo.content_hash
    app.extensions[CACHE_KEY] = {"demo": new}
    client.post("/s/demo/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    client.post("/s/demo/check", data={"submission_token": token})
    r = only_response(app)
    assert r.status == "submitted" and r.questionnaire_version.content_hash == new.content_hash
    assert stored_answers(r)["fft"] == "good"


def test_a_checkbox_question_says_select_all_that_apply_once(app, demo):
    # The page added "Select all that apply." above a question whose own hint already said
    # "Choose all that apply.": two hints in a row.
    from flask import render_template_string

    carers = load_questionnaire(ROOT / "questionnaires" / "carers.yaml")
    macro = '{% import "macros/questions.html" as m %}{{ m.question(q, {}, None, "en") }}'
    with app.test_request_context():
        own_hint = render_template_string(macro, q=carers.question("caring_for"))
        no_hint = render_template_string(macro, q=demo.question("services"))
    assert own_hint.count("all that apply") == 1 and "Choose all that apply." in own_hint
    assert "select-hint" not in own_hint
    assert no_hint.count("Select all that apply.") == 1
    assert re.search(r'aria-describedby="[^"]*-select-hint', no_hint)


def test_grouped_options_are_named_groups_and_the_check_page_names_the_group(app):
    # A tester's screen reader read "radio Caribbean" with no group: the headings were plain text.
    from flask import render_template_string

    from survey_app.surveys.services import display_answer

    carers = load_questionnaire(ROOT / "questionnaires" / "carers.yaml")
    ethnicity = carers.question("ethnicity")
    macro = '{% import "macros/questions.html" as m %}{{ m.question(q, {}, None, "en") }}'
    with app.test_request_context():
        page = render_template_string(macro, q=ethnicity)
    groups = re.findall(r'<div class="choices__grouped" role="group" aria-labelledby="([^"]+)">\s*<p class="choices__group" '
                        r'id="([^"]+)">([^<]+)</p>', page)
    assert [name for _, _, name in groups] == [
        "White", "Mixed or Multiple ethnic groups", "Asian or Asian British",
        "Black, Black British, Caribbean or African", "Other ethnic group",
    ]
    assert all(labelled == own for labelled, own, _ in groups)
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "an id is used twice"  # the first heading had the question's own
    assert page.count('role="group"') == 5 and page.count("</div>") == page.count("<div")
    # "Prefer not to say" has no group and sits outside them
    last_group_end = page.rindex('role="group"')
    assert page.index("Prefer not to say") > page.index("</div>", page.index("Any other ethnic group", last_group_end))
    assert display_answer(ethnicity, {"ethnicity": "black_caribbean"}) == [
        "Black, Black British, Caribbean or African: Caribbean"
    ]


def test_the_same_answers_sent_again_from_one_browser_ask_first(app, client, demo):
    # A tester pressed Back from "Thank you": the pages came back filled in, and Continue and
    # Send stored a second, identical response.
    complete(client, demo, trigger=True)  # "what went wrong" typed in
    _, _, token = complete(client, demo, trigger=True, send=False)
    again = client.post("/s/demo/check", data={"submission_token": token, "completed_with_help": "no"})
    assert again.status_code == 200
    assert "same answers you sent from this device a few minutes ago" in again.text
    assert 'name="again" value="1"' in again.text and "Send these answers again" in again.text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Response.status == "submitted")) == 1
    sent = client.post("/s/demo/check", data={"submission_token": token, "completed_with_help": "no", "again": "1"})
    assert sent.headers["Location"].endswith("/s/demo/thanks")  # meant twice: sent
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Response.status == "submitted")) == 2
    # other answers go at once, and so do the same choices with nothing typed (the next person)
    complete(client, demo, trigger=False)
    _, _, token = complete(client, demo, trigger=False, send=False)
    other = client.post("/s/demo/check", data={"submission_token": token, "completed_with_help": "no"})
    assert other.headers["Location"].endswith("/s/demo/thanks")


def test_only_answers_with_typed_text_count_as_the_same_answers_sent_again(demo):
    # A tester: person B ticked what person A had ticked, was told "the same answers you sent a
    # few minutes ago" (so learned A's answers), and B's response was not stored. Choices alone
    # are often alike on one device; the guard asks only when something was typed.
    from survey_app.surveys.services import holds_free_text

    assert holds_free_text(demo, {"fft": "good", "what_wrong": "Late"})
    assert not holds_free_text(demo, {"fft": "good", "what_wrong": "  "})
    assert not holds_free_text(demo, {"fft": "good", "services": ["gp"]})


def test_send_after_the_idle_time_with_an_expired_token_says_why_the_answers_are_gone(app, client, demo):
    # A tester reached the check page, left it for over the idle time and pressed Send: both the
    # journey and the form's token had expired, and the start page came back with no word.
    _, _, token = complete(client, demo, trigger=False, send=False)
    leave_idle(client, 61)
    app.config["WTF_CSRF_ENABLED"] = True
    resp = client.post("/s/demo/check", data={"submission_token": token, "csrf_token": "expired"})
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"]).text
    assert "we cleared the answers on this device because nothing was done for 60 minutes" in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_later_page_is_not_served_or_stored_before_consent(app, client, method):
    # A tester opened /page/working_together directly (200) and what they typed there was
    # stored in a draft with no consent answer.
    url = "/s/people-who-use-services/page/working_together"
    token = token_of(client.get("/s/people-who-use-services").text)
    data = {"submission_token": token, "joined_up_story": "My neighbour Brenda helped me"}
    resp = client.get(url) if method == "get" else client.post(url, data=data)
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith("/s/people-who-use-services/page/before_you_start")
    assert count(app, Response) == 0 and count(app, Answer) == 0
    token = consent_given(client)
    assert client.get(url).status_code == 200  # no later page before it needs an answer
    assert client.post(url, data={**data, "submission_token": token}).status_code == 302
    assert stored_answers(only_response(app))["joined_up_story"] == "My neighbour Brenda helped me"


def test_a_page_ahead_of_a_missing_required_answer_goes_back_to_it(app, client, demo):
    # Not only consent: any earlier page with a required answer missing comes first,
    # "Change" links keep ?return=check, and the easy-read switch does not serve the page either.
    token, _ = start(client)  # FFT "poor": the "poor" page, whose answer is required, comes next
    for resp in (
        client.get("/s/demo/page/more?return=check"),
        client.post("/s/demo/page/more", data={"submission_token": token, "return": "check", "score": "3"}),
        client.post("/s/demo/page/more", data={"submission_token": token, "switch_locale": "en-easy"}),
    ):
        assert resp.status_code == 302
        assert "/s/demo/page/poor" in resp.headers["Location"]
    assert client.get("/s/demo/page/more?return=check").headers["Location"].endswith("/page/poor?return=check")
    assert "score" not in stored_answers(only_response(app))
    # the page it goes to says why, once (a tester was sent back without a word)
    page = client.get("/s/demo/page/poor?return=check").text
    said = ("Answer this page first. The page you tried to open comes later in the survey.",
            "Please answer this page first. Then you can go on to the next pages.")  # standard, easy read
    assert any(x in page for x in said)
    assert not any(x in client.get("/s/demo/page/poor?return=check").text for x in said)


def test_save_and_come_back_later_keeps_nothing_from_someone_who_has_not_agreed(app, client):
    # a tester left consent unticked, typed a neighbour's name and saved: a draft with the text
    # and a resume code was stored
    url = "/s/carers/page/before_you_start"
    token = token_of(client.get(url).text)
    resp = client.post(url, data={"submission_token": token, "caring_for": ["other"],
                                  "caring_for:other": "my neighbour Brenda", "action": "save"})
    assert resp.status_code == 200 and "Error: " in title_of(resp.text)
    assert "my neighbour Brenda" in resp.text  # kept on the page, not stored
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0
