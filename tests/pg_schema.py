"""A PostgreSQL schema of its own for one test session, shared by ``tests/conftest.py`` and
``tests/browser/conftest.py`` so parallel runs on one server never meet."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from analysis.database_url import normalise_database_url


@contextmanager
def own_schema(url: str, prefix: str) -> Iterator[str]:
    """Create schema ``<prefix>_<random>`` on the server at ``url``; yield a URL whose
    connections use it as their search path; drop it (with everything in it) afterwards."""
    base = normalise_database_url(url)
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
