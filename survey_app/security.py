"""HTTP response headers that keep the public pages' content to this site.

Every page (questionnaires, workshop and static files) gets them, so a page cannot be framed
by another site (clickjacking a consent box), run a script or load a style from elsewhere,
have its type guessed, or tell the site a support link leads to which questionnaire page the
respondent was on. The pages use only their own scripts and style sheets (``static/``), no
inline script or style, so the policy needs no exception; they work without JavaScript either
way. Sources: OWASP Secure Headers Project; MDN, "Content-Security-Policy"; NCSC, "Protecting
web applications" (framing and content type).
"""
from __future__ import annotations

from flask import Flask, Response

__all__ = ["SECURITY_HEADERS", "add_security_headers"]

#: Header -> value, set on every response unless a view set that header itself.
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP level 2
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def add_security_headers(app: Flask) -> None:
    """Set :data:`SECURITY_HEADERS` on every response of ``app`` (a header a view set stays)."""

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
