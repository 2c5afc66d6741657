"""Qt's own texts in Chinese: its zh_CN catalogue, plus the few strings that catalogue lacks
(seen in Qt's file dialog), and dates in the Chinese way where Qt reads the system's locale."""

import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

#: Source text → Chinese, for strings missing from qtbase_zh_CN.qm (any context).
#: Set on the application once the translations are installed.
INSTALLED = "chinese-installed"
MISSING = {
    "&Look in:": "查找范围(&L)：",
    "Files of &type:": "文件类型(&T)：",
    "Folder": "文件夹",
    "File Folder": "文件夹",
    "Drive": "驱动器",
    "File": "文件",
    "%1 File": "%1 文件",
    "Shortcut": "快捷方式",
    "Alias": "替身",
    "Unknown": "未知",
}


class MissingTexts(QTranslator):
    """Answers only for the strings in MISSING; Qt asks the other translators for the rest."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        return MISSING.get(source, "")

    def isEmpty(self) -> bool:
        return False


def install_translations(app: QApplication) -> None:
    """Qt's own texts (buttons, file dialogs) in Chinese, and Chinese dates and numbers."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if app.property(INSTALLED):
        return
    app.setProperty(INSTALLED, True)
    app.installTranslator(MissingTexts(app))
    catalogue = QTranslator(app)
    if catalogue.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(catalogue)


def prefer_chinese_dates() -> None:
    """Before the application starts: Qt's file dialog formats dates with the system locale;
    on a PC without a Chinese one (Linux's C locale gives "7 12 2026") take Chinese dates."""
    if sys.platform == "win32" or os.environ.get("LC_ALL"):
        return  # Windows' own settings, or a locale the user chose for everything
    current = os.environ.get("LC_TIME") or os.environ.get("LANG") or ""
    if not current.startswith("zh"):
        os.environ["LC_TIME"] = "zh_CN.UTF-8"

