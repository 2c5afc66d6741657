"""The 同步 page as a secretary uses it: import the city key, export to the stick, receipts."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from app.city.importer import import_packages
from app.city.keys import city_public_key_file
from app.city.returns import queue_message, write_return
from app.profile import ProfileInput, save_profile
from app.sync.drives import Drive
from db.city.database import CityDatabase
from db.models import SyncExport, SyncInbox
from tests.sync.conftest import always


@pytest.fixture
def page(qtbot, app_context, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr("ui.sync.page.removable_drives", lambda: [Drive("KINGSTON", stick)])
    with app_context.session() as session:
        save_profile(session, ProfileInput(name="中共测试单位党支部", code="UI-01",
                                           groups=["第一党小组"]))
    from ui.sync.page import SyncPage

    widget = SyncPage(app_context)
    app_context.data_changed.connect(widget.refresh)  # as the main window does
    qtbot.addWidget(widget)
    widget.stick = stick
    return widget


def test_secretary_imports_key_exports_and_receives(page, city: CityDatabase, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert "尚未导入" in page.city_key.text()
    assert page.target.currentText() == "U盘：KINGSTON"

    key_file = tmp_path / "city.bdkey"
    with city.session() as session:
        key_file.write_bytes(city_public_key_file(session))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(key_file), ""))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text: asked.append(text) or QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.import_key_button, Qt.MouseButton.LeftButton)
    assert "指纹" in asked[0] and "中共市直属机关工作委员会" in page.city_key.text()

    assert page.pending.text() == "有新的记录或修改待交工委：支部信息（共 2 项）。"
    assert page.waiting.text() == "还没有导出过数据包。"  # not "all confirmed"
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "第 1 号数据包" in shown[-1] and "内容：支部信息（共 2 项）" in shown[-1]
    (package,) = page.stick.glob("*.bdsync")
    assert page.history.item(0, 4).text() == "已导出未确认"
    assert "第 1 号" in page.waiting.text()
    with page.context.session() as session:
        assert session.scalars(select(SyncExport)).one().file_name == package.name

    import_packages(city, [package], confirm_key=always)
    with city.session() as session:
        queue_message(session, "UI-01", "notice", {"title": "换届通知", "text": "请于年底前换届"})
        returned = write_return(session, "UI-01", page.stick)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(returned), ""))
    qtbot.mouseClick(page.findChild(type(page.export_button), "receive"),
                     Qt.MouseButton.LeftButton)
    assert "确认收到：第 1 号" in shown[-1] and "换届通知" in shown[-1]
    assert page.history.item(0, 4).text() == "已确认"
    assert "都已得到工委确认" in page.waiting.text()
    assert "未读" in page.inbox.item(0, 2).text() and page.inbox.item(0, 1).text() == "通知"
    page.mark_read()
    with page.context.session() as session:
        assert session.scalars(select(SyncInbox)).one().read_at is not None
    assert "未读" not in page.inbox.item(0, 2).text()


def test_export_without_city_key_explains_what_to_do(page, monkeypatch: pytest.MonkeyPatch,
                                                     qtbot) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "工委公钥" in shown[0]
    assert not list(page.stick.iterdir())


def test_export_split_into_volumes_is_shown(page, city: CityDatabase, qtbot,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from app.sync import volumes
    from tests.sync.conftest import connect
    from tests.sync.test_volumes import LIMIT, add_photos

    monkeypatch.setattr(volumes, "VOLUME_LIMIT", LIMIT)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    connect(page.context.database, city)
    add_photos(page.context.database, 6)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    files = sorted(page.stick.glob("*.bdsync"))
    assert len(files) >= 3
    assert f"已导出第 1–{len(files)} 号数据包（增量，共{len(files)}个文件）" in shown[-1]
    assert all(str(f) in shown[-1] for f in files) and "请全部交给工委" in shown[-1]
    assert page.history.rowCount() == len(files)
