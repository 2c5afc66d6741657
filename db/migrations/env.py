"""Alembic environment: run with the connection handed over by db.migrate."""

from alembic import context

from db.base import Base
from db.migrate import include_name
from db.models import load_all

load_all()  # Base.metadata complete, for comparing

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
