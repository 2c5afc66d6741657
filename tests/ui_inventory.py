"""Every page and every dialog of the branch and the city windows, opened with demo data.

A test that must look at all of the program's windows (do they fit the screen, is any text
English) walks `ENTRIES`:

    with Harness(branch_db, city_db) as harness:
        for entry in ENTRIES:
            window = harness.open(entry)   # the shown page's main window, or the dialog
            ...
            harness.close_dialogs()

`branch_db` is a copy of the demo branch (tests/conftest.py's `demo_database`), `city_db` a
city database from `build_city_demo`. Message boxes that the openers might raise are answered
"no" and recorded in `harness.messages` instead of blocking.

To add a dialog: append an `Entry` whose `open` shows it (non-blocking: `open()`/`show()`)
and returns it; `buttons` names the buttons (object name or text) that must be on screen.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QTableView,
    QTableWidget,
    QTabWidget,
    QWidget,
)

TODAY = dt.date(2026, 11, 25)
BRANCH, CITY = "支部", "工委"


@dataclass(frozen=True)
class Entry:
    name: str
    side: str
    open: Callable[["Harness"], QWidget]
    #: Buttons (object name or text) that must be visible; dialogs built on FormDialog
    #: need none here: their main button is checked anyway.
    buttons: tuple[str, ...] = ()


class Harness:
    """The branch window on `branch_db` and the city window on `city_db`, both shown."""

    def __init__(self, branch_db: Path, city_db: Path | None = None) -> None:
        self.branch_db, self.city_db = branch_db, city_db
        self.messages: list[str] = []
        self._main: QMainWindow | None = None
        self._city: QMainWindow | None = None

    def __enter__(self) -> "Harness":
        self._patches = _answer_message_boxes(self.messages)
        self._patches.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close_dialogs()
        for window in (self._main, self._city):
            if window is not None:
                window.close()
        self._patches.__exit__(None, None, None)

    # -- the two windows -------------------------------------------------------------------

    @property
    def main(self) -> Any:
        if self._main is None:
            from ui.main_window import MainWindow

            self._main = MainWindow()
            self._main.show()
            assert self._main.open_database(self.branch_db)
        return self._main

    @property
    def city(self) -> Any:
        if self._city is None:
            from ui.city.window import CityWindow

            self._city = CityWindow()
            self._city.show()
            assert self._city.open_database(self.city_db)
        return self._city

    def page(self, title: str) -> Any:
        """The branch window's sidebar page `title`, shown, with the demo's "today"."""
        self.main.go_to(title)
        page = self.main.page(title)
        if hasattr(page, "set_today") and getattr(page, "_inventory_today", None) != TODAY:
            page.set_today(lambda: TODAY)
            page._inventory_today = TODAY
        QApplication.processEvents()
        return page

    def city_fund(self) -> Any:
        page = self.city.tab("互助基金")
        page.today = lambda: TODAY
        self.city.tabs.setCurrentWidget(page)
        QApplication.processEvents()
        while page.worker is not None:  # read in the background, shown when done
            page.worker.wait()
            QApplication.processEvents()
        return page

    # -- opening ---------------------------------------------------------------------------

    def open(self, entry: Entry) -> QWidget:
        window = entry.open(self)
        QApplication.processEvents()
        return window

    def dialog(self, opener: Callable[[], object]) -> QDialog:
        """Run `opener` (a page's action) and return the dialog it opened."""
        before = set(_open_dialogs())
        opener()
        QApplication.processEvents()
        new = [d for d in _open_dialogs() if d not in before]
        assert new, f"no dialog opened; messages: {self.messages[-1:]}"
        return new[-1]

    def close_dialogs(self) -> None:
        for dialog in _open_dialogs():
            dialog.done(0)  # not reject(): no question about unsaved changes here
        QApplication.processEvents()


def _open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible()]


@contextmanager
def _answer_message_boxes(seen: list[str]) -> Iterator[None]:
    """Message boxes and file choosers answer at once (as "no" / cancelled)."""
    def say(*args: Any, **_kw: Any) -> QMessageBox.StandardButton:
        seen.append(str(args[2]) if len(args) > 2 else "")
        return QMessageBox.StandardButton.No

    saved = {}
    answers: dict[tuple[type, str], Callable[..., Any]] = {
        (QMessageBox, "information"): say, (QMessageBox, "warning"): say,
        (QMessageBox, "question"): say, (QMessageBox, "critical"): say,
        (QFileDialog, "getOpenFileName"): lambda *a, **k: ("", ""),
        (QFileDialog, "getSaveFileName"): lambda *a, **k: ("", ""),
        (QFileDialog, "getExistingDirectory"): lambda *a, **k: "",
        (QInputDialog, "getText"): lambda *a, **k: ("", False),
    }
    for (cls, name), answer in answers.items():
        saved[(cls, name)] = cls.__dict__[name]
        setattr(cls, name, staticmethod(answer))
    try:
        yield
    finally:
        for (cls, name), original in saved.items():
            setattr(cls, name, original)


