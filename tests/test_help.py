"""The user manual: shipped complete, read in the program, opened by F1 at the page in use."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

import app
from app.manual import PAGE_SECTIONS, SECTIONS, manual_folder, section_file
from tests.sync.test_city_window import window as city_window  # noqa: F401 - a fixture
from ui.help import HELP_WINDOW, AboutDialog, HelpWindow, install_help_key

LINK = re.compile(r"\]\(([^)]+)\)")


def test_every_section_exists_and_its_links_and_pictures_are_shipped() -> None:
    for key, _title in SECTIONS:
        text = section_file(key).read_text("utf-8")
        assert text.startswith("# "), key
        for target in LINK.findall(text):
            assert (manual_folder() / target).is_file(), f"{key}: {target}"
    pictures = {t for key, _t in SECTIONS
                for t in LINK.findall(section_file(key).read_text("utf-8")) if t.endswith(".png")}
    assert len(pictures) >= 12  # every page has its picture from the demo branch
    for picture in pictures:
        assert (manual_folder() / picture).stat().st_size < 200_000, picture  # kept small
    assert set(PAGE_SECTIONS.values()) <= {k for k, _t in SECTIONS}


@pytest.fixture
def help_key(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    key = install_help_key(qapp)
    yield
    qapp.removeEventFilter(key)
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == HELP_WINDOW:
            widget.close()


def shown_help() -> HelpWindow:
    (window,) = [w for w in QApplication.topLevelWidgets()
                 if w.objectName() == HELP_WINDOW and w.isVisible()]
    return window


@pytest.fixture
def main_window(qtbot, database, help_key):
    from app.profile import ProfileInput, save_profile
    from ui.main_window import MainWindow

    with database.session() as session:
        save_profile(session, ProfileInput(name="中共测试支部", code="T-1"))
    path = database.path
    database.close()  # the window opens it itself
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_database(path)
    yield window
    window.close()


def test_f1_opens_the_section_of_the_page_in_use(qtbot, main_window) -> None:
    main_window.go_to("会议")
    page = main_window.page("会议")
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_F1)

    help_window = shown_help()
    assert help_window.section() == "meetings"
    assert "记录一次会议" in help_window.text.toPlainText()
    assert help_window.contents.currentItem().text() == "会议"

    main_window.go_to("同步")
    qtbot.keyClick(main_window.sidebar, Qt.Key.Key_F1)  # from the sidebar: the page in view
    assert shown_help().section() == "sync"


def test_f1_in_a_dialog_opens_its_page_section(qtbot, main_window) -> None:
    from ui.dialogs.member_form import MemberForm

    main_window.go_to("党员")
    form = MemberForm(main_window.context, parent=main_window.page("党员"))
    qtbot.addWidget(form)
    form.show()
    focused = form.findChildren(QWidget)[0]
    qtbot.keyClick(focused, Qt.Key.Key_F1)

    help_window = shown_help()
    assert help_window.section() == "members"
    assert help_window.parentWidget() is form  # beside the dialog, not blocked by it


def test_links_between_sections_move_the_contents(qtbot, help_key) -> None:
    window = HelpWindow()
    qtbot.addWidget(window)
    window.show_section("year")
    window.text.setSource(window.text.source().resolved("dues.md"))
    assert window.contents.currentItem().text() == "党费"
    assert window.windowTitle() == "用户手册 — 党费"


def test_help_menu_and_about(qtbot, main_window, monkeypatch) -> None:
    menu = next(a for a in main_window.menuBar().actions() if a.text() == "帮助(&H)").menu()
    assert [a.text() for a in menu.actions()] == ["用户手册\tF1", "关于支部工作台"]
    shown: list[str] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(
        self.text.toPlainText()))
    menu.actions()[1].trigger()
    assert f"支部工作台 {app.__version__}" in shown[0]
    assert str(main_window.context.database.path.parent) in shown[0]
    assert "文泉驿微米黑" in shown[0] and "Apache-2.0" in shown[0] and "LGPL-3.0" in shown[0]
    main_window.go_to("党费")
    menu.actions()[0].trigger()
    assert shown_help().section() == "dues"


def test_f1_in_the_city_window_opens_the_city_section(qtbot, city_window,  # noqa: F811
                                                      help_key) -> None:
    city_window.show()
    qtbot.keyClick(city_window.tabs, Qt.Key.Key_F1)
    assert shown_help().section() == "city"
