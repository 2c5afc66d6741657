"""民主评议 grades: one row per 正式党员 expected; 预备党员 take part but are not graded."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.meetings.appraisal import top_grade_warnings
from app.meetings.roster import RosterEntry
from app.meetings.service import GradeInput
from app.members.rules import MemberCategory
from ui.widgets.tables import cell_widget


class GradesTable(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices: list[str] = []
        self.entries: list[RosterEntry] = []
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("grades")
        self.table.setHorizontalHeaderLabels(["姓名", "评定等次"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.warning = QLabel()
        self.warning.setObjectName("grade-warning")
        self.warning.setStyleSheet("color: #b26a00;")
        note = QLabel("只为正式党员评定等次；预备党员参加评议，但不评定等次。留空表示暂未评定。")
        note.setStyleSheet("color: #666;")
        note.setWordWrap(True)
        self.fill_button = QPushButton("未评定的设为“合格”")
        self.fill_button.clicked.connect(self.fill_blank)
        top = QHBoxLayout()
        top.addWidget(note, 1)
        top.addWidget(self.fill_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)

    def set_entries(self, entries: list[RosterEntry], choices: list[str],
                    grades: dict[str, str] | None = None) -> None:
        kept = {**{g.member_id: g.grade for g in self.values()}, **(grades or {})}
        self.choices = choices
        if len(choices) > 1:
            self.fill_button.setText(f"未评定的设为“{choices[1]}”")
        self.entries = [e for e in entries if e.category == MemberCategory.FULL]
        self.table.setRowCount(0)
        for row, entry in enumerate(self.entries):
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(entry.name))
            combo = QComboBox()
            combo.addItems(["", *choices])
            combo.setCurrentText(kept.get(entry.member_id, ""))
            combo.currentTextChanged.connect(self._changed)
            self.table.setCellWidget(row, 1, combo)
        self._changed()

    def values(self) -> list[GradeInput]:
        return [GradeInput(entry.member_id, grade)
                for row, entry in enumerate(self.entries)
                if (grade := cell_widget(self.table, row, 1, QComboBox).currentText())]

    def fill_blank(self) -> None:
        """Most members are graded 合格 (the second grade); the rest are picked by hand."""
        default = self.choices[1] if len(self.choices) > 1 else ""
        for row in range(self.table.rowCount()):
            combo = cell_widget(self.table, row, 1, QComboBox)
            if not combo.currentText():
                combo.setCurrentText(default)

    def set_read_only(self, read_only: bool) -> None:
        self.fill_button.setEnabled(not read_only)
        for row in range(self.table.rowCount()):
            self.table.cellWidget(row, 1).setEnabled(not read_only)

    def _changed(self) -> None:
        warnings = top_grade_warnings(self.choices, [g.grade for g in self.values()])
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        self.changed.emit()
