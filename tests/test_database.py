import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from db.backup import (
    BackupRotation,
    RetentionPolicy,
    backup_database,
    backups_to_keep,
    integrity_ok,
)
from db.database import Database
from db.lock import DatabaseLocked
from db.migrate import BRANCH
from db.models import AuditEntry, BranchProfile


def test_pragmas_are_set(database: Database) -> None:
    with database.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_second_instance_is_refused_with_a_clear_message(database: Database) -> None:
    with pytest.raises(DatabaseLocked, match="已被另一个支部工作台窗口或命令打开"):
        Database.open(database.path)


def test_lock_is_released_on_close(tmp_path: Path) -> None:
    Database.open(tmp_path / "a.db").close()
    Database.open(tmp_path / "a.db").close()


def test_changes_bump_version_and_are_audited(database: Database) -> None:
    with database.session() as s:
        s.add(BranchProfile(name="中共测试支部", code="T1"))
    with database.session() as s:
        profile = s.scalars(select(BranchProfile)).one()
        created = profile.updated_at
        profile.name = "中共测试第二支部"
    with database.session() as s:
        profile = s.scalars(select(BranchProfile)).one()
        assert profile.version == 2
        assert profile.updated_at > created
        log = s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    assert [e.action for e in log] == ["insert", "update"]
    assert log[1].changes == {"name": ["中共测试支部", "中共测试第二支部"]}
    assert log[1].actor == "测试"


def test_unchanged_assignment_does_not_bump_version(database: Database) -> None:
    with database.session() as s:
        s.add(BranchProfile(name="中共测试支部", code="T1"))
    with database.session() as s:
        s.scalars(select(BranchProfile)).one().name = "中共测试支部"
    with database.session() as s:
        assert s.scalars(select(BranchProfile)).one().version == 1


def test_audit_log_is_append_only(database: Database) -> None:
    with database.session() as s:
        s.add(BranchProfile(name="中共测试支部", code="T1"))
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), database.session() as s:
            s.execute(text(statement))


def test_backup_is_a_verified_copy(database: Database, tmp_path: Path) -> None:
    with database.session() as s:
        s.add(BranchProfile(name="中共测试支部", code="T1"))
    copy = backup_database(database.path, tmp_path / "copy.db")
    assert integrity_ok(copy)
    assert not (tmp_path / "copy.db.part").exists()
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT name FROM branch_profile").fetchone() == ("中共测试支部",)


def test_integrity_check_detects_a_damaged_file(database: Database, tmp_path: Path) -> None:
    copy = backup_database(database.path, tmp_path / "copy.db")
    data = bytearray(copy.read_bytes())
    for offset in range(4096, len(data), 97):  # scribble over the pages after the header
        data[offset] ^= 0xFF
    copy.write_bytes(bytes(data))
    assert not integrity_ok(copy)


def test_automatic_backup_only_when_data_changed_and_interval_passed(database: Database) -> None:
    rotation = BackupRotation(database.path, interval=dt.timedelta(minutes=30))
    t0 = dt.datetime(2026, 11, 25, 9, 0)
    assert rotation.maybe_backup(1, now=t0) is not None
    assert rotation.maybe_backup(1, now=t0 + dt.timedelta(hours=2)) is None  # nothing changed
    assert rotation.maybe_backup(2, now=t0 + dt.timedelta(minutes=10)) is None  # too soon
    assert rotation.maybe_backup(2, now=t0 + dt.timedelta(minutes=31)) is not None
    assert len(rotation.existing()) == 2
    assert all(integrity_ok(p) for p in rotation.existing().values())


def test_retention_keeps_recent_daily_weekly_monthly() -> None:
    start = dt.datetime(2025, 1, 1, 12, 0)
    stamps = [start + dt.timedelta(hours=6 * i) for i in range(4 * 400)]  # 400 days, 4 a day
    keep = backups_to_keep(stamps, RetentionPolicy(recent=3, daily=7, weekly=5, monthly=12))
    newest = max(stamps)
    assert set(sorted(stamps)[-3:]) <= keep
    assert len({k.date() for k in keep if newest - k < dt.timedelta(days=7)}) == 7
    assert len({(k.year, k.month) for k in keep}) == 12
    assert len(keep) < 3 + 7 + 5 + 12 + 1


def test_two_backups_in_one_second_are_two_files(database: Database) -> None:
    rotation = BackupRotation(database.path)
    now = dt.datetime(2026, 12, 7, 12, 0, 0)
    first, second = rotation.take("manual", now), rotation.take("manual", now)
    assert first != second and first.exists() and second.exists()
    assert [label for _stamp, label, _path in rotation.listing()] == ["manual", "manual"]


def test_rotation_prunes_old_backups(database: Database) -> None:
    rotation = BackupRotation(database.path, interval=dt.timedelta(0),
                              policy=RetentionPolicy(recent=2, daily=2, weekly=0, monthly=0))
    t0 = dt.datetime(2026, 11, 1, 9, 0)
    for day in range(5):
        rotation.maybe_backup(day, now=t0 + dt.timedelta(days=day))
    kept = sorted(rotation.existing())
    assert kept == [t0 + dt.timedelta(days=3), t0 + dt.timedelta(days=4)]


def test_older_schema_is_migrated_after_a_verified_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database.open(path, lock=False)  # create at the newest schema, then go back
    BRANCH.downgrade_to(old.engine, "0001_foundation")
    with old.engine.begin() as conn:  # SQL of that schema: the model has grown since
        conn.execute(text(
            "INSERT INTO branch_profile (id, version, created_at, updated_at, name, code,"
            " parent_committee, city_committee, committee)"
            " VALUES ('p1', 1, '2020-05-05 08:00:00', '2020-05-05 08:00:00', '中共老库支部',"
            " 'OLD', '', '', '[]')"))
    old.close()
    targets = BRANCH.target_heads()
    assert targets != {"0001_foundation"}, "needs a revision after the first one"

    reopened = Database.open(path)
    try:
        assert BRANCH.current_heads(reopened.engine) == targets
        with reopened.session() as s:
            assert s.scalars(select(BranchProfile.name)).one() == "中共老库支部"
        backups = list((tmp_path / "backups").glob("old-*-before-migration-0001_foundation.db"))
        assert len(backups) == 1 and integrity_ok(backups[0])
    finally:
        reopened.close()


def test_migrations_build_exactly_the_models_schema(database: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from db.base import Base
    from db.migrate import include_name
    from db.models import load_all

    load_all()

    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        assert compare_metadata(context, Base.metadata) == []


def test_backups_carry_the_attachment_files_once(database: Database) -> None:
    photo = database.path.parent / "attachments" / "ab" / ("ab" + "0" * 62)
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"photo")
    database.backups.take("manual")
    database.backups.take("manual", now=dt.datetime(2030, 1, 1))
    copy = database.path.parent / "backups" / "attachments" / "ab" / photo.name
    assert copy.read_bytes() == b"photo"
    assert len(list((database.path.parent / "backups" / "attachments").rglob("*"))) == 2
