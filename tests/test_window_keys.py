"""The branch window driven by keys, as a user who keeps the hands on the keyboard would:
Ctrl+1…9 and Ctrl+0 for the sidebar's pages, Ctrl+N for a new record, Ctrl+S to save, Esc to close
(asking before throwing away what was typed), Ctrl+F to search, Ctrl+P to print."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from tests.keyboard import type_text
from tests.ui_inventory import SIDEBAR, TODAY, settings_in
from ui.dialogs.member_form import MemberForm
from ui.main_window import MainWindow
from ui.visits.dialog import VisitDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, tmp_path: Path, _demo_template: Path) -> MainWindow:
    settings_in(tmp_path / "settings")
    path = tmp_path / "branch.db"
    shutil.copyfile(_demo_template, path)
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    assert main.open_database(path)
    qtbot.waitExposed(main)
    main.activateWindow()
    yield main
    main.close()


def press(qtbot, widget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """The key goes to the window `widget` is in, made active (as the window a dialog was
    closed over becomes active again)."""
    widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=2000)
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


def shown_dialog(kind: type):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, f"{kind.__name__} shown {len(found)} times"
    return found[0]


def test_ctrl_digits_switch_the_sidebar_pages_in_order(qtbot, window: MainWindow) -> None:
    for number, title in reversed(list(enumerate(SIDEBAR, start=1))):
        press(qtbot, window, getattr(Qt.Key, f"Key_{number % 10}"), CTRL)
        assert window.current_page() is window.page(title)
        assert window.sidebar.currentItem().text() == title


def test_ctrl_n_makes_a_member_ctrl_s_saves_it(qtbot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    members = window.page("党员")
    before = members.model.rowCount()
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    form = shown_dialog(MemberForm)
    type_text(qtbot, form.fields["name"], "柯新")
    type_text(qtbot, form.fields["id_number"], "110101198001010053")
    form.fields["category"].set_text("正式党员")
    form.fields["join_date"].edit.setText("2005-07-01")
    form.fields["full_date"].edit.setText("2006-07-01")
    press(qtbot, form.fields["name"], Qt.Key.Key_S, CTRL)
    assert not form.isVisible(), form.summary.text()
    assert members.model.rowCount() == before + 1
    assert any(row.name == "柯新" for row in members.model.rows)


def test_esc_closes_at_once_when_nothing_was_typed_and_asks_otherwise(
        qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *args, **_kw: asked.append(args[2]) or answers.pop(0)))
    window.go_to("慰问")
    window.page("慰问").set_today(lambda: TODAY)
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    dialog = shown_dialog(VisitDialog)
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and asked == []
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    dialog = shown_dialog(VisitDialog)
    type_text(qtbot, dialog.visitors, "王书记")
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1  # 取消: the typing stays
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and len(asked) == 2  # 放弃


def test_ctrl_n_on_the_meetings_page_offers_the_kinds_of_meeting(qtbot,
                                                               window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    menu = window.page("会议").new_button.menu()
    assert isinstance(menu, QMenu) and menu.isVisible()
    assert "支部委员会" in [action.text() for action in menu.actions()]
    menu.hide()


def test_ctrl_f_goes_to_the_search_box(qtbot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.page("党员").search
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.page("会议").list.search


def test_ctrl_p_prints_what_the_page_shows(qtbot, window: MainWindow,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    printed: list[str] = []
    def preview(_parent, title, _build, file_name=None) -> None:
        printed.append(title)

    monkeypatch.setattr("ui.dialogs.pdf_preview.preview_pdf", preview)
    for page_title, title in (("党员", "党员名册"), ("党费", "党费交纳登记表"),
                              ("慰问", f"{TODAY.year}年慰问登记簿")):
        number = SIDEBAR.index(page_title) + 1
        press(qtbot, window, getattr(Qt.Key, f"Key_{number % 10}"), CTRL)
        page = window.current_page()
        if hasattr(page, "set_today"):
            page.set_today(lambda: TODAY)
        press(qtbot, window, Qt.Key.Key_P, CTRL)
        assert printed[-1] == title
