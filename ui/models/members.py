"""The roster table: a model of RosterRow and a proxy that searches, filters and sorts."""

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from app.members.roster import LEFT, ON_ROSTER, RosterRow
from app.members.rules import MemberCategory

#: Column title and the RosterRow attribute it shows.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("姓名", "name"),
    ("性别", "gender"),
    ("人员类别", "category"),
    ("党小组", "group_name"),
    ("入党日期", "join_date"),
    ("转正日期", "full_date"),
    ("党龄", "party_age"),
    ("党内职务", "party_post"),
    ("联系电话", "phone"),
    ("状态", "status_text"),
)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CENTRED = {"gender", "join_date", "full_date", "party_age"}
GREY = QColor("#888888")
AMBER = QColor("#b26a00")

Index = QModelIndex | QPersistentModelIndex


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _sort_key(value: object) -> object:
    """Keys of one type per column, so empty cells sort first instead of confusing Qt."""
    if isinstance(value, int):
        return value
    if value is None:
        return ""
    return _shown(value)


class MembersModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RosterRow] = []

    def set_rows(self, rows: list[RosterRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        attribute = COLUMNS[index.column()][1]
        value = getattr(row, attribute)
        if role == Qt.ItemDataRole.DisplayRole:
            return _shown(value)
        if role == SORT_ROLE:
            return _sort_key(-1 if attribute == "party_age" and value is None else value)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.state != ON_ROSTER:
                return GREY
            if attribute == "status_text" and row.category == MemberCategory.PROBATIONARY:
                return AMBER
        if role == Qt.ItemDataRole.TextAlignmentRole and attribute in CENTRED:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole and row.state != ON_ROSTER:
            return row.status_text
        return None


#: 状态 filter choices and the roster states each shows (None = every state).
STATE_FILTERS: dict[str, set[str] | None] = {
    "在册": {ON_ROSTER},
    "已转出": {LEFT},
    "全部": None,
}
NO_GROUP = ""


class MembersFilter(QSortFilterProxyModel):
    """Search by name, ID number or phone; filter by 党小组, 人员类别 and 状态."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)
        self._search = ""
        self._group: str | None = None  # None = all, NO_GROUP = 未分组, else a group id
        self._category: str | None = None
        self._states: set[str] | None = STATE_FILTERS["在册"]

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._search = "".join(text.split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_group(self, group: str | None) -> None:
        self.beginFilterChange()
        self._group = group
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_category(self, category: str | None) -> None:
        self.beginFilterChange()
        self._category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state(self, name: str) -> None:
        self.beginFilterChange()
        self._states = STATE_FILTERS[name]
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        row = self._rows()[source_row]
        if self._states is not None and row.state not in self._states:
            return False
        if self._category and row.category != self._category:
            return False
        if self._group is not None and (row.group_id or NO_GROUP) != self._group:
            return False
        search = self._search
        return (not search or search.casefold() in row.name.casefold()
                or search.upper() in row.id_number or search in row.phone)

    def row_at(self, proxy_row: int) -> RosterRow:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self._rows()[source.row()]

    def _rows(self) -> list[RosterRow]:
        model = self.sourceModel()
        assert isinstance(model, MembersModel), "filters the roster model only"
        return model.rows