def select_first_row(table: QTableWidget | QTableView) -> None:
    model = table.model()
    assert model.rowCount() > 0, f"{table.objectName()} is empty in the demo data"
    table.setCurrentIndex(model.index(0, 0))
    table.selectRow(0)


def find_button(window: QWidget, key: str) -> QAbstractButton:
    """A button by object name or by its text."""
    for button in window.findChildren(QAbstractButton):
        if button.objectName() == key or button.text() == key:
            return button
    raise AssertionError(f"no button {key!r} in {window.windowTitle()}")


# -- the branch window ---------------------------------------------------------------------

def _sidebar() -> tuple[str, ...]:
    from ui.main_window import PAGES

    return tuple(title for title, _module, _cls in PAGES)


SIDEBAR = _sidebar()


def _page_tab(title: str, tab: str) -> Callable[[Harness], QWidget]:
    def open_(h: Harness) -> QWidget:
        page = h.page(title)
        tabs = page.findChild(QTabWidget)
        index = next(i for i in range(tabs.count()) if tabs.tabText(i) == tab)
        tabs.setCurrentIndex(index)
        return h.main
    return open_


def _page(title: str) -> Callable[[Harness], QWidget]:
    def open_(h: Harness) -> QWidget:
        h.page(title)
        return h.main
    return open_


def _member_action(action: str) -> Callable[[Harness], QWidget]:
    def open_(h: Harness) -> QWidget:
        page = h.page("党员")
        select_first_row(page.table)
        return h.dialog(getattr(page, action))
    return open_


def _meeting_editor(h: Harness, *, new: bool) -> QWidget:
    page = h.page("会议")
    if new:
        return page.new_meeting(["支部委员会"])
    select_first_row(page.list.table)
    return page.open_meeting(page.list.current_id())


def _versions(h: Harness) -> QWidget:
    from ui.meetings.versions import VersionsDialog

    page = h.page("会议")
    select_first_row(page.list.table)
    dialog = VersionsDialog(page.context, page.list.current_id(), h.main)
    dialog.open()
    return dialog


def _planned_signin(h: Harness) -> QWidget:
    return h.page("会议").print_button.planned()


def _pdf_preview(h: Harness) -> QWidget:
    return h.dialog(h.page("党员").print_roster)


def _import_preview(h: Harness) -> QWidget:
    from app.members.excel import preview_roster
    from app.members.excel_export import export_roster
    from ui.dialogs.import_preview import ImportPreviewDialog

    page = h.page("党员")
    path = h.branch_db.parent / "名册.xlsx"
    with page.context.session() as session:
        export_roster(session, path)
        preview = preview_roster(session, path)
    dialog = ImportPreviewDialog(page.context, preview, h.main)
    dialog.open()
    return dialog


def _wizard(h: Harness) -> QWidget:
    from ui.dialogs.setup_wizard import SetupWizard

    wizard = SetupWizard(h.main.context, h.main)
    wizard.open()
    return wizard


def _dues(tab: str, action: str) -> Callable[[Harness], QWidget]:
    def open_(h: Harness) -> QWidget:
        page = h.page("党费")
        page.show_tab(tab)
        widget = page.tab_pages[tab]
        if tab == "收缴登记":
            grid = widget.table
            grid.setCurrentIndex(grid.model().index(0, 1))
        elif hasattr(widget, "table") and widget.table.rowCount():
            select_first_row(widget.table)
        return h.dialog(getattr(widget, action))
    return open_


def _rule_set(h: Harness) -> QWidget:
    page = h.page("设置")
    return h.dialog(page.sections["党费"].new_rule_set)


def _fund(action: str, *, select: bool = False) -> Callable[[Harness], QWidget]:
    def open_(h: Harness) -> QWidget:
        page = h.page("互助金")
        page.tabs.setCurrentWidget(page.ledger)
        if select:
            select_first_row(page.ledger.table)
        return h.dialog(getattr(page.ledger, action))
    return open_


