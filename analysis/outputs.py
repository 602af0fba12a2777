"""Checks before a command writes a file: never over the data it reads.

A tester's ``flask responses export --out instance/survey.sqlite3 --force`` replaced the
database with CSV; the analysis commands that write files (``review``, ``report``, ``code``)
take the same care: the SQLite database a ``--db`` URL names, with the ``-wal``, ``-shm`` and
``-journal`` files SQLite keeps beside it, the input file, and anything that exists but is
not a regular file (a folder, a device, a pipe) are refused.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

#: How the files the commands write give a date and time: ISO 8601 in UTC, ``2026-04-03T10:15:00Z``
#: (``flask responses export`` and ``python -m analysis review`` alike, so their rows can be matched).
UTC_TEXT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

#: Line ending of the CSV files the commands write: RFC 4180's CRLF. With it a cell holding a
#: lone carriage return is quoted (Python's csv quotes cells holding any character of the line
#: ending), so it reads back as one cell; with a bare LF such a cell was written unquoted and
#: split its row in two (a tester's "first part\rsecond part").
CSV_LINE_END = "\r\n"


def sqlite_files(url: object) -> tuple[Path, ...]:
    """The database file a SQLAlchemy URL (str or ``sqlalchemy.engine.URL``) names and the
    files SQLite keeps beside it; ``()`` for another database, one in memory or a URL that
    cannot be parsed.

    >>> [p.name for p in sqlite_files("sqlite:///instance/survey.sqlite3")]
    ['survey.sqlite3', 'survey.sqlite3-wal', 'survey.sqlite3-shm', 'survey.sqlite3-journal']
    >>> sqlite_files("postgresql://u@h/db"), sqlite_files("sqlite://")
    ((), ())
    """
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url) if isinstance(url, str) else url
        backend, database = parsed.get_backend_name(), parsed.database  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - an unreadable URL protects nothing; the command reports it
        return ()
    if backend != "sqlite" or database in (None, "", ":memory:") or str(database).startswith("file:"):
        return ()
    path = Path(database)
    return (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal")))


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def protected_match(path: Path, protected: Iterable[tuple[str, Iterable[Path]]]) -> str | None:
    """The description of the ``protected`` entry (description, paths) whose files include
    ``path`` (:func:`os.path.samefile` where both exist, else the resolved paths), or None."""
    for description, files in protected:
        if any(_same(path, other) for other in files):
            return description
    return None


def not_regular(path: Path) -> bool:
    """True when ``path`` exists and is not a regular file (a folder, a device, a pipe)."""
    return path.exists() and not path.is_file()


def output_problem(path: Path, protected: Iterable[tuple[str, Iterable[Path]]] = ()) -> str | None:
    """Why ``path`` must not be written, or None.

    Parameters
    ----------
    path : pathlib.Path
        The file a command is about to create or replace.
    protected : iterable of (description, paths)
        Files it must never replace, e.g. ``("the database", sqlite_files(url))``; compared
        with :func:`os.path.samefile` where both exist (hard and symbolic links), else by
        resolved path.

    Returns
    -------
    str or None
        A short reason ("is the database", "exists and is not a regular file").
    """
    description = protected_match(path, protected)
    if description:
        return f"is {description}"
    if not_regular(path):
        return "exists and is not a regular file"
    return None


def open_private(path: Path) -> TextIO:
    """Open ``path`` for writing text (UTF-8, CSV newlines left alone), created or truncated
    with mode 0600: only its owner may read it, because it holds comments as written.

    Raises
    ------
    OSError
        If the file cannot be created or written.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # an existing file keeps its old mode through O_CREAT
    return os.fdopen(fd, "w", encoding="utf-8", newline="")
