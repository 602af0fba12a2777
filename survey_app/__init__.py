"""The survey and co-production feedback platform (Flask application)."""
from __future__ import annotations

import inspect
import os
from collections.abc import Mapping
from typing import Any

import click
from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error pages, commands.

    No database query runs here; the schema is created by ``flask --app survey_app db
    upgrade`` (Alembic), never at start-up.

    Raises
    ------
    survey_app.config.ConfigError
        A ``RuntimeError`` that ``flask`` prints as one line: in production
        (``APP_ENV=production``) without a secret key of its own (none, the development key,
        or a short one); with an idle time (``FLASK_JOURNEY_IDLE_MINUTES``,
        ``FLASK_KIOSK_IDLE_MINUTES``) that is not a number of minutes above 0; with a
        ``MAX_CONTENT_LENGTH``, ``WTF_CSRF_TIME_LIMIT`` or ``FLASK_PROXY_FIX_X_FOR`` that is
        not a whole number; and with a ``DATABASE_URL`` SQLAlchemy cannot use.
    SystemExit
        Instead of that error, with its line printed, when a ``flask`` command line builds
        the app: Flask's own command list (``flask --app survey_app --help``) builds it to
        list its commands, and prints the traceback of any error but its own
        ``NoAppException`` (which would turn a command's one line into two errors, the
        second "No such command"), so it ends as every command does: one line, exit 1.
    """
    from survey_app.config import ConfigError

    try:
        return build_app(test_config)
    except ConfigError as error:
        if click.get_current_context(silent=True) is None:  # gunicorn, tests: the caller reports it
            raise
        error.show()
        raise SystemExit(error.exit_code) from None


def build_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The steps of :func:`create_app`, which see there; a bad setting raises its
    :class:`~survey_app.config.ConfigError` wherever it is built."""
    from survey_app import config
    from survey_app.extensions import configure_sqlite, csrf, db
    from survey_app.security import add_security_headers

    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config.defaults(app.instance_path))
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)
    config.check_secret_key(app.config)
    config.check_minutes(app.config)

    trust_proxies(app)
    add_security_headers(app)
    db.init_app(app)
    drop_async_teardowns(app)
    with app.app_context():
        configure_sqlite(db.engine)
    csrf.init_app(app)

    register_blueprints(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind a reverse proxy, read the client's address from ``X-Forwarded-For``.

    ``PROXY_FIX_X_FOR`` (``FLASK_PROXY_FIX_X_FOR``) is how many proxies in front of the app
    to trust (Werkzeug ``ProxyFix``); 0, the default, ignores the header, which anyone can
    send. Behind a proxy it must be set: otherwise every respondent has the proxy's address,
    and one person's wrong resume codes block everybody's (``FLASK_RESUME_MAX_FAILURES``).
    """
    from survey_app.config import whole_number

    hops = whole_number("FLASK_PROXY_FIX_X_FOR", app.config.get("PROXY_FIX_X_FOR") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops)  # type: ignore[method-assign]


def drop_async_teardowns(app: Flask) -> None:
    """Remove the async session teardown Flask-SQLAlchemy-Lite always registers.

    We use no async engines. Flask runs an async teardown through asgiref, which starts an
    event loop for every request and raises inside a thread that already runs one (a
    Playwright test, an async server).
    """
    app.teardown_appcontext_funcs[:] = [
        f for f in app.teardown_appcontext_funcs if not inspect.iscoroutinefunction(f)
    ]


def register_blueprints(app: Flask) -> None:
    """Attach one blueprint per feature."""
    from survey_app.surveys.views import bp as surveys_bp

    app.register_blueprint(surveys_bp)


def register_error_handlers(app: Flask) -> None:
    """Friendly error pages; a 500 rolls the session back."""
    from survey_app.errors import init_errors

    init_errors(app)


def register_commands(app: Flask) -> None:
    """``flask db ...``, ``flask questionnaires ...``, ``flask responses ...``, ``flask sample ...``."""
    from survey_app.commands import init_commands

    init_commands(app)
