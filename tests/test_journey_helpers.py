"""Helpers for driving the public survey journey with the Flask test client.

Answers are built generically from a questionnaire's definition, so every file in
``questionnaires/`` is covered without test changes.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from survey_app.questionnaire import expressions
from survey_app.questionnaire.model import Question, Questionnaire

DEMO_YAML = """\
id: demo
version: 1
title:
  en: Demo survey
  en-easy: Easy demo
audience: people_who_use_services
locales: [en, en-easy]
description: {en: A survey with every question type., en-easy: A survey with every kind of question.}
services:
  - {id: ward-7, name: Ward 7}
sections:
  - id: first
    title: {en: About you, en-easy: About you}
    questions:
      - id: fft
        type: fft
        required: true
        text: {en: "Overall, how was your experience of our service?", en-easy: "How was our service?"}
      - id: services
        type: multi_choice
        text: {en: "Which services did you use?", en-easy: "Which services did you go to?"}
        options:
          - {value: gp, label: {en: GP, en-easy: Your doctor}}
          - {value: home_care, label: {en: Home care, en-easy: Help at home}}
          - {value: other, label: {en: Other, en-easy: Something else}, specify: true}
          - {value: none, label: {en: None of these, en-easy: None of these}, exclusive: true}
      - id: when
        type: date
        text: {en: "When did you last use a service?", en-easy: "When did you last get help?"}
  - id: poor
    title: {en: What went wrong, en-easy: What was bad}
    show_if: fft in ["poor", "very_poor"]
    questions:
      - id: what_wrong
        type: free_text
        text:
          en: What went wrong?
          en-easy: Tell us what was bad
        max_length: 20
        required: true
  - id: more
    title: {en: More about your care, en-easy: More about your care}
    questions:
      - id: score
        type: rating
        text: {en: "How would you score your care?", en-easy: "How good was your care?"}
      - id: visits
        type: number
        text: {en: "How many visits?", en-easy: "How many times did you go?"}
        min: 0
        max: 50
      - id: help_needed
        type: single_choice
        text: {en: "Did you need help?", en-easy: "Did you need help?"}
        options:
          - {value: "yes", label: {en: "Yes", en-easy: "Yes"}}
          - {value: "no", label: {en: "No", en-easy: "No"}}
          - {value: prefer_not_to_say, label: {en: Prefer not to say, en-easy: I do not want to say}}
      - id: help_detail
        type: free_text
        required: true
        multiline: true
        text: {en: "What help did you need?", en-easy: "What help did you need?"}
        show_if: help_needed == "yes"
      - id: order
        type: ranking
        text: {en: Put these in order, en-easy: Put these in order}
        options:
          - {value: a, label: {en: Alpha, en-easy: Alpha}}
          - {value: b, label: {en: Beta, en-easy: Beta}}
          - {value: c, label: {en: Gamma, en-easy: Gamma}}
      - id: grid
        type: matrix
        required: true
        text: {en: "How much do you agree?", en-easy: "Do you agree?"}
        rows:
          - {id: r1, text: {en: Staff were kind, en-easy: Staff were kind}}
          - {id: r2, text: {en: I felt safe, en-easy: I felt safe}}
"""

TOKEN_RE = re.compile(r'name="submission_token" value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
GROUP_RE = re.compile(r'id="([^"]+)-group"')
CAPTION_RE = re.compile(r'<p class="caption">.*?<br>(Page [^<]*)</p>', re.S)


def token_of(html: str) -> str:
    """The hidden submission token on a page."""
    m = TOKEN_RE.search(html)
    assert m, "no submission_token on the page"
    return m.group(1)


def consent_given(client: Any, qid: str = "people-who-use-services") -> str:
    """Tick the consent box on the first page of ``qid`` (a later page is not served before
    it); the journey's submission token."""
    token = token_of(client.get(f"/s/{qid}").text)
    resp = client.post(f"/s/{qid}", data={"submission_token": token, "consent": "yes"})
    assert resp.status_code == 302, resp.status_code
    return token


def title_of(html: str) -> str:
    """The page <title>."""
    m = TITLE_RE.search(html)
    assert m
    return m.group(1).strip()


def caption_of(html: str) -> str:
    """The page-number part of a question page's caption ("Page 2 of 3", or "Page 2")."""
    m = CAPTION_RE.search(html)
    assert m, "no page caption"
    return m.group(1).strip()


def shown_question_ids(html: str) -> list[str]:
    """Question ids rendered on a page (each question is wrapped in ``<id>-group``)."""
    return GROUP_RE.findall(html)


def trigger_values(q: Questionnaire) -> dict[str, set[str]]:
    """Option values that ``show_if`` expressions compare each question with."""
    out: dict[str, set[str]] = {}
    items = [*q.sections, *q.questions()]
    for item in items:
        if item.show_if_ast is not None:
            for ref, value in expressions.literal_comparisons(item.show_if_ast):
                out.setdefault(ref, set()).add(str(value))
    return out


def choose(question: Question, triggers: dict[str, set[str]], trigger: bool) -> str:
    """An option value: one that a show_if mentions (``trigger``) or one it does not."""
    values = [o.value for o in question.options]
    mentioned = triggers.get(question.id, set())
    if trigger:
        picks = [v for v in values if v in mentioned]
    else:
        picks = [v for v in values if v not in mentioned and not v.startswith("prefer")]
    return (picks or values)[0]


