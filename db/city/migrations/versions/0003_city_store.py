"""city store: the stamp of each branch's typed store, its live record count, the
summaries kept at import, and the attachments moved out of the database into files

Revision ID: 0003_city_store
Revises: 0002_city_fund
"""

import hashlib
import os

import sqlalchemy as sa
from alembic import op

import db.types
from db.city.database import beside

revision = '0003_city_store'
down_revision = '0002_city_fund'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('city_branch') as batch:
        batch.add_column(sa.Column('store_stamp', sa.String(length=36), nullable=True))
        batch.add_column(sa.Column('record_count', sa.Integer(), nullable=False,
                                   server_default='0'))
    op.execute("UPDATE city_branch SET record_count = (SELECT count(*) FROM city_record "
               "WHERE city_record.branch_code = city_branch.code AND NOT city_record.deleted)")
    op.create_table(
        'city_summary',
        sa.Column('branch_code', sa.String(length=50), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('rules_version', sa.Integer(), nullable=False),
        sa.Column('store_stamp', sa.String(length=36), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('computed_at', db.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['branch_code'], ['city_branch.code'],
                                name=op.f('fk_city_summary_branch_code_city_branch')),
        sa.PrimaryKeyConstraint('branch_code', 'year', name=op.f('pk_city_summary')),
    )
    _move_attachments()


def _move_attachments() -> None:
    """Each stored file goes to `city-files/ab/abcd…` (written, synced, checked), then its
    row keeps only the index."""
    bind = op.get_bind()
    folder = beside(bind.engine, "files")
    digests = list(bind.scalars(sa.text(
        "SELECT sha256 FROM city_attachment WHERE data IS NOT NULL")))
    for digest in digests:
        data = bind.scalar(sa.text("SELECT data FROM city_attachment WHERE sha256 = :d"),
                           {"d": digest})
        if hashlib.sha256(data).hexdigest() != digest:
            continue  # a damaged copy stays where it is, reported when read
        path = folder / digest[:2] / digest
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_name(digest + ".part"), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(path.with_name(digest + ".part"), path)
    with op.batch_alter_table('city_attachment') as batch:
        batch.alter_column('data', existing_type=sa.LargeBinary(), nullable=True)
    for digest in digests:
        if (folder / digest[:2] / digest).is_file():
            bind.execute(sa.text("UPDATE city_attachment SET data = NULL WHERE sha256 = :d"),
                         {"d": digest})


def downgrade() -> None:
    bind = op.get_bind()
    folder = beside(bind.engine, "files")
    for digest in list(bind.scalars(sa.text(
            "SELECT sha256 FROM city_attachment WHERE data IS NULL"))):
        bind.execute(sa.text("UPDATE city_attachment SET data = :data WHERE sha256 = :d"),
                     {"d": digest, "data": (folder / digest[:2] / digest).read_bytes()})
    with op.batch_alter_table('city_attachment') as batch:
        batch.alter_column('data', existing_type=sa.LargeBinary(), nullable=False)
    op.drop_table('city_summary')
    with op.batch_alter_table('city_branch') as batch:
        batch.drop_column('record_count')
        batch.drop_column('store_stamp')
