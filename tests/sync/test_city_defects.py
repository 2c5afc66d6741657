"""City-side safety: a dry run writes nothing (a new branch's key included), a restore from an
archive that lacks packages, and the file options of `city init` and `city restore-package`."""

import hashlib
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QPushButton
from sqlalchemy import delete, func, select

from app.city.keys import init_city, trust_branch
from app.cli import main
from app.profile import ProfileInput, save_profile
from app.sync.export import export_package
from app.sync.identity import branch_public_key_file
from app.sync.keys import read_public_key_file
from app.sync.records import synced_tables
from db.city.database import CityDatabase
from db.city.models import CityPackage, CityRecord
from db.database import Database
from db.models import Meeting
from tests.sync.conftest import always, connect, make_branch
from tests.sync.helpers import FakeBranch, city_state, record


class Terminal(io.StringIO):
    """Standard input as an operator's terminal that types the given answers."""

    def isatty(self) -> bool:
        return True


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def new_city(path: Path) -> CityDatabase:
    city = CityDatabase.open(path)
    with city.session() as session:
        init_city(session, "中共市直属机关工作委员会")
    return city


def test_cli_dry_run_of_a_new_branch_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    city_path, stick = tmp_path / "city.db", tmp_path / "stick"
    city = new_city(city_path)
    branch = make_branch(tmp_path / "branch.db", "NEW-01", city)
    try:
        export_package(branch, stick)
    finally:
        branch.close()
    before = city_state(city)
    city.close()
    file_before = digest(city_path)
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))  # the operator confirms the key

    code = main(["--db", str(city_path), "city", "import", str(stick), "--dry-run"])

    out = capsys.readouterr().out
    assert code == 0 and "试导入（未写入数据库）" in out and "首次收到" in out
    assert "已导入" not in out.replace("未写入", "")
    assert digest(city_path) == file_before
    city = CityDatabase.open(city_path)
    try:
        assert city_state(city) == before
    finally:
        city.close()
    assert not list(stick.glob("*.bdreturn"))


def test_dry_run_report_says_what_would_happen(city: CityDatabase, tmp_path: Path) -> None:
    from app.city.import_report import text_report
    from app.city.importer import import_packages

    fake = FakeBranch(city, "GAP-01")
    path = fake.write(tmp_path, 3, {"member": [record("00000000-0000-4000-8000-000000000001", 1,
                                                      name="甲")]})
    before = city_state(city)

    (result,) = import_packages(city, [path], dry_run=True)

    text = text_report([result], dry_run=True)
    assert result.chain == "缺号" and "缺少第 1–2 号数据包（缺号）" in text
    assert "试导入（未写入数据库）" in text and "已导入" not in text.replace("未写入", "")
    assert city_state(city) == before


def test_window_dry_run_of_a_new_branch_writes_nothing(qtbot, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.city.window import CityWindow

    city_path = tmp_path / "city.db"
    city = new_city(city_path)
    branch = make_branch(tmp_path / "branch.db", "NEW-02", city)
    try:
        package = export_package(branch, tmp_path / "stick").path
    finally:
        branch.close()
    city.close()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(package)], ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window = CityWindow()
    qtbot.addWidget(window)
    assert window.open_database(city_path)
    before = city_state(window.database)
    try:
        qtbot.mouseClick(window.findChild(QPushButton, "dry_run"), Qt.MouseButton.LeftButton)

        assert window.results.item(0, 3).text() == "成功"
        assert "已登记支部 0 个" in window.key_line.text() and window.branches.rowCount() == 0
        assert city_state(window.database) == before
    finally:
        window.close()


def test_restore_from_an_incomplete_archive_restores_what_is_there(
        demo_database: Database, city: CityDatabase, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The demo branch synced twelve packages with another city; this city holds only its
    full export (number 13) and, as if they had come in 1–12 only, none of its members."""
    from app.city.importer import import_packages

    connect(demo_database, city)
    stick = tmp_path / "stick"
    first = export_package(demo_database, stick, full=True)
    import_packages(city, [first.path], confirm_key=always)
    with city.session() as session:
        code = session.scalars(select(CityPackage.branch_code)).one()
        session.execute(delete(CityRecord).where(CityRecord.table_name == "member"))
        archived = session.scalar(select(func.count()).select_from(CityRecord))
    fresh_path = tmp_path / "new" / "branch.db"
    fresh = Database.open(fresh_path)
    try:
        connect(fresh, city)
        with fresh.session() as session:
            save_profile(session, ProfileInput(name="中共测试单位党支部", code=code))
            key_file = stick / "new.bdkey"
            key_file.write_bytes(branch_public_key_file(session))
    finally:
        fresh.close()
    with city.session() as session:
        trust_branch(session, code, read_public_key_file(key_file, "branch").keys.key_id)
    target = city.target
    city.close()

    assert main(["--db", target, "city", "restore-package", code, "-o", str(stick),
                 "--branch-key", str(key_file)]) == 0
    assert f"工委存档缺少该支部第 1–{first.seq - 1} 号数据包" in capsys.readouterr().out
    restore = next(stick.glob("*.bdrestore"))

    code_out = main(["--db", str(fresh_path), "sync", "restore", str(restore)])

    out, err = capsys.readouterr()
    assert code_out == 0 and "Traceback" not in out + err, err
    assert f"工委存档缺少本支部第 1–{first.seq - 1} 号数据包" in out
    assert "未恢复：会议出席" in out and "所依据的党员记录不在恢复包中" in out
    fresh = Database.open(fresh_path)
    try:
        with fresh.session() as session:
            restored = sum(session.scalar(select(func.count()).select_from(t))
                           for t in synced_tables())
            assert session.scalar(select(func.count()).select_from(Meeting)) > 0
        assert 0 < restored < archived
    finally:
        fresh.close()


def test_restore_package_output_must_be_an_existing_folder(
        city: CityDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = FakeBranch(city, "OUT-01")
    path = fake.write(tmp_path, 1, {"member": []})
    from app.city.importer import import_packages

    import_packages(city, [path])
    target = city.target
    city.close()
    missing = tmp_path / "不存在的路径"

    code = main(["--db", target, "city", "restore-package", "OUT-01", "-o", str(missing)])

    err = capsys.readouterr().err
    assert code == 1 and "找不到输出文件夹" in err and not missing.exists()


def test_city_init_keeps_an_existing_key_file_without_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "city.bdkey"
    key.write_bytes(b"the key the branches already have")

    code = main(["--db", str(tmp_path / "city.db"), "city", "init", "--name", "工委",
                 "--public-key", str(key)])

    assert code == 1 and "已存在" in capsys.readouterr().err
    assert key.read_bytes() == b"the key the branches already have"
    code = main(["--db", str(tmp_path / "city.db"), "city", "init", "--name", "工委",
                 "--public-key", str(key), "--force"])
    assert code == 0 and key.read_bytes() != b"the key the branches already have"
