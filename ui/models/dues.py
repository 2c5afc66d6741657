"""The collection grid: one row per member, a column per month, each cell paid or owed."""

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.dues.ledger import FUTURE, NOT_LIABLE, PAID, UNASSESSED, UNPAID, WAIVED, Cell
from app.dues.months import Month
from app.dues.report import MemberYear

Index = QModelIndex | QPersistentModelIndex
FIRST_MONTH_COLUMN = 2
HEADERS = ("姓名", "月交纳额", *[f"{m}月" for m in range(1, 13)], "实交", "欠交")
LAST_MONTH_COLUMN = FIRST_MONTH_COLUMN + 11

_BACKGROUND = {PAID: "#e6f4ea", UNPAID: "#fde7e9", WAIVED: "#eeeeee", UNASSESSED: "#fff4ce"}
_FOREGROUND = {PAID: "#1e5c2e", UNPAID: "#b00020", WAIVED: "#666666", UNASSESSED: "#8a5a00",
               NOT_LIABLE: "#aaaaaa", FUTURE: "#999999"}


def cell_text(cell: Cell) -> str:
    if cell.state == PAID:
        return f"{cell.paid:.2f}"
    if cell.state == NOT_LIABLE:
        return "—"
    return "" if cell.state == FUTURE else cell.state


def cell_tip(cell: Cell, month: Month) -> str:
    if cell.payment is not None:
        p = cell.payment
        return (f"{month.label}：已交 {p.amount:.2f} 元（{p.kind}）\n"
                f"{p.paid_on:%Y-%m-%d} {p.method}交纳，收据 {p.receipt_no}")
    if cell.state in (UNPAID, FUTURE):
        text = f"{month.label}：应交 {cell.owed:.2f} 元"
        if cell.relief is not None:
            text += f"（减免后，{cell.relief.approval_ref}）"
        return text + ("，未交" if cell.state == UNPAID else "，尚未到期")
    if cell.state == WAIVED and cell.relief is not None:
        r = cell.relief
        return f"{month.label}：经{r.approved_by}批准免交（{r.approval_ref}）\n原因：{r.reason}"
    if cell.state == UNASSESSED:
        return f"{month.label}：尚未核定党费，请在“年度核定”中核定"
    return f"{month.label}：不在本支部"


class DuesGridModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[MemberYear] = []
        self.year = 0

    def set_rows(self, year: int, rows: list[MemberYear]) -> None:
        self.beginResetModel()
        self.year, self.rows = year, rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def month_of(self, column: int) -> Month | None:
        if FIRST_MONTH_COLUMN <= column <= LAST_MONTH_COLUMN:
            return Month(self.year, column - FIRST_MONTH_COLUMN + 1)
        return None

    def cell(self, row: int, column: int) -> Cell | None:
        month = self.month_of(column)
        return None if month is None else self.rows[row].cells[month.month - 1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        cell = self.cell(index.row(), column)
        if cell is not None:
            month = self.month_of(column)
            if role == Qt.ItemDataRole.DisplayRole:
                return cell_text(cell)
            if role == Qt.ItemDataRole.ToolTipRole and month is not None:
                return cell_tip(cell, month)
            if role == Qt.ItemDataRole.BackgroundRole and cell.state in _BACKGROUND:
                return QBrush(QColor(_BACKGROUND[cell.state]))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(_FOREGROUND.get(cell.state, "#000000")))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.member.name
            if column == 1:
                return f"{row.assessment.monthly_amount:.2f}" if row.assessment else "未核定"
            if column == LAST_MONTH_COLUMN + 1:
                return f"{row.paid:.2f}"
            return f"{row.unpaid_owed:.2f}" if row.unpaid_owed else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and column == LAST_MONTH_COLUMN + 2:
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and row.assessment:
            a = row.assessment
            base = f"，计算基数 {a.base:.2f} 元" if a.base is not None else ""
            return f"{a.category}{base}"
        return None
