"""Easy read: the validator asks for every text in every listed locale, and the journey
(questions and the fixed pages around them) is in easy read when the respondent chose it."""
from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_journey_helpers import complete, consent_given, title_of, token_of

from survey_app.config import ROOT
from survey_app.extensions import db
from survey_app.models import Response
from survey_app.questionnaire.loader import load_questionnaire, validate_paths
from survey_app.questionnaire.model import FFT_OPTIONS
from survey_app.surveys.texts import FIXED_TEXTS, message
from survey_app.surveys.views import CACHE_KEY

EASY_NO_HINT = """\
id: easy
version: 1
title: {en: Easy, en-easy: Easy}
audience: any
locales: [en, en-easy]
sections:
  - id: one
    title: {en: One, en-easy: One}
    questions:
      - id: why
        type: free_text
        text: {en: "Why?", en-easy: "Why?"}
        hint: Please give as much detail as you can.
"""


def test_validate_names_the_file_line_and_field_of_a_hint_with_no_easy_read_version(app, tmp_path: Path):
    path = tmp_path / "easy.yaml"
    path.write_text(EASY_NO_HINT, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["questionnaires", "validate", str(path)])
    assert result.exit_code == 1
    problem = result.output.splitlines()[0]
    assert problem.startswith(f"{path}:13: sections[0].questions[0].hint: no easy-read ('en-easy') version")
    assert "Please give as much detail as you can." in problem


def test_a_block_question_without_easy_read_names_the_block_file_and_line(tmp_path: Path):
    (tmp_path / "blocks").mkdir()
    (tmp_path / "blocks" / "extra.yaml").write_text(
        "id: extra\ndescription: x\nequality: false\nquestions:\n"
        "  - id: colour\n    type: free_text\n    text: {en: \"Colour?\", en-easy: \"Colour?\"}\n"
        "    hint: Your favourite colour.\n",
        encoding="utf-8",
    )
    path = tmp_path / "easy.yaml"
    path.write_text(EASY_NO_HINT.replace("      - id: why\n", "      - include: extra\n      - id: why\n"))
    _, problems = validate_paths([path])
    block = [p for p in problems if "include" in p.field_path]
    assert [p.field_path for p in block] == ["sections[0].questions[0] (include extra.questions[0].hint)"]
    assert block[0].message.endswith(f"edit it in {tmp_path / 'blocks' / 'extra.yaml'}:8")


def test_the_starter_questionnaires_have_every_text_in_every_listed_locale():
    def texts(node):
        if isinstance(node, dict):
            if "en" in node and all(isinstance(v, str) for v in node.values()):
                yield node
            else:
                for value in node.values():
                    yield from texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from texts(value)

    for name in ("carers", "people-who-use-services", "fft"):
        q = load_questionnaire(ROOT / "questionnaires" / f"{name}.yaml")
        assert "en-easy" in q.locales
        national = {label for _, label, _ in FFT_OPTIONS}  # the FFT answers keep the national wording
        missing = [t["en"] for t in texts(q.definition) if not t.get("en-easy") and t["en"] not in national]
        assert missing == [], name
    # staff.yaml lists only en: the equality block's easy-read texts are left out of it
    staff = load_questionnaire(ROOT / "questionnaires" / "staff.yaml")
    assert all(set(t) == {"en"} for t in texts(staff.definition))


