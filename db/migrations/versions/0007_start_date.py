"""启用日期 of the branch, and the day each 党小组 was added

Revision ID: 0007_start_date
Revises: 0006_elections
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_start_date'
down_revision = '0006_elections'
branch_labels = None
depends_on = None

#: An existing branch started with its earliest record (the first of that month), or on the
#: day its profile was made when it has none; its 党小组 count from then on too.
EARLIEST_RECORD = """
UPDATE branch_profile SET started_on = COALESCE(
    (SELECT strftime('%Y-%m-01', MIN(day)) FROM (
        SELECT MIN(date) AS day FROM meeting WHERE deleted_at IS NULL
        UNION ALL SELECT MIN(paid_on) FROM dues_payment WHERE deleted_at IS NULL
        UNION ALL SELECT MIN(date) FROM fund_entry WHERE deleted_at IS NULL
        UNION ALL SELECT MIN(date) FROM visit WHERE deleted_at IS NULL)),
    date(created_at))
"""


def upgrade() -> None:
    with op.batch_alter_table('branch_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_on', sa.Date(), nullable=True))
    with op.batch_alter_table('party_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('established_on', sa.Date(), nullable=True))
    op.execute(EARLIEST_RECORD)


def downgrade() -> None:
    with op.batch_alter_table('party_group', schema=None) as batch_op:
        batch_op.drop_column('established_on')
    with op.batch_alter_table('branch_profile', schema=None) as batch_op:
        batch_op.drop_column('started_on')
