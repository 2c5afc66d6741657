"""Bad input and a hostile machine give a Chinese message and exit code 1, never a traceback:
a file that is no database, a newer schema, huge or malformed numbers, a full or read-only
disk for the database, its backups and exports, a closed pipe, a missing database."""

import datetime as dt
import errno
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import db.engine
from app.cli import main
from app.members.service import MemberInput, add_member
from db.backup import integrity_ok
from db.database import Database
from db.errors import version_number
from tests.roster_sheets import make_id, write_messy_sheet


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def branch_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "data" / "branch.db")
    code, _out, _err = run(capsys, "--db", path, "init", "--name", "中共测试单位机关党支部",
                           "--code", "T-01", "--group", "第一党小组")
    assert code == 0
    return path


def members_in(path: str) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT count(*) FROM member").fetchone()[0]


# --- the database file ----------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", None])
def test_commands_refuse_a_missing_or_empty_database(tmp_path: Path, content: bytes | None,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nobody.db"
    if content is not None:
        path.write_bytes(content)
    for argv in (["members", "list"], ["backup"], ["sync", "status"], ["dues", "arrears"]):
        code, out, err = run(capsys, "--db", str(path), *argv)
        assert code == 1 and out == ""
        assert f"没有找到数据库“{path}”" in err and "branchdesk init" in err
    assert path.read_bytes() == (content or b"") if content is not None else not path.exists()
    assert not (tmp_path / "backups").exists()


def test_city_commands_refuse_a_missing_city_database(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "city.db"
    code, _out, err = run(capsys, "--db", str(path), "city", "branches")
    assert code == 1 and "没有找到工委数据库" in err and "branchdesk city init" in err
    assert not path.exists()


def test_init_creates_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.db"
    code, _out, _err = run(capsys, "--db", str(path), "init", "--name", "中共测试单位支部",
                           "--code", "T-02")
    assert code == 0
    code, out, _err = run(capsys, "--db", str(path), "members", "list")
    assert code == 0 and "共 0 人" in out


def test_a_file_that_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes("这是一份会议记录，不是数据库。".encode() * 200)
    code, out, err = run(capsys, "--db", str(path), "members", "list")
    assert code == 1 and out == ""
    assert "不是支部工作台的数据库" in err and "密码不对" in err
    assert not (tmp_path / "backups").exists()


def test_a_database_from_a_newer_release(branch_db: str, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    with sqlite3.connect(branch_db) as con:
        con.execute("DELETE FROM alembic_version")  # one head of a release we do not know
        con.execute("INSERT INTO alembic_version VALUES ('f00000000042')")
        con.execute(f"PRAGMA user_version={version_number('3.2.1')}")
    backups = Path(branch_db).parent / "backups"
    before = sorted(backups.glob("*")) if backups.exists() else []
    code, _out, err = run(capsys, "--db", branch_db, "members", "list")
    assert code == 1
    assert "请使用支部工作台 3.2.1 或更新的版本打开" in err
    after = sorted(backups.glob("*")) if backups.exists() else []
    assert after == before  # no "before-migration" copy of what we cannot read
    with sqlite3.connect(branch_db) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "f00000000042",)


# --- numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    (["dues", "calc", "--category", "在职", "--base", "1e30"], "金额“1e30”太大"),
    (["dues", "calc", "--category", "在职", "--base=-1E+400"], "金额“-1E+400”太大"),
    (["dues", "calc", "--category", "在职", "--base", "NaN"], "金额“NaN”不是有效的数字"),
    (["dues", "calc", "--category", "在职", "--base", "五千"], "金额“五千”不是有效的数字"),
    (["dues", "calc", "--category", "在职", "--base", "5000.001"], "最多保留两位小数"),
    (["print", "minutes", "x", "-o", "x.pdf", "--version", "99999999999999999999"],
     "版本号“99999999999999999999”不对"),
    (["print", "minutes", "x", "-o", "x.pdf", "--version", "1e3"], "版本号“1e3”不对"),
    (["demo", "--seed", "-1"], "随机种子“-1”不对"),
    (["demo", "--city", "--branches", "²"], "支部数“²”不对"),
    (["city", "fund", "reverse", "1e30", "--reason", "错"], "凭证号“1e30”不对"),
    (["members", "import", "x.xlsx", "--sheet", "²"], "x.xlsx"),
    (["members", "period", "某人", "--kind", "延长预备期", "--date", "2026-07-01",
      "--months", "1e3"], "月数“1e3”不对"),
    (["members", "period", "某人", "--kind", "延长预备期", "--date", "2026-07-01",
      "--months", "99999999999999999999"], "月数“99999999999999999999”不对"),
    (["service", "add", "--date", "2026-05-01", "--community", "幸福社区", "--type", "宣讲一次政策",
      "--members", "某人", "--hours", "2", "--deeds", "1e30"], "办实事件数“1e30”不对"),
])
def test_huge_or_malformed_numbers(branch_db: str, argv: list[str], message: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", branch_db, *argv)
    assert code == 1
    assert err.startswith("错误：") and message in err


@pytest.mark.parametrize(("hours", "message"), [
    ("1e30", "不能超过24小时"), ("-1e999999", "应大于0小时"), ("NaN", "应大于0小时"),
    ("九", "应大于0小时"),
])
def test_huge_or_malformed_service_hours(branch_db: str, hours: str, message: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with Database.open(Path(branch_db), create=False) as database, database.session() as s:
        add_member(s, MemberInput(name="李四", id_number=make_id("19800101", "031"),
                                  category="正式党员", join_date=dt.date(2005, 7, 1),
                                  full_date=dt.date(2006, 7, 1)))
    code, _out, err = run(capsys, "--db", branch_db, "service", "add", "--date", "2026-05-01",
                          "--community", "幸福社区", "--type", "宣讲一次政策", "--members", "李四",
                          f"--hours={hours}")
    assert code == 1 and err.startswith("错误：") and f"李四的服务时长{message}" in err


def test_huge_amount_at_the_city(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = str(tmp_path / "city.db")
    code, _out, _err = run(capsys, "--db", city, "city", "init", "--name", "中共测试市直属机关工委",
                           "--public-key", str(tmp_path / "city.bdkey"))
    assert code == 0
    for amount in ("1e30", "9" * 40, "Infinity"):
        code, _out, err = run(capsys, "--db", city, "city", "fund", "income", "党费划拨", amount)
        assert code == 1 and f"金额“{amount}”" in err


# --- a full or read-only disk ----------------------------------------------------------------

def _with_pragma(monkeypatch: pytest.MonkeyPatch, pragma: Callable[[Any], str]) -> None:
    """Every new connection of the program also runs `pragma(connection)`: a way to make
    SQLite itself report a full disk or a read-only file, as the real ones would."""
    original = db.engine._sqlite_pragmas

    def patched(dbapi_connection: Any, record: Any) -> None:
        original(dbapi_connection, record)
        dbapi_connection.execute(pragma(dbapi_connection))

    monkeypatch.setattr(db.engine, "_sqlite_pragmas", patched)


def _no_room(connection: Any) -> str:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    return f"PRAGMA max_page_count={pages}"


def test_full_disk_during_an_import_keeps_the_data(branch_db: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    sheet = write_messy_sheet(tmp_path / "名册.xlsx")
    _with_pragma(monkeypatch, _no_room)
    code, _out, err = run(capsys, "--db", branch_db, "members", "import", str(sheet))
    assert code == 1
    assert "磁盘空间已满" in err and "没有受影响" in err
    monkeypatch.undo()
    assert members_in(branch_db) == 0 and integrity_ok(Path(branch_db))
    code, _out, _err = run(capsys, "--db", branch_db, "members", "import", str(sheet))
    assert code == 0 and members_in(branch_db) > 0


def test_read_only_database(branch_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    sheet = write_messy_sheet(tmp_path / "名册.xlsx")
    _with_pragma(monkeypatch, lambda _con: "PRAGMA query_only=ON")
    code, _out, err = run(capsys, "--db", branch_db, "members", "import", str(sheet))
    assert code == 1 and "只能读、不能写" in err
    monkeypatch.undo()
    assert members_in(branch_db) == 0


@pytest.mark.parametrize(("error", "message"), [
    (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间已满"),
    (OSError(errno.EROFS, "Read-only file system"), "只读"),
    (sqlite3.OperationalError("database or disk is full"), "磁盘空间已满"),
])
def test_backup_on_a_full_or_read_only_disk(branch_db: str, monkeypatch: pytest.MonkeyPatch,
                                            error: Exception, message: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import db.backup

    def fail_halfway(_source: Path, part: Path, _key: bytes | None) -> None:
        part.write_bytes(b"SQLite format 3\0 half a copy")
        raise error

    monkeypatch.setattr(db.backup, "_copy", fail_halfway)
    for _attempt in range(2):
        code, _out, err = run(capsys, "--db", branch_db, "backup")
        assert code == 1 and "备份没有完成" in err and message in err
    folder = Path(branch_db).parent / "backups"
    assert list(folder.glob("*.part")) == [] and list(folder.glob("*.db")) == []


@pytest.mark.parametrize(("error", "message"), [
    (errno.ENOSPC, "磁盘空间已满"),
    (errno.EROFS, "只读"),
])
def test_export_on_a_full_or_read_only_disk(branch_db: str, tmp_path: Path, error: int,
                                            message: str, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import app.files

    def no_room(_fd: int) -> None:
        raise OSError(error, "injected")

    monkeypatch.setattr(app.files.os, "fsync", no_room)
    target = tmp_path / "stick" / "名册.xlsx"
    code, _out, err = run(capsys, "--db", branch_db, "members", "export", str(target))
    assert code == 1 and message in err and str(target) in err
    assert list(target.parent.glob("*")) == []


# --- a closed pipe --------------------------------------------------------------------------

def test_closed_pipe(branch_db: str) -> None:
    """`branchdesk members list | head`: the reader has gone before anything was written."""
    process = subprocess.Popen([sys.executable, "-m", "app", "--db", branch_db, "members",
                                "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 1
    assert "输出已中断" in err and "Traceback" not in err and "Exception" not in err
