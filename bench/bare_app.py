"""The stack's ceiling for ``bench_load.py``: a bare Flask app doing one insert per request.

Same gunicorn, same database URL (``DATABASE_URL``), same SQLAlchemy engine settings as
the platform (WAL, busy timeout and foreign keys on SQLite via
``survey_app.extensions.configure_sqlite``), but no templates, no session, no CSRF and
no questionnaire: ``POST /insert`` adds one row to ``bench_bare`` and commits. The ratio
of the real journey's throughput to this one says how close the journey gets to what
the web server and database can do at all on this machine.

Run: ``DATABASE_URL=... gunicorn -w 4 'bench.bare_app:create_app()'`` (from the repo root).
"""
from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask

from survey_app.extensions import configure_sqlite

metadata = sa.MetaData()
#: One row per request; ``payload`` is about the size of one short answer.
bench_bare = sa.Table(
    "bench_bare",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("payload", sa.String(200), nullable=False),
)


def create_app() -> Flask:
    """A Flask app with ``POST /insert`` (one INSERT + COMMIT) and ``GET /ping``."""
    app = Flask(__name__)
    engine = sa.create_engine(os.environ["DATABASE_URL"])
    configure_sqlite(engine)

    @app.post("/insert")
    def insert() -> tuple[str, int]:
        with engine.begin() as conn:
            conn.execute(bench_bare.insert().values(payload="bench answer " * 5))
        return "ok", 201

    @app.get("/ping")
    def ping() -> str:
        return "ok"

    return app


def create_table(url: str) -> None:
    """Create (or empty) ``bench_bare`` on the database at ``url``."""
    engine = sa.create_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    engine.dispose()
