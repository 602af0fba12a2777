"""Journey logic as plain functions: parsing, validation, visibility, redisplay."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from test_journey_helpers import DEMO_YAML
from werkzeug.datastructures import MultiDict

from survey_app.config import ROOT
from survey_app.questionnaire.loader import load_all, load_questionnaire
from survey_app.responses.imports import coerce_value
from survey_app.surveys import services as journey
from survey_app.surveys.forms import parse_help, parse_resume_code


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("q") / "demo.yaml"
    path.write_text(DEMO_YAML)
    return load_questionnaire(path)


def parse(q, qid, **fields):
    pairs = [(k.replace("__", "-"), v) for k, vs in fields.items() for v in (vs if isinstance(vs, list) else [vs])]
    form = MultiDict(pairs)
    return journey.parse_question(q.question(qid), form)


def test_single_and_multi_choice(demo):
    assert parse(demo, "fft", fft="good") == ({"fft": "good"}, None)
    assert parse(demo, "fft") == ({}, None)
    _, err = parse(demo, "fft", fft=["good", "poor"])
    assert err.message == "Select only one answer for “Overall, how was your experience of our service?”"
    values, err = parse(demo, "services", services=["other", "gp"], **{"services:other": " Dentist "})
    assert err is None and values == {"services": ["gp", "other"], "services:other": "Dentist"}
    # Typing a write-in without ticking the box counts as choosing it.
    values, _ = parse(demo, "services", **{"services:other": "Optician"})
    assert values == {"services": ["other"], "services:other": "Optician"}
    _, err = parse(demo, "services", services=["gp", "none"])
    assert err.anchor == "services" and "on its own" in err.message
    _, err = parse(demo, "services", services=["hacked"])
    assert err.message == "Select one of the options shown for “Which services did you use?”"
    _, err = parse(demo, "services", services=["gp"], **{"services:other": "x" * 501})
    assert err.anchor == "services-other-specify"


def test_rating_number_date(demo):
    assert parse(demo, "score", score="0") == ({"score": 0}, None)
    assert parse(demo, "score", score="10")[0] == {"score": 10}
    assert parse(demo, "score", score="-1")[1].message == "Select a number from 0 to 10 for “How would you score your care?”"
    assert parse(demo, "visits", visits="12")[0] == {"visits": 12}
    assert parse(demo, "visits", visits="2.5")[0] == {"visits": 2.5}
    assert parse(demo, "visits", visits="lots")[1].message == "Enter a number for “How many visits?”, like 3 or 12"
    assert parse(demo, "visits", visits="nan")[1].message == "Enter a number for “How many visits?”, like 3 or 12"
    assert parse(demo, "visits", visits="51")[1].message == "Enter a number between 0 and 50 for “How many visits?”"
    assert parse(demo, "when", when__day="29", when__month="2", when__year="2024")[0] == {"when": date(2024, 2, 29)}
    err = parse(demo, "when", when__day="29", when__month="2", when__year="2023")[1]
    assert err.message == "The date for “When did you last use a service?” must be a real date"
    err = parse(demo, "when", when__day="1", when__month="", when__year="")[1]
    assert err.message == "The date for “When did you last use a service?” must include a month and year" and err.anchor == "when-month"
    assert parse(demo, "when", when__day="a", when__month="1", when__year="2020")[1].anchor == "when-day"
    assert parse(demo, "when")[0] == {}


def test_ranking_matrix_free_text(demo):
    values, err = parse(demo, "order", order__rank__c="1", order__rank__a="2")
    assert err is None and values == {"order": ["c", "a"]}
    err = parse(demo, "order", order__rank__a="2", order__rank__b="2")[1]
    assert err.anchor == "order-rank-b" and "only be used once" in err.message
    assert parse(demo, "order", order__rank__a="9")[1].message == "Choose a position from 1 to 3 for “Put these in order”"
    # a gap (1 and 3) was stored as 1 and 2; now the respondent is asked to close it
    err = parse(demo, "order", order__rank__a="1", order__rank__c="3")[1]
    assert (err.anchor, err.message) == (
        "order-rank-c",
        "Choose position 2 for one of the options in “Put these in order”: positions must follow on from 1 without a gap",
    )
    assert parse(demo, "order", order__rank__b="2")[1].message.startswith("Choose position 1 for one")
    assert parse(demo, "order", order__rank__b="2", order__rank__a="1", order__rank__c="3")[0] == {
        "order": ["a", "b", "c"]
    }
    assert parse(demo, "grid", grid__r1="agree")[0] == {"grid": {"r1": "agree"}}
    assert parse(demo, "grid", grid__r1="nope")[1].anchor == "grid-r1"
    assert parse(demo, "what_wrong", what_wrong="  line\r\nbreak ")[0] == {"what_wrong": "line\nbreak"}
    err = parse(demo, "what_wrong", what_wrong="y" * 21)[1]
    assert err.message == "“What went wrong?” must be 20 characters or fewer (you have 21)"


def test_required_errors_link_to_first_missing_input(demo):
    more = next(s for s in demo.sections if s.id == "more")
    result = journey.parse_page(more.questions, MultiDict([("grid-r1", "agree")]))
    assert [(e.question_id, e.anchor) for e in result.errors] == [("help_detail", "help_detail"), ("grid", "grid-r2")]
    shown = journey.visibility(demo, {}).questions(more)
    result = journey.parse_page(shown, MultiDict([("grid-r1", "agree")]))
    assert [(e.question_id, e.anchor) for e in result.errors] == [("grid", "grid-r2")]
    result = journey.parse_page(more.questions, MultiDict([("grid-r1", "agree")]), check_required=False)
    assert result.errors == [] and result.answers == {"grid": {"r1": "agree"}}


def test_visibility_drops_hidden_answers(demo):
    answers = {"fft": "good", "what_wrong": "stale", "help_needed": "no", "help_detail": "stale too"}
    vis = journey.visibility(demo, answers)
    assert vis.section_ids() == ["first", "more"]
    assert vis.answers == {"fft": "good", "help_needed": "no"}
    vis = journey.visibility(demo, {**answers, "fft": "poor", "help_needed": "yes"})
    assert vis.section_ids() == ["first", "poor", "more"] and "help_detail" in vis.question_ids
    assert vis.answers["what_wrong"] == "stale"


#: Pages whose conditions read a question on the page just before them, or two pages back.
CHAIN_YAML = """\
id: chain
version: 1
title: Chain
audience: any
sections:
  - id: a
    title: A
    questions: [{id: qa, type: single_choice, text: Question A, options: ["Yes", "No"]}]
  - id: b
    title: B
    questions: [{id: qb, type: single_choice, text: Question B, options: ["Yes", "No"]}]
  - id: c
    title: C
    show_if: qb == "yes"
    questions: [{id: qc, type: free_text, text: Question C}]
  - id: d
    title: D
    show_if: qa == "yes" or answered(qc)
    questions: [{id: qd, type: free_text, text: Question D}]
  - id: e
    title: E
    questions: [{id: qe, type: free_text, text: Question E}]
