"""Configuration: defaults, then environment, then the test mapping.

Every setting read from the environment is listed in the README's configuration table.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from analysis.database_url import normalise_database_url

#: Repository root (parent of ``survey_app/``).
ROOT = Path(__file__).resolve().parent.parent
#: Used only in development; ``create_app`` refuses to start in production with it.
DEV_SECRET_KEY = "dev-not-secret"


def database_url(instance_path: str) -> str:
    """``DATABASE_URL`` from the environment, else SQLite under ``instance/``.

    ``postgres://`` and ``postgresql://`` URLs are rewritten to the psycopg 3 driver.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'survey.sqlite3'}"
    return normalise_database_url(url)


def defaults(instance_path: str) -> dict[str, Any]:
    """Default settings before the environment is applied."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_ENGINES": {"default": database_url(instance_path)},
        "QUESTIONNAIRES_DIR": os.environ.get("QUESTIONNAIRES_DIR", str(ROOT / "questionnaires")),
        # Largest request body accepted (bytes); bigger ones get a clear 413 page.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 256 * 1024)),
        # CSRF tokens expire after this many seconds (Flask-WTF); answers survive expiry.
        "WTF_CSRF_TIME_LIMIT": int(os.environ.get("WTF_CSRF_TIME_LIMIT", 3600)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
    }
