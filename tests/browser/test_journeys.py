"""End-to-end journeys in Chromium against the real server (gunicorn, CSRF on, fresh database).

Each starter questionnaire is completed on a phone and a desktop viewport; one with the
keyboard only; one with JavaScript off. Plus: a validation error moves focus to the
error summary and its links focus the right input, Back keeps answers, and a saved
response is resumed with its code in a fresh browser. On a shared tablet, in a Chromium whose
back/forward cache is on: Back after sending, or after a kiosk's idle clear, shows no answers.
"""
from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from browserlib import (
    KIOSK_IDLE_SECONDS,
    axe_violations,
    fill_with_keyboard,
    focus_is_visible,
    fill_with_pointer,
    planned_fields,
    questionnaires,
    save_screenshot,
    section_path,
    tab_to,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

QUESTIONNAIRES = questionnaires()
STARTERS = sorted(QUESTIONNAIRES)
MAX_PAGES = 40


def continue_button(page: Any) -> Any:
    """The question form's Continue button."""
    return page.locator('form[method=post] button[name=action][value=continue]')


def complete(page: Any, qid: str, marker: str, *, keyboard: bool = False,
             not_visible: list[str] | None = None) -> list[str]:
    """Answer every page of ``qid`` from its first page to the thank-you page; the paths seen."""
    questionnaire = QUESTIONNAIRES[qid]
    seen: list[str] = []
    for _ in range(MAX_PAGES):
        path = section_path(page.url)
        seen.append(path)
        if path.endswith("/thanks"):
            return seen
        if path.endswith("/check"):
            expect(page.locator("h1")).to_contain_text("Check your answers")
            send = page.get_by_role("button", name="Send my answers")
            if keyboard:
                tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('Send my answers')")
                with page.expect_navigation():
                    page.keyboard.press("Enter")
            else:
                with page.expect_navigation():
                    send.click()
            continue
        assert re.search(rf"/s/{re.escape(qid)}(/page/[\w-]+)?$", path), f"unexpected page {page.url}"
        fields = planned_fields(page, questionnaire, marker)
        if keyboard:
            fill_with_keyboard(page, fields, not_visible if not_visible is not None else [])
            tab_to(page, "el.tagName === 'BUTTON' && el.value === 'continue'")
            if not_visible is not None and not focus_is_visible(page):
                not_visible.append(f"{path} Continue button")
            with page.expect_navigation():
                page.keyboard.press("Enter")
        else:
            fill_with_pointer(page, fields)
            with page.expect_navigation():
                continue_button(page).click()
        assert page.locator(".error-summary").count() == 0, (
            f"{path} refused the answers: {page.locator('.error-summary').inner_text()}"
        )
    raise AssertionError(f"no thank-you page after {MAX_PAGES} pages: {seen}")


def stored_once(live_server: Any, qid: str, marker: str) -> int:
    """Submitted responses to ``qid`` carrying ``marker`` in a free-text answer."""
    return live_server.count(
        "SELECT COUNT(DISTINCT r.id) FROM responses r JOIN answers a ON a.response_id = r.id "
        "WHERE r.questionnaire_id = :qid AND r.status = 'submitted' AND a.text_value LIKE :m",
        qid=qid, m=f"{marker}%",
    )


@pytest.mark.browser
@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("qid", STARTERS)
def test_complete_each_questionnaire(new_page: Any, live_server: Any, qid: str, device: str) -> None:
    page = new_page(device)
    page.goto("/")
    with page.expect_navigation():
        page.locator(f'a[href="/s/{qid}"]').click()
    marker = f"e2e-{device}-{uuid.uuid4().hex[:8]}"
    seen = complete(page, qid, marker)
    expect(page.locator("h1")).to_contain_text("Thank you")
    assert f"/s/{qid}/check" in seen
    assert stored_once(live_server, qid, marker) == 1
    # Refresh and Back on the thank-you page never store the response twice.
    page.reload()
    page.go_back()
    assert stored_once(live_server, qid, marker) == 1


@pytest.mark.browser
@pytest.mark.parametrize("qid", ["fft", "people-who-use-services"])
def test_keyboard_only(new_page: Any, live_server: Any, qid: str) -> None:
    """Tab, arrows, Space, Enter and typing only; every control shows where focus is."""
    page = new_page("desktop")
    page.goto("/")
    not_visible: list[str] = []
    tab_to(page, "el.tagName === 'A' && el.getAttribute('href') === arg[0]", [f"/s/{qid}"])
    if not focus_is_visible(page):
        not_visible.append("start page: questionnaire link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    marker = f"e2e-keys-{uuid.uuid4().hex[:8]}"
    complete(page, qid, marker, keyboard=True, not_visible=not_visible)
    expect(page.locator("h1")).to_contain_text("Thank you")
    assert stored_once(live_server, qid, marker) == 1
    assert not_visible == [], "no visible focus indicator on: " + ", ".join(not_visible)


@pytest.mark.browser
@pytest.mark.parametrize("qid", ["carers", "fft"])
def test_javascript_disabled_phone(new_page: Any, live_server: Any, qid: str) -> None:
    """The whole journey is plain HTML forms: it works on a phone with JavaScript off."""
    page = new_page("phone", js=False)
    page.goto(f"/s/{qid}")
    assert page.evaluate("() => 1 + 1") == 2  # Playwright's own evaluate still works
    marker = f"e2e-nojs-{uuid.uuid4().hex[:8]}"
    complete(page, qid, marker)
    expect(page.locator("h1")).to_contain_text("Thank you")
    assert stored_once(live_server, qid, marker) == 1


def required_page(qid: str = "people-who-use-services") -> tuple[Any, Any]:
    """The first section of ``qid`` with a required question, and that question."""
    for section in QUESTIONNAIRES[qid].sections:
        for q in section.questions:
            if q.required and q.show_if is None:
                return section, q
    raise AssertionError(f"{qid} has no required question")


@pytest.mark.browser
@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_error_summary_takes_focus_and_links_focus_inputs(new_page: Any, js: bool) -> None:
    qid = "people-who-use-services"
    page = new_page("desktop", js=js)
    page.goto(f"/s/{qid}")
    with page.expect_navigation():
        continue_button(page).click()  # nothing answered
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert page.title().startswith("Error:"), page.title()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')"), (
        "focus is not on the error summary"
    )
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "alert"
    if js:
        save_screenshot(page, "question-page-with-errors.png")
    links = summary.locator("a")
    assert links.count() >= 1
    for i in range(links.count()):
        anchor = links.nth(i).get_attribute("href")
        assert anchor and anchor.startswith("#"), anchor
        target = page.locator(anchor)
        assert target.count() == 1, f"error link {anchor} points at nothing"
        links.nth(i).click()
        assert page.evaluate("() => '#' + document.activeElement.id") == anchor, (
            f"clicking the error link {anchor} did not focus that input"
        )
        tag = page.evaluate("() => document.activeElement.tagName")
        assert tag in ("INPUT", "SELECT", "TEXTAREA"), tag
        # Each linked input says what is wrong with it (error message linked by aria-describedby).
        described = page.evaluate(
            """() => { const el = document.activeElement;
                 const box = el.closest('[aria-describedby]') || el;
                 return (box.getAttribute('aria-describedby') || '') + ' ' + (el.getAttribute('aria-describedby') || ''); }"""
        )
        assert "-error" in described, f"{anchor}: no error message in aria-describedby ({described!r})"
        if js:  # the question stays in view above its field (a tester's legend was off-screen)
            top = page.evaluate(
                """() => { const el = document.activeElement; const fs = el.closest('fieldset');
                     const q = (fs && fs.querySelector('legend')) || document.querySelector('label[for="' + el.id + '"]');
                     return q.getBoundingClientRect().top; }"""
            )
            assert 0 <= top < page.viewport_size["height"], f"{anchor}: its question is off-screen ({top})"


@pytest.mark.browser
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_an_error_link_shows_the_question_above_its_field(new_page: Any, device: str) -> None:
    # A tester: "Select an answer for ..." focused the first radio scrolled to the very top of
    # the screen, its question and error message out of view (GOV.UK scrolls the legend in).
    page = new_page(device)
    page.goto("/s/fft")
    with page.expect_navigation():
        continue_button(page).click()  # nothing answered
    link = page.locator(".error-summary a").first
    anchor = link.get_attribute("href")
    link.click()
    assert page.evaluate("() => '#' + document.activeElement.id") == anchor
    top = page.evaluate("() => document.activeElement.closest('fieldset').querySelector('legend').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2, top


def go_back(page: Any) -> None:
    """The browser's Back button. A page restored from the back/forward cache fires no load
    event, so only the navigation's commit is awaited, then the document's content is read."""
    page.go_back(wait_until="commit")
    page.wait_for_function("() => document.readyState !== 'loading'")


def assert_bfcache_on(page: Any) -> None:
    """Back to a page sent without ``no-store`` (the start page) comes from the back/forward
    cache, with its script state: the cache is on, so the no-answers checks that follow mean
    something (Playwright turns it off unless asked)."""
    page.goto("/")
    page.evaluate("() => { window.stillHere = true }")
    page.goto("/accessibility")
    go_back(page)
    assert page.evaluate("() => window.stillHere === true"), "the back/forward cache is off"


def assert_no_answers(page: Any, marker: str) -> None:
    """Nothing typed or chosen on the page, nor ``marker`` anywhere in it."""
    assert marker not in page.content(), page.url
    typed = page.locator("form[method=post] textarea, "
                         "form[method=post] input:not([type=hidden]):not([type=radio]):not([type=checkbox])")
    assert typed.evaluate_all("els => els.filter(e => e.value).map(e => e.name)") == [], page.url
    assert page.locator("form[method=post] input:checked").count() == 0, page.url
    assert page.locator("form[method=post] option:checked:not([value=''])").count() == 0, page.url


@pytest.mark.browser
def test_back_after_sending_shows_no_answers(new_page: Any) -> None:
    # A tester on a shared tablet: Back twice from "Thank you" showed the last person's rating and
    # comment, refilled by the browser itself although the page is not stored (no-store). In a
    # browser whose back/forward cache is on, as people's are, the pages are asked for again too.
    assert_bfcache_on(new_page("phone", bfcache=True))
    page = new_page("phone", bfcache=True)
    page.goto("/s/fft")
    page.locator("input[name=fft][value=very_poor]").check()
    box = page.locator("textarea").first
    box.fill("PRIVATE words of the last person")
    with page.expect_navigation():
        continue_button(page).click()
    while "/check" not in page.url:
        with page.expect_navigation():
            continue_button(page).click()
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").last.click()
    assert "/thanks" in page.url
    urls = []
    for _ in range(4):
        go_back(page)
        urls.append(section_path(page.url))
        if "/thanks" not in page.url:
            assert_no_answers(page, "PRIVATE")
    assert "/s/fft" in urls  # the check page went to the first page, asked for again


@pytest.mark.browser
def test_a_kiosk_tablet_left_mid_way_shows_the_next_person_no_answers_on_back(new_page: Any) -> None:
    # A GP waiting room's tablet: someone answered a page and walked away; for an hour the next
    # person's Back showed their answers. A ?kiosk=1 link clears them after the kiosk idle time.
    qid = "carers"
    page = new_page("phone", bfcache=True)
    page.goto(f"/s/{qid}?kiosk=1")
    expect(page.locator(".inset")).to_contain_text("This device is shared.")
    fields = planned_fields(page, QUESTIONNAIRES[qid], "e2e-kiosk")
    fill_with_pointer(page, fields)
    with page.expect_navigation():
        continue_button(page).click()
    assert page.locator(".error-summary").count() == 0
    page.wait_for_timeout((KIOSK_IDLE_SECONDS + 1) * 1000)  # the person walks away
    go_back(page)
    expect(page.locator(".notification-banner")).to_contain_text("we cleared the answers on this device")
    assert_no_answers(page, "e2e-kiosk")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "en-easy"])
