"""Transfers larger than one file (分卷): exports and restore packages split into volumes."""

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.city.files import CityFiles
from app.city.importer import import_packages, missing_sequences, verify_package
from app.city.keys import city_keys, trust_branch
from app.city.restore import restore_package
from app.files import attachment_path
from app.sync import volumes
from app.sync.export import export_package
from app.sync.identity import branch_keys
from app.sync.keys import KeyFile
from app.sync.restore import restore_from_city
from base.errors import UserError
from db.city.database import CityDatabase
from db.city.models import CityAttachment, CityPackage
from db.database import Database
from db.models import Attachment, Meeting, SyncExport
from tests.sync.conftest import always, connect
from tests.sync.helpers import city_state

PHOTO_SIZE = 4000
LIMIT = 9000  # two photos per volume


@pytest.fixture(autouse=True)
def small_volumes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(volumes, "VOLUME_LIMIT", LIMIT)


def add_photos(database: Database, count: int) -> dict[str, bytes]:
    photos = {}
    with database.session() as session:
        meeting = Meeting(title="支部党员大会", date=dt.date(2026, 7, 1))
        session.add(meeting)
        session.flush()
        for index in range(count):
            data = os.urandom(PHOTO_SIZE)
            digest = hashlib.sha256(data).hexdigest()
            path = attachment_path(database.path, digest)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            session.add(Attachment(meeting_id=meeting.id, sha256=digest,
                                   filename=f"合影{index}.jpg", size=len(data)))
            photos[digest] = data
    return photos


def _city_files(city: CityDatabase) -> dict[str, bytes]:
    files = CityFiles(city.engine)
    with city.session() as session:
        return {a.sha256: files.get(a.sha256) for a in session.scalars(select(CityAttachment))}


def test_export_splits_into_chained_volumes_that_each_verify(
        branch: Database, city: CityDatabase, tmp_path: Path) -> None:
    photos = add_photos(branch, 6)
    result = export_package(branch, tmp_path / "stick", full=True)
    assert len(result.paths) >= 3 and result.seq == 1
    assert [p.name for p in result.paths] == [f"TEST-01-{n:06d}.bdsync"
                                             for n in range(1, len(result.paths) + 1)]
    assert result.numbers == f"第 1–{len(result.paths)} 号"
    assert result.size == sum(p.stat().st_size for p in result.paths)
    assert not list((tmp_path / "stick").glob("*.part"))
    with city.session() as session:
        keys = city_keys(session)
    found: dict[str, bytes] = {}
    previous = None
    for index, path in enumerate(result.paths, start=1):
        pkg = verify_package(path, keys)
        assert pkg.manifest["volume"] == {"index": index, "count": len(result.paths)}
        assert pkg.manifest["sequence"] == index
        assert pkg.manifest["previous_sha256"] == previous
        previous = hashlib.sha256(path.read_bytes()).hexdigest()
        assert bool(pkg.contents.records) == (index == 1)  # records travel in the first
        assert sum(map(len, pkg.contents.attachments.values())) <= LIMIT
        found |= pkg.contents.attachments
    assert found == photos
    with branch.session() as session:
        rows = session.scalars(select(SyncExport).order_by(SyncExport.seq)).all()
        assert [r.seq for r in rows] == list(range(1, len(result.paths) + 1))
        assert rows[-1].sha256 == previous
        assert rows[0].record_count == result.record_count and rows[1].record_count == 0


@pytest.mark.parametrize("order", [1, -1], ids=["in order", "reversed"])
def test_city_imports_volumes_in_any_order(branch: Database, city: CityDatabase,
                                           tmp_path: Path, order: int) -> None:
    photos = add_photos(branch, 5)
    paths = export_package(branch, tmp_path / "stick").paths
    results = import_packages(city, paths[::order], confirm_key=always)
    assert all(r.ok for r in results), [r.error for r in results]
    assert {r.chain for r in results} <= {"首个", "正常"}
    assert all(not r.warnings for r in results)
    assert sorted(r.volume for r in results) == [(i, len(paths))
                                                 for i in range(1, len(paths) + 1)]
    assert _city_files(city) == photos
    with city.session() as session:
        assert missing_sequences(session, "TEST-01") == []


def test_missing_volume_is_a_gap_and_each_volume_is_whole(branch: Database, city: CityDatabase,
                                                         tmp_path: Path) -> None:
    add_photos(branch, 6)
    paths = export_package(branch, tmp_path / "stick").paths
    assert len(paths) >= 3
    first, middle, last = paths[0], paths[1], paths[-1]
    results = import_packages(city, [last, first], confirm_key=always)
    by_path = {Path(r.path): r for r in results}
    assert by_path[last].ok and by_path[last].chain == "缺号"
    assert "缺少第 2" in by_path[last].warnings[0]
    with city.session() as session:
        assert 2 in missing_sequences(session, "TEST-01")
        held = set(session.scalars(select(CityAttachment.sha256)))
    with city.session() as session:
        keys = city_keys(session)
    assert not held & set(verify_package(middle, keys).contents.attachments)
    (late,) = import_packages(city, [middle], confirm_key=always)
    assert late.ok and late.chain == "补交"


