"""Friendly error pages. A 500 rolls back the request's database session."""
from __future__ import annotations

import traceback

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from survey_app.surveys.texts import fixed_texts

#: Status codes with a headline and a line of advice of their own in
#: :mod:`survey_app.surveys.texts` (``error_<code>_title`` / ``error_<code>_body``).
CODES = (400, 404, 405, 413, 500)


def error_page(code: int, locale: str | None = None, *, fallback: tuple[str, str] = ("", "")) -> ResponseReturnValue:
    """The error page for ``code`` in ``locale`` (standard English or easy read).

    Its title starts "Error: " (GOV.UK), except "Page not found". A code without texts of
    its own shows ``fallback`` (the exception's name and description).
    """
    texts = fixed_texts(locale)
    title, body = (texts[f"error_{code}_title"], texts[f"error_{code}_body"]) if code in CODES else fallback
    return render_template("error.html", title=title, body=body, code=code, locale=locale or "en"), code


def page_locale() -> str:
    """The locale of the journey a request belongs to (``/s/<id>/...``), else ``en``."""
    from survey_app.surveys.views import journey_locale

    try:
        return journey_locale()
    except Exception:  # noqa: BLE001 - an error page must render whatever went wrong
        return "en"


def init_errors(app: Flask) -> None:
    """Register handlers for HTTP errors and unexpected exceptions."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        code = exc.code or 500
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        page, status = error_page(code, page_locale(), fallback=(exc.name, exc.description or ""))
        return page, status, headers

    @app.errorhandler(Exception)
    def server_error(exc: Exception):  # type: ignore[no-untyped-def]
        from survey_app.extensions import db

        db.session.rollback()
        app.logger.error("unhandled %s\n%s", type(exc).__name__, safe_traceback(exc))
        return error_page(500, page_locale())


def safe_traceback(exc: BaseException) -> str:
    """Where ``exc`` happened (file, line, function, source line) without its message.

    Exception messages can quote what a respondent typed (a database error echoes the
    row), so only the code locations are logged: no free text in logs.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    return "".join(traceback.format_list(frames)).rstrip()
