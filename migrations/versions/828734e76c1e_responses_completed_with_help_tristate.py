"""responses.completed_with_help: yes, no or not recorded (nullable)

Revision ID: 828734e76c1e
Revises: 65385735a1e0
Create Date: 2026-11-30 19:00:00.000000

``completed_with_help`` becomes tri-state: true (someone helped), false (nobody helped), NULL
(not answered, or not recorded). Before this revision the column was NOT NULL with false for
both "No" and "not answered" (and for every import and draft), so a stored false cannot be
told apart: the upgrade sets every false to NULL, "not recorded", the only honest value. True
stays true. The downgrade sets NULL back to false and restores NOT NULL (a "No" stored since
becomes false too, as before).

On PostgreSQL the column is altered in place. SQLite cannot change a column's NOT NULL in
place, so Alembic's batch mode copies the ``responses`` table and drops the old one; with the
app's ``PRAGMA foreign_keys=ON`` (which cannot be turned off inside the migration's
transaction) dropping it deletes every answer through ``answers.response_id ... ON DELETE
CASCADE``. So on SQLite the answers are copied to a temporary table first and put back, with
their ids, once the new ``responses`` table is in place (``answers`` is the only table that
points at ``responses``).
"""
from alembic import op
import sqlalchemy as sa


revision = '828734e76c1e'
down_revision = '65385735a1e0'
branch_labels = None
depends_on = None

responses = sa.table("responses", sa.column("completed_with_help", sa.Boolean))
#: Where SQLite keeps the answers while ``responses`` is copied (a temporary table).
KEPT_ANSWERS = "_answers_kept_828734e76c1e"


def _set_nullable(nullable: bool) -> None:
    """Make ``responses.completed_with_help`` nullable (or NOT NULL) without losing answers."""
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("responses", "completed_with_help", existing_type=sa.Boolean(), nullable=nullable)
        return
    op.execute(f"CREATE TEMPORARY TABLE {KEPT_ANSWERS} AS SELECT * FROM answers")
    with op.batch_alter_table("responses", recreate="always") as batch_op:
        batch_op.alter_column("completed_with_help", existing_type=sa.Boolean(), nullable=nullable)
    op.execute("DELETE FROM answers")  # whatever the cascade left (none with foreign keys on)
    op.execute(f"INSERT INTO answers SELECT * FROM {KEPT_ANSWERS}")
    op.execute(f"DROP TABLE {KEPT_ANSWERS}")


def upgrade() -> None:
    """Allow NULL, then store every false as NULL ("not recorded": "No" and "not answered"
    were stored alike)."""
    _set_nullable(True)
    op.execute(responses.update().where(responses.c.completed_with_help == sa.false()).values(completed_with_help=None))


def downgrade() -> None:
    """Store every NULL as false, then refuse NULL again."""
    op.execute(responses.update().where(responses.c.completed_with_help.is_(None)).values(completed_with_help=False))
    _set_nullable(False)