def test_missing_last_volume_is_named(branch: Database, city: CityDatabase,
                                      tmp_path: Path) -> None:
    add_photos(branch, 6)
    paths = export_package(branch, tmp_path / "stick").paths
    count = len(paths)
    results = import_packages(city, paths[:-1], confirm_key=always)
    assert all(r.ok for r in results)
    assert any(f"分为 {count} 个文件" in w and f"尚缺第 {count} 号" in w
               for w in results[-1].warnings)


def test_broken_volume_is_refused_alone(branch: Database, city: CityDatabase,
                                        tmp_path: Path) -> None:
    add_photos(branch, 6)
    paths = export_package(branch, tmp_path / "stick").paths
    data = bytearray(paths[1].read_bytes())
    data[200] ^= 1
    paths[1].write_bytes(bytes(data))
    results = import_packages(city, paths, confirm_key=always)
    assert [r.ok for r in results] == [True, False] + [True] * (len(paths) - 2)
    with city.session() as session:
        assert session.scalar(select(func.count()).select_from(CityPackage)) == len(paths) - 1


def test_failed_volume_write_leaves_no_file_and_no_history(
        branch: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_photos(branch, 6)
    from app.sync import export

    real, calls = export.write_safely, []

    def fail_third(path: Path, data: bytes) -> str:
        calls.append(path)
        if len(calls) == 3:
            raise UserError("U盘已拔出")
        return real(path, data)

    monkeypatch.setattr(export, "write_safely", fail_third)
    with pytest.raises(UserError, match="U盘"):
        export_package(branch, tmp_path / "stick")
    assert list((tmp_path / "stick").iterdir()) == []
    with branch.session() as session:
        assert session.scalar(select(func.count()).select_from(SyncExport)) == 0


def _restore_set(branch: Database, city: CityDatabase, tmp_path: Path
                 ) -> tuple[dict[str, bytes], list[Path], Database]:
    photos = add_photos(branch, 6)
    import_packages(city, export_package(branch, tmp_path / "stick").paths, confirm_key=always)
    fresh = Database.open(tmp_path / "new" / "branch.db")
    connect(fresh, city)
    with fresh.session() as session:
        new_keys = branch_keys(session).public
    with city.session() as session:
        trust_branch(session, "TEST-01", new_keys.key_id)
        paths = restore_package(session, "TEST-01", tmp_path / "restore.bdrestore",
                                KeyFile("branch", "", "TEST-01", new_keys))
    return photos, paths, fresh


def test_restore_from_volumes(branch: Database, city: CityDatabase, tmp_path: Path) -> None:
    photos, paths, fresh = _restore_set(branch, city, tmp_path)
    try:
        count = len(paths)
        assert count >= 3
        assert [p.name for p in paths] == [f"restore-{i}of{count}.bdrestore"
                                          for i in range(1, count + 1)]
        result = restore_from_city(fresh, paths[1])  # any of the files will do
        assert result.files == paths and result.attachments == len(photos)
        for digest, data in photos.items():
            assert attachment_path(fresh.path, digest).read_bytes() == data
        with fresh.session() as session:
            assert session.scalar(select(func.count()).select_from(Attachment)) == len(photos)
            with city.session() as city_session:
                last = city_session.scalars(select(CityPackage.seq).order_by(
                    CityPackage.seq.desc())).first()
            assert session.get(SyncExport, last) is not None  # the chain continues
    finally:
        fresh.close()


def test_restore_with_a_volume_missing_writes_nothing(branch: Database, city: CityDatabase,
                                                      tmp_path: Path) -> None:
    _added, paths, fresh = _restore_set(branch, city, tmp_path)
    try:
        paths[-1].unlink()
        with pytest.raises(UserError) as caught:
            restore_from_city(fresh, paths[0])
        message = caught.value.message
        assert f"共有 {len(paths)} 个文件" in message and paths[-1].name in message
        assert "未恢复任何数据" in message
        with fresh.session() as session:
            assert session.scalar(select(func.count()).select_from(Meeting)) == 0
            assert session.scalar(select(func.count()).select_from(SyncExport)) == 0
        assert not (fresh.path.parent / "attachments").exists()
    finally:
        fresh.close()


def test_restore_refuses_a_volume_of_another_set(branch: Database, city: CityDatabase,
                                                 tmp_path: Path) -> None:
    _added, paths, fresh = _restore_set(branch, city, tmp_path)
    try:
        with fresh.session() as session:
            keys = branch_keys(session).public
        with city.session() as session:
            other = restore_package(session, "TEST-01", tmp_path / "other.bdrestore",
                                    KeyFile("branch", "", "TEST-01", keys))
        other[1].replace(paths[1])
        before = city_state(city)
        with pytest.raises(UserError, match="不属于同一个恢复包"):
            restore_from_city(fresh, paths[0])
        assert city_state(city) == before
        with fresh.session() as session:
            assert session.scalar(select(func.count()).select_from(Meeting)) == 0
    finally:
        fresh.close()
