"""Read-only tables of records: whole rows selected, no editing in place."""

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ui.widgets.typed import W, of_kind

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
MUTED = QColor("#888888")


def record_table(name: str, headers: Sequence[str], *, multi: bool = False,
                 fit_columns: bool = False) -> QTableWidget:
    """`multi` lets the user select several rows; `fit_columns` keeps every column as wide
    as its contents (the last one takes the rest)."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if not multi:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    if fit_columns:
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_rows(table: QTableWidget, rows: Sequence[Sequence[object]],
              keys: Sequence[str] | None = None) -> None:
    """Show `rows` (None as blank); each row's key, if given, sits in its first cell."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if keys is not None and c == 0:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            table.setItem(r, c, item)


def fill_table(table: QTableWidget, rows: Sequence[tuple[object, Sequence[str]]],
               right: Sequence[int] = (), muted: Sequence[bool] = ()) -> None:
    """Rows of (key kept in UserRole, cell texts); `right` columns are right-aligned;
    a row whose `muted` flag is set is shown grey (reversed entries, archived items)."""
    table.setRowCount(len(rows))
    for r, (key, values) in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, key)
            if c in right:
                item.setTextAlignment(RIGHT)
            if r < len(muted) and muted[r]:
                item.setForeground(MUTED)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def show_all_rows(table: QTableWidget) -> None:
    """Make the table as tall as all its rows (the page around it scrolls instead), so that
    a 合计 row at the bottom is never cut off."""
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader()
    table.setFixedHeight(header.sizeHint().height() + table.verticalHeader().length()
                         + 2 * table.frameWidth())


def row_key(table: QTableWidget, row: int) -> object | None:
    """The key `fill_table` or `fill_rows` keeps in that row, None if there is no such row."""
    item = table.item(row, 0)
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


def selected_key(table: QTableWidget) -> object | None:
    """The key of the current row, None if no row is current."""
    return row_key(table, table.currentRow())


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item of a cell the table filled."""
    item = table.item(row, column)
    if item is None:
        raise LookupError(f"{table.objectName()} has no item at ({row}, {column})")
    return item


def cell_text(table: QTableWidget, row: int, column: int) -> str:
    """What a cell shows ("" for a cell never filled)."""
    item = table.item(row, column)
    return item.text() if item else ""


def cell_widget(table: QTableWidget, row: int, column: int, kind: type[W]) -> W:
    """The widget placed in a cell, as the kind it was made."""
    return of_kind(table.cellWidget(row, column), kind)
