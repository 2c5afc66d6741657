"""Alembic environment: run with the connection handed over by db.migrate."""

from alembic import context

import db.models  # noqa: F401 - fills Base.metadata
from db.base import Base

#: Tables made by hand-written SQL in migrations (FTS5 search tables and their shadow
#: tables); autogenerate must neither create nor drop them.
UNMAPPED_PREFIXES = ("meeting_search",)


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    return not (type_ == "table" and name and name.startswith(UNMAPPED_PREFIXES))


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
