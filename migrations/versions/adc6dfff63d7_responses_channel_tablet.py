"""responses.channel: a new channel, tablet (sent from a shared device in kiosk mode)

Revision ID: adc6dfff63d7
Revises: 3756868ab15f
Create Date: 2026-12-03 10:00:00.000000

The NHS Friends and Family Test counts answers per collection mode (SMS, web, paper, tablet
...). A response sent from a browser marked as a shared device (``?kiosk=1``, a waiting-room
tablet) is now stored with channel ``tablet``, so the ``ck_responses_channel`` CHECK
constraint allows it. No stored response changes on the way up: which of the ``online``
responses stored before this revision came from a kiosk was never recorded.

The downgrade stores every ``tablet`` response as ``online`` (what the app stored for them
before this revision) and narrows the constraint again; upgrading once more cannot tell them
apart.

On PostgreSQL the constraint is dropped and created in place. SQLite cannot alter a CHECK
constraint, so Alembic's batch mode copies the ``responses`` table; as in ``828734e76c1e``, the
answers are kept in a temporary table meanwhile and put back with their ids, since dropping
the old table with the app's ``PRAGMA foreign_keys=ON`` deletes them through ``ON DELETE
CASCADE``.

The channel lists are written out here, not read from survey_app.models: a migration must do
the same thing whenever it runs, whatever the models say later.
"""
from alembic import op
import sqlalchemy as sa


revision = 'adc6dfff63d7'
down_revision = '3756868ab15f'
branch_labels = None
depends_on = None

BEFORE = ("online", "paper", "assisted", "workshop", "import")
AFTER = ("online", "tablet", "paper", "assisted", "workshop", "import")
CONSTRAINT = "ck_responses_channel"
#: Where SQLite keeps the answers while ``responses`` is copied (a temporary table).
KEPT_ANSWERS = "_answers_kept_adc6dfff63d7"

responses = sa.table("responses", sa.column("channel", sa.String))


def _allow(channels: tuple[str, ...]) -> None:
    """Make ``ck_responses_channel`` allow exactly ``channels``, without losing answers."""
    condition = f"channel IN {channels!r}"
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f(CONSTRAINT), "responses", type_="check")
        op.create_check_constraint(op.f(CONSTRAINT), "responses", condition)
        return
    op.execute(f"CREATE TEMPORARY TABLE {KEPT_ANSWERS} AS SELECT * FROM answers")
    with op.batch_alter_table("responses", recreate="always") as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_="check")
        batch_op.create_check_constraint(op.f(CONSTRAINT), condition)
    op.execute("DELETE FROM answers")  # whatever the cascade left (none with foreign keys on)
    op.execute(f"INSERT INTO answers SELECT * FROM {KEPT_ANSWERS}")
    op.execute(f"DROP TABLE {KEPT_ANSWERS}")


def upgrade() -> None:
    """Allow channel ``tablet``; every stored response keeps its channel."""
    _allow(AFTER)


def downgrade() -> None:
    """Store every ``tablet`` response as ``online``, then refuse ``tablet`` again."""
    op.execute(responses.update().where(responses.c.channel == "tablet").values(channel="online"))
    _allow(BEFORE)