"""


def test_page_count_is_settled_once_every_later_condition_reads_earlier_pages(demo, tmp_path):
    sections = {s.id: s for s in demo.sections}
    # "poor" is shown for some answers to fft, which is on the first page
    assert journey.page_count_is_settled(demo, sections["first"]) is False
    assert journey.page_count_is_settled(demo, sections["poor"]) is True
    assert journey.page_count_is_settled(demo, sections["more"]) is True
    path = tmp_path / "chain.yaml"
    path.write_text(CHAIN_YAML)
    chain = load_questionnaire(path)
    settled = {s.id: journey.page_count_is_settled(chain, s) for s in chain.sections}
    # c reads qb (page b); d reads qc (page c) as well as qa: settled only from page d on
    assert settled == {"a": False, "b": False, "c": False, "d": True, "e": True}


def test_page_position_gives_the_total_only_when_it_cannot_change(demo):
    first, poor, more = demo.sections
    assert journey.page_position(demo, first, {}) == journey.PagePosition(number=1, total=None, previous=None)
    # "Page 1" before and after answering fft: the answer on this page can still change the count
    assert journey.page_position(demo, first, {"fft": "poor"}).total is None
    assert journey.page_position(demo, poor, {"fft": "poor"}) == journey.PagePosition(2, 3, first)
    assert journey.page_position(demo, more, {"fft": "poor"}) == journey.PagePosition(3, 3, poor)
    assert journey.page_position(demo, more, {"fft": "good"}) == journey.PagePosition(2, 2, first)
    # a page the answers hide, shown anyway (a post not matched to a draft), counts as the last
    assert journey.page_position(demo, poor, {}) == journey.PagePosition(3, 3, more)


def test_next_and_resume_sections(demo):
    assert journey.first_incomplete_section(demo, {"fft": "good"}, ["first"]).id == "more"
    full = {"fft": "good", "grid": {"r1": "agree", "r2": "agree"}}
    assert journey.first_incomplete_section(demo, full, ["first", "more"]) is None
    # a draft with its pages passed stored: the first page not passed (where Save was pressed)
    assert journey.resume_section(demo, {"fft": "good"}, ["first"]).id == "more"
    assert journey.resume_section(demo, {"fft": "good"}, []).id == "first"
    assert journey.resume_section(demo, full, ["first", "more"]) is None
    assert journey.resume_section(demo, full, ["first"]).id == "more"  # saved on "more", every answer in
    assert journey.resume_section(demo, {}, ["first"]).id == "first"  # its required answer is missing
    # a page the answers hide no longer counts as passed
    assert journey.resumed_pages_seen(demo, {"fft": "good"}, ["poor", "first"]) == ["first"]
    # stored before pages were kept (None): the last page with an answer is asked again while a
    # question on it is blank; earlier pages are not, blank or not
    assert journey.resume_section(demo, {"fft": "good"}).id == "first"
    assert journey.resume_section(demo, {}).id == "first"
    assert journey.resumed_pages_seen(demo, {"fft": "good", "score": 8}, None) == ["first"]
    # pages_seen holding JSON that is not a list of page ids is read as None (a 500 on resume before)
    for junk in (5, True, {"first": 1}, [["first"]], "first", ["first", 3]):
        assert journey.resumed_pages_seen(demo, {"fft": "good", "score": 8}, junk) == ["first"], junk
        assert journey.resume_section(demo, {"fft": "good", "score": 8}, junk).id == "more", junk
    assert journey.resume_section(demo, {"fft": "good", "score": 8}).id == "more"
    every = {"fft": "good", "services": ["gp"], "when": date(2024, 3, 1)}
    assert journey.resume_section(demo, every).id == "more"
    assert journey.resume_section(demo, full) == journey.first_incomplete_section(demo, full, ["first"])


def test_answers_round_trip_through_form_values(demo):
    answers = {
        "fft": "poor", "services": ["gp", "other"], "services:other": "Dentist", "when": date(2024, 3, 1),
        "what_wrong": "Late", "score": 6, "visits": 2.5, "help_needed": "yes", "help_detail": "Lifts",
        "order": ["b", "a", "c"], "grid": {"r1": "agree", "r2": "disagree"},
    }
    form = MultiDict([(k, v) for k, vs in journey.answers_to_form(demo.questions(), answers).items() for v in vs])
    result = journey.parse_page(demo.questions(), form)
    assert result.errors == [] and result.answers == answers


def test_display_answer(demo):
    answers = {"services": ["gp", "other"], "services:other": "Dentist", "when": date(2024, 2, 3), "score": 7}
    assert journey.display_answer(demo.question("services"), answers) == ["GP", "Other: Dentist"]
    assert journey.display_answer(demo.question("when"), answers) == ["3 February 2024"]
    assert journey.display_answer(demo.question("score"), answers) == ["7 out of 10"]
    assert journey.display_answer(demo.question("fft"), answers) == []


def test_estimated_minutes_and_locales(demo):
    assert journey.estimated_minutes(demo) >= 1
    assert journey.choose_locale(demo, "en-easy") == "en-easy"
    assert journey.choose_locale(demo, "xx") is None


def test_every_starter_question_has_a_first_input_and_unique_ids():
    for q in load_all(ROOT / "questionnaires").values():
        ids = [journey.first_input_id(x) for x in q.questions()]
        assert len(ids) == len(set(ids)), q.id
        for x in q.questions():
            assert journey.input_id(x.id) == x.id or x.id not in ids


def test_small_forms():
    assert parse_help(MultiDict([("completed_with_help", "yes")])) == ("yes", None)
    assert parse_help(MultiDict([("completed_with_help", "maybe")]))[1] is not None
    assert parse_resume_code(MultiDict([("resume_code", " abcd efgh jkmn ")])) == ("abcd efgh jkmn", None)
    assert parse_resume_code(MultiDict([("resume_code", "ABCD")]))[1].startswith("Enter the 12")
    assert "no 0, 1" in parse_resume_code(MultiDict([("resume_code", "ABCD-EFGH-JKM0")]))[1]


def test_help_is_taken_from_answering_for_when_the_questionnaire_asks_it(demo):
    qs = load_all(ROOT / "questionnaires")
    asking = [q for q in qs.values() if any(x.id == journey.HELP_QUESTION_ID for x in q.questions())]
    assert asking
    for q in asking:
        assert journey.asks_about_help(q)
        assert journey.help_from_answers(q, {"answering_for": "with_help"}) is True
        assert journey.help_from_answers(q, {"answering_for": "on_behalf"}) is True
        assert journey.help_from_answers(q, {"answering_for": "myself"}) is False
        assert journey.help_from_answers(q, {}) is None  # not answered (or not shown): not recorded
        # the check page does not ask, so what it posts never counts
        assert journey.completed_with_help(q, {"answering_for": "myself"}, "yes") is False
        assert journey.completed_with_help(q, {}, "yes") is None
    assert not journey.asks_about_help(demo)
    assert journey.help_from_answers(demo, {"answering_for": "with_help"}) is None


def test_help_stated_on_the_check_page_is_yes_no_or_not_answered(demo):
    """Without an answering_for question the check page's answer is stored: yes True, no
    False, blank None; the answers do not count."""
    assert [journey.completed_with_help(demo, {}, stated) for stated in ("yes", "no", "")] == [True, False, None]
    assert journey.completed_with_help(demo, {"answering_for": "with_help"}, "") is None


def test_stated_minutes():
    assert journey.stated_minutes("It takes about 10 minutes.") == 10
    assert journey.stated_minutes("It takes about two minutes.") == 2
    assert journey.stated_minutes("Takes a minute or so") is None
    assert journey.stated_minutes("No time given") is None


def test_a_past_date_question_refuses_the_future_and_any_date_refuses_before_1900(demo):
    # a new user entered 1/3/2030 and 1/3/1890 for "When did you last use one of these services?"
    # (now asked as a month and year)
    from datetime import timedelta

    pwus = load_questionnaire(ROOT / "questionnaires" / "people-who-use-services.yaml")
    assert pwus.question("last_contact").past
    today = date.today()
    next_month = (today.replace(day=1) + timedelta(days=31)).replace(day=1)
    err = parse(pwus, "last_contact", last_contact__month=str(next_month.month),
                last_contact__year=str(next_month.year))[1]
    assert err.message.endswith("must be this month or in the past")
    assert parse(pwus, "last_contact", last_contact__month=str(today.month),
                 last_contact__year=str(today.year))[0] == {"last_contact": today.replace(day=1)}
    err = parse(pwus, "last_contact", last_contact__month="3", last_contact__year="1890")[1]
    assert err.message.endswith("must be after 1900") and err.anchor == "last_contact-year"
    # "A rough date is fine": the month and year are asked (no day), and the 1st of the month stored
    assert pwus.question("last_contact").precision == "month"
    assert journey.first_input_id(pwus.question("last_contact")) == "last_contact-month"
    assert parse(pwus, "last_contact", last_contact__month="3", last_contact__year="2024")[0] == {
        "last_contact": date(2024, 3, 1)
    }
    err = parse(pwus, "last_contact", last_contact__year="2024")[1]
    assert err.message.endswith("must include a month") and err.anchor == "last_contact-month"
    assert journey.display_answer(pwus.question("last_contact"), {"last_contact": date(2024, 3, 1)}) == ["March 2024"]
    assert journey.answers_to_form([pwus.question("last_contact")], {"last_contact": date(2024, 3, 1)}) == {
        "last_contact-month": ["3"], "last_contact-year": ["2024"]
    }
    assert coerce_value(pwus.question("last_contact"), "2024-03") == date(2024, 3, 1)
    assert coerce_value(pwus.question("last_contact"), "2024-03-17") == date(2024, 3, 1)
    with pytest.raises(ValueError, match=r"is not a date \(YYYY-MM-DD or DD/MM/YYYY, YYYY-MM, MM/YYYY, March 2024 or "
                                         r"Mar-24\)$"):
        coerce_value(pwus.question("last_contact"), "March")
    # a month-and-year question without "past" takes a two-digit year up to 10 years ahead, no later:
    # Excel's "Mar-99" was stored as March 2099 without a word
    next_visit = dataclasses.replace(pwus.question("last_contact"), past=False)
    furthest = date.today().year + 10
    assert journey.parse_question(next_visit, MultiDict({"last_contact-month": f"Dec-{furthest % 100:02d}"})) == (
        {"last_contact": date(furthest, 12, 1)}, None)
    values, err = journey.parse_question(next_visit, MultiDict({"last_contact-month": f"Jan-{(furthest + 1) % 100:02d}"}))
    assert values == {} and err.anchor == "last_contact-month"
    assert err.message == "The year for “When did you last use one of these services?” must include 4 numbers"
    assert journey.split_month_and_year({"month": "Mar-37", "year": ""}, today=date(2026, 6, 1))["year"] == "37"
    assert journey.split_month_and_year({"month": "Mar-36", "year": ""}, today=date(2026, 6, 1))["year"] == "2036"
    # a date question without "past" takes a future date
    assert parse(demo, "when", when__day="1", when__month="3", when__year="2030")[0] == {"when": date(2030, 3, 1)}


def test_without_stated_time_keeps_every_other_sentence():
    assert journey.without_stated_time("Tell us.  It takes about 10\nminutes. Thanks!") == "Tell us. Thanks!"
    assert journey.without_stated_time("A few minutes of your time. Please!") == "A few minutes of your time. Please!"
