"""Branch → city → branch: the full cycle on the ten-year demo branch, and recovery.

The demo branch has synced with the demo city for years; here it meets a new city (another
key) and sends everything again with a full export."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.city.importer import import_packages, verify_package
from app.city.keys import city_keys, trust_branch
from app.city.restore import restore_package
from app.city.returns import write_return
from app.home import reminders
from app.members.service import delete_member, list_members
from app.profile import ProfileInput, save_profile
from app.sync.export import export_package
from app.sync.identity import branch_public_key_file
from app.sync.keys import read_public_key_file
from app.sync.receive import receive_return
from app.sync.records import synced_tables
from app.sync.restore import restore_from_city
from app.sync.status import sync_status
from base.errors import UserError
from db.city.database import CityDatabase
from db.city.models import CityRecord
from db.database import Database
from db.models import Member, SyncExport
from tests.conftest import TODAY
from tests.sync.conftest import always, connect


def synced_count(database: Database) -> int:
    with database.session() as session:
        return sum(session.scalar(select(func.count()).select_from(t)) for t in synced_tables())


def city_count(city: CityDatabase) -> int:
    with city.session() as session:
        return session.scalar(select(func.count()).select_from(CityRecord))


def waiting_reminder(database: Database) -> bool:
    with database.session() as session:
        return any("已导出未确认" in r.text for r in reminders(session, TODAY))


def test_round_trip_demo_branch(demo_database: Database, city: CityDatabase,
                                tmp_path: Path) -> None:
    connect(demo_database, city)
    with demo_database.session() as session:
        (before,) = sync_status(session)["unacknowledged"]  # the demo city's last one
    stick = tmp_path / "stick"
    first = export_package(demo_database, stick, full=True)
    assert first.seq == before + 1 and first.record_count == synced_count(demo_database)
    assert not list(stick.glob("*.part"))
    assert waiting_reminder(demo_database)

    (result,) = import_packages(city, [first.path], confirm_key=always)
    assert result.ok and result.outcomes["new"] == first.record_count
    assert city_count(city) == first.record_count

    with city.session() as session:
        returned = write_return(session, "FGW-01", stick)
    received = receive_return(demo_database, returned)
    assert received.acknowledged == [first.seq]
    with demo_database.session() as session:
        assert session.get(SyncExport, first.seq).acknowledged_at is not None
        assert sync_status(session)["unacknowledged"] == [before]

    with pytest.raises(UserError, match="没有新的变更"):
        export_package(demo_database, stick)

    with demo_database.session() as session:
        members = list_members(session, on=TODAY)
        changed, removed = members[0].id, members[1].id
        session.get(Member, changed).phone = "13900000000"
        delete_member(session, removed)
    second = export_package(demo_database, stick)
    assert second.seq == first.seq + 1 and second.record_count == 2
    assert second.size < first.size / 20
    with city.session() as session:
        contents = verify_package(second.path, city_keys(session)).contents
    ids = {r["id"]: r for r in contents.records["member"]}
    assert set(ids) == {changed, removed} and list(contents.records) == ["member"]
    assert ids[removed]["deleted_at"] is not None

    (result,) = import_packages(city, [second.path])
    assert result.ok and result.chain == "正常" and result.outcomes["updated"] == 2
    with city.session() as session:
        assert session.get(CityRecord, ("member", changed)).data["phone"] == "13900000000"
        assert session.get(CityRecord, ("member", removed)).deleted
    with demo_database.session() as session:
        assert sync_status(session)["unacknowledged"] == [before, second.seq]


def test_export_refuses_without_city_key_or_profile(database: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="工委公钥"):
        export_package(database, tmp_path)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(SyncExport)) == 0


def test_failed_write_records_nothing(branch: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(UserError, match="无法写入"):
        export_package(branch, blocker / "sub")
    with branch.session() as session:
        assert session.scalar(select(func.count()).select_from(SyncExport)) == 0
    assert export_package(branch, tmp_path / "ok").seq == 1


def test_full_export_resends_everything(branch: Database, tmp_path: Path) -> None:
    first = export_package(branch, tmp_path)
    full = export_package(branch, tmp_path, full=True)
    assert full.seq == 2 and full.record_count == first.record_count and full.kind == "全量"


def test_restore_package_brings_a_lost_branch_back(demo_database: Database, city: CityDatabase,
                                                   tmp_path: Path) -> None:
    connect(demo_database, city)
    stick = tmp_path / "stick"
    first = export_package(demo_database, stick, full=True)
    import_packages(city, [first.path], confirm_key=always)
    original = synced_count(demo_database)

    fresh = Database.open(tmp_path / "new" / "branch.db")  # the new PC: empty, new keys
    try:
        connect(fresh, city)
        with fresh.session() as session:
            save_profile(session, ProfileInput(name="中共市发展和改革委员会机关第一党支部",
                                               code="FGW-01"))  # typed in by the setup wizard
            key_file = stick / "new.bdkey"
            key_file.write_bytes(branch_public_key_file(session))
        key = read_public_key_file(key_file, "branch")
        with city.session() as session, pytest.raises(UserError, match="指纹"):
            restore_package(session, "FGW-01", stick, key)
        with city.session() as session:
            trust_branch(session, "FGW-01", key.keys.key_id)
            [path] = restore_package(session, "FGW-01", stick, key)
        result = restore_from_city(fresh, path)
        assert sum(result.counts.values()) == original and not result.skipped
        with pytest.raises(UserError, match="已经导出过"):
            restore_from_city(fresh, path)
        with fresh.session() as session:
            member = session.scalars(select(Member)).first()
            member.phone = "13800000000"
        again = export_package(fresh, stick)
        assert again.seq == first.seq + 1 and again.record_count == 1
        (result,) = import_packages(city, [again.path])
        assert result.ok and result.chain == "正常" and result.outcomes["updated"] == 1
    finally:
        fresh.close()
