"""Shared fixtures: a fresh migrated database per test, the demo branch, a GUI context."""

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from db.database import Database

TODAY = dt.date(2026, 11, 25)


@contextmanager
def copy_of(template: Path, path: Path) -> Iterator[Database]:
    """A database opened on a copy of a template file; its changes are made by 测试."""
    shutil.copyfile(template, path)
    with Database.open(path) as db:
        db.actor = "测试"
        yield db


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrating takes a moment; each test gets a copy of one migrated file."""
    path = tmp_path_factory.mktemp("template") / "branch.db"
    Database.open(path, lock=False).close()
    return path


@pytest.fixture
def database(tmp_path: Path, _migrated_template: Path) -> Iterator[Database]:
    with copy_of(_migrated_template, tmp_path / "branch.db") as db:
        yield db


@pytest.fixture
def session(database: Database):
    with database.session() as s:
        yield s


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Database.open(path) as db:
        build_demo(db, today=TODAY, seed=7)
    return path


@pytest.fixture
def demo_database(tmp_path: Path, _demo_template: Path) -> Iterator[Database]:
    """A copy of the ten-year demo branch (built once per test run, 'today' = TODAY)."""
    with copy_of(_demo_template, tmp_path / "demo.db") as db:
        yield db


@pytest.fixture
def app_context(qtbot, database: Database):
    from ui.context import AppContext

    return AppContext(database)
