"""Files referenced by records travel with them, are kept by the city and come back on restore."""

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from app.city.files import CityFiles
from app.city.importer import import_packages, verify_package
from app.city.keys import city_keys, trust_branch
from app.city.restore import restore_package
from app.files import attachment_path
from app.sync.attachments import attachment_sources, register_attachments
from app.sync.export import export_package
from app.sync.identity import branch_keys
from app.sync.keys import KeyFile
from app.sync.restore import restore_from_city
from base.errors import UserError
from db.city.database import CityDatabase
from db.city.models import CityAttachment
from db.database import Database
from db.models import Attachment, Meeting
from tests.sync.conftest import always, connect

PHOTO = b"\x89PNG\r\n\x1a\n a meeting photo"
DIGEST = hashlib.sha256(PHOTO).hexdigest()


def test_tables_with_a_sha256_column_are_found_by_convention() -> None:
    assert {"meeting_attachment", "aid_proof", "visit_photo"} <= set(attachment_sources())
    register_attachments("member", "id_number", lambda db, d: db.parent / d)
    try:
        assert attachment_sources()["member"].hash_column == "id_number"
    finally:
        from app.sync import attachments

        attachments._SOURCES.pop("member")


def _meeting_with_photo(database: Database) -> str:
    path = attachment_path(database.path, DIGEST)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PHOTO)
    with database.session() as session:
        meeting = Meeting(title="主题党日", date=dt.date(2026, 7, 1))
        session.add(meeting)
        session.flush()
        attachment = Attachment(meeting_id=meeting.id, sha256=DIGEST, filename="合影.png",
                                size=len(PHOTO))
        session.add(attachment)
        session.flush()
        return attachment.id


def test_attachment_goes_to_the_city_and_back(branch: Database, city: CityDatabase,
                                              tmp_path: Path) -> None:
    _meeting_with_photo(branch)
    exported = export_package(branch, tmp_path)
    assert exported.missing_attachments == []
    with city.session() as session:
        contents = verify_package(exported.path, city_keys(session)).contents
    assert contents.attachments == {DIGEST: PHOTO}
    (result,) = import_packages(city, [exported.path], confirm_key=always)
    assert result.attachments == 1
    with city.session() as session:  # indexed in the database, kept as a file beside it
        assert session.get(CityAttachment, DIGEST).size == len(PHOTO)
    assert CityFiles(city.engine).path(DIGEST).read_bytes() == PHOTO

    fresh = Database.open(tmp_path / "new" / "branch.db")
    try:
        connect(fresh, city)
        with fresh.session() as session:
            new_keys = branch_keys(session).public
        with city.session() as session:
            trust_branch(session, "TEST-01", new_keys.key_id)
            [restore] = restore_package(session, "TEST-01", tmp_path,
                                      KeyFile("branch", "", "TEST-01", new_keys))
        result = restore_from_city(fresh, restore)
        assert result.attachments == 1
        assert attachment_path(fresh.path, DIGEST).read_bytes() == PHOTO
        with fresh.session() as session:
            assert session.scalars(select(Attachment)).one().sha256 == DIGEST
    finally:
        fresh.close()


def test_missing_file_is_reported_not_fatal(branch: Database, city: CityDatabase,
                                            tmp_path: Path) -> None:
    _meeting_with_photo(branch)
    attachment_path(branch.path, DIGEST).unlink()
    exported = export_package(branch, tmp_path)
    assert exported.missing_attachments == [DIGEST]
    (result,) = import_packages(city, [exported.path], confirm_key=always)
    assert result.ok and any("附件" in w for w in result.warnings)


def test_damaged_city_file_is_refused_when_read(branch: Database, city: CityDatabase,
                                                tmp_path: Path) -> None:
    _meeting_with_photo(branch)
    exported = export_package(branch, tmp_path / "stick")
    (dry,) = import_packages(city, [exported.path], confirm_key=always, dry_run=True)
    kept = CityFiles(city.engine)
    assert dry.ok and not kept.path(DIGEST).exists()  # a dry run keeps no file either
    import_packages(city, [exported.path], confirm_key=always)
    kept.path(DIGEST).write_bytes(PHOTO[:-1] + b"?")  # one byte changed on disk

    with city.session() as session, pytest.raises(UserError, match="已损坏"):
        restore_package(session, "TEST-01", tmp_path)
    assert not list(tmp_path.glob("*.bdrestore"))


def test_city_files_move_out_of_the_database_on_upgrade(tmp_path: Path) -> None:
    from sqlalchemy import text

    from db.city.migrate import CITY

    path = tmp_path / "city.db"
    CityDatabase.open(path).close()
    engine = create_engine(f"sqlite:///{path}")
    CITY.downgrade_to(engine, "0002_city_fund")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO city_branch (code, name, key_id, trusted_at, last_seq, "
                          "return_seq) VALUES ('OLD-01', '', 'k', '2026-01-01', 0, 0)"))
        conn.execute(text("INSERT INTO city_attachment (sha256, branch_code, size, data, "
                          "received_at) VALUES (:d, 'OLD-01', :n, :data, '2026-01-01')"),
                     {"d": DIGEST, "n": len(PHOTO), "data": PHOTO})
    engine.dispose()

    with CityDatabase.open(path) as city, city.session() as session:
        assert session.get(CityAttachment, DIGEST).data is None
        assert CityFiles(city.engine).get(DIGEST) == PHOTO
