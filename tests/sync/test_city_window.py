"""The city window as an operator uses it: first run, importing sticks, results, reports."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QPushButton,
)
from sqlalchemy import select

from app.sync.export import export_package
from db.city.models import CityBranch
from tests.sync.conftest import make_branch


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from ui.city.window import CityWindow

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("中共市直属机关工作委员会", True))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    win = CityWindow()
    qtbot.addWidget(win)
    assert win.open_database(tmp_path / "city.db")
    yield win
    win.close()


def click(qtbot, window, name: str) -> None:
    qtbot.mouseClick(window.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_operator_imports_a_stick_and_reads_the_results(window, qtbot, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.heading.text() == "中共市直属机关工作委员会"
    assert "工委密钥指纹" in window.key_line.text()
    branch = make_branch(tmp_path / "branch.db", "GUI-01", window.database)
    try:
        package = export_package(branch, tmp_path / "stick").path
    finally:
        branch.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(package)], ""))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text: asked.append(text) or QMessageBox.StandardButton.Yes)

    click(qtbot, window, "dry_run")
    assert "首次收到" in asked[0] and "GUI-01" in asked[0]
    assert window.results.item(0, 3).text() == "成功" and window.results.item(0, 5).text() == "2"
    assert "试导入" in window.details.toPlainText()
    assert not list((tmp_path / "stick").glob("*.bdreturn"))
    assert window.branches.rowCount() == 0 and "已登记支部 0 个" in window.key_line.text()
    with window.database.session() as session:  # the dry run wrote nothing, the key neither
        assert session.get(CityBranch, "GUI-01") is None

    click(qtbot, window, "import")
    assert len(asked) == 1  # the key was confirmed once; not asked again
    assert window.results.item(0, 4).text() == "首个"
    assert list((tmp_path / "stick").glob("GUI-01-return-*.bdreturn"))
    assert "回执文件" in window.details.toPlainText()
    assert window.branches.rowCount() == 1 and window.branches.item(0, 0).text() == "GUI-01"
    with window.database.session() as session:
        assert session.get(CityBranch, "GUI-01").last_seq == 1

    click(qtbot, window, "import")  # the same stick again: changes nothing
    assert window.results.item(0, 4).text() == "重复"

    # 年度汇总 works itself out when opened, in the background, as a table with 合计.
    report = window.tab("年度汇总")
    report.year.setValue(2026)
    assert report.status.text() == ""  # not worked out before the tab is opened
    window.tabs.setCurrentWidget(report)
    window.show()
    qtbot.waitUntil(lambda: report.worker is None and report.table.rowCount() == 2,
                    timeout=20000)
    names = [report.table.item(r, 0).text() for r in range(2)]
    assert names[1] == "合计" and names[0] != "合计"
    assert report.table.item(1, 10).text() == report.table.item(0, 10).text()
    assert "1 个支部" in report.status.text()
    assert report.members.item(0, 0).text() == "党员总数"


def test_refused_key_is_not_imported(window, qtbot, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    branch = make_branch(tmp_path / "branch.db", "GUI-02", window.database)
    try:
        package = export_package(branch, tmp_path / "stick").path
    finally:
        branch.close()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(package)], ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    click(qtbot, window, "import")
    assert window.results.item(0, 3).text() == "拒收"
    assert "尚未确认" in window.details.toPlainText()
    with window.database.session() as session:
        assert session.scalars(select(CityBranch)).first() is None


def import_branch(window, tmp_path: Path) -> None:
    """Branch GUI-01's first package imported (its key accepted), the list refreshed."""
    from app.city.importer import import_packages
    from tests.sync.conftest import always

    branch = make_branch(tmp_path / "branch.db", "GUI-01", window.database)
    try:
        package = export_package(branch, tmp_path / "stick").path
    finally:
        branch.close()
    import_packages(window.database, [package], confirm_key=always)
    window.refresh()


