"""修订 of a finalised record: keep the figures frozen at 定稿 (the default), or recompute
them from the roster of the meeting date — with the old and new figures side by side."""

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.meetings.figures import FigureChange

CHANGED = QColor("#fff3cd")


class RecomputeChoice(QWidget):
    toggled = Signal(bool)

    def __init__(self, compare: Callable[[], list[FigureChange]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._compare = compare
        self.box = QCheckBox("按会议当日的党员名单重新计算应到人数、表决权和表决结果"
                             "（不勾选则保持定稿时的结果）")
        self.box.setObjectName("recompute")
        self.box.toggled.connect(self._toggled)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("recompute-table")
        self.table.setHorizontalHeaderLabels(["项目", "定稿时", "重新计算"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(120)
        self.table.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.table)

    @property
    def wanted(self) -> bool:
        return self.box.isChecked()

    def reset(self) -> None:
        self.box.setChecked(False)

    def _toggled(self, checked: bool) -> None:
        self.table.setVisible(checked)
        if checked:
            changes = self._compare()
            self.table.setRowCount(len(changes))
            for row, change in enumerate(changes):
                for column, text in enumerate((change.label, change.frozen, change.recomputed)):
                    item = QTableWidgetItem(text)
                    if change.changed:
                        item.setBackground(CHANGED)
                    self.table.setItem(row, column, item)
        self.toggled.emit(checked)