def test_the_fft_question_starts_on_a_phone_s_first_screen_on_a_kiosk(new_page: Any, lang: str) -> None:
    # A GP practice manager's tablet link at phone width: the question began below the first
    # screen, after the intro box and a second paragraph saying again not to give a name.
    page = new_page("phone")
    page.goto(f"/s/fft?service=see-and-convey&kiosk=1&lang={lang}")
    expect(page.locator(".inset")).to_contain_text("device")  # the shared-device line is above it
    top = page.locator("fieldset legend").first.evaluate("e => e.getBoundingClientRect().top")
    assert top < page.viewport_size["height"], top


@pytest.mark.browser
def test_back_keeps_answers(new_page: Any) -> None:
    qid = "carers"
    questionnaire = QUESTIONNAIRES[qid]
    page = new_page("phone")
    page.goto(f"/s/{qid}")
    first = section_path(page.url)
    fields = planned_fields(page, questionnaire, "e2e-back")
    assert fields, "nothing to answer on the first page"
    fill_with_pointer(page, fields)
    with page.expect_navigation():
        continue_button(page).click()
    assert section_path(page.url) != first
    with page.expect_navigation():
        page.locator("a.back-link").click()
    assert section_path(page.url).rstrip("/").split("/page/")[0] == f"/s/{qid}"
    from browserlib import assert_field_has, field_kind

    for name, value in fields:
        assert_field_has(page, name, value, field_kind(page, name))
    # And the browser's own Back button too (the page is re-rendered from the stored draft).
    with page.expect_navigation():
        continue_button(page).click()
    page.go_back()
    page.reload()
    for name, value in fields:
        assert_field_has(page, name, value, field_kind(page, name))


