"""Friendly error pages. A 500 rolls back the request's database session."""
from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

#: Plain-English headline per status code.
MESSAGES = {
    400: ("Something was wrong with that request", "Please go back and try again."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Page not found", "If you typed the web address, check it is correct."),
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
        return render_template("error.html", title=title, body=body, code=code), code

    @app.errorhandler(Exception)
    def server_error(exc: Exception):  # type: ignore[no-untyped-def]
        from survey_app.extensions import db

        db.session.rollback()
        app.logger.exception("unhandled error: %s", type(exc).__name__)
        title, body = MESSAGES[500]
        return render_template("error.html", title=title, body=body, code=500), 500
