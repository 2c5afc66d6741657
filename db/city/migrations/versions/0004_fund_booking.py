"""fund booking at import: a city that holds branch fund entries from before remittances
were booked at import books them once (app.city.fund.book_remittances, in the background)

Revision ID: 0004_fund_booking
Revises: 0003_city_store
"""

import sqlalchemy as sa
from alembic import op

revision = '0004_fund_booking'
down_revision = '0003_city_store'
branch_labels = None
depends_on = None

SETTING = sa.table("city_fund_setting", sa.column("key", sa.String), sa.column("value", sa.JSON))


def upgrade() -> None:
    held = op.get_bind().execute(sa.text(
        "SELECT 1 FROM city_record WHERE table_name = 'fund_entry' LIMIT 1")).first()
    if held is not None:
        op.bulk_insert(SETTING, [{"key": "remittances_to_book", "value": True}])


def downgrade() -> None:
    op.execute(SETTING.delete().where(SETTING.c.key.in_(
        ["remittances_to_book", "reversals_waiting"])))
