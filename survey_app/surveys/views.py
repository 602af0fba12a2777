"""Public pages and the survey journey at ``/s/<questionnaire-id>``.

Views are thin: they read the draft, call :mod:`.services` (parsing, validation,
visibility) and :mod:`survey_app.responses.services` (storage, which only flushes), commit
once, and redirect (POST/redirect/GET). The draft lives in the database; the Flask session
holds only its id and the token this browser holds it under (:func:`taken_elsewhere`), the pages
seen, the locale and a random mark of the browser (:func:`hand_over`). Free text is never logged.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask.wrappers import Response as Response_
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from survey_app.errors import error_page
from survey_app.extensions import db
from survey_app.models import Response
from survey_app.questionnaire.model import Questionnaire, Section
from survey_app.responses import services as store
from survey_app.surveys import services as journey
from survey_app.surveys.forms import HELP_OPTIONS, parse_help, parse_resume_code
from survey_app.surveys.texts import fixed_texts, message

bp = Blueprint("surveys", __name__)

#: Shown when a CSRF token expired or was missing: nothing typed is lost (standard English;
#: the page shows it in the version served, :func:`~survey_app.surveys.texts.message`).
TIMEOUT_MESSAGE = message("en", "notice_timeout")
#: Buttons that change nothing but the journey ("Start again", "Get a new code"): when their CSRF
#: token expired, nothing is done, and the page they lead back to says why (the notice's key).
TIMEOUT_NOTICES = {
    "surveys.restart_journey": "notice_timeout_restart",
    "surveys.show_saved": "notice_timeout_new_code",
}
#: Readable audience names for the start page.
AUDIENCE_LABELS = {
    "people_who_use_services": "People who use services, patients and residents",
    "carers": "Unpaid carers and families",
    "staff": "Staff in partner organisations",
    "any": "Anyone",
}
#: Cache key in ``app.extensions`` for the loaded questionnaires (tests may set it).
CACHE_KEY = "surveys.questionnaires"


# ---------------------------------------------------------------- helpers


def questionnaires() -> dict[str, Questionnaire]:
    """Every valid questionnaire in QUESTIONNAIRES_DIR, by id.

    The loader caches by file modification time, so an edited file is picked up on the
    next request. A broken file is logged (once per change) and left out rather than
    taking the whole site down. Tests may put a ready dict in ``app.extensions[CACHE_KEY]``.
    """
    injected = current_app.extensions.get(CACHE_KEY)
    if injected is not None:
        return injected
    from survey_app.questionnaire.loader import validate_paths

    folder = Path(current_app.config["QUESTIONNAIRES_DIR"])
    try:
        loaded, problems = validate_paths([folder])
    except Exception:  # noqa: BLE001 - a file the loader cannot even report on: load the rest one by one
        loaded, problems = {}, []
        for path in sorted(folder.glob("*.y*ml")):
            try:
                one, trouble = validate_paths([path])
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{path.name}: cannot be read ({type(exc).__name__})")
                continue
            problems.extend(trouble)
            loaded.update({k: v for k, v in one.items() if k not in loaded})
    report = tuple(str(p) for p in problems)
    if report and current_app.extensions.get("surveys.problems") != report:
        current_app.extensions["surveys.problems"] = report
        for line in report:
            current_app.logger.error("questionnaire not loaded: %s", line)
    return loaded


def is_open(q: Questionnaire) -> bool:
    """A questionnaire is open unless its file says ``open: false`` (e.g. the workshop
    questionnaire, whose answers come only by import): then it is not listed and ``/s/<id>`` is 404."""
    return q.open


def get_questionnaire(qid: str) -> Questionnaire:
    """The open questionnaire ``qid`` or a 404."""
    q = questionnaires().get(qid)
    if q is None or not is_open(q):
        abort(404)
    return q


def state(qid: str) -> dict[str, Any]:
    """This browser's journey state for one questionnaire (kept in the signed session),
    marked as used now (see :func:`drop_idle_journey`)."""
    all_states = session.setdefault("surveys", {})
    session.modified = True
    st = all_states.setdefault(qid, {})
    st["used"] = int(time.time())
    return st


#: What a journey keeps when a page posted after the idle time clears it: the version of the
#: pages, so the page comes back in the version it was typed in, and the device's ward (its QR link).
KEPT_WHEN_CLEARED = ("locale", "locale_chosen", "service")
#: What "Start again", sending the answers and the idle clear on any other request keep: the
#: device's ward only. The next person gets the default version of the pages, not the easy-read
#: (or standard) choice the last person made.
KEPT_WHEN_RESTARTED = ("service",)


def clear_journey(qid: str, keep: tuple[str, ...] = KEPT_WHEN_CLEARED) -> dict[str, Any]:
    """Take a journey (its draft's id, tokens, pages seen, service) out of this browser's
    session, keeping only the ``keep`` keys (by default the version of the pages and the
    service); the stored draft stays, resumable only with its code. Returns the journey's
    new state."""
    old = session.get("surveys", {}).get(qid, {})
    kept = {k: old[k] for k in keep if k in old}
    session.setdefault("surveys", {})[qid] = kept
    session.modified = True
    return kept


@bp.before_request
def remember_kiosk() -> None:
    """``?kiosk=1`` on a link to a public page (a waiting-room tablet's home page) marks this
    browser as a shared device, ``?kiosk=0`` takes the mark off; anything else is ignored.

    On a marked browser a journey is cleared after the shorter ``KIOSK_IDLE_MINUTES``
    (:func:`idle_minutes`), and the first page says so. The mark is kept in the session apart
    from the journeys, so sending, "Start again" and the idle clear leave it for the next person;
    it lasts until the browser is closed (the session cookie's life). The questionnaire link it
    was opened at is kept too (:func:`start_page_url`).
    """
    value = request.args.get("kiosk")
    if value == "1":
        session["kiosk"] = True
        session.pop("kiosk_home", None)
        if home := kiosk_home():
            session["kiosk_home"] = home
    elif value == "0":
        session.pop("kiosk", None)
        session.pop("kiosk_home", None)


def kiosk_home() -> str | None:
    """The start link of the questionnaire this request is for, with its ``?service=`` when the
    questionnaire lists that service (anything else is dropped, as :func:`remember_service`
    drops it); None outside an open questionnaire's pages."""
    qid = (request.view_args or {}).get("qid")
    q = questionnaires().get(qid) if isinstance(qid, str) else None
    if q is None or not is_open(q):
        return None
    service = request.args.get("service", "").strip()
    return url_for("surveys.answer_page", qid=q.id, service=service if q.service_name(service) else None)


def start_page_url() -> str:
    """Where "Go back to the start page", the first page's Back link and the header go: on a
    browser marked as a shared device (:func:`remember_kiosk`) the questionnaire link it was
    marked at, e.g. ``/s/fft?service=see-and-convey`` (a GP's tablet must not lead patients to
    every questionnaire, the staff survey too); else the list of questionnaires."""
    home = session.get("kiosk_home") if session.get("kiosk") else None
    return home or url_for("surveys.list_questionnaires")


def sent_from() -> str:
    """The channel of a response sent from this browser: ``tablet`` on a browser marked as a
    shared device (:func:`remember_kiosk`), else ``online``. It is where the answers are sent
    from that counts (the FFT's collection mode), not where they were started: a draft saved
    on a kiosk and sent with its code from a phone is ``online``, one saved on a phone and sent
    from a kiosk ``tablet``."""
    return "tablet" if session.get("kiosk") else "online"


def idle_minutes() -> float:
    """How many minutes a journey may be left before it is cleared: ``JOURNEY_IDLE_MINUTES``,
    or on a browser marked as a shared device (:func:`remember_kiosk`) ``KIOSK_IDLE_MINUTES``
    when that is shorter."""
    minutes = float(current_app.config.get("JOURNEY_IDLE_MINUTES", 60))
    if session.get("kiosk"):
        minutes = min(minutes, float(current_app.config.get("KIOSK_IDLE_MINUTES", 10)))
    return minutes


def idle_text() -> str:
    """:func:`idle_minutes` in words for the notices: "10 minutes", "1 minute" (not "1 minutes")."""
    n = idle_minutes()
    return f"{n:g} minute" + "s" * (n != 1)


@bp.before_request
def drop_idle_journey() -> None:
    """Clear a journey idle for more than :func:`idle_minutes` from the session.

    On a shared ward tablet the next person must not find the last person's answers filled
    in, nor their choice of easy read or standard version (:data:`KEPT_WHEN_RESTARTED`, as
    "Start again"), and a draft no resume code was given for is deleted, as "Start again"
    deletes it (:func:`delete_unreachable_draft`). Runs before the request is handled, so a
    page posted after the wait is not stored but comes back with what was typed on it (the
    draft is not this browser's any more), in the version it was typed in
    (:data:`KEPT_WHEN_CLEARED`), with a notice that says why and how to continue with a resume
    code.
    """
    qid = (request.view_args or {}).get("qid")
    st = session.get("surveys", {}).get(qid) if isinstance(qid, str) else None
    if not st or "id" not in st or "used" not in st:  # no journey, or none marked yet (resumed just now)
        return
    idle = time.time() - float(st["used"])
    if idle > idle_minutes() * 60:
        draft = db.session.get(Response, st["id"])
        delete_unreachable_draft(draft if draft is not None and draft.questionnaire_id == qid else None)
        keep = KEPT_WHEN_CLEARED if request.method == "POST" else KEPT_WHEN_RESTARTED
        clear_journey(qid, keep)["cleared"] = True
        g.journey_cleared = True  # a page posted now is not stored, even under its old draft's token
        current_app.logger.info("survey journey cleared after idle time: questionnaire=%s", qid)


def delete_unreachable_draft(draft: Response | None) -> None:
    """Delete a draft, with its answers, that no resume code was ever given for, as its journey
    leaves this browser ("Start again", the idle clear): nobody could reach it again, and it
    would sit in the database until ``purge-drafts``. A draft whose code was given stays,
    resumable only with the code; a sent response is never touched."""
    if draft is not None and draft.status == "in_progress" and draft.resume_code_hash is None:
        db.session.delete(draft)
        db.session.commit()


def cleared_notice(q: Questionnaire, locale: str) -> str | None:
    """The notice for a journey :func:`drop_idle_journey` cleared (once), else None."""
    if not state(q.id).pop("cleared", None):
        return None
    return message(locale, "notice_cleared", minutes=idle_text())


def timeout_notice(q: Questionnaire, locale: str) -> str | None:
    """The notice (once) for a "Start again" or "Get a new code" whose CSRF token had expired
    (:data:`TIMEOUT_NOTICES`, set by :func:`csrf_failed`): that nothing was done, and how to do
    it again; else None."""
    key = state(q.id).pop("timed_out", None)
    return message(locale, key) if key in TIMEOUT_NOTICES.values() else None


def continue_url(q: Questionnaire, draft: Response | None) -> str:
    """Where "Continue where you left off" goes: the first page not yet seen or incomplete,
    else the check page (the first page when there is no draft)."""
    if draft is None:
        return url_for("surveys.answer_page", qid=q.id)
    return next_url(q, store.stored_answers(draft), state(q.id).get("seen", []))


def choose_locale(q: Questionnaire, requested: str | None) -> str | None:
    """Switch this journey to ``requested`` if the questionnaire lists it (remembered as the
    respondent's own choice, which a resumed draft does not override); else None."""
    chosen = journey.choose_locale(q, requested)
    if chosen:
        st = state(q.id)
        st["locale"] = chosen
        st["locale_chosen"] = True
    return chosen


def current_locale(q: Questionnaire) -> str:
    """The locale every page of this journey (questions, check, saved, resume, thank-you) is
    served in: the one the respondent chose with ``?lang=`` (remembered), else the journey's
    (a resumed draft's), else ``en``. A locale the questionnaire does not list is never served."""
    st = state(q.id)
    requested = request.args.get("lang", "").strip()
    chosen = choose_locale(q, requested)
    st["locale"] = chosen or journey.served_locale(q, st.get("locale"))
    if requested and not chosen:  # ?lang=pl: say why the page is not in Polish (base.html shows it)
        g.lang_notice = journey.unavailable_locale_notice(q, st["locale"])
    return st["locale"]


#: Shape of the tokens ``new_submission_token`` makes (anything else is ignored).
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: Shown when a page is posted with a draft this browser does not hold (standard English).
NOT_YOURS_MESSAGE = message("en", "notice_not_yours")


def remember_service(q: Questionnaire) -> None:
    """Keep ``?service=<id>`` (e.g. a ward's QR code link) for the response's ``service``.

    Only a service the questionnaire lists (``services:``) counts, stored by its name;
    anything else (a typo, or words someone typed into the link) is dropped, never stored,
    and the survey goes on as if the link had no service.
    """
    name = q.service_name(request.args.get("service", "").strip())
    if name is not None:
        state(q.id)["service"] = name


def current_draft(q: Questionnaire) -> Response | None:
    """The unsubmitted draft whose id is in the session, if any.

    A draft another device has taken with its resume code since (or sent) is not this
    browser's any more (:func:`taken_elsewhere`): it is left out of the session, and the next
    page says so once (``moved`` in the journey's state, read by :func:`moved_notice`).
    """
    rid = state(q.id).get("id")
    if not rid:
        return None
    r = db.session.get(Response, rid)
    if r is not None and r.questionnaire_id == q.id and taken_elsewhere(q, r):
        state(q.id).pop("id", None)
        state(q.id)["moved"] = r.status
        return None
    if r is None or r.questionnaire_id != q.id or r.status != "in_progress":
        state(q.id).pop("id", None)
        return None
    return r


def issue_token(q: Questionnaire, token: str | None = None) -> str:
    """A submission token for a form in this browser (new unless given); remembered in
    the session so only this browser can post to the draft it starts."""
    token = token or store.new_submission_token()
    tokens = state(q.id).setdefault("tokens", [])
    if token not in tokens:
        tokens.append(token)
        del tokens[:-5]
    return token


def taken_elsewhere(q: Questionnaire, draft: Response) -> bool:
    """True when this browser held ``draft`` (:func:`remember`) under a token it no longer
    carries: the resume code was entered on another device since (:func:`hand_over`), so that
    device holds the answers now, or sent them from there."""
    held = state(q.id).get("held") or {}
    return held.get("id") == draft.id and held.get("token") not in (None, draft.submission_token)


def moved_draft(q: Questionnaire, token: str) -> Response | None:
    """The draft this browser held under ``token`` that another device has taken with its
    resume code since (:func:`taken_elsewhere`), in progress there or sent; else None. A page
    posted with such a token (an old tab on the phone the answers were saved on) is not
    stored: :func:`render_moved` shows it back with what was typed on it."""
    held = state(q.id).get("held") or {}
    if not token or held.get("token") != token:
        return None
    draft = db.session.get(Response, held.get("id"))
    if draft is None or draft.questionnaire_id != q.id or draft.submission_token == token:
        return None
    return draft


def hand_over(draft: Response) -> None:
    """Give ``draft``, resumed with its code in this browser, a token of this browser's own, so
    that pages posted from any other device that held it (with the old token) are not stored
    over this device's answers but shown back (:func:`moved_draft`), and that device's other
    pages say the answers were continued elsewhere (:func:`current_draft`).

    The token is made from the draft's id and a random mark kept in this browser's session, so
    the same browser always gets the same token (a double click on the resume page, whichever
    answer the browser reads) and each other device a different one.
    """
    mark = session.setdefault("device", secrets.token_urlsafe(16))
    draft.submission_token = hashlib.sha256(f"{draft.id}:{mark}".encode()).hexdigest()[:32]


def moved_notice(locale: str, status: str | None, *, typed: bool = False) -> str | None:
    """What a device is told when the answers it held were continued on another device
    (``status`` ``in_progress``) or sent from there (``submitted``), else None; with ``typed``
    it adds that what was typed on the page is still on screen, not saved."""
    if status is None:
        return None
    text = message(locale, "notice_sent_elsewhere" if status == "submitted" else "notice_moved")
    return f"{text} {message(locale, 'notice_typed_kept')}" if typed else text


def render_moved(
    q: Questionnaire, section_id: str | None, draft: Response, token: str, locale: str
) -> ResponseReturnValue:
    """A page posted from a device whose answers were continued (or sent) on another device:
    nothing is stored, the page comes back with what was typed on it (to copy) and the old
    token (posting it again says the same), with a notice and a link to enter the resume code
    here (or, once sent, to fill in the questionnaire again). 409 Conflict."""
    section = find_section(q, section_id, journey.visibility(q, {}))
    if section is None:
        abort(404)
    current_app.logger.info("survey page from a device the answers moved from: questionnaire=%s", q.id)
    return render_page(
        q, section, {}, token=token, locale=locale, form=request.form,
        notice=moved_notice(locale, draft.status, typed=True), moved=draft.status, status=409,
    )


def owns(q: Questionnaire, draft: Response) -> bool:
    """True when this browser was given the draft's token (or resumed it with its code)."""
    return draft.submission_token in state(q.id).get("tokens", [])


def posted_token() -> str:
    """The form's submission token if it looks like one we issue, else ``""``."""
    token = request.form.get("submission_token", "")
    return token if TOKEN_RE.fullmatch(token) else ""


def response_by_token(q: Questionnaire, token: str, *, lock: bool = False) -> Response | None:
    """The response started with this submission token (any status), if any.

    With ``lock`` the row is locked until commit (``SELECT ... FOR UPDATE`` on
    PostgreSQL; SQLite serialises writers anyway), so two posts of the same page at once
    (a double click) run one after the other and never store an answer twice.
    """
    if not token or len(token) > 64:
        return None
    stmt = sa.select(Response).where(Response.submission_token == token)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    r = db.session.scalar(stmt)
    if r is not None and r.questionnaire_id != q.id:
        abort(400)
    return r


def remember(
    q: Questionnaire, draft: Response, seen: list[str] | None = None, *, forget: list[str] | None = None
) -> list[str]:
    """Put the draft's id and pages seen in the session: ``seen`` added, ``forget`` taken out
    (their answers were dropped, so the journey asks them again if they are shown again).
    Returns the pages seen now (a new list, to store on the draft)."""
    st = state(q.id)
    if st.get("id") != draft.id:
        st["seen"] = []
    st["id"] = draft.id
    st["held"] = {"id": draft.id, "token": draft.submission_token}  # see taken_elsewhere
    issue_token(q, draft.submission_token)
    pages = st.setdefault("seen", [])
    for sid in seen or ():
        if sid not in pages:
            pages.append(sid)
    pages[:] = [sid for sid in pages if sid not in (forget or ())]
    return list(pages)


def find_section(q: Questionnaire, section_id: str | None, vis: journey.Visibility) -> Section | None:
    """The requested section (or the first shown one); None if unknown."""
    if section_id is None:
        return vis.sections[0] if vis.sections else None
    return next((s for s in q.sections if s.id == section_id), None)


def page_title(*parts: str, error: bool = False) -> str:
    """``"<Page> – <Questionnaire> – Care Partnership Feedback"``, "Error: " first if invalid
    (or not saved, e.g. when a timed-out page comes back with what was typed)."""
    title = " – ".join([p for p in parts if p] + ["Care Partnership Feedback"])
    return f"Error: {title}" if error else title


def render_page(
    q: Questionnaire,
    section: Section,
    answers: dict[str, Any],
    *,
    token: str,
    locale: str,
    form: Any = None,
    errors: list[journey.FieldError] | None = None,
    notice: str | None = None,
    return_to: str | None = None,
    moved: str | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    """Render one page of questions, from stored ``answers`` or the posted ``form``; ``moved``
    (a draft's status) when the answers this browser held went to another device
    (:func:`moved_notice`): the page then links to what to do next."""
    vis = journey.visibility(q, answers)
    position = journey.page_position(q, section, answers)
    questions = vis.questions(section) or [x for x in section.questions if journey.is_shown(x, answers)]
    if form is None:
        values = journey.answers_to_form(section.questions, vis.answers)
    else:
        values = {k: form.getlist(k) for k in form}
    if return_to == "check":  # opened with "Change" on the check page: Back goes back there
        back = url_for("surveys.check_answers", qid=q.id)
    elif position.previous is not None:
        back = url_for("surveys.answer_page", qid=q.id, section_id=position.previous.id)
    else:
        back = start_page_url()
    errors = errors or []
    return (
        render_template(
            "surveys/page.html",
            q=q,
            section=section,
            questions=questions,
            values=values,
            errors=errors,
            error_by_qid={e.question_id: e for e in errors},
            position=position,
            token=token,
            locale=locale,
            notice=notice,
            moved=moved,
            back_url=back,
            return_to=return_to,
            minutes=journey.estimated_minutes(q),
            time_in_description=journey.stated_minutes(str(q.description or "")) is not None,
            shared_device=message(locale, "shared_device", minutes=idle_text()) if session.get("kiosk") else None,
            title=page_title(section.title.get(locale), q.title.get(locale), error=bool(errors) or status >= 400),
        ),
        status,
    )


@bp.after_request
def no_store(response: Response_) -> Response_:
    """``Cache-Control: no-store`` on every page of a questionnaire (``/s/<id>/...``): its
    questions, check page, resume code and error pages show answers, and on a shared ward
    tablet the browser's cache or Back button must not show them to the next person."""
    if (request.view_args or {}).get("qid") is not None:
        response.headers["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- public pages


@bp.get("/")
def list_questionnaires() -> ResponseReturnValue:
    """Start page: every open questionnaire with audience, description and time."""
    items = [
        {
            "q": q,
            "audience": AUDIENCE_LABELS.get(q.audience, q.audience.replace("_", " ").capitalize()),
            "minutes": journey.estimated_minutes(q),
            "description": journey.without_stated_time(q.description.get("en")) if q.description else "",
        }
        for q in sorted(questionnaires().values(), key=lambda q: str(q.title))
        if is_open(q)
    ]
    return render_template("surveys/start.html", items=items, title=page_title("Have your say"))


@bp.get("/accessibility")
def show_accessibility() -> ResponseReturnValue:
    """Accessibility statement (GOV.UK model statement shape)."""
    return render_template("surveys/accessibility.html", title=page_title("Accessibility statement"))


@bp.get("/privacy")
def show_privacy() -> ResponseReturnValue:
    """Privacy notice."""
    return render_template("surveys/privacy.html", title=page_title("Privacy notice"))


# ---------------------------------------------------------------- the journey


@bp.route("/s/<qid>", methods=["GET", "POST"], defaults={"section_id": None})
@bp.route("/s/<qid>/page/<section_id>", methods=["GET", "POST"])
def answer_page(qid: str, section_id: str | None) -> ResponseReturnValue:
    """One page (section) of questions: show it, or validate, store and move on."""
    q = get_questionnaire(qid)
    locale = current_locale(q)
    return_to = request.values.get("return") if request.values.get("return") == "check" else None

    if request.method == "GET":
        remember_service(q)
        draft = current_draft(q)
        answers = store.stored_answers(draft) if draft else {}
        if section_id is None and any(not journey.is_empty(v) for v in answers.values()):
            # the start link on a device with answers on it
            return render_in_progress(q, draft, locale, notice=timeout_notice(q, locale))
        vis = journey.visibility(q, answers)
        section = find_section(q, section_id, vis)
        if section is None:
            abort(404)
        if section not in vis.sections:  # skipped by the answers given: go to the next page that applies
            return redirect(next_url(q, answers, state(qid).get("seen", [])))
        if (ahead := skipped_ahead(q, answers, section, return_to)) is not None:
            return ahead
        token = issue_token(q, draft.submission_token if draft else None)
        notice = cleared_notice(q, locale) or timeout_notice(q, locale)
        if state(qid).pop("added", None) == section.id:
            notice = message(locale, "notice_added")
        if state(qid).pop("ahead", None):
            notice = message(locale, "notice_answer_first")
        moved = state(qid).pop("moved", None)
        notice = moved_notice(locale, moved) or notice
        return render_page(
            q, section, answers, token=token, locale=locale, return_to=return_to, notice=notice, moved=moved
        )

    token = posted_token()
    existing = response_by_token(q, token, lock=True)
    if existing is not None and existing.status == "submitted":
        return redirect(url_for("surveys.show_thanks", qid=qid))
    switched = choose_locale(q, request.form.get("switch_locale"))
    if switched:  # the language switch: the same page in the other version, with what was posted
        answers = store.stored_answers(existing) if existing is not None and owns(q, existing) else {}
        section = find_section(q, section_id, journey.visibility(q, answers))
        if section is None:
            abort(404)
        if (ahead := skipped_ahead(q, answers, section, return_to)) is not None:
            return ahead
        return render_page(
            q, section, answers, token=token or issue_token(q), locale=switched, form=request.form,
            return_to=return_to,
        )
    if existing is None and (moved := moved_draft(q, token)) is not None:  # continued on another device
        return render_moved(q, section_id, moved, token, locale)
    if existing is not None and not owns(q, existing) and saved_on_kiosk_just_now(q, token):
        return redirect(url_for("surveys.show_saved", qid=qid))  # a second click on Save: its code, once
    if g.get("journey_cleared") or (existing is not None and not owns(q, existing)):
        # cleared after the idle time just now (its draft may be deleted), or another browser's draft: store nothing
        section = find_section(q, section_id, journey.visibility(q, {}))
        if section is None:
            abort(404)
        return render_page(
            q, section, {}, token=issue_token(q), locale=locale, form=request.form,
            notice=cleared_notice(q, locale) or message(locale, "notice_not_yours"), status=400,
        )
    if not token:
        token = issue_token(q)
    answers = store.stored_answers(existing) if existing else {}
    vis = journey.visibility(q, answers)
    section = find_section(q, section_id, vis)
    if section is None:
        abort(404)
    if section not in vis.sections:
        return redirect(next_url(q, answers, state(qid).get("seen", [])))
    if (ahead := skipped_ahead(q, answers, section, return_to)) is not None:
        return ahead  # nothing typed on a page ahead of consent (or another required answer) is stored

    action = request.form.get("action", "continue")
    shown = vis.questions(section)
    # Validate only what is still shown once this page's own answers are taken into
    # account: changing an answer here can hide a (required) question further down.
    draft_page = journey.parse_page(shown, request.form, locale, check_required=False)
    still_shown = journey.visibility(q, journey.merge_page(answers, section, draft_page.answers)).question_ids
    to_check = [x for x in shown if x.id in still_shown]
    result = journey.parse_page(to_check, request.form, locale, check_required=action == "continue")
    merged = journey.merge_page(answers, section, result.answers)
    if action == "save" and not result.errors:
        # nothing is kept for later from someone who has not agreed to take part (a tester
        # saved free text with the consent box unticked): the box is asked for, as on Continue
        unagreed = [x for x in to_check if x.type == "consent" and journey.is_empty(merged.get(x.id))]
        result = journey.parse_page(unagreed, request.form, locale, check_required=True) if unagreed else result
    if result.errors:
        return render_page(
            q, section, merged, token=token, locale=locale, form=request.form, errors=result.errors,
            return_to=return_to,
        )

    new_vis = journey.visibility(q, merged)
    hidden = [x for x in q.questions() if x.id not in new_vis.question_ids]
    shown_ids = {x.id for x in shown}
    added = any(x.id not in shown_ids for x in new_vis.questions(section))
    # Only Continue passes a page (and not when an answer revealed a question on it): a page
    # where "Save and come back later" was pressed is where the journey, and its resume code,
    # take the respondent back to, its blank questions still to be seen.
    passed = [section.id] if action == "continue" and not added else []
    ask_again = journey.pages_to_ask_again(q, vis, new_vis, section.id)
    try:
        draft = existing or store.start_response(
            db.session, q, token=token, locale=locale, service=state(qid).get("service")
        )
        draft.locale = locale
        follow_current_version(q, draft)
        store.replace_answers(db.session, draft, section.questions, new_vis.answers)
        store.replace_answers(db.session, draft, hidden, {})  # answers to now-hidden questions are dropped
        code = store.issue_resume_code(db.session, draft) if action == "save" else None
        draft.pages_seen = remember(q, draft, passed, forget=ask_again)  # kept for the resume code
        db.session.commit()
    except IntegrityError:  # the same first page posted twice at once: the other request stored it
        db.session.rollback()
        draft = response_by_token(q, token)
        if draft is None:
            raise
        code = None
        remember(q, draft, passed, forget=ask_again)
    current_app.logger.info("survey page saved: questionnaire=%s section=%s", qid, section.id)

    if code is not None:
        if session.get("kiosk"):  # a shared tablet: the code alone brings the answers back (as after sending)
            clear_journey(qid, keep=KEPT_WHEN_RESTARTED)
            state(qid)["saved_locale"] = locale
            state(qid)["saved_token"] = token  # until the code is shown (saved_on_kiosk_just_now)
        state(qid)["code_once"] = code
        return redirect(url_for("surveys.show_saved", qid=qid))
    if added:
        state(qid)["added"] = section.id  # an answer revealed a question on this page: ask it
        extra = {"return": "check"} if return_to else {}
        return redirect(url_for("surveys.answer_page", qid=qid, section_id=section.id, **extra))
    if return_to == "check":  # pages this change showed are asked first, then back to the check page
        return redirect(next_url(q, merged, state(qid).get("seen", []), return_to="check"))
    ids = new_vis.section_ids()
    later = ids[ids.index(section.id) + 1 :] if section.id in ids else []
    if later:
        return redirect(url_for("surveys.answer_page", qid=qid, section_id=later[0]))
    return redirect(url_for("surveys.check_answers", qid=qid))


def saved_on_kiosk_just_now(q: Questionnaire, token: str) -> bool:
    """Whether ``token`` is the draft that "Save and come back later" took off this kiosk browser
    and whose resume code has not been shown yet: a second click on Save (on a slow tablet the
    first click's answer came back before it was sent) then shows the code, instead of finding
    the draft "not yours" and never showing it. Once the saved page has shown the code
    (:func:`show_saved`) the draft is not this browser's any more, as after sending."""
    st = state(q.id)
    return bool(token) and st.get("saved_token") == token and "code_once" in st


def render_in_progress(
    q: Questionnaire, draft: Response | None, locale: str, *, notice: str | None = None
) -> ResponseReturnValue:
    """"You have answers in progress": the questionnaire's start link was opened in a browser
    with a journey that has answers. No answer is shown; the person chooses to continue or to
    start again (:func:`restart_journey`), so the next person on a shared device does not
    find the last person's answers filled in. ``notice``: e.g. why "Start again" did nothing."""
    return render_template(
        "surveys/in_progress.html",
        q=q,
        locale=locale,
        notice=notice,
        continue_url=continue_url(q, draft),
        title=page_title(message(locale, "in_progress_heading"), q.title.get(locale)),
    )


@bp.post("/s/<qid>/restart")
def restart_journey(qid: str) -> ResponseReturnValue:
    """"Start again (clear these answers)": clear the journey from this browser's session and
    go to the first page. A draft with a resume code stays, resumable only with the code; one
    without is deleted with its answers, as nobody could ever get it back (a new user's find:
    it sat in the database until ``purge-drafts``). The easy-read or standard choice is
    cleared too (:data:`KEPT_WHEN_RESTARTED`): the first page comes in the default version,
    with its switch, so the next person is not handed the last person's version."""
    q = get_questionnaire(qid)
    delete_unreachable_draft(current_draft(q))
    clear_journey(qid, keep=KEPT_WHEN_RESTARTED)
    current_app.logger.info("survey journey cleared by the respondent: questionnaire=%s", qid)
    return redirect(url_for("surveys.answer_page", qid=qid))


def follow_current_version(q: Questionnaire, draft: Response) -> None:
    """Point a draft at the definition it is being answered on now.

    If the file changed while someone was part-way through, their remaining answers
    follow the new definition, so the response records that version (earlier
    submitted responses keep theirs).
    """
    if draft.questionnaire_version.content_hash != q.content_hash:
        draft.questionnaire_version = store.get_or_create_version(db.session, q)


def next_url(q: Questionnaire, answers: dict[str, Any], seen: list[str], *, return_to: str | None = None) -> str:
    """The first page not yet seen or incomplete, else "Check your answers".

    With ``return_to="check"`` the page carries ``?return=check``, so once it is answered
    the respondent goes back towards the check page rather than through every later page.
    """
    section = journey.first_incomplete_section(q, answers, seen)
    if section is None:
        return url_for("surveys.check_answers", qid=q.id)
    extra = {"return": return_to} if return_to else {}
    return url_for("surveys.answer_page", qid=q.id, section_id=section.id, **extra)


def skipped_ahead(
    q: Questionnaire, answers: dict[str, Any], section: Section, return_to: str | None
) -> ResponseReturnValue | None:
    """A redirect to the first page that still needs an answer when ``section`` was opened or
    posted ahead of an earlier page whose required answers are missing (consent above all:
    e.g. a later page's address typed in), as "Check your answers" does; else None.

    Such a page is neither served nor stored, so nothing typed on it reaches the database
    before the respondent has agreed to take part.
    """
    if journey.earlier_section_needing_answer(q, answers, section) is None:
        return None
    state(q.id)["ahead"] = True  # the page it goes to says why (a tester was sent back without a word)
    return redirect(next_url(q, answers, state(q.id).get("seen", []), return_to=return_to))


def asks_help(q: Questionnaire) -> bool:
    """Whether the check page asks "Did someone help you fill this in?" (not when the
    questionnaire asks it itself); where it does not, a posted answer is ignored."""
    return not journey.asks_about_help(q)


def render_check(
    q: Questionnaire,
    draft: Response,
    *,
    locale: str,
    help_value: str = "",
    error: str | None = None,
    notice: str | None = None,
    status: int = 200,
    again: bool = False,
) -> ResponseReturnValue:
    """The "Check your answers" page."""
    answers = store.stored_answers(draft)
    vis = journey.visibility(q, answers)
    summary = [
        {
            "section": s,
            "rows": [
                {"question": x, "lines": journey.display_answer(x, vis.answers, locale)}
                for x in vis.questions(s)
            ],
        }
        for s in vis.sections
    ]
    return (
        render_template(
            "surveys/check.html",
            q=q,
            summary=summary,
            ask_help=asks_help(q),
            token=draft.submission_token,
            locale=locale,
            help_options=HELP_OPTIONS,
            help_value=help_value,
            error=error,
            notice=notice,
            again=again,
            back_url=url_for("surveys.answer_page", qid=q.id, section_id=vis.sections[-1].id)
            if vis.sections
            else start_page_url(),
            title=page_title(message(locale, "title_check"), q.title.get(locale), error=bool(error) or status >= 400),
        ),
        status,
    )


#: Sending the same answers again from the same browser within this many seconds asks first.
SENT_AGAIN_SECONDS = 30 * 60


@bp.route("/s/<qid>/check", methods=["GET", "POST"])
def check_answers(qid: str) -> ResponseReturnValue:
    """Show every answer with "Change" links; POST submits the response (once)."""
    q = get_questionnaire(qid)
    locale = current_locale(q)
    if request.method == "GET":
        draft = current_draft(q)
        if draft is None:
            return redirect(url_for("surveys.answer_page", qid=qid))
        answers = store.stored_answers(draft)
        if journey.first_incomplete_section(q, answers, state(qid).get("seen", [])) is not None:
            # a shown page not seen (one a change showed again, its answers dropped) or with a
            # required answer missing: answers are complete before they are checked (GOV.UK)
            return redirect(next_url(q, answers, state(qid).get("seen", []), return_to="check"))
        return render_check(q, draft, locale=locale)

    draft = response_by_token(q, posted_token(), lock=True)
    if draft is None:
        if (moved := moved_draft(q, posted_token())) is not None:  # continued or sent on another device
            state(qid)["moved"] = moved.status  # the first page says so (nothing typed here but the help answer)
        return redirect(url_for("surveys.answer_page", qid=qid))
    if draft.status == "submitted":  # double click, refresh or replay: already stored
        return redirect(url_for("surveys.show_thanks", qid=qid))
    if not owns(q, draft):  # another browser's draft: never show or send it
        return redirect(url_for("surveys.answer_page", qid=qid))
    help_value, help_error = parse_help(request.form, locale) if asks_help(q) else ("", None)
    if help_error:
        return render_check(q, draft, locale=locale, help_value=help_value, error=help_error)
    answers = store.stored_answers(draft)
    vis = journey.visibility(q, answers)
    if journey.first_incomplete_section(q, answers, state(qid).get("seen", [])) is not None:
        remember(q, draft)
        return redirect(next_url(q, answers, state(qid).get("seen", []), return_to="check"))
    sent = journey.answers_digest(vis.answers)
    last = state(qid).get("sent") or {}
    recent = time.time() - float(last.get("at", 0)) < SENT_AGAIN_SECONDS
    # only answers with something typed in them: two people on one tablet may well both tick
    # "Very good" and nothing else, and the next one must not be told what the last one chose
    typed = journey.holds_free_text(q, vis.answers)
    if last.get("digest") == sent and recent and typed and not request.form.get("again"):
        # Back from "Thank you" brings the pages back filled in, and Continue / Send then sent
        # the same answers a second time (a tester's two identical responses)
        notice = message(locale, "notice_sent_already")
        return render_check(q, draft, locale=locale, help_value=help_value, notice=notice, again=True)
    follow_current_version(q, draft)
    store.replace_answers(db.session, draft, [x for x in q.questions() if x.id not in vis.question_ids], {})
    helped = journey.completed_with_help(q, vis.answers, help_value)
    store.submit_response(db.session, draft, completed_with_help=helped, channel=sent_from())
    db.session.commit()
    current_app.logger.info("survey submitted: questionnaire=%s", qid)
    # cleared as "Start again" clears it: the next person on a shared device starts in the default
    # version, with the device's ward (its QR link); the thank-you page keeps the version they read
    clear_journey(qid, keep=KEPT_WHEN_RESTARTED)
    state(qid)["thanks_locale"] = locale
    state(qid)["sent"] = {"digest": sent, "at": time.time()}
    return redirect(url_for("surveys.show_thanks", qid=qid))


@bp.get("/s/<qid>/thanks")
def show_thanks(qid: str) -> ResponseReturnValue:
    """Confirmation page, in the version the answers were sent from (or ``?lang=``'s). That
    version is not remembered for the journey: the next person on a shared device starts in
    the default version, as after "Start again"."""
    q = get_questionnaire(qid)
    locale = journey.served_locale(q, request.args.get("lang"), state(qid).get("thanks_locale"))
    return render_template(
        "surveys/thanks.html",
        q=q,
        locale=locale,
        title=page_title(message(locale, "title_thanks"), q.title.get(locale)),
    )


@bp.route("/s/<qid>/saved", methods=["GET", "POST"])
def show_saved(qid: str) -> ResponseReturnValue:
    """Shows the resume code once, with advice to write it down.

    POST gives the draft in this browser a new code (the old one stops working), for
    someone who refreshed the page before writing the code down. On a browser marked as a
    shared device "Save and come back later" took the journey out of the browser
    (:func:`answer_page`), so there is no draft here to carry on with or give a new code for:
    the page says the answers are cleared from the device, in the version they were saved in.
    """
    q = get_questionnaire(qid)
    st = state(qid)
    draft = current_draft(q)
    if draft is None and "saved_locale" in st:  # the journey left the browser with the save: not remembered
        locale = journey.served_locale(q, request.args.get("lang"), st["saved_locale"])
    else:
        locale = current_locale(q)
    if request.method == "POST":
        if draft is not None:
            st["code_once"] = store.issue_resume_code(db.session, draft)
            db.session.commit()
        return redirect(url_for("surveys.show_saved", qid=qid))
    code = st.pop("code_once", None)
    st.pop("saved_token", None)  # shown now: a post with that draft's token finds it "not yours" again
    return render_template(
        "surveys/saved.html",
        q=q,
        code=code,
        notice=timeout_notice(q, locale),
        has_draft=draft is not None,
        continue_url=continue_url(q, draft),
        locale=locale,
        title=page_title(message(locale, "title_saved"), q.title.get(locale)),
    )


@bp.route("/s/<qid>/resume", methods=["GET", "POST"])
def resume_response(qid: str) -> ResponseReturnValue:
    """Enter a resume code to continue a saved draft. Answers in progress in this browser that
    no code was given for are deleted (:func:`delete_unreachable_draft`), as "Start again"
    deletes them: the session now holds the resumed draft, so nothing could bring them back.
    The device that enters the code holds the answers from then on (:func:`hand_over`): a
    page posted from another device that held them is shown back, not stored."""
    q = get_questionnaire(qid)
    locale = current_locale(q)
    if request.method == "GET":
        return render_resume(q, locale)
    code, error = parse_resume_code(request.form, locale)
    draft = None
    limiter = resume_limiter()
    if error is None and limiter.blocked(request.remote_addr or ""):
        minutes = max(1, round(limiter.window / 60))
        error = message(locale, "err_code_too_many", minutes=minutes)
        return render_resume(q, locale, code=code, error=error, status=429)
    if error is None:
        draft = store.find_draft_by_code(db.session, qid, code)
        if draft is None:
            limiter.failed(request.remote_addr or "")
            current_app.logger.info("survey resume code not found: questionnaire=%s", qid)
            error = message(locale, "err_code_unknown")
    if error is not None or draft is None:
        return render_resume(q, locale, code=code, error=error)
    current = current_draft(q)
    if current is not None and current.id != draft.id:  # its answers leave the browser: as "Start again"
        delete_unreachable_draft(current)
    if current is None or current.id != draft.id:  # this device holds the answers now
        hand_over(draft)
        db.session.commit()
    answers = store.stored_answers(draft)
    seen = journey.resumed_pages_seen(q, answers, draft.pages_seen)
    st = state(qid)
    # the draft's version, unless the respondent chose one (e.g. opened this page at ?lang=en)
    chosen = st.get("locale") if st.get("locale_chosen") else None
    st.clear()
    remember(q, draft, seen)
    st["locale"] = journey.served_locale(q, chosen, draft.locale)
    if chosen:
        st["locale_chosen"] = True
    current_app.logger.info("survey resumed: questionnaire=%s", qid)
    section = journey.first_incomplete_section(q, answers, seen)  # as resume_section, from the pages read above
    if section is None:
        return redirect(url_for("surveys.check_answers", qid=qid))
    return redirect(url_for("surveys.answer_page", qid=qid, section_id=section.id))


class FailureLimiter:
    """Counts failed attempts per client address in a sliding window (per process).

    Resume codes are 12 characters from 31 (about 60 bits), so guessing is hopeless
    anyway; this stops a script from trying thousands a minute. Behind a proxy the
    address is the proxy's unless ``FLASK_PROXY_FIX_X_FOR`` is set (see
    :func:`survey_app.trust_proxies`), so the limit is generous.
    """

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._seen.setdefault(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, key: str) -> bool:
        """True when ``key`` has used up its failures in the window."""
        with self._lock:
            return len(self._recent(key, time.monotonic())) >= self.limit

    def failed(self, key: str) -> None:
        """Record one failure for ``key`` (and forget idle clients now and then)."""
        with self._lock:
            now = time.monotonic()
            self._recent(key, now).append(now)
            if len(self._seen) > 10_000:
                for k in [k for k, v in self._seen.items() if not v or now - v[-1] > self.window]:
                    del self._seen[k]


def resume_limiter() -> FailureLimiter:
    """The app's resume-code limiter (``RESUME_MAX_FAILURES`` per ``RESUME_WINDOW_SECONDS``)."""
    limiter = current_app.extensions.get("surveys.resume_limiter")
    if limiter is None:
        limiter = FailureLimiter(
            int(current_app.config.get("RESUME_MAX_FAILURES", 20)),
            float(current_app.config.get("RESUME_WINDOW_SECONDS", 600)),
        )
        current_app.extensions["surveys.resume_limiter"] = limiter
    return limiter


def render_resume(
    q: Questionnaire, locale: str, *, code: str = "", error: str | None = None, notice: str | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    """The resume-code form."""
    return (
        render_template(
            "surveys/resume.html",
            q=q,
            code=code,
            error=error,
            notice=notice,
            locale=locale,
            title=page_title(message(locale, "title_resume"), q.title.get(locale), error=bool(error) or status >= 400),
        ),
        status,
    )


# ---------------------------------------------------------------- errors on survey pages


def page_not_found() -> ResponseReturnValue:
    """The 404 page, for error handlers (which cannot ``abort``)."""
    return error_page(404, journey_locale())


def journey_locale() -> str:
    """The locale of the journey this request is part of (``/s/<id>/...``: the one chosen with
    ``?lang=`` or remembered), for its error pages; ``en`` outside a journey or for an unknown
    or closed questionnaire. Reads the session without adding to it."""
    args = request.view_args
    if args is None:  # no route matched this method (405): read the address as a GET would be
        try:
            _, args = current_app.url_map.bind_to_environ(request.environ).match(method="GET")
        except HTTPException:
            args = {}
    qid = args.get("qid")
    q = questionnaires().get(qid) if isinstance(qid, str) else None
    if q is None or not is_open(q):
        return journey.DEFAULT_LOCALE
    remembered = session.get("surveys", {}).get(q.id, {}).get("locale")
    return journey.served_locale(q, request.args.get("lang"), remembered)


@bp.errorhandler(CSRFError)
def csrf_failed(exc: CSRFError) -> ResponseReturnValue:
    """An expired or missing CSRF token: show the same page again with what was typed.

    Nothing is stored (the post may not be genuine); the re-shown page carries a fresh token.
    The check for a journey left idle too long runs first (the CSRF check comes before the
    blueprint's own :func:`drop_idle_journey`).
    """
    drop_idle_journey()
    args = request.view_args or {}
    q = questionnaires().get(args.get("qid", ""))
    if q is not None and not is_open(q):  # as get_questionnaire: a closed one is not there at all
        return page_not_found()
    if q is None or request.method != "POST":
        return error_page(400, journey_locale())
    locale = current_locale(q)
    current_app.logger.info("survey csrf failure: questionnaire=%s endpoint=%s", q.id, request.endpoint)
    token = posted_token()
    try:
        existing = response_by_token(q, token)
    except HTTPException:  # a token from another questionnaire: treat as a fresh start
        existing, token = None, ""
    if existing is not None and not owns(q, existing):  # e.g. the session cookie was lost
        existing, token = None, ""
    cleared = cleared_notice(q, locale)  # a journey idle too long was cleared: its draft is not ours now
    if cleared:
        existing, token = None, ""
    notice = cleared or message(locale, "notice_timeout")
    if request.endpoint == "surveys.answer_page":
        if existing is None or existing.status != "in_progress":
            token = issue_token(q, token or None)
        answers = store.stored_answers(existing) if existing else {}
        vis = journey.visibility(q, answers)
        section = find_section(q, args.get("section_id"), vis)
        if section is None:
            return page_not_found()
        return_to = "check" if request.form.get("return") == "check" else None
        return render_page(
            q, section, answers, token=token, locale=locale, form=request.form,
            notice=notice, return_to=return_to, status=400,
        )
    if request.endpoint == "surveys.check_answers" and existing is not None and existing.status == "in_progress":
        help_value, _ = parse_help(request.form, locale)
        return render_check(
            q, existing, locale=locale, help_value=help_value, notice=message(locale, "notice_timeout"), status=400
        )
    if request.endpoint == "surveys.resume_response":
        code = request.form.get("resume_code", "")[:40]
        return render_resume(q, locale, code=code, notice=notice, status=400)
    if cleared:  # the start page says why the answers are gone (a tester's Send after an hour said nothing)
        state(q.id)["cleared"] = True
    elif request.endpoint in TIMEOUT_NOTICES:  # "Start again", "Get a new code": nothing done, and the page says so
        state(q.id)["timed_out"] = TIMEOUT_NOTICES[request.endpoint]
        if request.endpoint == "surveys.show_saved":
            return redirect(url_for("surveys.show_saved", qid=q.id))
    return redirect(url_for("surveys.answer_page", qid=q.id))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge) -> ResponseReturnValue:
    """A request body over MAX_CONTENT_LENGTH: explain, in the journey's locale, and link back
    to the page. The title starts "Error: " (GOV.UK)."""
    locale = journey_locale()
    return (
        render_template(
            "surveys/too_large.html",
            back_url=request.path,
            locale=locale,
            title=page_title(message(locale, "too_large_heading"), error=True),
        ),
        413,
    )


bp.add_app_template_global(journey.CHECKBOX_TYPES, "checkbox_types")
for _helper in (
    journey.input_id, journey.option_input_id, journey.first_input_id, journey.specify_name, journey.date_parts,
    fixed_texts, start_page_url,
):
    bp.add_app_template_global(_helper)
