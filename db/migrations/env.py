"""Alembic environment: run with the connection handed over by db.migrate."""

from alembic import context

import db.models  # noqa: F401 - fills Base.metadata
from db.base import Base
from db.migrate import include_name

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
