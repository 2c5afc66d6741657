"""Migrations of the city database: their own Alembic folder, separate from the branch's."""

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from app.paths import bundled_path

MIGRATIONS = bundled_path("db", "city", "migrations")  # read from disk, also in the bundle


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def target_heads() -> set[str]:
    return set(ScriptDirectory.from_config(config()).get_heads())


def current_heads(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        command.upgrade(config(conn), "heads")
