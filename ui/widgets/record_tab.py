"""A tab of records, built top to bottom with the same margins on every page: lines of text,
a row of buttons (actions on the left, printing and export on the right), the table (or the
splitter or list holding the records) taking the height, notes below."""

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

#: A hint under or over a table.
NOTE_STYLE = "color: #666;"

W = TypeVar("W", bound=QWidget)


def note_label(text: str = "", name: str = "", style: str = "") -> QLabel:
    """A line of text that wraps to the width it is given (a hint, a heading, a total)."""
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    if style:
        label.setStyleSheet(style)
    return label


class RecordTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 6, 0, 0)

    def refresh(self) -> None:
        """Show the records anew (a tab its page fills itself does not need this)."""
        raise NotImplementedError

    def add_line(self, widget: W) -> W:
        """A line at its natural height (a heading, a banner, a total)."""
        self.column.addWidget(widget)
        return widget

    def add_note(self, text: str = "", name: str = "", style: str = "") -> QLabel:
        """A line of text that wraps to the tab's width."""
        return self.add_line(note_label(text, name, style))

    def add_buttons(self, left: Sequence[QWidget] = (), right: Sequence[QWidget] = (), *,
                    filler: QWidget | None = None) -> QHBoxLayout:
        """The row of buttons; `filler` takes the space between the two groups."""
        row = QHBoxLayout()
        for widget in left:
            row.addWidget(widget)
        if filler is None:
            row.addStretch(1)
        else:
            row.addWidget(filler, 1)
        for widget in right:
            row.addWidget(widget)
        self.column.addLayout(row)
        return row

    def add_body(self, widget: W) -> W:
        """What holds the records: it takes the height the lines leave."""
        self.column.addWidget(widget, 1)
        return widget