def test_operator_recommends_a_study_text_and_reads_service_figures(
        window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.city.returns import pending_messages
    from tests.meetings.test_gui import type_chinese

    import_branch(window, tmp_path)
    window.branches.selectRow(0)
    click(qtbot, window, "recommend_study")
    dialog = window.findChild(QDialog)
    save = dialog.ok_button
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.form.message("title") == "请填写篇目名称"
    type_chinese(dialog.title, "在二十届中央纪委四次全会上的重要讲话")
    type_chinese(dialog.source, "新华社")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    with window.database.session() as session:
        [message] = pending_messages(session, "GUI-01")
        assert (message.kind, message.payload["title"]) == (
            "meetings.study_text", "在二十届中央纪委四次全会上的重要讲话")
    window.tabs.setCurrentWidget(window.tab("年度汇总"))
    click(qtbot, window, "make_report")
    qtbot.waitUntil(lambda: window.report.worker is None and window.report.report is not None)
    table = window.report.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    row = dict(zip(headers, (table.item(0, c).text() for c in range(table.columnCount())),
                   strict=True))
    assert (row["第一议题应安排（次）"], row["已安排（次）"]) == ("0", "0")
    assert (row["志愿服务（次）"], row["服务时长（小时）"]) == ("0", "0")


def click_tab(qtbot, window, title: str) -> None:
    bar = window.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_the_later_tabs_are_built_when_first_opened_and_show_their_data(
        window, qtbot, tmp_path: Path) -> None:
    from ui.city.fund.page import CityFundPage
    from ui.city.year_report import YearReportTab

    import_branch(window, tmp_path)
    window.show()
    qtbot.waitExposed(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["各支部", "导入结果", "年度汇总", "互助基金"]
    assert window.report is None and window.findChild(CityFundPage) is None

    click_tab(qtbot, window, "年度汇总")
    report = window.tabs.currentWidget()
    assert isinstance(report, YearReportTab) and window.report is report
    qtbot.waitUntil(lambda: report.worker is None and report.table.rowCount() == 2,
                    timeout=20000)
    assert report.table.item(0, 0).text() == "中共测试单位GUI-01党支部"
    assert "1 个支部" in report.status.text()

    click_tab(qtbot, window, "互助基金")
    fund = window.tabs.currentWidget()
    assert isinstance(fund, CityFundPage) and fund.isVisible()
    qtbot.waitUntil(lambda: fund.worker is None and fund.overview is not None,
                    timeout=20000)  # read in the background
    assert "余额" in fund.status.text() and "待审批申请" in fund.status.text()

    click_tab(qtbot, window, "各支部")
    click_tab(qtbot, window, "年度汇总")  # built once: the same page, the tabs in their order
    assert window.tabs.currentWidget() is report and window.tab("互助基金") is fund
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == titles
    assert window.tabs.count() == 4


def test_opening_the_window_loads_no_later_tab_and_no_branch_model(tmp_path: Path) -> None:
    """What the window loads before its list of branches is shown (a fresh process): the
    other tabs' modules and the branch's tables wait until they are needed."""
    import subprocess
    import sys

    from app.city.keys import init_city
    from db.city.database import CityDatabase

    city = CityDatabase.open(tmp_path / "city.db")
    with city.session() as session:
        init_city(session, "中共市直属机关工作委员会")
    city.close()
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.city.window import CityWindow\n"
        "w = CityWindow(); w.show(); assert w.open_database(sys.argv[1])\n"
        "app.processEvents()\n"
        "print(' '.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "city.db")],
                          capture_output=True, text=True, check=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
                               "XDG_CONFIG_HOME": str(tmp_path / "config"),
                               "XDG_DATA_HOME": str(tmp_path / "data")})
    loaded = set(done.stdout.split())
    assert "ui.city.window" in loaded and "db.city.models" in loaded
    assert not {"ui.city.year_report", "ui.city.fund.page", "app.city.report",
                "app.city.fund", "db.models", "ui.meetings.study_texts"} & loaded
