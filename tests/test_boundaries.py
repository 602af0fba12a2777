"""Architecture rules that keep the analysis usable without the web app."""
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from survey_app.config import ROOT


def test_analysis_never_imports_flask_or_the_app():
    code = (
        "import sys, importlib, pkgutil, analysis\n"
        "for m in pkgutil.walk_packages(analysis.__path__, 'analysis.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('flask', 'survey_app', 'flask_wtf'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_create_app_runs_no_query(tmp_path, monkeypatch):
    """Building the app must not touch the database (migrations run by command)."""
    import sqlalchemy as sa

    from survey_app import create_app

    seen = []
    monkeypatch.setattr(sa.engine.Engine, "connect", lambda self, *a, **k: seen.append(1))
    create_app({"SQLALCHEMY_ENGINES": {"default": f"sqlite:///{tmp_path / 'x.db'}"}})
    assert seen == []
    assert not (tmp_path / "x.db").exists()


def test_production_refuses_development_secret(monkeypatch):
    import pytest

    from survey_app import create_app

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


@pytest.mark.parametrize(("name", "value"), [("KIOSK_IDLE_MINUTES", "ten"), ("JOURNEY_IDLE_MINUTES", "0"),
                                           ("KIOSK_IDLE_MINUTES", "-5"), ("JOURNEY_IDLE_MINUTES", "true"),
                                           ("KIOSK_IDLE_MINUTES", "Infinity"), ("KIOSK_IDLE_MINUTES", "1e400"),
                                           ("JOURNEY_IDLE_MINUTES", "NaN")])
def test_an_idle_time_that_is_not_minutes_above_0_is_refused_at_start(monkeypatch, tmp_path, name, value):
    # 0 or less would clear every journey on its next request; a word failed on every page.
    from survey_app import create_app

    monkeypatch.setenv(f"FLASK_{name}", value)
    with pytest.raises(RuntimeError, match=rf"^FLASK_{name} must be a number of minutes above 0, e\.g\. 10 \(it is "):
        create_app({"SQLALCHEMY_ENGINES": {"default": f"sqlite:///{tmp_path / 'x.db'}"}})
    monkeypatch.setenv(f"FLASK_{name}", "2.5")
    app = create_app({"SQLALCHEMY_ENGINES": {"default": f"sqlite:///{tmp_path / 'x.db'}"}})
    assert app.config[name] == 2.5


def _clean_env(tmp_path, **settings):
    """The environment without any of the app's settings, a database under ``tmp_path``, and ``settings``."""
    names = ("APP_ENV", "SECRET_KEY", "MAX_CONTENT_LENGTH", "WTF_CSRF_TIME_LIMIT", "DATABASE_URL", "QUESTIONNAIRES_DIR")
    env = {k: v for k, v in os.environ.items() if k not in names and not k.startswith("FLASK_")}
    return {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", **settings}


@pytest.mark.parametrize(("settings", "args", "message"), [
    ({"FLASK_JOURNEY_IDLE_MINUTES": "ten"}, ["db", "upgrade"],
     "FLASK_JOURNEY_IDLE_MINUTES must be a number of minutes above 0, e.g. 10 (it is 'ten')."),
    ({"APP_ENV": "production"}, ["routes"], "Set SECRET_KEY: refusing to run in production without a key of its own"),
    ({"APP_ENV": "production", "SECRET_KEY": "short"}, ["questionnaires", "validate"],
     "SECRET_KEY is 5 characters: in production it must be at least 32 random characters"),
    ({"MAX_CONTENT_LENGTH": "256k"}, ["run"], "MAX_CONTENT_LENGTH must be a whole number of 0 or more (it is '256k')."),
    # Flask's own command list builds the app, and printed the traceback of anything but its
    # NoAppException above the list
    ({"APP_ENV": "production", "SECRET_KEY": "short"}, ["--help"],
     "SECRET_KEY is 5 characters: in production it must be at least 32 random characters"),
    ({"FLASK_KIOSK_IDLE_MINUTES": "ten"}, ["--help"],
     "FLASK_KIOSK_IDLE_MINUTES must be a number of minutes above 0, e.g. 10 (it is 'ten')."),
    # a database URL SQLAlchemy cannot use was a traceback from every command ("Can't load plugin")
    ({"DATABASE_URL": "nonsense://x"}, ["--help"],
     "DATABASE_URL names a database that cannot be used (nonsense://x: no SQLAlchemy dialect 'nonsense'): "),
    ({"DATABASE_URL": "nonsense://x"}, ["questionnaires", "list"],
     "DATABASE_URL names a database that cannot be used (nonsense://x: no SQLAlchemy dialect 'nonsense'): "),
    ({"DATABASE_URL": "mysql://someone:pa55word@db/survey"}, ["db", "upgrade"],
     "DATABASE_URL names a database that cannot be used (mysql://someone:***@db/survey: its driver, the Python "
     "module 'MySQLdb', is not installed): "),
    ({"DATABASE_URL": "postgresql://someone:pa55word@db:port/survey"}, ["routes"],
     "DATABASE_URL is not a database URL: give one such as postgresql://user@host/database"),
    # no server there (or no such database): a hundred lines of SQLAlchemy traceback from make db
    ({"DATABASE_URL": "postgresql://someone:pa55word@127.0.0.1:1/survey"}, ["db", "upgrade"],
     "cannot connect to the database at postgresql+psycopg://someone:***@127.0.0.1:1/survey (connection failed: "),
    ({"DATABASE_URL": "postgresql://someone:pa55word@127.0.0.1:1/survey"}, ["sample", "load"],
     "cannot connect to the database at postgresql+psycopg://someone:***@127.0.0.1:1/survey (connection failed: "),
])
def test_a_bad_setting_stops_any_flask_command_with_one_line(tmp_path, settings, args, message):
    # every command printed a whole traceback before the line that said what to fix
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "survey_app", *args], cwd=ROOT,
                         env=_clean_env(tmp_path, **settings), capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert out.stderr.startswith(f"Error: {message}") and out.stderr.count("\n") == 1, out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert "pa55word" not in out.stderr  # a password in the URL is never shown


def test_a_bug_in_create_app_keeps_its_traceback(monkeypatch):
    # only a ConfigError is printed as one line: anything else is a bug, and its traceback is kept
    from click.testing import CliRunner
    from flask.cli import cli

    import survey_app

    def broken(app):
        raise KeyError("a bug")

    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # the command line sets it; put it back after
    monkeypatch.setattr(survey_app, "register_blueprints", broken)
    result = CliRunner().invoke(cli, ["--app", "survey_app", "db", "upgrade"])
    assert isinstance(result.exception, KeyError) and result.exit_code == 1


def test_make_serve_stops_on_a_bad_setting_with_one_line(tmp_path):
    # gunicorn printed each worker's traceback; with --preload its master says what is wrong, once
    line = next(x for x in (ROOT / "Makefile").read_text().splitlines() if "/gunicorn " in x)
    command = line.strip().replace("$(BIN)/", f"{Path(sys.executable).parent}/")
    command = command.replace("$(HOST)", "127.0.0.1").replace("$(PORT)", "0")
    out = subprocess.run(shlex.split(command), cwd=ROOT, env=_clean_env(tmp_path, FLASK_KIOSK_IDLE_MINUTES="0"),
                         capture_output=True, text=True, timeout=120)
    assert "--preload" in command and out.returncode == 1
    assert "Error: FLASK_KIOSK_IDLE_MINUTES must be a number of minutes above 0, e.g. 10 (it is 0)." in out.stderr
    assert "Traceback" not in out.stderr, out.stderr


def test_production_wants_a_long_secret_key(monkeypatch, tmp_path):
    from survey_app import create_app
    from survey_app.config import ConfigError

    monkeypatch.setenv("APP_ENV", "production")
    engines = {"SQLALCHEMY_ENGINES": {"default": f"sqlite:///{tmp_path / 'x.db'}"}}
    for key in ("", "   ", "x" * 31):
        monkeypatch.setenv("SECRET_KEY", key)
        with pytest.raises(ConfigError, match="SECRET_KEY") as caught:
            create_app(engines)
        assert key.strip() == "" or key not in str(caught.value)  # the key is never shown
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    assert create_app(engines).config["SECRET_KEY"] == "x" * 32
    monkeypatch.delenv("APP_ENV")
    monkeypatch.setenv("SECRET_KEY", "short")  # in development any key will do
    assert create_app(engines).config["SECRET_KEY"] == "short"


@pytest.mark.parametrize(("name", "value"), [("MAX_CONTENT_LENGTH", "256k"), ("WTF_CSRF_TIME_LIMIT", "-1"),
                                           ("FLASK_PROXY_FIX_X_FOR", "1.5"), ("FLASK_PROXY_FIX_X_FOR", "true")])
def test_a_setting_that_is_not_a_whole_number_is_refused_at_start(monkeypatch, tmp_path, name, value):
    # int() raised a bare ValueError ("invalid literal for int() with base 10"), or read 1.5 as 1
    from survey_app import create_app
    from survey_app.config import ConfigError

    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=rf"^{name} must be a whole number of 0 or more \(it is "):
        create_app({"SQLALCHEMY_ENGINES": {"default": f"sqlite:///{tmp_path / 'x.db'}"}})


