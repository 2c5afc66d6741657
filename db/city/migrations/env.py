"""Alembic environment of the city database."""

from alembic import context

import db.city.fund  # noqa: F401 - the city fund's tables
from db.city.models import CityBase

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=CityBase.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
