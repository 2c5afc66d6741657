"""第一议题 on agenda items, and the branch's 学习篇目

Revision ID: 0007_first_topic
Revises: 0006_elections
"""

import sqlalchemy as sa
from alembic import op

import db.types

revision = '0007_first_topic'
down_revision = '0006_elections'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('study_text',
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('notes', sa.String(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', db.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', db.types.UtcDateTime(), nullable=False),
    sa.Column('deleted_at', db.types.UtcDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_study_text'))
    )
    # Plain ADD COLUMN: a batch copy of the table would drop its full-text search triggers.
    op.add_column('meeting_agenda_item', sa.Column('first_topic', sa.Boolean(), nullable=False,
                                                   server_default='0'))
    op.add_column('meeting_agenda_item', sa.Column('study_source', sa.String(length=200),
                                                   nullable=False, server_default=''))
    op.add_column('meeting_agenda_item', sa.Column('study_date', sa.Date(), nullable=True))
    op.add_column('meeting_agenda_item', sa.Column('study_form', sa.String(length=20),
                                                   nullable=False, server_default=''))


def downgrade() -> None:
    for column in ('study_form', 'study_date', 'study_source', 'first_topic'):
        op.drop_column('meeting_agenda_item', column)

    op.drop_table('study_text')
