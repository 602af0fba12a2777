"""Configuration: defaults, then environment, then the test mapping.

Every setting read from the environment is listed in the README's configuration table.
"""
from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from sqlalchemy.engine import make_url

from analysis.database_url import database_url_problem, normalise_database_url
from analysis.outputs import sqlite_files

#: Repository root (parent of ``survey_app/``).
ROOT = Path(__file__).resolve().parent.parent
#: Used only in development; ``create_app`` refuses to start in production with it.
DEV_SECRET_KEY = "dev-not-secret"
#: Fewest characters of a production ``SECRET_KEY`` (``secrets.token_hex()`` gives 64).
SECRET_KEY_MIN_LENGTH = 32


class ConfigError(click.ClickException, RuntimeError):
    """A setting the app cannot start with; the message names it and says how to put it right.

    A :class:`click.ClickException`, so ``flask --app survey_app <command>``, which calls
    ``create_app`` to find the command, prints the message as one line ("Error: ...") and
    exits 1 instead of a traceback (``create_app`` does the same for Flask's own
    ``--help``, which would print the traceback); a :class:`RuntimeError`, so gunicorn with ``--preload``
    (``make serve``) does the same in its master process, before any worker starts. Any
    other error in ``create_app`` is a bug and keeps its traceback.
    """


def database_url(instance_path: str) -> str:
    """``DATABASE_URL`` from the environment, else SQLite under ``instance/``.

    ``postgres://`` and ``postgresql://`` URLs are rewritten to the psycopg 3 driver. A
    relative SQLite path is made absolute from the current folder, as ``python -m analysis
    --db`` reads it, so one URL names one file for both (the engine would otherwise look
    for it under ``instance/``: a new user's ``DATABASE_URL=sqlite:///instance/survey.sqlite3``,
    the README's own default, crashed every command).

    Raises
    ------
    ConfigError
        For a URL SQLAlchemy cannot use (:func:`check_database_url`).
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'survey.sqlite3'}"
    url = normalise_database_url(url)
    check_database_url(url)
    files = sqlite_files(url)  # () for another database, one in memory or a URL that cannot be parsed
    if files and not files[0].is_absolute():
        return make_url(url).set(database=str(Path.cwd() / files[0])).render_as_string(hide_password=False)
    return url


def check_database_url(url: str) -> None:
    """Refuse a ``DATABASE_URL`` SQLAlchemy cannot use (:func:`analysis.database_url.database_url_problem`:
    one it cannot read, one naming a database it has no dialect for, or one whose Python driver
    is not installed; each was a traceback from every ``flask`` command and ``make serve``).

    Raises
    ------
    ConfigError
        Showing the URL with its password hidden (``***``); a URL that cannot be read is not
        shown at all.
    """
    problem = database_url_problem(url)
    if problem:
        raise ConfigError(problem)


def whole_number(name: str, value: Any) -> int:
    """Setting ``name``'s ``value`` (from the environment: text, or what JSON reads) as a whole
    number of 0 or more.

    >>> whole_number("WTF_CSRF_TIME_LIMIT", " 600"), whole_number("FLASK_PROXY_FIX_X_FOR", 1)
    (600, 1)

    Raises
    ------
    ConfigError
        Naming the variable and the value it had, e.g. ``MAX_CONTENT_LENGTH=256k``.
    """
    try:
        number = -1 if isinstance(value, bool) else int(str(value).strip())
    except ValueError:
        number = -1
    if number < 0:
        raise ConfigError(f"{name} must be a whole number of 0 or more (it is {value!r}).")
    return number


def defaults(instance_path: str) -> dict[str, Any]:
    """Default settings before the environment is applied."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_ENGINES": {"default": database_url(instance_path)},
        "QUESTIONNAIRES_DIR": os.environ.get("QUESTIONNAIRES_DIR", str(ROOT / "questionnaires")),
        # Largest request body accepted (bytes); bigger ones get a clear 413 page.
        "MAX_CONTENT_LENGTH": whole_number("MAX_CONTENT_LENGTH", os.environ.get("MAX_CONTENT_LENGTH", 256 * 1024)),
        # CSRF tokens expire after this many seconds (Flask-WTF); answers survive expiry.
        "WTF_CSRF_TIME_LIMIT": whole_number("WTF_CSRF_TIME_LIMIT", os.environ.get("WTF_CSRF_TIME_LIMIT", 3600)),
        # A journey left this long is dropped from the session (FLASK_JOURNEY_IDLE_MINUTES).
        "JOURNEY_IDLE_MINUTES": 60,
        # ... or this long on a browser a ?kiosk=1 link marked as a shared device (FLASK_KIOSK_IDLE_MINUTES).
        "KIOSK_IDLE_MINUTES": 10,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # In production the session cookie (answers in progress, the CSRF token) is sent over
        # HTTPS only; FLASK_SESSION_COOKIE_SECURE=false for a trial served over plain HTTP.
        "SESSION_COOKIE_SECURE": os.environ.get("APP_ENV") == "production",
    }


#: Settings that are a number of minutes above 0 (a word, 0 or less would clear every journey
#: on its next request, or fail on every page; Infinity, which the environment's JSON reading
#: gives for "Infinity" or "1e400", would never clear one and show "inf minutes").
MINUTES_SETTINGS = ("JOURNEY_IDLE_MINUTES", "KIOSK_IDLE_MINUTES")


def check_secret_key(settings: Mapping[str, Any]) -> None:
    """In production (``APP_ENV=production``), refuse to start without a secret key of our own:
    none, an empty one, the development key, or one shorter than :data:`SECRET_KEY_MIN_LENGTH`.

    Raises
    ------
    ConfigError
        Saying how to make a key (the key itself is never shown).
    """
    if os.environ.get("APP_ENV") != "production":
        return
    key = settings.get("SECRET_KEY") or ""
    make = "e.g. the output of: python -c 'import secrets; print(secrets.token_hex())'"
    if key == DEV_SECRET_KEY or not str(key).strip():
        raise ConfigError(f"Set SECRET_KEY: refusing to run in production without a key of its own ({make}).")
    if len(key) < SECRET_KEY_MIN_LENGTH:
        raise ConfigError(f"SECRET_KEY is {len(key)} characters: in production it must be at least "
                          f"{SECRET_KEY_MIN_LENGTH} random characters ({make}).")


def check_minutes(settings: Mapping[str, Any]) -> None:
    """Refuse to start with an idle time that is not a number of minutes above 0.

    Raises
    ------
    ConfigError
        Naming the ``FLASK_`` variable and the value it had, e.g. ``FLASK_KIOSK_IDLE_MINUTES=ten``.
    """
    for name in MINUTES_SETTINGS:
        value = settings.get(name)
        try:
            ok = math.isfinite(float(value)) and float(value) > 0 and not isinstance(value, bool)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ConfigError(f"FLASK_{name} must be a number of minutes above 0, e.g. 10 (it is {value!r}).")

