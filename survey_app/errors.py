"""Friendly error pages. A 500 rolls back the request's database session."""
from __future__ import annotations

import traceback

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

#: Plain-English headline per status code.
MESSAGES = {
    400: ("Something was wrong with that request", "Please go back and try again."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("This page cannot be used that way", "Go back to the start page and follow the links from there."),
    413: (
        "That was too much to send at once",
        "Your answer was longer than we can accept. Please shorten it and try again.",
    ),
    500: ("Sorry, there is a problem with the service", "Please try again later. Your earlier pages are saved."),
}


def init_errors(app: Flask) -> None:
    """Register handlers for HTTP errors and unexpected exceptions."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        code = exc.code or 500
        title, body = MESSAGES.get(code, (exc.name, exc.description or ""))
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        return render_template("error.html", title=title, body=body, code=code), code, headers

    @app.errorhandler(Exception)
    def server_error(exc: Exception):  # type: ignore[no-untyped-def]
        from survey_app.extensions import db

        db.session.rollback()
        app.logger.error("unhandled %s\n%s", type(exc).__name__, safe_traceback(exc))
        title, body = MESSAGES[500]
        return render_template("error.html", title=title, body=body, code=500), 500


def safe_traceback(exc: BaseException) -> str:
    """Where ``exc`` happened (file, line, function, source line) without its message.

    Exception messages can quote what a respondent typed (a database error echoes the
    row), so only the code locations are logged: no free text in logs.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    return "".join(traceback.format_list(frames)).rstrip()
