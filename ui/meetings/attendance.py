"""出席 table: everyone expected (the roster on the meeting date), 出席/请假/缺席 and reason,
or 不计入 应到 with the case and the higher level's approval."""

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.meetings.roster import RosterEntry
from app.meetings.service import AttendanceInput
from app.meetings.types import ATTENDANCE_STATUSES, EXCLUSION_CATEGORIES, AttendanceStatus
from app.members.rules import MembershipStatus
from ui.widgets.tables import cell, cell_widget

HEADERS = ("姓名", "身份", "表决权", "出席情况", "请假/缺席原因（不计入时填上级批准情况）",
           "不计入应到的情形")
NAME, ROLE, VOTER, STATUS, REASON, EXCLUSION = range(6)
MISSING_REASON = QColor("#fdecea")


@dataclass(frozen=True)
class Counts:
    expected: int
    present: int
    voters_expected: int
    voters_present: int
    committee_expected: int
    committee_present: int


class AttendanceTable(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[RosterEntry] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("attendance")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.summary = QLabel()
        self.summary.setObjectName("attendance-summary")
        self.all_present = QPushButton("全部出席")
        self.all_present.clicked.connect(self.mark_all_present)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.all_present)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def set_entries(self, entries: list[RosterEntry],
                    statuses: dict[str, AttendanceInput] | None = None) -> None:
        """Show these people; keep what was entered for anyone still listed."""
        kept = {**{a.member_id: a for a in self.values()}, **(statuses or {})}
        self.entries = entries
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row, entry in enumerate(entries):
            self.table.insertRow(row)
            value = kept.get(entry.member_id, AttendanceInput(entry.member_id))
            status = value.status
            reason = value.approval_ref if status == AttendanceStatus.EXCLUDED else value.reason
            role = entry.category + ("、委员" if entry.committee else "") + (
                f"、{entry.status}" if entry.status != MembershipStatus.NORMAL else "")
            for column, text in ((NAME, entry.name), (ROLE, role),
                                 (VOTER, "有" if entry.voter else "无")):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
            combo = QComboBox()
            combo.addItems(ATTENDANCE_STATUSES)
            combo.setCurrentText(status)
            combo.currentTextChanged.connect(self._status_changed)
            self.table.setCellWidget(row, STATUS, combo)
            self.table.setItem(row, REASON, QTableWidgetItem(reason))
            case = QComboBox()
            case.addItems(["", *EXCLUSION_CATEGORIES])
            case.setCurrentText(value.exclusion)
            case.setToolTip("经上级党组织同意，以下情形可不计入应到会人数")
            case.currentTextChanged.connect(self._status_changed)
            self.table.setCellWidget(row, EXCLUSION, case)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(REASON,
                                                           QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(EXCLUSION, 200)
        self._refresh_marks()

    def status_box(self, name: str) -> QComboBox:
        row = next(i for i, e in enumerate(self.entries) if e.name == name)
        return cell_widget(self.table, row, STATUS, QComboBox)

    def exclusion_box(self, name: str) -> QComboBox:
        row = next(i for i, e in enumerate(self.entries) if e.name == name)
        return cell_widget(self.table, row, EXCLUSION, QComboBox)

    def reason_item(self, name: str) -> QTableWidgetItem:
        row = next(i for i, e in enumerate(self.entries) if e.name == name)
        return cell(self.table, row, REASON)

    def values(self) -> list[AttendanceInput]:
        found = []
        for row, entry in enumerate(self.entries):
            status = cell_widget(self.table, row, STATUS, QComboBox).currentText()
            text = cell(self.table, row, REASON).text().strip()
            if status == AttendanceStatus.EXCLUDED:
                case = cell_widget(self.table, row, EXCLUSION, QComboBox).currentText()
                found.append(AttendanceInput(entry.member_id, status, "", case, text))
            else:
                found.append(AttendanceInput(entry.member_id, status, text))
        return found

    def absent_voters(self) -> list[tuple[str, str]]:
        """(member id, name) of voters who did not come (they may send a written opinion)."""
        away = {a.member_id for a in self.values()
                if a.status not in (AttendanceStatus.PRESENT, AttendanceStatus.EXCLUDED)}
        return [(e.member_id, e.name) for e in self.entries if e.voter and e.member_id in away]

    def counts(self) -> Counts:
        values = self.values()
        present = {a.member_id for a in values if a.status == AttendanceStatus.PRESENT}
        excluded = {a.member_id for a in values if a.status == AttendanceStatus.EXCLUDED}
        expected = [e for e in self.entries if e.member_id not in excluded]
        voters = [e for e in expected if e.voter]
        committee = [e for e in expected if e.committee]
        return Counts(len(expected), len(present), len(voters),
                      sum(e.member_id in present for e in voters), len(committee),
                      sum(e.member_id in present for e in committee))

    def mark_all_present(self) -> None:
        for row in range(self.table.rowCount()):
            cell_widget(self.table, row, STATUS, QComboBox).setCurrentText(AttendanceStatus.PRESENT)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in range(self.table.rowCount()):
            self.table.cellWidget(row, STATUS).setEnabled(not read_only)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only
                                   else QAbstractItemView.EditTrigger.AllEditTriggers)
        self.all_present.setEnabled(not read_only)

    def _status_changed(self) -> None:
        self._refresh_marks()
        self.changed.emit()

    def _item_changed(self, _item: QTableWidgetItem) -> None:
        self._refresh_marks()
        self.changed.emit()

    def _refresh_marks(self) -> None:
        """Absentees without a reason, and exclusions without their case or approval, are
        shaded: the record cannot be finalised (or saved) so."""
        self.table.blockSignals(True)
        for row, value in enumerate(self.values()):
            excluded = value.status == AttendanceStatus.EXCLUDED
            self.table.cellWidget(row, EXCLUSION).setEnabled(
                excluded and not getattr(self, "_read_only", False))
            if excluded:
                missing = not value.exclusion or not value.approval_ref
                tip = "不计入应到会人数须选择情形，并填写上级党组织的批准情况" if missing else ""
            else:
                missing = value.status != AttendanceStatus.PRESENT and not value.reason
                tip = "请填写请假或缺席原因" if missing else ""
            cell(self.table, row, REASON).setBackground(MISSING_REASON if missing else
                                                       QColor(Qt.GlobalColor.transparent))
            cell(self.table, row, REASON).setToolTip(tip)
        self.table.blockSignals(False)
        c = self.counts()
        not_counted = len(self.entries) - c.expected
        text = f"应到{c.expected}人，实到{c.present}人" + (
            f"（经批准不计入应到{not_counted}人）" if not_counted else "")
        if c.committee_expected and c.committee_expected == c.expected:
            text += "（均为支部委员）"
        else:
            text += f"；有表决权的党员应到{c.voters_expected}人，实到{c.voters_present}人"
        self.summary.setText(text)
