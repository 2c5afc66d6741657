"""Schema migrations with Alembic, driven from code (no alembic.ini needed).

The branch database and the city database each have their own folder of revisions;
`BRANCH` and `db.city.migrate.CITY` are the two sets.
"""

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

import app
from app.paths import bundled_path
from db.errors import newer_schema, version_number

#: Tables made by hand-written SQL in migrations (FTS5 search tables and their shadow
#: tables); autogenerate must neither create nor drop them.
UNMAPPED_PREFIXES = ("meeting_search",)


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    return not (type_ == "table" and name and name.startswith(UNMAPPED_PREFIXES))


@dataclass(frozen=True)
class Migrations:
    folder: Path  # Alembic reads the scripts from disk, so the bundle ships them as data

    def config(self, connection: Connection | None = None) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(self.folder))
        if connection is not None:
            cfg.attributes["connection"] = connection
        return cfg

    def target_heads(self) -> set[str]:
        return set(ScriptDirectory.from_config(self.config()).get_heads())

    def known_revisions(self) -> set[str]:
        script = ScriptDirectory.from_config(self.config())
        return {revision.revision for revision in script.walk_revisions()}

    def current_heads(self, engine: Engine) -> set[str]:
        with engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())

    def refuse_newer(self, engine: Engine, label: str) -> None:
        """Raise the user's message when a newer release migrated this database: what we
        cannot read we neither migrate nor back up."""
        if self.current_heads(engine) - self.known_revisions():
            raise newer_schema(label, _schema_release(engine))

    def upgrade(self, engine: Engine, revision: str = "heads") -> None:
        with engine.begin() as conn:
            command.upgrade(self.config(conn), revision)
            if conn.dialect.name == "sqlite":
                # The file's header remembers which release set up this schema, so that an
                # older release can name the version to use.
                conn.exec_driver_sql(f"PRAGMA user_version={version_number(app.__version__)}")

    def downgrade_to(self, engine: Engine, revision: str) -> None:
        """Used to recreate an older schema (tests of the upgrade path)."""
        with engine.begin() as conn:
            command.downgrade(self.config(conn), revision)


def _schema_release(engine: Engine) -> int:
    if engine.dialect.name != "sqlite":
        return 0
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


BRANCH = Migrations(bundled_path("db", "migrations"))
