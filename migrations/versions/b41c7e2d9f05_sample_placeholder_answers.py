"""answers: the NEAS sample's "Did not answer" placeholders are not comments

Revision ID: b41c7e2d9f05
Revises: adc6dfff63d7
Create Date: 2026-12-01 08:00:00.000000

The NEAS export behind ``flask sample load`` writes "Did not answer" where a follow-up
question was left blank: 601 of the sample file's 2,479 rows. The sample's mapping stored
them as free-text answers, so reports of the sample counted them as comments (1,280 in the
2022 round instead of 1,002), and the model coded each "Contacting services" (Flexibility)
with negative sentiment: Flexibility's score read 14% instead of 37%. The mapping now reads
the placeholder as not answered (``values: {"Did not answer": null}``), and the sample file no
longer holds the one respondent who gave nothing else.

This revision makes a database the sample was loaded into before it agree: it deletes the
answers that are exactly "Did not answer" in responses imported from ``neas_fft_sample.csv``
(their ``import_ref`` starts with the file's name), then those responses left with no answer
(one). Nothing else is touched: a comment someone typed, or a response moved from another
database (another ``import_ref``), keeps its text. The downgrade stores nothing back: the
placeholders held no answer.
"""
from alembic import op
import sqlalchemy as sa


revision = 'b41c7e2d9f05'
down_revision = 'adc6dfff63d7'
branch_labels = None
depends_on = None

#: Written out here, not read from the app: a migration must do the same whenever it runs.
PLACEHOLDER = "Did not answer"
SAMPLE_REFS = "neas_fft_sample.csv:%"


def upgrade() -> None:
    """Delete the sample's placeholder answers, then its responses left with none."""
    sample = "SELECT id FROM responses WHERE questionnaire_id = 'fft' AND import_ref LIKE :refs"
    op.execute(sa.text(f"DELETE FROM answers WHERE text_value = :placeholder AND response_id IN ({sample})")
               .bindparams(placeholder=PLACEHOLDER, refs=SAMPLE_REFS))
    op.execute(sa.text(f"DELETE FROM responses WHERE id IN ({sample}) "
                       "AND NOT EXISTS (SELECT 1 FROM answers WHERE answers.response_id = responses.id)")
               .bindparams(refs=SAMPLE_REFS))


def downgrade() -> None:
    """Nothing to put back: a placeholder was no answer."""
