"""No English in what the user reads: every page (each tab opened) and the dialogs of the
branch window on the demo branch, the city window, Qt's own dialogs, and the command line.

To cover a new dialog, add a line to BRANCH_DIALOGS or CITY_DIALOGS."""

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from tests.conftest import TODAY
from tests.english import english_words
from tests.program_look import program_look  # noqa: F401 - a fixture
from tests.sync.test_city_window import window as city_window  # noqa: F401 - a fixture
from tests.visible_texts import english_found

pytestmark = pytest.mark.usefixtures("program_look")


@pytest.fixture
def branch_window(qtbot, demo_database, tmp_path: Path) -> Iterator[QWidget]:
    from ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    path = demo_database.path
    demo_database.close()  # the window opens it itself
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_database(path)
    yield window
    window.close()


def test_every_page_of_the_branch_window_is_chinese(branch_window) -> None:
    from ui.main_window import PAGES

    for title, _module, _cls in PAGES:
        branch_window.go_to(title)
        QApplication.processEvents()
        assert english_found(branch_window) == {}, title


def _first_member(window) -> str:
    from app.members.service import list_members

    with window.context.session() as session:
        return list_members(session)[0].id


def _first_meeting(window) -> str:
    from app.meetings.listing import list_meetings

    with window.context.session() as session:
        return list_meetings(session)[0].id


def _member_form(window, member: bool) -> QWidget:
    from ui.dialogs.member_form import MemberForm

    return MemberForm(window.context, _first_member(window) if member else None,
                      parent=window.page("党员"))


def _meeting_editor(window) -> QWidget:
    return window.page("会议").open_meeting(_first_meeting(window))


def _visit(window) -> QWidget:
    from ui.visits.dialog import VisitDialog

    return VisitDialog(window.context, TODAY, parent=window.page("慰问"))


def _wizard(window) -> QWidget:
    from ui.dialogs.setup_wizard import SetupWizard

    return SetupWizard(window.context, window)


def _recycle_bin(window) -> QWidget:
    from ui.dialogs.recycle_bin import RecycleBinDialog

    return RecycleBinDialog(window.context, window.page("党员"))


def _transfer(window) -> QWidget:
    from ui.dialogs.transfer import TransferDialog

    return TransferDialog(window.context, _first_member(window), parent=window.page("党员"))


def _versions(window) -> QWidget:
    from ui.meetings.versions import VersionsDialog

    return VersionsDialog(window.context, _first_meeting(window), window.page("会议"))


def _signin(window) -> QWidget:
    from ui.dialogs.meeting_print import PlannedSigninDialog

    return PlannedSigninDialog(window.context, window.page("会议"))


def _donation(window) -> QWidget:
    from ui.fund.dialogs import DonationDialog

    return DonationDialog(window.context, TODAY, window.page("互助金"))


def _aid_application(window) -> QWidget:
    from ui.fund.application_dialogs import RegisterDialog

    return RegisterDialog(window.context, TODAY, window.page("互助金"))


def _fund_income(window) -> QWidget:
    from ui.fund.dialogs import IncomeDialog

    return IncomeDialog(window.context, TODAY, window.page("互助金"))


BRANCH_DIALOGS: dict[str, Callable[[QWidget], QWidget]] = {
    "新增党员": lambda w: _member_form(w, False),
    "编辑党员": lambda w: _member_form(w, True),
    "回收站": _recycle_bin,
    "组织关系转接": _transfer,
    "会议记录": _meeting_editor,
    "版本记录": _versions,
    "签到表": _signin,
    "登记慰问": _visit,
    "登记捐款": _donation,
    "登记补助申请": _aid_application,
    "登记其他收入": _fund_income,
    "设置向导": _wizard,
}


@pytest.mark.parametrize("name", list(BRANCH_DIALOGS))
def test_every_dialog_of_the_branch_window_is_chinese(qtbot, branch_window, name: str) -> None:
    dialog = BRANCH_DIALOGS[name](branch_window)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert english_found(dialog) == {}


def test_the_city_window_is_chinese(qtbot, city_window, tmp_path: Path) -> None:  # noqa: F811
    from app.city.importer import import_packages
    from app.city.returns import queue_message
    from app.sync.export import export_package
    from tests.sync.conftest import always, make_branch

    branch = make_branch(tmp_path / "branch.db", "ZW-01", city_window.database)
    try:
        package = export_package(branch, tmp_path / "stick").path
    finally:
        branch.close()
    results = import_packages(city_window.database, [package], confirm_key=always)
    with city_window.database.session() as session:
        queue_message(session, "ZW-01", "notice", {"title": "通知", "text": "年底前换届"})
    city_window.show_results(results, False, [])
    city_window.refresh()
    city_window.show()
    qtbot.waitUntil(lambda: city_window.report.thread is None, timeout=20000)
    assert english_found(city_window) == {}


def test_qt_file_dialog_and_dates_are_chinese(qtbot) -> None:
    dialog = QFileDialog(None, "选择文件", str(Path(__file__).parent), "PDF 文件 (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, as on Linux
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(300)  # the folder is read in the background
    found = english_found(dialog)
    found.pop(Path.home().name, None)  # the home folder's name in the side bar
    assert found == {}


def test_dates_of_the_system_locale_are_chinese(tmp_path: Path) -> None:
    """Qt's file dialog dates follow the system locale; the program asks for Chinese ones."""
    script = ("import os; from ui.qt_chinese import prefer_chinese_dates; prefer_chinese_dates();"
              "from PySide6.QtCore import QCoreApplication, QLocale, QDateTime, QDate, QTime;"
              "app = QCoreApplication([]);"
              "print(QLocale.system().toString(QDateTime(QDate(2026, 12, 7), QTime(9, 41)),"
              " QLocale.FormatType.ShortFormat))")
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONPATH": str(Path.cwd()),
           "HOME": str(tmp_path)}
    shown = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, check=True, cwd=Path(__file__).parent.parent).stdout
    assert shown.strip() == "2026/12/7 09:41"


def cli_help_texts() -> Iterator[tuple[str, str, set[str]]]:
    """Every subcommand's --help as `branchdesk` prints it, with what the user types there
    (command names, options, their value placeholders), which are not wording."""
    import argparse

    from app.cli import build_parser

    def walk(parser: argparse.ArgumentParser, name: str) -> Iterator[tuple[str, str, set[str]]]:
        typed = set(name.split())
        for action in parser._actions:
            typed.update(action.option_strings)
            for metavar in (action.metavar if isinstance(action.metavar, tuple)
                            else (action.metavar or action.dest.upper(),)):
                typed.add(str(metavar))
            if isinstance(action, argparse._SubParsersAction):
                typed.update(action.choices)
        yield name, parser.format_help(), typed
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    yield from walk(sub, f"{name} {sub_name}")

    yield from walk(build_parser(), "branchdesk")


def test_command_line_help_is_chinese() -> None:
    import re

    found = {}
    for name, text, typed in cli_help_texts():
        words = {w for w in english_words(re.sub(r"[-\w]*-[-\w]*|\{[^}]*\}|\w+://", " ", text))
                 if w not in typed and w.upper() not in typed}
        if words:
            found[name] = words
    assert found == {}