def answer_for(
    question: Question, triggers: dict[str, set[str]], trigger: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(form fields, expected typed answers) for one question."""
    qid = question.id
    kind = question.type
    if kind in ("single_choice", "likert", "fft", "consent"):
        value = choose(question, triggers, trigger)
        form: dict[str, Any] = {qid: value}
        expected: dict[str, Any] = {qid: value}
        opt = next(o for o in question.options if o.value == value)
        if opt.specify:
            form[f"{qid}:{value}"] = "Written in"
            expected[f"{qid}:{value}"] = "Written in"
        return form, expected
    if kind == "multi_choice":
        mentioned = triggers.get(qid, set())
        plain = [o for o in question.options if not o.exclusive]
        picked = [o for o in plain if (o.value in mentioned) == trigger][:2] or plain[:1]
        if trigger:
            specify = [o for o in plain if o.specify and o not in picked]
            picked += specify[:1]  # also exercise the write-in
        values = [o.value for o in question.options if o in picked]
        form = {qid: values}
        expected = {qid: values}
        for o in picked:
            if o.specify:
                form[f"{qid}:{o.value}"] = "Another one"
                expected[f"{qid}:{o.value}"] = "Another one"
        return form, expected
    if kind == "rating":
        value = 7 if not trigger else 3
        return {qid: str(value)}, {qid: value}
    if kind == "number":
        lo = int(question.minimum) if question.minimum is not None else 0
        hi = int(question.maximum) if question.maximum is not None else lo + 10
        value = min(max(lo, 2), hi)
        return {qid: str(value)}, {qid: value}
    if kind == "date" and question.precision == "month":  # month and year only: the 1st is stored
        return {f"{qid}-month": "4", f"{qid}-year": "2024"}, {qid: date(2024, 4, 1)}
    if kind == "date":
        return {f"{qid}-day": "5", f"{qid}-month": "4", f"{qid}-year": "2024"}, {qid: date(2024, 4, 5)}
    if kind == "ranking":
        values = [o.value for o in question.options]
        if trigger:
            values = list(reversed(values))
        return {f"{qid}-rank-{v}": str(i) for i, v in enumerate(values, start=1)}, {qid: values}
    if kind == "matrix":
        value = question.options[1 if trigger else 0].value
        return {f"{qid}-{r.id}": value for r in question.rows}, {qid: {r.id: value for r in question.rows}}
    if question.format == "postcode_district":  # a whole postcode, of which only the district is kept
        return {qid: "dh1 3le"}, {qid: "DH1"}
    text = "It was fine, thank you."[: question.max_length or 100]
    return {qid: text}, {qid: text}


def complete(
    client: Any,
    q: Questionnaire,
    *,
    trigger: bool,
    max_pages: int = 60,
    overrides: dict[str, str] | None = None,
    on_check: Any = None,
    on_page: Any = None,
    completed_with_help: str = "no",
    send: bool = True,
) -> tuple[dict[str, Any], list[str], str]:
    """Answer every shown question of ``q`` page by page, then submit.

    ``overrides`` gives fixed option values for some questions; ``on_check`` is called
    with the "Check your answers" HTML, ``on_page`` with each question page's section id
    and HTML (again when an answer revealed a question on that page); ``completed_with_help``
    is what is posted to "Did someone help you?" (``yes``, ``no``, ``""`` for not answered);
    ``send=False`` stops at the check page without sending.
    Returns the answers expected to be stored, the section ids visited and the token.
    """
    overrides = overrides or {}
    triggers = trigger_values(q)
    sections = {s.id: s for s in q.sections}
    resp = client.get(f"/s/{q.id}")
    assert resp.status_code == 200, resp.status_code
    url = f"/s/{q.id}"
    token = token_of(resp.text)
    expected: dict[str, Any] = {}
    visited: list[str] = []
    for _ in range(max_pages):
        html = resp.text
        section_id = url.rsplit("/", 1)[-1] if "/page/" in url else q.sections[0].id
        if section_id not in sections:  # first page shown at /s/<id>
            section_id = next(s.id for s in q.sections)
        if on_page is not None:
            on_page(section_id, html)
        visited.append(section_id)
        shown = shown_question_ids(html)
        form: dict[str, Any] = {"submission_token": token, "action": "continue"}
        for qq in sections[section_id].questions:
            if qq.id in overrides and qq.id in shown:
                form[qq.id] = expected[qq.id] = overrides[qq.id]
            elif qq.id in shown:
                f, e = answer_for(qq, triggers, trigger)
                form.update(f)
                expected.update(e)
        resp = client.post(url, data=form)
        problems = re.findall(r"<li><a href=[^>]+>([^<]+)", resp.text)
        assert resp.status_code == 302, f"{q.id}/{section_id}: {resp.status_code} {problems}"
        url = resp.headers["Location"]
        if url.endswith(f"/page/{section_id}"):  # a question was revealed on the same page
            visited.pop()
        resp = client.get(url)
        assert resp.status_code == 200
        if url.endswith("/check"):
            break
    else:  # pragma: no cover
        raise AssertionError("journey did not reach the check page")
    assert title_of(resp.text).startswith("Check your answers")
    if on_check is not None:
        on_check(resp.text)
    if not send:  # stop at the check page; the caller sends
        return expected, visited, token
    done = client.post(f"/s/{q.id}/check", data={"submission_token": token, "completed_with_help": completed_with_help})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/s/{q.id}/thanks")
    return expected, visited, token
