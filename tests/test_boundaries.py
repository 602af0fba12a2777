"""Architecture rules that keep the analysis usable without the web app."""
import subprocess
import sys

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
