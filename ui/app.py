"""Starting the GUI: fonts, translations, the main window, then the database."""

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QSettings,
)
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from base.paths import data_dir, default_database, is_portable, resource_path
from ui.widgets.screen import install_screen_guard
from ui.widgets.wheel import guard_wheel

UI_FONT = ("fonts", "wqy-microhei.ttc")
#: When set to a file path, the GUI starts, writes its start-up times there as JSON and quits
#: (bench/startup.py and the bundle smoke test).
STARTUP_PROBE = "BRANCHDESK_STARTUP_PROBE"
READY_TIMEOUT_S = 60  # the probe stops waiting for 首页 then, and reports it as an error


def guard_windows(app: QApplication) -> None:
    """Every window fits the screen, and the wheel changes only a field that has the focus.
    Installed once the main window has painted: their first use loads Qt's enums (about
    0.1 s), which the first paint need not wait for."""
    install_screen_guard(app)
    guard_wheel(app)


def setup_application(app: QApplication) -> None:
    """Organisation names for QSettings, the bundled font and Qt's own Chinese strings."""
    app.setOrganizationName("BranchDesk")
    app.setApplicationName("BranchDesk")
    app.setApplicationDisplayName("支部工作台")
    if is_portable():
        # Window sizes and the like stay on the stick too, not in the PC's registry.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(data_dir()))
    icon = resource_path("icons", "branchdesk.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_font(app)
    from ui.qt_chinese import install_translations

    install_translations(app)


def install_font(app: QApplication) -> None:
    """The bundled Chinese font, so the program looks the same on every PC."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*UI_FONT)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = QFont(families[0])
        font.setPointSize(10)
        app.setFont(font)


class _StartupProbe(QObject):
    """Notes when the window is first painted, and errors raised in Qt's slots (which Qt
    would only print); see STARTUP_PROBE."""

    def __init__(self, window: QWidget, path: str) -> None:
        super().__init__(window)
        self.path = Path(path)
        self.painted: float | None = None
        self.errors: list[str] = []
        window.installEventFilter(self)
        shown = sys.excepthook

        def note(kind: type[BaseException], error: BaseException,
                 trace: TracebackType | None) -> None:
            self.errors.append(f"{kind.__name__}: {error}")
            shown(kind, error, trace)

        sys.excepthook = note

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.painted is None and event.type() == QEvent.Type.Paint:
            self.painted = time.monotonic()
        return False

    def report(self, ready: float) -> int:
        """Write the times (time.monotonic) and what the user would see; 0 if painted
        without errors."""
        result = {
            "painted": self.painted,
            "ready": ready,
            "errors": self.errors,
            "font": QApplication.font().family(),
            "cancel_button": QCoreApplication.translate("QPlatformTheme", "Cancel"),
        }
        self.path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return 0 if self.painted is not None and not self.errors else 1


MODE_SETTING = "startup/mode"  # "branch" or "city": what this PC is used for


def _ask_mode() -> str:
    box = QMessageBox(QMessageBox.Icon.Question, "支部工作台", "这台电脑用于：")
    box.setInformativeText("党支部：记录本支部的党员、会议、党费等，并把数据包交给工委。\n"
                           "市直机关工委：导入各支部的数据包，汇总、审批并发回回执。\n"
                           "（以后可用 branchdesk --city 打开工委模式。）")
    box.setStyleSheet("#qt_msgbox_informativelabel { min-width: 420px; }")  # one line each
    branch = box.addButton("党支部", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("市直机关工委", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(branch)
    box.exec()
    return "branch" if box.clickedButton() is branch else "city"


def choose_city_mode(db_path: str | None, city: bool, ask: Callable[[], str] = _ask_mode) -> bool:
    """`--city` or `--db` decide; otherwise the first run on a PC asks once and remembers."""
    if city or db_path:
        return city
    settings = QSettings()
    mode = settings.value(MODE_SETTING)
    if mode not in ("branch", "city"):
        mode = "branch" if default_database().exists() else ask()
        settings.setValue(MODE_SETTING, mode)
    return mode == "city"


def run(db_path: str | None = None, city: bool = False) -> int:
    from ui.qt_chinese import prefer_chinese_dates

    prefer_chinese_dates()
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv)
    setup_application(app)
    city = choose_city_mode(db_path, city)
    window: QMainWindow
    open_database: Callable[[], bool]
    if city:
        from ui.city.window import CityWindow

        city_window = CityWindow()
        # The city database may be a postgresql:// URL, which Path would mangle.
        window, open_database = city_window, lambda: city_window.open_database(db_path)
    else:
        from ui.main_window import MainWindow

        branch_window = MainWindow()
        window, open_database = branch_window, lambda: branch_window.open_database(
            Path(db_path) if db_path else None)
    probe_path = os.environ.get(STARTUP_PROBE)
    probe = _StartupProbe(window, probe_path) if probe_path else None
    window.show()
    app.processEvents()  # paint the window before the heavy imports and the database
    from ui.help import install_help_key

    install_help_key(app)
    if probe is None:  # the probe notes errors itself, where the dialog would wait for a click
        from ui.error_dialog import install_exception_hook

        install_exception_hook()
    guard_windows(app)
    if not open_database():
        return 1
    if probe is not None:
        app.processEvents()
        is_ready = getattr(window, "is_ready", lambda: True)
        give_up = time.monotonic() + READY_TIMEOUT_S
        while not is_ready() and time.monotonic() < give_up:  # 首页 fills itself after painting
            app.processEvents()
        if not is_ready():
            probe.errors.append(f"首页在{READY_TIMEOUT_S}秒内未完成")
        ready = time.monotonic()
        window.close()
        return probe.report(ready)
    return app.exec()
