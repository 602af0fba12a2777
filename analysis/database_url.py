"""Database URLs as people write them, made usable by SQLAlchemy with psycopg 3.

No third-party imports, so the web app (``survey_app.config``) can use it without loading
pandas, and the analysis can use it without importing Flask.
"""
from __future__ import annotations

__all__ = ["normalise_database_url"]

#: Prefixes rewritten to the psycopg 3 driver (Heroku-style and plain PostgreSQL URLs).
_POSTGRES_PREFIXES = ("postgres://", "postgresql://")


def normalise_database_url(url: str) -> str:
    """Return ``url`` with ``postgres://`` / ``postgresql://`` rewritten to the psycopg 3 driver.

    Parameters
    ----------
    url : str
        A SQLAlchemy database URL.

    Returns
    -------
    str
        ``postgresql+psycopg://`` followed by the rest of ``url`` when it starts with one of
        those prefixes; any other URL (SQLite, an explicit ``postgresql+driver://``) unchanged.

    Examples
    --------
    >>> normalise_database_url("postgres://u@db:5432/survey")
    'postgresql+psycopg://u@db:5432/survey'
    >>> normalise_database_url("sqlite:///instance/survey.sqlite3")
    'sqlite:///instance/survey.sqlite3'
    """
    for prefix in _POSTGRES_PREFIXES:
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
