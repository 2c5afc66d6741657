"""密码保护: the database and every backup encrypted at rest; wrong passwords refused; the
恢复密钥 opens the data; changing the password re-keys; switching off gives a plain file."""

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.lock import service
from app.members.service import MemberInput, add_member
from db import cipher
from db.backup import integrity_ok
from db.database import Database
from db.models import Member
from tests.roster_sheets import make_id

ID_NUMBER = make_id("19800101", "011")
NAME = "欧阳明哲"


@pytest.fixture
def branch_db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "branch.db"
    assert main(["--db", str(path), "init", "--name", "中共测试单位支部", "--code", "T-01"]) == 0
    with Database.open(path, create=False) as database, database.session() as session:
        add_member(session, MemberInput(name=NAME, id_number=ID_NUMBER, category="预备党员",
                                        join_date=dt.date(2026, 7, 1), address="幸福路1号"))
    with Database.open(path, create=False) as database:
        database.backups.take("manual")
    return path


def every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def leaks(folder: Path) -> list[str]:
    """Files under `folder` holding the member's ID number or name in any common encoding."""
    needles = [ID_NUMBER.encode(), NAME.encode("utf-8"), NAME.encode("utf-16-le")]
    return [str(p) for p in every_file(folder) if any(n in p.read_bytes() for n in needles)]


def members(path: Path, key: bytes | None) -> int:
    with Database.open(path, create=False, key=key) as database, database.session() as s:
        return s.scalar(select(func.count()).select_from(Member))


def test_with_the_lock_on_no_file_holds_the_id_number(branch_db: Path) -> None:
    folder = branch_db.parent
    assert leaks(folder)  # the test can see them while the lock is off
    keys = service.set_password(branch_db, "党支部2026")
    assert cipher.is_encrypted(branch_db)
    with Database.open(branch_db, create=False, key=keys.key) as database:
        with database.session() as session:  # a change, and a new backup under the lock
            member = session.scalars(select(Member)).one()
            member.phone = "13800000000"
        database.backups.take("manual")
        assert leaks(folder) == []  # the live file and its WAL while open, too
    assert leaks(folder) == []
    backups = sorted((folder / "backups").glob("*.db"))
    assert len(backups) == 2 and all(cipher.is_encrypted(b) for b in backups)
    for backup in backups:
        key = cipher.unlock(backup, "党支部2026")
        assert integrity_ok(backup, key) and members(backup, key) == 1


def test_wrong_passwords_are_refused(branch_db: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    service.set_password(branch_db, "党支部2026")
    with pytest.raises(cipher.WrongPassword):
        cipher.unlock(branch_db, "党支部2025")
    with pytest.raises(cipher.Locked):
        Database.open(branch_db, create=False)
    with pytest.raises(Exception, match="不是支部工作台的数据库"):
        Database.open(branch_db, create=False, key=os.urandom(32))
    monkeypatch.setenv("BRANCHDESK_PASSWORD", "wrong-one")
    assert main(["--db", str(branch_db), "members", "list"]) == 1
    assert "密码不对" in capsys.readouterr().err
    monkeypatch.setenv("BRANCHDESK_PASSWORD", "党支部2026")
    assert main(["--db", str(branch_db), "members", "list"]) == 0
    assert NAME in capsys.readouterr().out


def test_the_recovery_key_opens_the_data(branch_db: Path) -> None:
    keys = service.set_password(branch_db, "党支部2026")
    with pytest.raises(cipher.WrongPassword, match="恢复密钥不对"):
        cipher.unlock_with_recovery(branch_db, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    # Read off paper: lower case, spaces instead of dashes.
    typed = keys.recovery.lower().replace("-", " ")
    assert cipher.unlock_with_recovery(branch_db, typed) == keys.key
    new = service.recover(branch_db, typed, "新的密码2027")
    assert members(branch_db, cipher.unlock(branch_db, "新的密码2027")) == 1
    with pytest.raises(cipher.WrongPassword):
        cipher.unlock(branch_db, "党支部2026")
    with pytest.raises(cipher.WrongPassword):
        cipher.unlock_with_recovery(branch_db, keys.recovery)  # re-keyed: the old sheet is void
    assert cipher.unlock_with_recovery(branch_db, new.recovery) == new.key != keys.key


def test_changing_the_password_re_keys(branch_db: Path) -> None:
    old = service.set_password(branch_db, "党支部2026")
    before = branch_db.read_bytes()
    new = service.change_password(branch_db, old.key, "换个密码2027")
    assert new.key != old.key and branch_db.read_bytes() != before
    assert members(branch_db, cipher.unlock(branch_db, "换个密码2027")) == 1
    with pytest.raises(Exception, match="不是支部工作台的数据库"):
        members(branch_db, old.key)


def test_switching_off_gives_back_a_plain_database(branch_db: Path) -> None:
    keys = service.set_password(branch_db, "党支部2026")
    service.remove_password(branch_db, keys.key)
    assert not cipher.is_encrypted(branch_db) and not cipher.key_path(branch_db).exists()
    assert members(branch_db, None) == 1


def test_a_switch_killed_before_the_key_file_is_renamed(branch_db: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The database was swapped but the new key file kept its temporary name."""
    old = service.set_password(branch_db, "党支部2026")
    real_replace = os.replace

    def stop_at_key(source: str | Path, target: str | Path) -> None:
        if str(target).endswith(cipher.KEY_SUFFIX):
            raise KeyboardInterrupt  # the power went
        real_replace(source, target)

    monkeypatch.setattr(cipher.os, "replace", stop_at_key)
    with pytest.raises(KeyboardInterrupt):
        service.change_password(branch_db, old.key, "换个密码2027")
    monkeypatch.undo()
    key = cipher.unlock(branch_db, "换个密码2027")  # finds the new key file and keeps it
    assert members(branch_db, key) == 1
    assert not Path(str(cipher.key_path(branch_db)) + ".new").exists()


def test_short_password_refused(branch_db: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", "123")
    assert main(["--db", str(branch_db), "password", "set"]) == 1
    assert "密码至少 6 位" in capsys.readouterr().err
    assert not cipher.is_encrypted(branch_db)


def test_cli_set_change_recover_remove(branch_db: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(branch_db)
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", "党支部2026")
    sheet = tmp_path / "恢复密钥.pdf"
    assert main(["--db", db, "password", "set", "--pdf", str(sheet)]) == 0
    out = capsys.readouterr().out
    recovery = out.split("恢复密钥：", 1)[1].split()[0]
    assert sheet.read_bytes().startswith(b"%PDF")
    monkeypatch.setenv("BRANCHDESK_RECOVERY_KEY", recovery)
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", "新的密码2027")
    assert main(["--db", db, "password", "recover"]) == 0
    monkeypatch.setenv("BRANCHDESK_PASSWORD", "新的密码2027")
    assert main(["--db", db, "members", "list"]) == 0
    assert main(["--db", db, "password", "remove"]) == 0
    assert not cipher.is_encrypted(branch_db)
    capsys.readouterr()
    assert main(["--db", db, "password", "remove"]) == 1
    assert "没有设密码" in capsys.readouterr().err
