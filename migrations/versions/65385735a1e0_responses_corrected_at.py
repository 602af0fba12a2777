"""responses.corrected_at: when an import last corrected an imported response

Revision ID: 65385735a1e0
Revises: ff744bf1711f
Create Date: 2026-12-10 10:00:00.000000

One nullable column, no data change: ``flask responses import --apply-corrections`` sets it
when it replaces an imported response's answers with a corrected row; NULL means never
corrected (every response stored before this revision).

The downgrade drops the column with a plain ``ALTER TABLE ... DROP COLUMN`` (SQLite 3.35 or
later), not Alembic's batch copy of the table: that copy drops the old ``responses`` table,
and with the app's ``PRAGMA foreign_keys=ON`` dropping it would delete every answer through
``answers.response_id ... ON DELETE CASCADE``.
"""
from alembic import op
import sqlalchemy as sa


revision = '65385735a1e0'
down_revision = 'ff744bf1711f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``responses.corrected_at`` (timezone-aware, NULL for every stored response)."""
    op.add_column("responses", sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop ``responses.corrected_at`` in place (the table is not copied; see above)."""
    with op.batch_alter_table("responses", recreate="never") as batch_op:
        batch_op.drop_column("corrected_at")
