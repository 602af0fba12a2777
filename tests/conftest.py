"""Shared fixtures: an app on a migrated, empty database for every test.

SQLite by default (a file in a temporary folder). With ``TEST_DATABASE_URL`` set to a
PostgreSQL URL the same tests run there, each test session in a schema of its own so
parallel runs on one server never meet.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pg_schema import own_schema
from test_journey_helpers import DEMO_YAML

from survey_app import create_app
from survey_app.config import ROOT
from survey_app.db_migrate import upgrade
from survey_app.models import Base
from survey_app.questionnaire.loader import load_questionnaire
from survey_app.surveys.views import CACHE_KEY


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database for this test session; yields its URL."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        engine = sa.create_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        return
    with own_schema(url, "test") as scoped:
        engine = sa.create_engine(scoped)
        upgrade(engine)
        engine.dispose()
        yield scoped


def _empty_tables(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The application on an empty, migrated database (CSRF off; see ``csrf_app``)."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_ENGINES": {"default": database_url},
            "QUESTIONNAIRES_DIR": str(ROOT / "questionnaires"),
        }
    )
    from survey_app.extensions import db

    with app.app_context():
        _empty_tables(db.engine)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for ``app``."""
    return app.test_client()


@pytest.fixture
def db_session(app: Flask) -> Iterator:
    """The request-independent database session, inside an app context."""
    from survey_app.extensions import db

    with app.app_context():
        yield db.session


@pytest.fixture
def fixtures_dir() -> Path:
    """``tests/fixtures``."""
    return Path(__file__).parent / "fixtures"


@pytest.fixture
def demo(app, tmp_path: Path):
    """A questionnaire with every question type, section and question skip logic."""
    path = tmp_path / "demo.yaml"
    path.write_text(DEMO_YAML)
    q = load_questionnaire(path)
    app.extensions[CACHE_KEY] = {"demo": q}
    return q
