"""A small editable table of text rows with 增加/删除 buttons (speeches, decisions, 列席…)."""

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.tables import cell
from ui.widgets.typed import of_kind


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a drop-down of fixed choices (the cell keeps the text)."""

    def __init__(self, choices: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, _option: object,
                     _index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(self.choices)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
                      ) -> None:
        of_kind(editor, QComboBox).setCurrentText(index.data() or self.choices[0])

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        model.setData(index, of_kind(editor, QComboBox).currentText())


class RowsTable(QWidget):
    changed = Signal()

    def __init__(self, headers: list[str], add_text: str = "增加一行",
                 parent: QWidget | None = None, stretch: int | None = None,
                 check_column: int | None = None,
                 choices: dict[int, tuple[str, ...]] | None = None) -> None:
        super().__init__(parent)
        #: A yes/no column shown as a check box; its value reads "是" or "".
        self.check_column = check_column
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(headers) - 1 if stretch is None else stretch,
                                    QHeaderView.ResizeMode.Stretch)
        for column in range(len(headers)):  # every header readable in full
            self.table.resizeColumnToContents(column)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self._edit_triggers = self.table.editTriggers()
        for column, values in (choices or {}).items():
            self.table.setItemDelegateForColumn(column, ChoiceDelegate(values, self.table))
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton("删除所选")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_row(self, values: list[str] | None = None) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for column in range(self.table.columnCount()):
            value = values[column] if values and column < len(values) else ""
            if column == self.check_column:
                item = QTableWidgetItem("")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                              | Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            else:
                item = QTableWidgetItem(value)
            self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.changed.emit()
        return row

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self.changed.emit()

    def set_rows(self, rows: list[list[str]]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self.add_row(values)

    def rows(self) -> list[list[str]]:
        """Non-empty rows, each cell stripped."""
        found = []
        for row in range(self.table.rowCount()):
            values = [self._value(row, c) for c in range(self.table.columnCount())]
            if any(v for c, v in enumerate(values) if c != self.check_column):
                found.append(values)
        return found

    def _value(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        if item is None:
            return ""
        if column == self.check_column:
            return "是" if item.checkState() == Qt.CheckState.Checked else ""
        return item.text().strip()

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only else self._edit_triggers)
        if self.check_column is not None:
            for row in range(self.table.rowCount()):
                item = cell(self.table, row, self.check_column)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable if read_only
                              else item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
