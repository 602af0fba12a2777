"""workshop contributions: audience from the stored audience_present answer

Revision ID: ff744bf1711f
Revises: f06d9b55da96
Create Date: 2026-12-02 10:00:00.000000

Data only, no schema change. Before workshop/mapping.yaml had ``audience: {answer:
audience_present}``, every imported workshop contribution was stored with the ``workshop``
questionnaire's audience, ``any``, whoever was at the table. This sets the audience of those
responses from their ``audience_present`` answer when it is people_who_use_services, carers or
staff, as an import now does; ``mixed`` or no answer keeps ``any``.

The questionnaire id, question id and audiences are written out here, not read from the
mapping or survey_app.models: a migration records a one-off change to data stored at the time,
and must do the same thing whenever it runs, whatever the files say later.
"""
from alembic import op
import sqlalchemy as sa


revision = 'ff744bf1711f'
down_revision = 'f06d9b55da96'
branch_labels = None
depends_on = None

QUESTIONNAIRE = "workshop"
QUESTION = "audience_present"
AUDIENCES = ("people_who_use_services", "carers", "staff")

responses = sa.table(
    "responses",
    sa.column("id", sa.Integer),
    sa.column("questionnaire_id", sa.String),
    sa.column("questionnaire_version_id", sa.Integer),
    sa.column("audience", sa.String),
)
answers = sa.table(
    "answers",
    sa.column("response_id", sa.Integer),
    sa.column("question_id", sa.String),
    sa.column("option_value", sa.String),
)
versions = sa.table("questionnaire_versions", sa.column("id", sa.Integer), sa.column("audience", sa.String))


def _present() -> sa.ScalarSelect:
    """The response's audience_present answer when it is one of AUDIENCES (else NULL)."""
    return (
        sa.select(sa.func.min(answers.c.option_value))
        .where(
            answers.c.response_id == responses.c.id,
            answers.c.question_id == QUESTION,
            answers.c.option_value.in_(AUDIENCES),
        )
        .scalar_subquery()
    )


def upgrade() -> None:
    """Workshop responses stored as ``any``: the audience their answer names, if any."""
    present = _present()
    op.execute(
        responses.update()
        .where(responses.c.questionnaire_id == QUESTIONNAIRE, responses.c.audience == "any", present.is_not(None))
        .values(audience=present)
    )


def downgrade() -> None:
    """Back to ``any`` for the workshop responses whose audience is their answer's and whose
    questionnaire version says ``any`` (what the import stored before this revision)."""
    version_audience = (
        sa.select(versions.c.audience).where(versions.c.id == responses.c.questionnaire_version_id).scalar_subquery()
    )
    op.execute(
        responses.update()
        .where(
            responses.c.questionnaire_id == QUESTIONNAIRE,
            responses.c.audience == _present(),
            version_audience == "any",
        )
        .values(audience="any")
    )
