"""Security headers on every response, and the session cookie over HTTPS only in production."""
from __future__ import annotations

import pytest
from test_journey_helpers import consent_given

from survey_app.security import SECURITY_HEADERS


@pytest.mark.parametrize("path", ["/", "/s/fft", "/static/js/error-summary.js", "/no-such-page", "/accessibility"])
def test_every_response_keeps_its_content_to_this_site(client, path):
    # a new user found no CSP, X-Frame-Options, nosniff or Referrer-Policy on the public pages
    with client.get(path) as response:  # a static file's response holds the file open until closed
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_no_page_needs_an_inline_script_or_style(client):
    # the policy allows none: every page of a questionnaire is served and read for one
    token = consent_given(client)
    page = client.get("/s/people-who-use-services/page/your_care").text
    assert token and "<script src=" in page
    assert "<script>" not in page and "style=" not in page and "<style" not in page and " on" + "click=" not in page


def _session_cookie(monkeypatch, tmp_path, **env):
    from survey_app import create_app

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = create_app({"SQLALCHEMY_ENGINES": {"default": f"sqlite:///{tmp_path / 'x.db'}"}})
    return app.config["SESSION_COOKIE_SECURE"]


def test_the_session_cookie_is_sent_over_https_only_in_production(monkeypatch, tmp_path):
    monkeypatch.delenv("FLASK_SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.delenv("APP_ENV", raising=False)
    assert _session_cookie(monkeypatch, tmp_path) is False  # make run serves plain http on 127.0.0.1
    key = "k" * 40
    assert _session_cookie(monkeypatch, tmp_path, APP_ENV="production", SECRET_KEY=key) is True
    # a trial served over plain HTTP can say so
    assert _session_cookie(monkeypatch, tmp_path, APP_ENV="production", SECRET_KEY=key,
                           FLASK_SESSION_COOKIE_SECURE="false") is False


def test_the_headers_are_the_documented_ones():
    assert set(SECURITY_HEADERS) == {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                                     "Referrer-Policy"}
