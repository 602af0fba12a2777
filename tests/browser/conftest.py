"""Real-browser fixtures: a live gunicorn server on a fresh database, Debian's Chromium, axe-core.

Follows ``../shared/docs/browser-testing.md`` except that the app is served by a real
``gunicorn`` process (CSRF on, no test config but a kiosk idle time of 3 seconds, which only
a browser opened at a ``?kiosk=1`` link has) rather than a thread inside pytest:

* ``live_server`` (session): ``flask db upgrade`` on a fresh SQLite file in a temporary
  folder (or, with ``TEST_DATABASE_URL`` set, a fresh PostgreSQL schema selected with the
  ``search_path`` option, as ``tests/conftest.py`` does), then ``gunicorn`` on a free
  127.0.0.1 port; killed at teardown.
* ``browser`` (session): Playwright driving ``/usr/bin/chromium``. Nothing is downloaded;
  never run ``playwright install``. Playwright turns Chromium's back/forward cache off;
  ``new_page(bfcache=True)`` gives a page in a second Chromium with it on, as people have it.
* ``new_page(...)``: a page in a fresh context (phone or desktop viewport, JS on/off).
* ``axe_violations(page)``: runs the vendored axe-core (``vendor/axe.min.js``) for the
  WCAG 2.0/2.1/2.2 A and AA tags and returns ``{rule id: [node targets]}``.

Every test here is marked ``browser`` so ``make test-fast`` skips them.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import browserlib
import httpx
import pytest
import sqlalchemy as sa
from pg_schema import own_schema

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

#: Chromium's switches here (Playwright itself adds --headless, --no-first-run and others).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

#: Milliseconds any single Playwright action or wait may take (there is no pytest-timeout).
ACTION_TIMEOUT_MS = 10_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """A running gunicorn serving the real app; ``url`` is its base address."""

    def __init__(self, url: str, database_url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.database_url = database_url
        self.proc = proc
        self.log = log

    def engine(self) -> sa.Engine:
        """A new engine on the server's database (dispose it when done)."""
        return sa.create_engine(self.database_url)

    def count(self, sql: str, **params: Any) -> int:
        """Run a scalar SQL query on the server's database."""
        engine = self.engine()
        try:
            with engine.connect() as conn:
                return int(conn.execute(sa.text(sql), params).scalar_one())
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """gunicorn (2 workers) on a free loopback port with a fresh, migrated database."""
    tmp = tmp_path_factory.mktemp("live")
    pg = os.environ.get("TEST_DATABASE_URL", "").strip()
    with own_schema(pg, "browser") if pg else nullcontext(f"sqlite:///{tmp / 't.db'}") as database_url:
        yield from _serve(tmp, database_url)


def _serve(tmp: Path, database_url: str) -> Iterator[LiveServer]:
    """Migrate ``database_url``, start gunicorn on it, yield the server, stop it."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "browser-test-secret",
        "PYTHONUNBUFFERED": "1",
        "FLASK_KIOSK_IDLE_MINUTES": str(browserlib.KIOSK_IDLE_SECONDS / 60),
    }
    env.pop("FLASK_TESTING", None)
    subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "survey_app", "db", "upgrade"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
    )
    port = _free_port()
    log = tmp / "gunicorn.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--timeout", "60", "--graceful-timeout", "2", "survey_app:create_app()"],
            cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(url + "/", timeout=2).status_code < 500:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"gunicorn did not answer within 30 s:\n{log.read_text()[-4000:]}")
        time.sleep(0.2)
    try:
        yield LiveServer(url, database_url, proc, log)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, through Playwright (no downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run scripts/system-deps.sh --test (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def bfcache_browser(browser: Any) -> Iterator[Any]:
    """A second Chromium with its back/forward cache on, as in people's browsers (Playwright
    turns it off): Back may then show a page from memory without asking the server."""
    b = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        ignore_default_args=["--disable-back-forward-cache"],
    )
    yield b
    b.close()


@pytest.fixture
def new_page(browser: Any, live_server: LiveServer, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """Factory: ``new_page(device="phone"|"desktop", js=True, bfcache=False, **context_options)`` -> Page.

    Each call opens a fresh context (own cookies), closed at the end of the test; with
    ``bfcache`` in the Chromium whose back/forward cache is on (``bfcache_browser``).
    """
    contexts: list[Any] = []

    def make(device: str = "desktop", js: bool = True, bfcache: bool = False, **options: Any) -> Any:
        settings = {**(PHONE if device == "phone" else DESKTOP), **options}
        chromium = request.getfixturevalue("bfcache_browser") if bfcache else browser
        ctx = chromium.new_context(base_url=live_server.url, java_script_enabled=js, **settings)
        ctx.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()



def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the list of pages and states axe checked."""
    if browserlib.CHECKED:
        terminalreporter.section("axe-core: pages and states checked (WCAG " + ", ".join(browserlib.WCAG_TAGS) + ")")
        for label in browserlib.CHECKED:
            terminalreporter.write_line(f"  {label}")


