"""One database-URL normaliser (``analysis.database_url``) for the web app and the analysis."""
import pytest

from analysis import sources
from analysis.database_url import normalise_database_url
from survey_app import config


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@db:5432/survey", "postgresql+psycopg://u:p@db:5432/survey"),
        ("postgresql://u@db/survey?sslmode=require", "postgresql+psycopg://u@db/survey?sslmode=require"),
        ("postgresql+psycopg://u@db/survey", "postgresql+psycopg://u@db/survey"),
        ("postgresql+psycopg2://u@db/survey", "postgresql+psycopg2://u@db/survey"),
        ("sqlite:///instance/survey.sqlite3", "sqlite:///instance/survey.sqlite3"),
        # Only a leading prefix counts.
        ("sqlite:///tmp/postgres://x.db", "sqlite:///tmp/postgres://x.db"),
    ],
)
def test_normalise_database_url(url, expected):
    assert normalise_database_url(url) == expected


def test_the_app_config_uses_the_shared_normaliser(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", " postgres://u@db/survey ")
    assert config.database_url(str(tmp_path)) == "postgresql+psycopg://u@db/survey"
    monkeypatch.delenv("DATABASE_URL")
    assert config.database_url(str(tmp_path)) == f"sqlite:///{tmp_path / 'survey.sqlite3'}"


def test_make_engine_uses_the_shared_normaliser():
    engine = sources.make_engine("postgres://u@db:5432/survey")  # no connection is made
    assert engine.url.drivername == "postgresql+psycopg"
    assert (engine.url.host, engine.url.port, engine.url.database) == ("db", 5432, "survey")
    assert sources.make_engine(engine) is engine
    engine.dispose()


def test_a_relative_sqlite_database_url_is_read_from_the_current_folder(tmp_path, monkeypatch):
    # a new user's DATABASE_URL=sqlite:///instance/survey.sqlite3 (the README's default, as
    # `python -m analysis --db` takes it) was looked for under instance/instance/ and crashed
    from survey_app.config import database_url

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///instance/survey.sqlite3")
    assert database_url("/elsewhere/instance") == f"sqlite:///{tmp_path / 'instance' / 'survey.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", "sqlite:////abs/x.db")
    assert database_url("/elsewhere/instance") == "sqlite:////abs/x.db"
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    assert database_url("/elsewhere/instance") == "sqlite://"


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    # a tester's database, which holds every answer, was created -rw-r--r--
    import stat

    from survey_app import create_app

    path = tmp_path / "new.sqlite3"
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_ENGINES": {"default": f"sqlite:///{path}"}})
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert {p.name for p in tmp_path.iterdir()} >= {"new.sqlite3"}
    for side in tmp_path.glob("new.sqlite3-*"):  # WAL files take the database's mode
        assert stat.S_IMODE(side.stat().st_mode) == 0o600
    existing = tmp_path / "old.sqlite3"
    existing.touch(mode=0o640)
    existing.chmod(0o640)
    create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_ENGINES": {"default": f"sqlite:///{existing}"}})
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640  # left as it is
