"""responses.saved_at: when a draft's answers were last saved

Revision ID: 3b7d2e9c4a10
Revises: 828734e76c1e
Create Date: 2026-12-01 01:00:00.000000

One nullable column, no data change: the survey pages set it each time they save a draft's
answers, and ``flask responses purge-drafts`` counts a draft's age from it (from
``started_at`` where it is NULL: every response stored before this revision, and imports). A
draft resumed with its code weeks after it was started is no longer deleted as if it had been
left untouched since then.

The downgrade drops the column in place, as ``65385735a1e0`` does (the table is not copied,
so ``ON DELETE CASCADE`` cannot take the answers with it).
"""
from alembic import op
import sqlalchemy as sa


revision = '3b7d2e9c4a10'
down_revision = '828734e76c1e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``responses.saved_at`` (timezone-aware, NULL for every stored response)."""
    op.add_column("responses", sa.Column("saved_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop ``responses.saved_at`` in place (the table is not copied; see above)."""
    with op.batch_alter_table("responses", recreate="never") as batch_op:
        batch_op.drop_column("saved_at")