def test_carers_in_easy_read_shows_easy_hints_fixed_words_and_thank_you_page(app, client):
    carers = load_questionnaire(ROOT / "questionnaires" / "carers.yaml")
    app.extensions[CACHE_KEY] = {"carers": carers}
    first = client.get("/s/carers?lang=en-easy").text
    assert "Looking after someone" in first and "You can choose more than 1 answer." in first
    assert "Save and finish later" in first and "Choose all that apply." not in first
    pages: dict[str, str] = {}
    checks: list[str] = []
    complete(
        client, carers, trigger=False, on_page=lambda sid, html: pages.setdefault(sid, html),
        on_check=checks.append,
    )
    experience = pages["your_experience"]
    assert "For example, did staff see you as a person? Or did they only see you as a carer?" in experience
    assert "whether services saw you as a person" not in experience
    assert "0 means you get no help. 10 means you get all the help you need." in pages["support_for_you"]
    assert "Agree a lot" in pages["safe_and_informed"] and "Strongly agree" not in pages["safe_and_informed"]
    assert "Did someone help you to do this survey?" in checks[0]
    assert ">Send</button>" in checks[0] and "Send my answers" not in checks[0]
    thanks = client.get("/s/carers/thanks").text
    assert "Thank you. We have your answers." in thanks
    assert "your answers have been sent" not in thanks
    assert '<html lang="en">' in thanks


def test_carers_in_standard_english_keeps_the_standard_wording(app, client):
    carers = load_questionnaire(ROOT / "questionnaires" / "carers.yaml")
    app.extensions[CACHE_KEY] = {"carers": carers}
    complete(client, carers, trigger=False)
    thanks = client.get("/s/carers/thanks").text
    assert "Thank you – your answers have been sent" in thanks


# ---------------------------------------------------------------- the served locale and its words

PAGE1 = {"fft": "good", "services": ["gp"], "when-day": "3", "when-month": "2", "when-year": "2024"}


def responses(app) -> list[Response]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Response)).all()
        db.session.expunge_all()
        return rows


def problems_of(page: str) -> list[str]:
    """The error summary's messages, as a reader sees them."""
    return [html_lib.unescape(m) for m in re.findall(r'<li><a href="#[^"]+">([^<]+)</a>', page)]


def test_a_locale_the_questionnaire_does_not_list_is_ignored_and_not_stored(app, client):
    staff = load_questionnaire(ROOT / "questionnaires" / "staff.yaml")
    app.extensions[CACHE_KEY] = {"staff": staff}
    page = client.get("/s/staff?lang=en-easy").text
    assert "Save and come back later" in page and "Save and finish later" not in page
    assert "Need help answering?" in page and "Do you need help?" not in page
    assert "Standard version" not in page and "Easy read version" not in page
    pages: list[str] = []
    complete(client, staff, trigger=False, on_check=pages.append)
    assert "Check your answers before sending them" in pages[0]
    assert [r.locale for r in responses(app)] == ["en"]
    assert "Thank you – your answers have been sent" in client.get("/s/staff/thanks?lang=en-easy").text


def test_every_message_has_an_easy_read_version():
    messages = [k for k in FIXED_TEXTS["en"] if k.startswith(("err_", "notice_", "char_hint"))]
    assert len(messages) > 30
    assert [k for k in messages if k not in FIXED_TEXTS["en-easy"]] == []


def test_validation_messages_on_the_easy_read_path_are_in_easy_read(client, demo):
    token = token_of(client.get("/s/demo?lang=en-easy").text)
    page = client.post("/s/demo", data={"submission_token": token, "services": ["gp", "none"],
                                        "when-day": "1", "when-year": "24"}).text
    assert problems_of(page) == [
        "Please choose an answer for this question: “How was our service?”",
        "You chose “None of these” and other answers for this question: “Which services did you go to?” "
        "Choose “None of these” on its own. Or choose other answers.",
        "Write the month of the date for this question: “When did you last get help?”",
    ]
    assert re.search(r'value="gp"\s+checked', page)  # the answers are kept
    client.post("/s/demo", data={"submission_token": token, **PAGE1})
    page = client.post("/s/demo/page/more", data={
        "submission_token": token, "order-rank-a": "1", "order-rank-b": "1", "visits": "99", "score": "11",
    }).text
    assert problems_of(page) == [
        "Choose a number from 0 to 10 for this question: “How good was your care?”",
        "Write a number from 0 to 50 for this question: “How many times did you go?”",
        "You gave number 1 to “Alpha” and to “Beta” in this question: “Put these in order”. "
        "Use each number only once.",
        "Please choose an answer for every line in this question: “Do you agree?”",
    ]
    page = client.post("/s/demo/page/more", data={"submission_token": token, "order-rank-a": "1",
                                                   "order-rank-c": "3", "grid-r1": "agree", "grid-r2": "agree"}).text
    assert problems_of(page) == [
        "You missed out number 2 in this question: “Put these in order”. Give number 2 to 1 of the answers."
    ]


