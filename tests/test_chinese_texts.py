"""No English in what the user reads: every page (each tab opened) and every dialog of the
branch and the city windows (tests/ui_inventory.py lists them), the city window with a
message queued, Qt's own dialogs, and the command line."""

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.english import english_words
from tests.program_look import program_look  # noqa: F401 - a fixture
from tests.sync.test_city_window import window as city_window  # noqa: F401 - a fixture
from tests.ui_inventory import ENTRIES, Harness, settings_in
from tests.visible_texts import english_found

pytestmark = pytest.mark.usefixtures("program_look")


def test_every_page_and_dialog_of_both_windows_is_chinese(
        qtbot, tmp_path: Path, _demo_template: Path, city_demo_template: Path) -> None:
    for name, source in (("branch.db", _demo_template), ("city.db", city_demo_template)):
        shutil.copyfile(source, tmp_path / name)
    settings_in(tmp_path / "settings")
    found = {}
    with Harness(tmp_path / "branch.db", tmp_path / "city.db") as harness:
        for entry in ENTRIES:
            words = english_found(harness.open(entry))
            if words:
                found[entry.name] = words
            harness.close_dialogs()
    assert found == {}


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
    for title in ("互助基金", "年度汇总"):  # the tabs built when first shown, shown
        city_window.tabs.setCurrentWidget(city_window.tab(title))
    qtbot.waitUntil(lambda: city_window.report.worker is None
                    and city_window.report.table.rowCount() > 0, timeout=20000)
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
