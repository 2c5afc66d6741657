"""A column of labelled fields, each with a message line under it (red error, amber warning)."""

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ui.widgets.typed import W, of_kind

ERROR_STYLE = "color: #c62828;"
WARNING_STYLE = "color: #b26a00;"


def widget_of(widgets: Mapping[str, QWidget], key: str, kind: type[W]) -> W:
    """The widget under `key`, as the kind it was made."""
    return of_kind(widgets[key], kind)


class FieldForm(QWidget):
    def __init__(self, parent: QWidget | None = None, label_width: int = 96) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnMinimumWidth(0, label_width)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(6)
        self.fields: dict[str, QWidget] = {}
        self._messages: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}

    def add(self, key: str, label: str, widget: W, *, required: bool = False) -> W:
        """A row: the label, the widget and (hidden until needed) its message."""
        row = self._grid.rowCount()
        caption = QLabel(f"{label}<span style='color:#c62828'> *</span>" if required else label)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        caption.setBuddy(widget)
        message = QLabel()
        message.setObjectName(f"message-{key}")
        message.setWordWrap(True)
        message.hide()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(message)
        self._grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(cell, row, 1)
        # Level with the first line of the widget, even when the widget is tall.
        caption.setMinimumHeight(min(widget.sizeHint().height(), widget.maximumHeight(), 32))
        self.fields[key] = widget
        self._messages[key] = message
        self._captions[key] = caption
        return widget

    def field(self, key: str, kind: type[W]) -> W:
        return widget_of(self.fields, key, kind)

    def caption(self, key: str) -> QLabel:
        return self._captions[key]

    def add_wide(self, widget: QWidget) -> None:
        """A widget across both columns (a note, a table)."""
        self._grid.addWidget(widget, self._grid.rowCount(), 0, 1, 2)

    def show_message(self, key: str, text: str, *, warning: bool = False) -> None:
        message = self._messages[key]
        message.setText(text)
        message.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        message.setVisible(bool(text))

    def message(self, key: str) -> str:
        label = self._messages[key]
        return "" if label.isHidden() else label.text()

    def clear_messages(self) -> None:
        for key in self._messages:
            self.show_message(key, "")