@pytest.mark.parametrize(("month", "year", "message"), [
    ("Marchh", "2024", "The date is not a real date for this question: “When did you last have help from a "
                       "service?” Check the month."),
    ("12", "2999", "The date cannot be in the future for this question: “When did you last have help from a "
                   "service?” Write this month or a month before."),
])
def test_easy_read_messages_for_a_month_and_year_date_say_nothing_of_days(app, client, month, year, message):
    # Easy read asked people who were never shown a day box to "Check the day" or write "a day before today".
    client.get("/s/people-who-use-services?lang=en-easy")
    token = consent_given(client)
    page = client.post("/s/people-who-use-services/page/your_care",
                       data={"submission_token": token, "last_contact-month": month, "last_contact-year": year}).text
    assert problems_of(page) == [message]
    assert "day" not in problems_of(page)[0]


def test_free_text_hint_and_its_error_use_the_same_word(client, demo):
    for lang, word in (("en", "characters"), ("en-easy", "letters and spaces")):
        token = token_of(client.get(f"/s/demo/page/first?lang={lang}").text)
        client.post("/s/demo", data={"submission_token": token, **PAGE1, "fft": "poor"})
        page = client.post("/s/demo/page/poor", data={"submission_token": token, "what_wrong": "x" * 25}).text
        assert f"up to 20 {word}" in page
        (problem,) = problems_of(page)
        assert f"20 {word}" in problem and "25" in problem, problem
    assert problem == (
        "Your answer is too long for this question: “Tell us what was bad”. "
        "You can write up to 20 letters and spaces. You wrote 25."
    )


def test_notices_help_and_resume_errors_on_the_easy_read_path(app, client, demo):
    token = token_of(client.get("/s/demo?lang=en-easy").text)
    client.post("/s/demo", data={"submission_token": token, **PAGE1})
    client.post("/s/demo/page/more", data={"submission_token": token, "help_needed": "yes",
                                           "grid-r1": "agree", "grid-r2": "agree"})
    assert "There is 1 more question on this page." in client.get("/s/demo/page/more").text
    client.post("/s/demo/page/more", data={"submission_token": token, "help_needed": "no",
                                           "grid-r1": "agree", "grid-r2": "agree"})
    check = client.post("/s/demo/check", data={"submission_token": token, "completed_with_help": "maybe"}).text
    assert problems_of(check) == ["Choose yes or no. Or you can leave this question out."]
    assert problems_of(client.post("/s/demo/resume", data={"resume_code": ""}).text) == ["Type in your code."]
    assert "We cannot find answers saved with this code." in client.post(
        "/s/demo/resume", data={"resume_code": "ABCD-EFGH-JKMN"}).text
    app.config["WTF_CSRF_ENABLED"] = True
    timed_out = client.post("/s/demo/page/more", data={"submission_token": token, "csrf_token": "old"})
    assert timed_out.status_code == 400
    assert "You took a long time, so we could not save this page." in timed_out.text
    assert "Your session timed out" not in timed_out.text


def test_easy_read_scale_ends_are_neutral(app, client):
    carers = load_questionnaire(ROOT / "questionnaires" / "carers.yaml")
    app.extensions[CACHE_KEY] = {"carers": carers}
    client.get("/s/carers?lang=en-easy")
    pages: dict[str, str] = {}
    complete(client, carers, trigger=False, on_page=lambda sid, html: pages.setdefault(sid, html))
    support = pages["support_for_you"]
    assert "0 = the least" in support and "10 = the most" in support
    assert "very bad" not in support and "very good" not in support