def test_app_context_works_inside_a_running_event_loop(tmp_path):
    """No async teardown: an app context (every request, every test) must not need asgiref,
    which refuses to run inside an event loop (as Playwright's sync API keeps one)."""
    import asyncio
    import concurrent.futures

    from survey_app import create_app

    app = create_app({"SQLALCHEMY_ENGINES": {"default": f"sqlite:///{tmp_path / 'x.db'}"}})

    async def use_context():
        with app.app_context():
            return True

    # A thread of its own, so the test does not depend on the main thread's loop state.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, use_context()).result() is True


def test_db_upgrade_says_whether_it_created_migrated_or_found_the_database_current(tmp_path):
    import sqlalchemy as sa
    from alembic.script import ScriptDirectory

    from survey_app.db_migrate import alembic_config, upgrade

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert upgrade(engine) == (None, head)  # a new database: nothing before
    assert upgrade(engine) == (head, head)  # run again: already current
    engine.dispose()


def test_report_labels_cover_every_channel_and_audience_the_app_stores():
    # analysis never imports the app, so its labels are a second list of the same ids.
    from analysis.report.labels import AUDIENCE_LABELS, CHANNEL_LABELS, CHANNEL_PHRASES
    from survey_app.models import AUDIENCES, CHANNELS

    assert set(CHANNEL_LABELS) == set(CHANNEL_PHRASES) == set(CHANNELS)
    assert set(AUDIENCES) <= set(AUDIENCE_LABELS)
