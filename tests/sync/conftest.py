"""Fixtures for sync tests: a city database with keys, branches that know the city's key."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.city.keys import city_keys, init_city
from app.profile import ProfileInput, save_profile
from app.sync.identity import set_city_key
from app.sync.keys import KeyFile
from db.city.database import CityDatabase
from db.database import Database


@pytest.fixture
def city(tmp_path: Path) -> Iterator[CityDatabase]:
    database = CityDatabase.open(tmp_path / "city.db")
    with database.session() as session:
        init_city(session, "中共市直属机关工作委员会")
    yield database
    database.close()


def connect(branch: Database, city_db: CityDatabase) -> None:
    """Give the branch the city's public key (as `import_city_key` would from the file)."""
    with city_db.session() as session:
        public = city_keys(session).public
    with branch.session() as session:
        set_city_key(session, KeyFile("city", "中共市直属机关工作委员会", "", public))


def make_branch(path: Path, code: str, city_db: CityDatabase) -> Database:
    database = Database.open(path)
    database.actor = "测试"
    with database.session() as session:
        save_profile(session, ProfileInput(name=f"中共测试单位{code}党支部", code=code,
                                           groups=["第一党小组"]))
    connect(database, city_db)
    return database


@pytest.fixture
def branch(tmp_path: Path, city: CityDatabase, database: Database) -> Database:
    with database.session() as session:
        save_profile(session, ProfileInput(name="中共测试单位第一党支部", code="TEST-01",
                                           groups=["第一党小组"]))
    connect(database, city)
    return database


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    path = tmp_path / "stick"
    path.mkdir()
    return path


def always(_question: object) -> bool:
    return True