def test_thanks_saved_and_resume_follow_the_journey_unless_the_respondent_switches(app, client, demo):
    token = token_of(client.get("/s/demo?lang=en-easy").text)
    client.post("/s/demo", data={"submission_token": token, **PAGE1, "action": "save"})
    assert "We have saved your answers" in client.get("/s/demo/saved").text
    saved = client.get("/s/demo/saved?lang=en").text
    assert "Your answers are saved" in saved and "We have saved your answers" not in saved
    client.get("/s/demo?lang=en-easy")
    client.post("/s/demo/saved")
    code = re.search(r'class="resume-code">([A-Z0-9-]+)<', client.get("/s/demo/saved").text).group(1)

    draft_locale = app.test_client()  # another device, no choice made: the draft's easy read
    draft_locale.post("/s/demo/resume", data={"resume_code": code})
    assert "Save and finish later" in draft_locale.get("/s/demo/page/more").text

    chose = app.test_client()  # the resume page opened at ?lang=en: standard English from then on
    assert "Enter your resume code" in chose.get("/s/demo/resume?lang=en").text
    chose.post("/s/demo/resume", data={"resume_code": code})
    page = chose.get("/s/demo/page/more").text
    assert "Save and come back later" in page and "Save and finish later" not in page
    token = token_of(page)  # the device that entered the code last holds the answers
    chose.post("/s/demo/page/more", data={"submission_token": token, "grid-r1": "agree", "grid-r2": "agree"})
    chose.post("/s/demo/check", data={"submission_token": token})
    assert [r.locale for r in responses(app)] == ["en"]
    assert "Thank you – your answers have been sent" in chose.get("/s/demo/thanks").text
    assert "Thank you. We have your answers." in chose.get("/s/demo/thanks?lang=en-easy").text


def test_page_titles_are_in_easy_read_on_the_easy_read_journey(app, client, demo):
    # The headings were in easy read but the <title>s (read first by a screen reader, and shown
    # in the browser's tab) were standard English: "Your answers are saved".
    token = token_of(client.get("/s/demo?lang=en-easy").text)
    assert title_of(client.get("/s/demo").text) == "About you – Easy demo – Care Partnership Feedback"
    client.post("/s/demo", data={"submission_token": token, **PAGE1, "action": "save"})
    assert title_of(client.get("/s/demo/saved").text) == (
        "We have saved your answers – Easy demo – Care Partnership Feedback"
    )
    assert title_of(client.get("/s/demo/resume").text) == (
        "Go back to your saved answers – Easy demo – Care Partnership Feedback"
    )
    assert title_of(client.post("/s/demo/resume", data={"resume_code": ""}).text) == (
        "Error: Go back to your saved answers – Easy demo – Care Partnership Feedback"
    )
    assert title_of(client.get("/s/demo/saved?lang=en").text) == (
        "Your answers are saved – Demo survey – Care Partnership Feedback"
    )
    assert title_of(client.get("/s/demo/resume").text) == (
        "Continue with saved answers – Demo survey – Care Partnership Feedback"
    )


def test_the_language_switch_keeps_the_answers_on_the_page_and_return_to_check(app, client, demo):
    token = token_of(client.get("/s/demo").text)
    posted = client.post("/s/demo", data={"submission_token": token, "services": ["gp"], "when-day": "40"})
    assert posted.status_code == 200 and problems_of(posted.text)  # an error: nothing stored
    switch = re.search(r'<button[^>]*name="switch_locale" value="en-easy"[^>]*>Easy read version</button>',
                       posted.text)
    assert switch and posted.text.index(switch.group(0)) > posted.text.index('value="continue"')
    easy = client.post("/s/demo", data={"submission_token": token, "services": ["gp"], "when-day": "40",
                                        "return": "check", "switch_locale": "en-easy"})
    assert easy.status_code == 200 and "Easy demo" in easy.text and "Your doctor" in easy.text
    assert re.search(r'value="gp"\s+checked', easy.text) and 'value="40"' in easy.text
    assert '<input type="hidden" name="return" value="check">' in easy.text
    assert problems_of(easy.text) == [] and responses(app) == []
    assert "Standard version" in easy.text
    assert "Save and finish later" in client.get("/s/demo").text  # the choice is remembered
    not_listed = client.post("/s/demo", data={"submission_token": token, **PAGE1, "switch_locale": "cy"})
    assert not_listed.status_code == 302  # not a switch: the page is stored as usual
    assert [r.locale for r in responses(app)] == ["en-easy"]


