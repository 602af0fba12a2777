"""responses.pages_seen: the pages a draft's respondent has passed with Continue

Revision ID: 3756868ab15f
Revises: 3b7d2e9c4a10
Create Date: 2026-12-02 01:00:00.000000

One nullable JSON column, no data change: the survey pages store in it the pages (section ids)
passed with Continue, so a draft resumed with its code in a new browser opens at the page
where "Save and come back later" was pressed, not the page after it (a new user's carers'
questionnaire skipped the unanswered questions of "Support for you"). Every response stored
before this revision has NULL there, and is resumed from its answers alone
(``survey_app.surveys.services.resumed_pages_seen``).

The downgrade drops the column in place, as ``3b7d2e9c4a10`` does (the table is not copied,
so ``ON DELETE CASCADE`` cannot take the answers with it).
"""
from alembic import op
import sqlalchemy as sa


revision = '3756868ab15f'
down_revision = '3b7d2e9c4a10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``responses.pages_seen`` (JSON, NULL for every stored response)."""
    op.add_column("responses", sa.Column("pages_seen", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop ``responses.pages_seen`` in place (the table is not copied; see above)."""
    with op.batch_alter_table("responses", recreate="never") as batch_op:
        batch_op.drop_column("pages_seen")