def _advance_application(h: Harness) -> QWidget:
    """The next step of the first application the branch itself still has to act on."""
    page = h.page("互助金")
    tab = page.applications
    page.tabs.setCurrentWidget(tab)
    for row in range(tab.table.rowCount()):
        tab.table.selectRow(row)
        try:
            return h.dialog(tab.advance)
        except AssertionError:
            continue
    raise AssertionError("no application of the demo waits for the branch")


def _visit(*, new: bool) -> Callable[[Harness], QWidget]:
    def open_(h: Harness) -> QWidget:
        page = h.page("慰问")
        if new:
            return h.dialog(lambda: page.new_visit(None))
        select_first_row(page.table)
        return h.dialog(page.edit_visit)
    return open_


def _service(action: Callable[[Any], object], *, tab: str = "",
             select: str = "") -> Callable[[Harness], QWidget]:
    def open_(h: Harness) -> QWidget:
        page = h.page("志愿服务")
        if tab:
            _page_tab("志愿服务", tab)(h)
        if select:
            select_first_row(getattr(page, select))
        return h.dialog(lambda: action(page))
    return open_


def _recruit(action: str, *, select: bool = True) -> Callable[[Harness], QWidget]:
    def open_(h: Harness) -> QWidget:
        page = h.page("发展党员")
        if select:
            select_first_row(page.table)
        return h.dialog(getattr(page, action))
    return open_


def _study_text(h: Harness) -> QWidget:
    return h.dialog(h.page("会议").study_texts.add_text)


def _new_password(h: Harness) -> QWidget:
    from ui.lock.dialogs import NewPasswordDialog

    dialog = NewPasswordDialog("修改密码", h.main, current=True, recovery=True)
    dialog.open()
    return dialog


def _recovery_key(h: Harness) -> QWidget:
    from db import cipher
    from ui.lock.dialogs import RecoveryKeyDialog

    keys = cipher.Keys(key=bytes(32), recovery="ABCD-" * 7 + "ABCD", file={})
    dialog = RecoveryKeyDialog(keys, "中共示范支部", h.branch_db, h.main)
    dialog.open()
    return dialog


def _lock_screen(h: Harness) -> QWidget:
    from ui.lock.screen import LockScreen

    screen = LockScreen(h.branch_db, lambda _password: b"", None, h.main)
    screen.open()
    return screen


# -- the city window -----------------------------------------------------------------------

def _city_tab(tab: str) -> Callable[[Harness], QWidget]:
    def open_(h: Harness) -> QWidget:
        tabs = h.city.tabs
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == tab))
        return h.city
    return open_


def _city_fund_tab(tab: str) -> Callable[[Harness], QWidget]:
    def open_(h: Harness) -> QWidget:
        page = h.city_fund()
        page.tabs.setCurrentIndex(
            next(i for i in range(page.tabs.count()) if page.tabs.tabText(i) == tab))
        return h.city
    return open_


def _city_recommend(h: Harness) -> QWidget:
    _city_tab("各支部")(h)
    select_first_row(h.city.branches)
    return h.dialog(h.city.recommend_study)


def _city_decision(h: Harness) -> QWidget:
    from app.city import fund
    from ui.city.fund.dialogs import DecisionDialog

    page = h.city_fund()
    with page.context.session() as session:
        application = fund.applications(session)[0]
    dialog = DecisionDialog(page, application, True, "（规则说明）", h.city)
    dialog.open()
    return dialog


def _city_rules(h: Harness) -> QWidget:
    page = h.city_fund()
    return h.dialog(page.queue.edit_rules)


def _city_income(h: Harness) -> QWidget:
    page = h.city_fund()
    return h.dialog(page.ledger.income.click)


def _city_reverse(h: Harness) -> QWidget:
    page = h.city_fund()
    page.tabs.setCurrentWidget(page.ledger)
    select_first_row(page.ledger.table)
    return h.dialog(page.ledger.reverse_entry)