def test_a_language_with_no_version_is_served_in_english_with_a_notice_saying_so(app, client):
    # A new user's link with ?lang=pl quietly served English: nothing said why.
    banner = re.compile(
        r'<div class="notification-banner" role="region" aria-labelledby="lang-notice-title">\s*'
        r'<h2 class="notification-banner__title" id="lang-notice-title">(.*?)</h2>\s*'
        r'<p class="notification-banner__body">(.*?)</p>', re.S,
    )
    page = client.get("/s/carers?lang=pl").text
    assert '<html lang="en">' in page and "Save and come back later" in page
    assert banner.findall(page) == [(
        "Important",
        "This questionnaire is not available in the language you asked for, so it is shown in English. "
        "It is available in English and easy read.",
    )]
    assert "pl" not in banner.findall(page)[0][1]  # what the link said is never shown back
    assert not banner.search(client.get("/s/carers").text)  # no ?lang=: nothing to say
    assert not banner.search(client.get("/s/carers?lang=en").text)
    easy = client.get("/s/carers?lang=EN-Easy").text  # a listed locale in other capitals is that locale
    assert not banner.search(easy) and "Standard version" in easy
    # in the easy-read journey the notice is in easy read, and the page stays easy read
    again = client.get("/s/carers/resume?lang=cy").text
    assert banner.findall(again)[0][1] == (
        "We do not have this survey in the language you asked for. It is in easy read English. "
        "You can have it in English or easy read."
    )
    assert "Type in your code" in again  # the resume page, in easy read
    staff = load_questionnaire(ROOT / "questionnaires" / "staff.yaml")
    app.extensions[CACHE_KEY] = {"staff": staff}
    only = app.test_client().get("/s/staff?lang=%3Cb%3ECall%200800%3C%2Fb%3E").text
    assert banner.findall(only)[0][1] == (
        "This questionnaire is not available in the language you asked for, so it is shown in English. "
        "It is available in English only."
    )
    assert "Call 0800" not in only


@pytest.mark.parametrize(("text", "expected"), [
    ("Tell us about a time services worked well together, or did not.",
     "Your answer is too long for this question: “Tell us about a time services worked well together, or did "
     "not.” You can write up to 2000 letters and spaces. You wrote 2001."),
    ("Put these in order", "Your answer is too long for this question: “Put these in order”. You can write up to "
                           "2000 letters and spaces. You wrote 2001."),
])
def test_an_easy_read_message_has_one_full_stop_after_a_question_that_ends_with_one(text, expected):
    # A resident on the easy-read path read “…or did not.”. and “How was our service?”. in every message.
    assert message("en-easy", "err_text_long", text=text, limit=2000, count=2001) == expected


def test_easy_read_real_date_message_names_only_the_box_to_check(app, client):
    # it said "Check the day, the month and the year." when only the month was wrong
    client.get("/s/people-who-use-services?lang=en-easy")
    token = consent_given(client)
    page = client.post("/s/people-who-use-services/page/your_care",
                       data={"submission_token": token, "last_contact-month": "13", "last_contact-year": "2024"}).text
    assert problems_of(page) == ["The date is not a real date for this question: “When did you last have help "
                                 "from a service?” Check the month."]
