"""The city database on a real PostgreSQL server: same models, same import, same results."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from app.city.importer import import_packages
from app.city.keys import init_city
from app.city.overview import branch_rows
from app.city.report import year_report
from app.city.returns import write_return
from db.city.database import CityDatabase
from tests.sync.helpers import FakeBranch, city_state, record
from tests.sync.postgres import start_server

M1, M2 = str(uuid.uuid4()), str(uuid.uuid4())


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from start_server()


@pytest.fixture
def pg_city(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[CityDatabase]:
    monkeypatch.setattr("db.city.database.data_dir", lambda: tmp_path)  # its stores, files
    name = f"city_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    database = CityDatabase.open(server.rsplit("/", 1)[0] + f"/{name}")
    with database.session() as session:
        init_city(session, "中共市直属机关工作委员会")
    yield database
    database.close()


def test_import_classify_replay_and_dry_run_on_postgresql(pg_city: CityDatabase,
                                                          tmp_path: Path) -> None:
    assert pg_city.engine.dialect.name == "postgresql"
    branch = FakeBranch(pg_city, "PG-01")
    p1 = branch.write(tmp_path, 1, {"member": [record(M1, 1, name="张三", birth_date="1980-01-01"),
                                               record(M2, 1, name="李四")]})
    p2 = branch.write(tmp_path, 2, {"member": [record(M1, 2, name="张三丰"),
                                               record(M2, 1, name="另一个李四")]})
    before = city_state(pg_city)
    dry = import_packages(pg_city, [p1, p2], dry_run=True)
    assert city_state(pg_city) == before
    real = import_packages(pg_city, [p1, p2])
    assert [r.summary() for r in dry] == [r.summary() for r in real]
    assert real[1].outcomes["updated"] == 1 and real[1].outcomes["conflict"] == 1
    after = city_state(pg_city)
    assert import_packages(pg_city, [p2])[0].chain == "重复"
    assert city_state(pg_city) == after
    rows = branch_rows(pg_city.new_session())
    assert rows[0]["code"] == "PG-01" and rows[0]["last_seq"] == 2 and rows[0]["records"] == 2
    with pg_city.session() as session:
        assert write_return(session, "PG-01", tmp_path).exists()
        assert year_report(session, 2026)["branches"][0]["code"] == "PG-01"


def test_a_new_branchs_record_with_another_branchs_id_on_postgresql(pg_city: CityDatabase,
                                                                    tmp_path: Path) -> None:
    """The insert of a new branch leaves out what another branch holds; nothing aborts the
    transaction on PostgreSQL."""
    first, second = FakeBranch(pg_city, "PG-01"), FakeBranch(pg_city, "PG-02")
    assert import_packages(pg_city, [first.write(tmp_path, 1, {"member": [record(M1, 1)]})])[0].ok
    (result,) = import_packages(pg_city, [second.write(tmp_path, 1, {"member": [
        record(M1, 2), record(M2, 1)]})])
    assert result.ok and (result.outcomes["new"], result.outcomes["rejected"]) == (1, 1)
    assert {r["code"]: r["records"] for r in branch_rows(pg_city.new_session())} == {
        "PG-01": 1, "PG-02": 1}


def test_the_city_password_seals_the_keys_on_postgresql(pg_city: CityDatabase,
                                                        tmp_path: Path) -> None:
    from app.city import key_lock
    from app.city.keys import city_keys

    with pg_city.session() as session:
        pair = city_keys(session)
    key_lock.set_password(pg_city, "工委密码2026")
    with psycopg.connect(pg_city.engine.url.render_as_string(hide_password=False).replace(
            "postgresql+psycopg://", "postgresql://")) as conn:
        stored = b"".join(bytes(c) for row in conn.execute(
            "SELECT sign_private, box_private FROM city_identity") for c in row)
    assert stored and pair.sign_private not in stored and pair.box_private not in stored
    branch = FakeBranch(pg_city, "PG-02")
    package = branch.write(tmp_path, 1, {"member": [record(M1, 1, name="张三")]})
    pg_city.session_info.clear()  # as the next start finds it
    with pytest.raises(key_lock.CityLocked):
        import_packages(pg_city, [package])
    assert key_lock.unlock(pg_city, "工委密码2026") == pair
    assert import_packages(pg_city, [package])[0].ok