ENTRIES: tuple[Entry, ...] = (
    *(Entry(f"{title}页", BRANCH, _page(title)) for title in SIDEBAR),
    Entry("会议 › 按期检查", BRANCH, _page_tab("会议", "按期检查")),
    *(Entry(f"党费 › {tab}", BRANCH, _page_tab("党费", tab))
      for tab in ("年度核定", "欠缴提醒", "减免", "上缴", "收据")),
    Entry("互助金 › 补助申请", BRANCH, _page_tab("互助金", "补助申请")),
    Entry("慰问 › 慰问名单", BRANCH, _page_tab("慰问", "慰问名单")),
    Entry("慰问 › 汇总", BRANCH, _page_tab("慰问", "汇总")),
    Entry("新增党员", BRANCH, _member_action("add_member"), ("保存", "取消")),
    Entry("编辑党员信息", BRANCH, _member_action("edit_member"), ("保存", "取消")),
    Entry("转出/转入", BRANCH, _member_action("transfer_member")),
    Entry("回收站", BRANCH, _member_action("open_recycle_bin")),
    Entry("导入名册预览", BRANCH, _import_preview),
    Entry("打印预览", BRANCH, _pdf_preview),
    Entry("新建会议记录", BRANCH, lambda h: _meeting_editor(h, new=True),
          ("save", "finalise")),
    Entry("打开会议记录", BRANCH, lambda h: _meeting_editor(h, new=False)),
    Entry("会议版本记录", BRANCH, _versions),
    Entry("计划签到表", BRANCH, _planned_signin),
    Entry("设置向导", BRANCH, _wizard),
    Entry("集中交纳党费", BRANCH, _dues("收缴登记", "batch")),
    Entry("登记交纳党费", BRANCH, _dues("收缴登记", "pay")),
    Entry("自愿交纳党费", BRANCH, _dues("收缴登记", "voluntary")),
    Entry("党费核定", BRANCH, _dues("年度核定", "edit")),
    Entry("登记党费减免", BRANCH, _dues("减免", "add")),
    Entry("登记党费上缴", BRANCH, _dues("上缴", "add")),
    Entry("新增党费规则版本", BRANCH, _rule_set),
    Entry("登记捐款", BRANCH, _fund("add_donation")),
    Entry("上缴捐款", BRANCH, _fund("remit_up")),
    Entry("登记其他收入", BRANCH, _fund("add_income")),
    Entry("冲销账目", BRANCH, _fund("reverse_entry", select=True)),
    Entry("复核账目", BRANCH, _fund("confirm_entry", select=True)),
    Entry("登记补助申请", BRANCH, lambda h: h.dialog(h.page("互助金").applications.add)),
    Entry("办理补助申请", BRANCH, _advance_application),
    Entry("登记慰问", BRANCH, _visit(new=True)),
    Entry("修改慰问记录", BRANCH, _visit(new=False)),
    Entry("会议 › 学习篇目", BRANCH, _page_tab("会议", "学习篇目")),
    Entry("发展党员 › 程序和时限检查", BRANCH, _page_tab("发展党员", "程序和时限检查")),
    Entry("新增入党申请人", BRANCH, _recruit("new_record", select=False)),
    Entry("入党申请人基本信息", BRANCH, _recruit("edit_recruit")),
    Entry("登记发展步骤", BRANCH, _recruit("new_step")),
    Entry("入党材料", BRANCH, _recruit("edit_papers")),
    Entry("停止发展", BRANCH, _recruit("end_selected")),
    Entry("增加学习篇目", BRANCH, _study_text),
    *(Entry(f"志愿服务 › {tab}", BRANCH, _page_tab("志愿服务", tab))
      for tab in ("微心愿", "社区问题", "党员情况", "报到社区")),
    Entry("登记志愿服务", BRANCH, _service(lambda p: p.new_activity())),
    Entry("修改志愿服务", BRANCH, _service(lambda p: p.edit_activity(), select="activities")),
    Entry("登记微心愿", BRANCH, _service(lambda p: p.open_wish(None), tab="微心愿")),
    Entry("登记社区问题", BRANCH, _service(lambda p: p.open_problem(None), tab="社区问题")),
    Entry("居住地社区", BRANCH, _service(lambda p: p.edit_home(), tab="党员情况",
                                     select="members")),
    Entry("登记报到社区", BRANCH, _service(lambda p: p.new_community(), tab="报到社区")),
    Entry("设置或修改密码", BRANCH, _new_password),
    Entry("恢复密钥", BRANCH, _recovery_key, ("保存恢复密钥页（PDF）…",)),
    Entry("锁定界面", BRANCH, _lock_screen),
    *(Entry(f"工委 › {tab}", CITY, _city_tab(tab)) for tab in ("各支部", "导入结果", "年度汇总")),
    *(Entry(f"工委 › 互助基金 › {tab}", CITY, _city_fund_tab(tab))
      for tab in ("补助申请", "基金账目", "年度报表")),
    Entry("工委 › 推荐学习篇目", CITY, _city_recommend),
    Entry("工委 › 审批补助申请", CITY, _city_decision),
    Entry("工委 › 互助基金规则", CITY, _city_rules),
    Entry("工委 › 登记基金收入", CITY, _city_income),
    Entry("工委 › 冲销账目", CITY, _city_reverse),
)


def settings_in(folder: Path) -> None:
    """Window sizes and the like go to `folder`, not to the user's settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
