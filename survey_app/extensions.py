"""Flask extensions, created unbound and attached in ``create_app``."""
from __future__ import annotations

import contextlib
import os

import sqlalchemy as sa
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect

#: ``hide_parameters``: a database error message never carries answer text into the log.
db = SQLAlchemy(engine_options={"hide_parameters": True})
csrf = CSRFProtect()


def configure_sqlite(engine: sa.Engine) -> None:
    """Turn on foreign keys, WAL and a busy timeout for every SQLite connection, and create a
    database file that does not exist yet, on the first connection, readable by its owner only
    (:func:`_create_private`).

    Does nothing for other databases. WAL lets readers (reports) run while respondents
    write; the 30 s busy timeout means a writer waits rather than failing with
    "database is locked".
    """
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "do_connect")
    def _before_connect(*_args):  # type: ignore[no-untyped-def]
        _create_private(engine)  # on first use, not when the app is built

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()


def _create_private(engine: sa.Engine) -> None:
    """Create ``engine``'s SQLite database file, when it does not exist and its folder does,
    empty (SQLite reads an empty file as an empty database) and with mode 0600, as the
    exports and rejects files are: SQLite would create it readable by everyone (a tester's
    ``-rw-r--r--``), and it holds every answer. SQLite gives its ``-wal`` and ``-shm`` files
    the database file's mode. An existing file is left as it is."""
    from analysis.outputs import sqlite_files

    files = sqlite_files(engine.url)
    if not files or files[0].exists() or not files[0].parent.is_dir():
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(files[0], os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
