"""Run Alembic migrations for an engine (used by ``flask db upgrade`` and the tests)."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

#: The ``migrations/`` folder at the repository root.
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(engine: sa.Engine) -> Config:
    """An Alembic config pointing at ``migrations/`` and ``engine``'s URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def current_revision(engine: sa.Engine) -> str | None:
    """The Alembic revision the database behind ``engine`` is at (None: never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate the database behind ``engine`` to ``revision`` (default: latest).

    Returns (revision before, revision after); before is None for a new database.
    """
    before = current_revision(engine)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return before, current_revision(engine)


def revision(engine: sa.Engine, message: str) -> None:
    """Autogenerate a new migration from the models (developer command)."""
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)
