"""Flask extensions, created unbound and attached in ``create_app``."""
from __future__ import annotations

import sqlalchemy as sa
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect

#: ``hide_parameters``: a database error message never carries answer text into the log.
db = SQLAlchemy(engine_options={"hide_parameters": True})
csrf = CSRFProtect()


def configure_sqlite(engine: sa.Engine) -> None:
    """Turn on foreign keys, WAL and a busy timeout for every SQLite connection.

    Does nothing for other databases. WAL lets readers (reports) run while respondents
    write; the 30 s busy timeout means a writer waits rather than failing with
    "database is locked".
    """
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()
