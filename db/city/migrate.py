"""Migrations of the city database: their own Alembic folder, separate from the branch's."""

from base.paths import bundled_path
from db.migrate import Migrations

CITY = Migrations(bundled_path("db", "city", "migrations"))