@pytest.mark.browser
def test_save_and_resume_with_code(new_page: Any, live_server: Any) -> None:
    qid = "people-who-use-services"
    questionnaire = QUESTIONNAIRES[qid]
    page = new_page("desktop")
    page.goto(f"/s/{qid}")
    fields = planned_fields(page, questionnaire, "e2e-resume")
    fill_with_pointer(page, fields)
    with page.expect_navigation():
        continue_button(page).click()
    second = section_path(page.url)
    second_fields = planned_fields(page, questionnaire, "e2e-resume")
    fill_with_pointer(page, second_fields[:1])
    with page.expect_navigation():
        page.get_by_role("button", name="Save and come back later").click()
    code = page.locator(".resume-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-?[A-Z2-9]{4}-?[A-Z2-9]{4}", code), code
    page.goto(second)  # this tab stays open on the page, as a phone's does
    # A different browser (no cookies): enter the code, in lower case with spaces, as people do.
    other = new_page("phone")
    other.goto(f"/s/{qid}/resume")
    other.get_by_label("Enter your resume code").fill(" " + code.lower().replace("-", " ") + " ")
    with other.expect_navigation():
        other.get_by_role("button", name="Continue").click()
    assert other.locator(".error-summary").count() == 0
    # It opens the page where Save was pressed, with its other questions still to answer (it
    # used to open the page after it, and they were never seen).
    order = [f"/s/{qid}/page/{sec.id}" for sec in questionnaire.sections]
    resumed = section_path(other.url)
    assert resumed == second, f"resumed at {resumed}, saved on {second}"
    assert other.locator(".error-summary").count() == 0
    from browserlib import assert_field_has, field_kind

    other.goto(second)
    for name, value in second_fields[:1]:
        assert_field_has(other, name, value, field_kind(other, name))
    other.goto(order[0])  # the first page (its start link asks "continue or start again" now)
    for name, value in fields:
        assert_field_has(other, name, value, field_kind(other, name))
    # Continue in the first browser's open tab: the other device holds the answers now, so the
    # page is not stored over them; it comes back with what was typed and says what happened
    with page.expect_navigation():
        continue_button(page).click()
    expect(page.get_by_role("alert")).to_contain_text("You carried on with these answers on another device")
    for name, value in second_fields[:1]:
        assert_field_has(page, name, value, field_kind(page, name))
    expect(page.get_by_role("link", name="Enter your resume code to carry on")).to_have_attribute(
        "href", f"/s/{qid}/resume"
    )
    # A wrong code is refused with an error summary that has focus.
    wrong = new_page("desktop")
    wrong.goto(f"/s/{qid}/resume")
    wrong.get_by_label("Enter your resume code").fill("ABCD-EFGH-JKMN")
    with wrong.expect_navigation():
        wrong.get_by_role("button", name="Continue").click()
    expect(wrong.locator(".error-summary")).to_be_visible()
    assert wrong.evaluate("() => document.activeElement.classList.contains('error-summary')")


