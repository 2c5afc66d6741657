"""Help: the user manual read in the program (F1 opens the section of the page in use), and
关于 (version, data folder, licences)."""

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.manual import FIRST, PAGE_SECTIONS, SECTIONS, section_file

HELP_WINDOW = "help"


class HelpWindow(QWidget):
    """The manual: its sections on the left, the chosen one on the right (links between
    sections and the pictures work offline, from the files shipped with the program)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName(HELP_WINDOW)
        self.setWindowTitle("用户手册")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.contents = QListWidget()
        self.contents.setObjectName("help-contents")
        self.contents.setFixedWidth(150)
        for key, title in SECTIONS:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.contents.addItem(item)
        self.text = QTextBrowser()
        self.text.setObjectName("help-text")
        self.text.setOpenExternalLinks(True)
        self.text.sourceChanged.connect(self._source_changed)
        self.contents.currentRowChanged.connect(
            lambda row: self.show_section(SECTIONS[row][0]) if row >= 0 else None)
        layout = QHBoxLayout(self)
        layout.addWidget(self.contents)
        layout.addWidget(self.text, 1)
        self.resize(860, 600)

    def show_section(self, key: str) -> None:
        path = section_file(key)
        if self.text.source().toLocalFile() != str(path):
            self.text.setSource(QUrl.fromLocalFile(str(path)))

    def section(self) -> str:
        return Path(self.text.source().toLocalFile()).stem

    def _source_changed(self, url: QUrl) -> None:
        """A link to another section moves the contents' selection with it (source() is
        still the old page while this signal is delivered)."""
        key = Path(url.toLocalFile()).stem
        row = next((i for i, (k, _t) in enumerate(SECTIONS) if k == key), -1)
        if row >= 0 and self.contents.currentRow() != row:
            self.contents.blockSignals(True)
            self.contents.setCurrentRow(row)
            self.contents.blockSignals(False)
        self.setWindowTitle(f"用户手册 — {SECTIONS[row][1]}" if row >= 0 else "用户手册")


def section_for(widget: QWidget | None) -> str:
    """The manual's section for where the user is: a widget's own `help_section`, else the
    page (or the dialog opened from a page) it belongs to."""
    while widget is not None:
        own = getattr(widget, "help_section", None)
        if own is not None:
            return own() if callable(own) else own
        name = widget.objectName()
        if name.startswith("page-") and name[5:] in PAGE_SECTIONS:
            return PAGE_SECTIONS[name[5:]]
        widget = widget.parentWidget()
    return FIRST


def show_help(key: str, near: QWidget | None = None) -> HelpWindow:
    """Open (or bring up) the manual at `key`. It belongs to the window of `near`: beside an
    open dialog it must not be blocked by it."""
    owner = near.window() if near is not None else None
    window = next((w for w in QApplication.topLevelWidgets()
                   if isinstance(w, HelpWindow) and w.isVisible()), None)
    if window is not None and window.parentWidget() is not owner:
        window.close()
        window = None
    window = window or HelpWindow(owner)
    window.show_section(key)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


class HelpKey(QObject):
    """F1 anywhere in the program (installed on the application: dialogs included)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_F1 and isinstance(watched, QWidget)
                and watched.objectName() != HELP_WINDOW):
            show_help(section_for(watched), watched)
            return True
        return False


def install_help_key(app: QApplication) -> HelpKey:
    key = HelpKey(app)
    app.installEventFilter(key)
    return key


class AboutDialog(QDialog):
    def __init__(self, data_folder: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.about import about_html

        self.setWindowTitle("关于支部工作台")
        self.text = QTextBrowser()
        self.text.setObjectName("about-text")
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html(data_folder))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(560, 460)
