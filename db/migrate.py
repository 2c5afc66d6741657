"""Schema migrations with Alembic, driven from code (no alembic.ini needed).

The branch database and the city database each have their own folder of revisions;
`BRANCH` and `db.city.migrate.CITY` are the two sets.

Opening a database only compares revision names: the scripts' names are read from their
text and the database's from its alembic_version table, so Alembic (about 0.3 s of imports)
is loaded only when a migration actually runs.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from base.paths import bundled_path
from db.errors import newer_schema, version_number

if TYPE_CHECKING:
    from alembic.config import Config

#: `revision = '0001_x'` and `down_revision = …` lines of a revision script.
REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.M)

#: Tables made by hand-written SQL in migrations (FTS5 search tables and their shadow
#: tables); autogenerate must neither create nor drop them.
UNMAPPED_PREFIXES = ("meeting_search",)


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    return not (type_ == "table" and name and name.startswith(UNMAPPED_PREFIXES))


@dataclass(frozen=True)
class Migrations:
    folder: Path  # Alembic reads the scripts from disk, so the bundle ships them as data

    def config(self, connection: Connection | None = None) -> "Config":
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(self.folder))
        if connection is not None:
            cfg.attributes["connection"] = connection
        return cfg

    def _revisions(self) -> tuple[set[str], set[str]]:
        """Every revision of the scripts, and those another revision builds on."""
        revisions: set[str] = set()
        built_on: set[str] = set()
        for script in (self.folder / "versions").glob("*.py"):
            for name, value in REVISION_LINE.findall(script.read_text(encoding="utf-8")):
                parsed = ast.literal_eval(value)
                if name == "revision":
                    revisions.add(parsed)
                elif parsed is not None:
                    built_on.update([parsed] if isinstance(parsed, str) else parsed)
        return revisions, built_on

    def target_heads(self) -> set[str]:
        """The revisions no other revision builds on."""
        revisions, built_on = self._revisions()
        return revisions - built_on

    def known_revisions(self) -> set[str]:
        return self._revisions()[0]

    def refuse_newer(self, engine: Engine, label: str) -> None:
        """Raise the user's message when a newer release migrated this database: what we
        cannot read we neither migrate nor back up."""
        if self.current_heads(engine) - self.known_revisions():
            raise newer_schema(label, _schema_release(engine))

    def current_heads(self, engine: Engine) -> set[str]:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return set()
            return set(conn.scalars(text("SELECT version_num FROM alembic_version")))

    def upgrade(self, engine: Engine, revision: str = "heads") -> None:
        from alembic import command

        with engine.begin() as conn:
            command.upgrade(self.config(conn), revision)
            if conn.dialect.name == "sqlite":
                # The file's header remembers which release set up this schema, so that an
                # older release can name the version to use.
                conn.exec_driver_sql(f"PRAGMA user_version={version_number(_release())}")

    def downgrade_to(self, engine: Engine, revision: str) -> None:
        """Used to recreate an older schema (tests of the upgrade path)."""
        from alembic import command

        with engine.begin() as conn:
            command.downgrade(self.config(conn), revision)


def _release() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("branchdesk")
    except PackageNotFoundError:  # a source tree that was not installed
        return "0.0.0"


def _schema_release(engine: Engine) -> int:
    if engine.dialect.name != "sqlite":
        return 0
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


BRANCH = Migrations(bundled_path("db", "migrations"))
