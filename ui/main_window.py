"""The branch window: a sidebar of pages, a status bar, remembered geometry."""

import contextlib
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from ui.areas import Area, Areas, Page
from ui.page_actions import Finds, GuardsLeaving, MakesRecords, Prints
from ui.widgets.screen import restore_geometry, save_geometry

if TYPE_CHECKING:  # loaded with the database, after the first paint
    from db.database import Database
    from ui.context import AppContext
    from ui.lock.idle import IdleLock

#: Sidebar entries: title, module and class of the page (built on first visit).
PAGES: tuple[tuple[str, str, str], ...] = (
    ("首页", "ui.home.page", "HomePage"),
    ("党员", "ui.members.page", "MembersPage"),
    ("会议", "ui.meetings.page", "MeetingsPage"),
    ("发展党员", "ui.recruits.page", "RecruitsPage"),
    ("党费", "ui.dues.page", "DuesPage"),
    ("互助金", "ui.fund.page", "FundPage"),
    ("慰问", "ui.visits.page", "VisitsPage"),
    ("志愿服务", "ui.service.page", "ServicePage"),
    ("同步", "ui.sync.page", "SyncPage"),
    ("设置", "ui.settings.page", "SettingsPage"),
)

BACKUP_CHECK_MS = 5 * 60 * 1000
GEOMETRY_KEY = "main_window/geometry"
#: Small enough for 1366×768 at 125 % with a taskbar; the pages are laid out for it.
MINIMUM_SIZE = QSize(800, 540)


