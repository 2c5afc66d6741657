"""Starting the GUI: fonts, translations, the main window, then the database."""

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from app.paths import resource_path

UI_FONT = ("fonts", "wqy-microhei.ttc")


def setup_application(app: QApplication) -> None:
    """Organisation names for QSettings, the bundled font and Qt's own Chinese strings."""
    app.setOrganizationName("BranchDesk")
    app.setApplicationName("BranchDesk")
    app.setApplicationDisplayName("支部工作台")
    icon = resource_path("icons", "branchdesk.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*UI_FONT)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = QFont(families[0])
        font.setPointSize(10)
        app.setFont(font)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Territory.China))
    translator = QTranslator(app)
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", qt_translations):
        app.installTranslator(translator)


def run(db_path: str | None = None, city: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    setup_application(app)
    if city:
        from ui.city.window import CityWindow

        window = CityWindow()
    else:
        from ui.main_window import MainWindow

        window = MainWindow()
    window.show()
    app.processEvents()  # paint the window before the heavy imports and the database
    if not window.open_database(Path(db_path) if db_path else None):
        return 1
    return app.exec()
