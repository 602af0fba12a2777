"""Database URLs as people write them, made usable by SQLAlchemy with psycopg 3.

No third-party imports at load (SQLAlchemy is imported when a URL is checked), so the web app
(``survey_app.config``) can use it without loading pandas, and the analysis without Flask.
"""
from __future__ import annotations

__all__ = ["DATABASE_URL_EXAMPLES", "database_url_problem", "normalise_database_url"]

#: What a usable database URL looks like, for the messages of :func:`database_url_problem`.
DATABASE_URL_EXAMPLES = "postgresql://user@host/database or sqlite:////full/path/survey.sqlite3"

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


def database_url_problem(url: str, name: str = "DATABASE_URL") -> str | None:
    """Why SQLAlchemy cannot use the database URL ``url``, or ``None`` when it can.

    A URL it cannot read, one naming a database it has no dialect for, and one whose Python
    driver is not installed are problems (each had been a traceback, and one showed the
    password). Nothing is connected to: a server that is down is found when it is used.

    Parameters
    ----------
    url : str
        A SQLAlchemy database URL, after :func:`normalise_database_url`.
    name : str
        What the URL is called in the message: the setting (``DATABASE_URL``) or the option
        (``--db``).

    Returns
    -------
    str or None
        One sentence naming ``name`` and the problem, with the URL's password shown as
        ``***``; a URL that cannot be read is not shown at all, as where its password is
        cannot be told.

    Examples
    --------
    >>> database_url_problem("sqlite:////tmp/survey.sqlite3") is None
    True
    >>> print(database_url_problem("nonsense", name="--db"))  # doctest: +ELLIPSIS
    --db is not a database URL: give one such as postgresql://user@host/database or ...
    >>> print(database_url_problem("mysql://me:secret@db/survey"))  # doctest: +ELLIPSIS
    DATABASE_URL names a database that cannot be used (mysql://me:***@db/survey: its driver, ...
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        return f"{name} is not a database URL: give one such as {DATABASE_URL_EXAMPLES}."
    shown = parsed.render_as_string(hide_password=True)
    try:
        parsed.get_dialect().import_dbapi()
    except NoSuchModuleError:
        problem = f"no SQLAlchemy dialect {parsed.drivername!r}"
    except ImportError as error:
        problem = f"its driver, the Python module {error.name or str(error)!r}, is not installed"
    else:
        return None
    return f"{name} names a database that cannot be used ({shown}: {problem}): give one such as {DATABASE_URL_EXAMPLES}."
