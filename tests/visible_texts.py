"""What a user reads in a window: every visible label, button, tab, field hint, list and table
text (each tab opened in turn), for checking that it is all Chinese."""

import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from tests.english import english_words

#: Data that is not wording: key fingerprints (1E73 C5D0 …), branch codes (FGW-01), file
#: names and paths, and the Qt mnemonics (&N).
NOT_WORDING = re.compile(r"(?<![0-9A-Za-z])(?:[0-9A-F]{4}(?![0-9A-Za-z])|[A-Z]{2,}-\d[\w-]*)"
                         r"|\S*[/\\]\S*|\S+\.[A-Za-z]{2,8}\b|&\w")
ROWS = 60  # of a table, enough to see every kind of row


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _model_texts(model: QAbstractItemModel | None) -> Iterator[str]:
    if model is None:
        return
    top = QModelIndex()
    rows = model.rowCount(top)
    try:
        columns = model.columnCount(top)
    except TypeError:  # a list model (QStringListModel hides it): one column
        columns = 1
    for orientation, count in ((Qt.Orientation.Horizontal, columns),
                               (Qt.Orientation.Vertical, rows)):
        for section in range(min(count, ROWS)):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield value
    for row in range(min(rows, ROWS)):
        for column in range(columns):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(model.index(row, column), role)
                if isinstance(value, str):
                    yield value


def _own_texts(widget: QWidget) -> Iterator[str]:
    yield widget.toolTip()
    if widget.isWindow():
        yield widget.windowTitle()
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield widget.text()
    elif isinstance(widget, QLineEdit):
        yield widget.placeholderText()
        yield widget.text()
    elif isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
        yield widget.placeholderText()
    elif isinstance(widget, QGroupBox):
        yield QGroupBox.title(widget)  # a subclass may shadow title()
    elif isinstance(widget, QTabWidget):
        yield from (widget.tabText(i) for i in range(widget.count()))
    elif isinstance(widget, QAbstractItemView):
        yield from _model_texts(widget.model())
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        yield widget.placeholderText()
        yield widget.toPlainText()


def visible_texts(root: QWidget) -> Iterator[tuple[QWidget, str]]:
    """(widget, text) for what the user can see in `root`; every tab is opened in turn."""
    yield from ((root, _plain(t)) for t in _own_texts(root) if t)
    if isinstance(root, QTabWidget):
        current = root.currentIndex()
        for index in range(root.count()):
            root.setCurrentIndex(index)
            QApplication.processEvents()
            yield from visible_texts(root.widget(index))
        root.setCurrentIndex(current)
        return
    for child in root.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if not child.isHidden() and not child.isWindow():
            yield from visible_texts(child)


def english_found(root: QWidget) -> dict[str, set[str]]:
    """Words in English found in `root`, with where (object name or class) they were seen."""
    found: dict[str, set[str]] = {}
    for widget, text in visible_texts(root):
        words = english_words(NOT_WORDING.sub(" ", text))
        for word in words:
            found.setdefault(word, set()).add(widget.objectName() or type(widget).__name__)
    return found
