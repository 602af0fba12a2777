"""Helpers for the browser tests: axe-core, no-script rendering, screenshots, questionnaire filling.

Imported by the test modules (``tests/browser`` is on ``sys.path`` under pytest's default
import mode); fixtures live in ``conftest.py``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).with_name("vendor") / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"

#: The live server's kiosk idle time (only a browser opened at a ``?kiosk=1`` link has it).
KIOSK_IDLE_SECONDS = 3
#: The WCAG rule tags every public page must pass with zero violations.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_AXE_SOURCE: str | None = None


def axe_violations(page: Any) -> dict[str, list[str]]:
    """Run the vendored axe-core on ``page``; ``{rule id: [target selectors]}`` of violations.

    Injected with ``page.evaluate`` (not a script tag), so the page's own CSP does not
    block it. Needs JavaScript on in the context: in a JS-off context axe never returns
    (see the docs); use :func:`scripts_blocked` for the no-script rendering instead.
    """
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = AXE_JS.read_text(encoding="utf-8")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_AXE_SOURCE)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return {v["id"]: [", ".join(map(str, n["target"])) for n in v["nodes"]] for v in result["violations"]}


def scripts_blocked(context: Any) -> None:
    """Serve every document with ``script-src 'none'`` so the page's own JS never runs.

    axe (evaluated by Playwright) still runs; this is how the no-JS rendering is checked.
    """

    def route(r: Any) -> None:
        if r.request.resource_type != "document":
            r.continue_()
            return
        resp = r.fetch()
        r.fulfill(response=resp, headers={**resp.headers, "content-security-policy": "script-src 'none'"})

    context.route("**/*", route)


#: Pages axe checked in this session (printed in the terminal summary).
CHECKED: list[str] = []


def record_checked(label: str) -> None:
    """Remember a page/state that passed (or was asserted by) the axe check."""
    CHECKED.append(label)


def save_screenshot(page: Any, name: str) -> Path:
    """Full-page screenshot under tests/artifacts/ (git-ignored), for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def dump(obj: Any) -> str:
    """Readable JSON for assertion messages."""
    return json.dumps(obj, indent=1, default=str)


# ---------------------------------------------------------------- the questionnaires


def questionnaires() -> dict[str, Any]:
    """The public starter questionnaires, by id, from ``questionnaires/`` (the server loads the
    same files; ``open: false`` ones, such as workshop input, are not served)."""
    from survey_app.questionnaire.loader import load_all

    loaded = load_all(ROOT / "questionnaires")
    items = loaded.values() if isinstance(loaded, dict) else loaded
    return {q.id: q for q in items if q.open}


def form_names(page: Any) -> set[str]:
    """Names of the inputs in the page's question form."""
    return set(page.eval_on_selector_all("form[method=post] [name]", "els => els.map(e => e.name)"))


def planned_fields(page: Any, questionnaire: Any, marker: str) -> list[tuple[str, str]]:
    """The fields a respondent fills on this page, in page order (see ``bench/answers.py``)."""
    from bench.answers import answers_for

    names = form_names(page)
    fields: list[tuple[str, str]] = []
    for question in questionnaire.questions():
        fields += answers_for(question, names, marker)
    return fields


def field_selector(name: str, value: str, kind: str) -> str:
    """CSS selector for one field (radios and checkboxes by value)."""
    if kind in ("radio", "checkbox"):
        return f'form[method=post] input[name="{name}"][value="{value}"]'
    return f'form[method=post] [name="{name}"]'


def field_kind(page: Any, name: str) -> str:
    """``radio``, ``checkbox``, ``select``, ``textarea`` or ``text``."""
    return str(page.eval_on_selector(
        f'form[method=post] [name="{name}"]',
        "e => e.tagName === 'INPUT' ? (e.type === 'radio' || e.type === 'checkbox' ? e.type : 'text')"
        " : e.tagName.toLowerCase()",
    ))


def fill_with_pointer(page: Any, fields: list[tuple[str, str]]) -> None:
    """Fill the fields with clicks and typing, as a mouse or touch user would."""
    for name, value in fields:
        kind = field_kind(page, name)
        loc = page.locator(field_selector(name, value, kind))
        if kind in ("radio", "checkbox"):
            loc.check()
        elif kind == "select":
            loc.select_option(value)
        else:
            loc.fill(value)


FOCUS_STYLE_JS = """el => {
  const parts = [[el, null], [el, '::before'], [el, '::after']];
  const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
  if (label) parts.push([label, null], [label, '::before'], [label, '::after']);
  return parts.map(([e, p]) => { const s = getComputedStyle(e, p);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor,
            s.color, s.textDecorationLine].join('|'); }).join(';');
}"""


def focus_is_visible(page: Any) -> bool:
    """Whether the focused element looks different from when it is not focused (WCAG 2.4.7)."""
    handle = page.evaluate_handle("() => document.activeElement")
    focused = page.evaluate(FOCUS_STYLE_JS, handle)
    page.evaluate("el => el.blur()", handle)
    blurred = page.evaluate(FOCUS_STYLE_JS, handle)
    page.evaluate("el => el.focus()", handle)
    return bool(focused != blurred)


def tab_to(page: Any, matches_js: str, arg: Any = None, limit: int = 400) -> None:
    """Press Tab until ``matches_js(document.activeElement, arg)`` is true."""
    fn = f"([arg]) => {{ const el = document.activeElement; return !!el && ({matches_js}); }}"
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(fn, [arg]):
            return
    raise AssertionError(f"Tab never reached an element matching {matches_js} {arg!r}")


def fill_with_keyboard(page: Any, fields: list[tuple[str, str]], not_visible: list[str]) -> None:
    """Fill the fields with Tab, arrows, Space and typing only; note controls with no visible focus."""
    for name, value in fields:
        kind = field_kind(page, name)
        if kind == "radio":
            tab_to(page, "el.name === arg[0]", [name])
            for _ in range(15):
                if page.evaluate("() => document.activeElement.value") == value:
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        elif kind == "checkbox":
            tab_to(page, "el.name === arg[0] && el.value === arg[1]", [name, value])
            page.keyboard.press("Space")
        else:
            tab_to(page, "el.name === arg[0]", [name])
            if kind == "select":
                page.keyboard.type(value)
            else:
                page.keyboard.type(value, delay=0)
        if not focus_is_visible(page):
            not_visible.append(f"{page.url} [name={name}]")
        assert_field_has(page, name, value, kind)


def assert_field_has(page: Any, name: str, value: str, kind: str) -> None:
    """The field holds ``value`` (checked, selected or typed)."""
    if kind in ("radio", "checkbox"):
        assert page.locator(field_selector(name, value, kind)).is_checked(), f"{name}={value} not checked"
    else:
        got = page.locator(field_selector(name, value, kind)).input_value()
        assert got == value, f"{name}: {got!r} != {value!r}"


def section_path(url: str) -> str:
    """``/s/carers/page/about_you`` from a full URL (no query)."""
    from urllib.parse import urlsplit

    return urlsplit(url).path