def _settle_interrupted_exports(database: "Database") -> None:
    """An export killed between its file's rename and its commit is settled at start."""
    from app.sync.pending import resolve_interrupted
    from base.errors import UserError

    with contextlib.suppress(UserError):  # the next export settles it, or says why not
        resolve_interrupted(database)


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(MINIMUM_SIZE)
        self.context: AppContext | None = None
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(120)
        self.sidebar.setStyleSheet(
            "#sidebar { font-size: 15px; } #sidebar::item { padding: 10px 14px; }"
        )
        self.sidebar.addItems([title for title, _module, _cls in PAGES])
        self.stack = QStackedWidget()
        self._pages: dict[str, Page] = {}
        self._stale: set[str] = set()  # titles of pages to refresh when next shown
        self._row = -1  # the page shown
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage("正在打开数据库…")
        restore_geometry(self, GEOMETRY_KEY, QSize(1200, 760))
        self.idle_lock: IdleLock | None = None
        self._backup_timer = QTimer(self)
        self._backup_timer.timeout.connect(self._backup_if_due)
        from ui.help_menu import add_help_menu

        add_help_menu(self.menuBar(), self, lambda: self.context.branch_database.path.parent
                      if self.context is not None else None)

    def open_context(self) -> "AppContext":
        """The open database's context: every action but opening one comes after it."""
        if self.context is None:
            raise RuntimeError("未打开数据库")
        return self.context

    def help_section(self) -> str:
        """The manual's section for the page in view (F1)."""
        from app.manual import PAGE_SECTIONS

        widget = self.stack.currentWidget()
        title = widget.objectName().removeprefix("page-") if widget is not None else "首页"
        return PAGE_SECTIONS.get(title, "home")

    def open_database(self, path: Path | None) -> bool:
        """Open (and if needed migrate) the database, then show 首页; False if refused."""
        from base.errors import UserError
        from base.log import get_logger, setup_logging
        from base.paths import default_database
        from db.database import Database
        from ui.context import AppContext

        path = Path(path or default_database()).resolve()
        setup_logging(path.parent / "logs")
        get_logger("branch").info("打开支部数据库：%s", path)
        try:
            key = self._ask_key(path)
            if key is False:
                self.close()
                return False
            database = Database.open(path, key=key)
        except UserError as exc:
            QMessageBox.critical(self, "无法打开数据库", exc.message)
            self.close()
            return False
        database.actor = "书记"
        _settle_interrupted_exports(database)
        self.context = AppContext(database)
        self._start_idle_lock()
        self.context.data_changed.connect(self._on_data_changed)
        self._add_keys()  # after the first paint, like the database
        self.sidebar.currentRowChanged.connect(self.show_page)
        self.statusBar().showMessage(f"数据库：{path}")
        self._backup_timer.start(BACKUP_CHECK_MS)
        if not self._has_profile():
            self._run_setup_wizard()
        # Not setCurrentRow(0): the sidebar may already be on row 0 (it takes the focus when
        # the window is shown), and then no signal would build 首页.
        self.show_page(0)
        return True

    def _ask_key(self, path: Path) -> bytes | Literal[False] | None:
        """The key of a database with a password (the lock screen, or BRANCHDESK_PASSWORD
        for scripts and the start-up bench); None for a plain one; False if not given."""
        import os

        from app.lock import service
        from db import cipher

        if not service.is_protected(path):
            return None
        if (given := os.environ.get(service.PASSWORD_ENV)) is not None:
            return cipher.unlock(path, given)
        from ui.lock.dialogs import recover_at_start
        from ui.lock.screen import LockScreen

        screen = LockScreen(path, lambda password: cipher.unlock(path, password),
                            recover=lambda parent: recover_at_start(path, parent), parent=self)
        return screen.key if screen.exec() else False

    def _start_idle_lock(self) -> None:
        from app import settings
        from app.lock.idle import IDLE_MINUTES
        from ui.lock.idle import IdleLock

        if self.idle_lock is not None:
            self.idle_lock.stop()
            self.idle_lock = None
        context = self.open_context()
        database = context.branch_database
        if database.key is None:
            return
        with context.session() as session:
            minutes = settings.get(session, IDLE_MINUTES)
        self.idle_lock = IdleLock(self, database.path, database.key, minutes, self._locked_out)

    def _locked_out(self) -> None:
        self.close()

    def reopen(self, change: Callable[[Path, bytes | None], bytes | None]) -> None:
        """Close the database, let `change(path, key)` convert it (a password set, changed
        or taken off) and open it again with the key it returns (the old one if it fails)."""
        from db.database import Database

        context = self.open_context()
        database = context.branch_database
        path, key = database.path, database.key
        database.close()
        try:
            key = change(path, key)
        finally:
            reopened = Database.open(path, key=key)
            reopened.actor = database.actor
            context.database = reopened
            self._start_idle_lock()

    def _has_profile(self) -> bool:
        from app.profile import profile_input

        with self.open_context().session() as session:
            profile = profile_input(session)
        if profile is not None:
            self.setWindowTitle(profile.name)  # Qt adds the program's name after it
        return profile is not None

    def _run_setup_wizard(self) -> None:
        from ui.dialogs.setup_wizard import SetupWizard

        context = self.open_context()
        wizard = SetupWizard(context, self)
        done = wizard.exec()
        self._has_profile()
        if done and wizard.password_page.password:
            from ui.lock.settings import protect

            protect(self, context, wizard.password_page.password)

    def is_ready(self) -> bool:
        """首页 has filled itself (it paints first and fills right after)."""
        home = self._pages.get(PAGES[0][0])
        is_filled = getattr(home, "is_filled", None)
        return home is not None and (is_filled is None or is_filled())

    def page(self, title: str) -> Any:
        """The page of that sidebar title, built the first time it is asked for."""
        if title not in self._pages:
            _title, module, cls = next(p for p in PAGES if p[0] == title)
            widget = getattr(importlib.import_module(module), cls)(self.context, self)
            widget.setObjectName(f"page-{title}")
            self._pages[title] = widget
            self.stack.addWidget(widget)
        return self._pages[title]

    def show_page(self, row: int) -> None:
        if row < 0 or self.context is None:
            return
        title = PAGES[row][0]
        if row != self._row and not self._may_leave_page():
            self.sidebar.blockSignals(True)  # back to the page the user stays on
            self.sidebar.setCurrentRow(self._row)
            self.sidebar.blockSignals(False)
            return
        widget = self.page(title)
        self._refresh_if_stale(widget)
        self.stack.setCurrentWidget(widget)
        self._row = row
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)

    def go_to(self, title: str) -> None:
        self.show_page(next(i for i, p in enumerate(PAGES) if p[0] == title))

    def _on_data_changed(self, areas: Areas) -> None:
        """Refresh the page in view now and the other pages that show those areas when they
        are next shown: refreshing every page took 1.8 s after saving a 慰问 in the demo
        branch (首页's reminders alone 0.8 s), the window frozen meanwhile."""
        self._stale |= {title for title, page in self._pages.items() if page.AREAS & areas}
        self._refresh_if_stale(self.stack.currentWidget())
        if Area.SETTINGS in areas:
            self._has_profile()

    # -- keys --------------------------------------------------------------------------------

    def _add_keys(self) -> None:
        for row in range(min(len(PAGES), 10)):  # Ctrl+1 … Ctrl+9, then Ctrl+0
            QShortcut(QKeySequence(f"Ctrl+{(row + 1) % 10}"), self,
                      lambda row=row: self.sidebar.setCurrentRow(row))
        QShortcut(QKeySequence.StandardKey.New, self, self.new_record)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_page)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def new_record(self) -> None:
        page = self.current_page()
        if isinstance(page, MakesRecords):
            page.new_record()

    def focus_search(self) -> None:
        page = self.current_page()
        if isinstance(page, Finds):
            page.focus_search()

    def print_page(self) -> None:
        page = self.current_page()
        if isinstance(page, Prints):
            page.print_page()

    def _may_leave_page(self) -> bool:
        page = self.current_page()
        return not isinstance(page, GuardsLeaving) or page.may_leave()

    def _refresh_if_stale(self, widget: QWidget | None) -> None:
        title = widget.objectName().removeprefix("page-") if widget is not None else ""
        if title not in self._stale:
            return
        self._stale.discard(title)
        refresh = getattr(widget, "refresh", None)
        if refresh is not None:
            refresh()

    def _backup_if_due(self) -> None:
        from base.errors import UserError

        try:
            made = self.open_context().branch_database.maybe_backup()
        except UserError as exc:
            self.statusBar().showMessage(exc.message)
            return
        if made is not None:
            self.statusBar().showMessage(f"已自动备份：{made.name}", 10000)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.context is not None and not self._may_leave_page():
            event.ignore()
            return
        save_geometry(self, GEOMETRY_KEY)
        if self.idle_lock is not None:
            self.idle_lock.stop()
        if self.context is not None:
            self._backup_if_due()
            self.context.database.close()
            self.context = None
        super().closeEvent(event)
