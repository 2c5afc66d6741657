"""The import preview dialog as the secretary sees it, and what ends up in the database."""

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlalchemy import func, select

from app.members.service import add_member, list_members
from db.models import Member
from tests.conftest import TODAY
from tests.roster_sheets import (
    LONG,
    seed_branch,
    write_messy_sheet,
    write_official_form,
    write_workbook,
)
from ui.dialogs.import_preview import (
    AMBER,
    RED,
    export_roster_interactively,
    import_roster_interactively,
)


@pytest.fixture
def shown(qtbot, app_context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The branch, its page-like parent, the messy file chosen, and the messages shown."""
    with app_context.session() as session:
        seed_branch(session)
    parent = QWidget()
    qtbot.addWidget(parent)
    path = write_messy_sheet(tmp_path / "花名册.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(path), "")))
    messages: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda _parent, title, text, *_a, **_k: messages.append((title, text))))
    return parent, messages


def names_in_database(app_context) -> set[str]:
    with app_context.session() as session:
        return {m.name for m in list_members(session, on=TODAY)}


def test_preview_shows_errors_red_and_warnings_amber_then_imports(qtbot, app_context,
                                                                  shown) -> None:
    parent, messages = shown
    dialog = import_roster_interactively(app_context, parent)
    assert dialog is not None and dialog.isVisible()
    assert dialog.summary.text() == dialog.preview.summary()
    assert "可导入 6 行（其中 3 行有提醒，请核对），不能导入 6 行" in dialog.summary.text()
    assert "导入时将新建党小组：第二党小组" in dialog.notes.text()
    assert "微信号" in dialog.notes.text()
    table = dialog.table
    assert table.rowCount() == 12
    rows = {table.item(r, 1).text(): r for r in range(table.rowCount())}
    bad = rows["赵敏"]
    assert table.item(bad, 0).text() == "8" and table.item(bad, 3).text() == "不导入"
    assert "校验位错误" in table.item(bad, 4).text()
    assert table.item(bad, 4).foreground().color() == RED
    upgraded = rows["吴卫东"]
    assert table.item(upgraded, 3).text() == "导入，请核对"
    assert table.item(upgraded, 4).foreground().color() == AMBER
    assert "15位身份证号已升级" in table.item(upgraded, 4).text()

    dialog.problems_only.click()
    visible = [table.item(r, 1).text() for r in range(12) if not table.isRowHidden(r)]
    assert "李秀英" not in visible and {"赵敏", "吴卫东", "郑新"} <= set(visible)

    assert dialog.import_button.text() == "导入有效行（6 人）"
    with qtbot.waitSignal(app_context.data_changed):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    assert messages == [("导入完成", "已导入 6 名党员。")]
    assert names_in_database(app_context) == {"周德明", "张建国", "李秀英", "王强", "王小明",
                                              "吴卫东", "郑新"}


def test_cancel_in_the_preview_saves_nothing(qtbot, app_context, shown) -> None:
    parent, messages = shown
    dialog = import_roster_interactively(app_context, parent)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Rejected and not dialog.isVisible()
    assert names_in_database(app_context) == {"周德明"}
    assert messages == []


def test_a_failed_import_keeps_the_dialog_and_saves_nothing(qtbot, app_context, shown) -> None:
    parent, messages = shown
    dialog = import_roster_interactively(app_context, parent)
    with app_context.session() as session:  # the last valid row got typed in meanwhile
        add_member(session, dialog.preview.valid_rows[-1].data, today=TODAY)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.status.text() == "没有保存任何党员。"
    assert messages and "未导入任何党员" in messages[0][1]
    with app_context.session() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 2


def test_an_unreadable_file_is_explained(qtbot, app_context, shown, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    parent, messages = shown
    broken = tmp_path / "旧名册.xls"
    broken.write_bytes(b"not a workbook")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(broken), "")))
    assert import_roster_interactively(app_context, parent) is None
    assert messages and "另存为” .xlsx" in messages[0][1]


def test_export_adds_the_suffix_and_reports(qtbot, app_context, shown, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    parent, messages = shown
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(tmp_path / "名册"), "")))
    written = export_roster_interactively(app_context, parent)
    assert written == tmp_path / "名册.xlsx" and written.exists()
    assert load_workbook(written).active["A3"].value == "周德明"
    assert messages == [("导出完成", f"已导出 1 名党员到：\n{written}")]


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(path), "")))


def test_choosing_another_sheet_previews_and_imports_it(qtbot, app_context, shown,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    parent, messages = shown
    choose_file(monkeypatch, write_workbook(tmp_path / "名册.xlsx"))
    dialog = import_roster_interactively(app_context, parent)
    chooser = dialog.sheet_choice
    assert chooser.isVisible() and chooser.currentText() == "在职党员（识别 6 列）"
    assert [chooser.itemText(i) for i in range(chooser.count())] == [
        "在职党员（识别 6 列）", "离退休党员（识别 4 列）"]
    assert "另有像名册的工作表“离退休党员”" in dialog.notes.text()
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())] == [
        "赵一", "钱二", "孙三"]

    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_Down)  # the user picks 离退休党员
    assert dialog.preview.sheet == "离退休党员"
    assert chooser.currentText() == "离退休党员（识别 4 列）"
    assert "工作表“离退休党员”，表头在第1行" in dialog.source.text()
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())] == [
        "李四", "周五"]
    assert dialog.summary.text() == "共 2 行：可导入 2 行，不能导入 0 行"
    assert dialog.import_button.text() == "导入有效行（2 人）"

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert messages == [("导入完成", "已导入 2 名党员。")]
    assert names_in_database(app_context) == {"周德明", "李四", "周五"}


def test_sheets_that_look_alike_are_shown_with_a_note(qtbot, app_context, shown,
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    parent, _messages = shown
    choose_file(monkeypatch, write_workbook(tmp_path / "名册.xlsx", retired_headings=LONG))
    dialog = import_roster_interactively(app_context, parent)
    assert dialog.preview.sheet_unclear and dialog.sheet_choice.isVisible()
    assert "同样像党员名册，现在显示的是“在职党员”：请确认" in dialog.notes.text()
    assert dialog.sheet_label.text() == "请确认要导入的工作表："
    qtbot.keyClick(dialog.sheet_choice, Qt.Key.Key_Down)
    assert dialog.preview.sheet == "离退休党员" and "同样像" not in dialog.notes.text()
    assert dialog.sheet_label.text() == "要导入的工作表："


def test_a_one_sheet_official_form_needs_no_chooser(qtbot, app_context, shown, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    parent, _messages = shown
    choose_file(monkeypatch, write_official_form(tmp_path / "表.xlsx"))
    dialog = import_roster_interactively(app_context, parent)
    assert not dialog.sheet_choice.isVisible()
    assert "表头在第4–5行" in dialog.source.text() and "入党日期、转正日期" in dialog.source.text()
    row = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())].index("马骏")
    assert dialog.table.item(row, 3).text() == "导入，请核对"
    assert "联系电话“1380000”不像手机号" in dialog.table.item(row, 4).text()