@pytest.mark.browser
@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_a_date_error_marks_only_the_box_at_fault(new_page: Any, js: bool) -> None:
    # GOV.UK date input: a month and no year marked the month box red too; only the year is wrong
    qid = "people-who-use-services"
    page = new_page("phone", js=js)
    page.goto(f"/s/{qid}")
    page.get_by_label("Yes, I have read this and I am happy to take part").check()
    with page.expect_navigation():
        continue_button(page).click()
    page.goto(f"/s/{qid}/page/your_care")
    page.locator("input[name=last_contact-month]").fill("March")
    with page.expect_navigation():
        continue_button(page).click()
    border = "el => getComputedStyle(el).borderTopColor"
    assert page.locator("#last_contact-year").evaluate(border) == "rgb(212, 53, 28)"  # the error red
    assert page.locator("#last_contact-month").evaluate(border) != "rgb(212, 53, 28)"
    expect(page.locator("#last_contact-month")).to_have_value("March")  # nothing typed is lost
    link = page.locator(".error-summary a", has_text="must include a year")
    link.click()
    assert page.evaluate("() => document.activeElement.id") == "last_contact-year"


@pytest.mark.browser
def test_a_kiosk_resume_code_page_has_a_way_back_to_the_start(new_page: Any) -> None:
    # A GP waiting room's tablet, without JavaScript: after "Save and come back later" the code
    # stayed on the screen for the next person, with only the header's link away from it. The
    # page does not leave by itself (WCAG 2.2.1): one touch takes the code off the screen.
    for js in (True, False):
        page = new_page("phone", js=js)
        page.goto("/s/fft?service=see-and-convey&kiosk=1")
        page.locator("input[name=fft][value=good]").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save and come back later").click()
        code = page.locator(".resume-code").inner_text()
        assert page.locator("meta[http-equiv]").count() == 0
        if js:
            assert axe_violations(page) == {}
    with page.expect_navigation():
        page.get_by_role("link", name="Finish and go back to the start page").click()
    assert section_path(page.url) == "/s/fft" and "service=see-and-convey" in page.url
    assert code not in page.content() and page.locator("input:checked").count() == 0
    expect(page.locator("h1")).to_contain_text("Your experience")
