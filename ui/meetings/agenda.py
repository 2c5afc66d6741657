"""议题 table: title, kind, the person concerned, the votes, and the result computed live."""

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.meetings.service import AgendaInput
from app.meetings.templates import VOTE_PRESETS
from app.meetings.types import ITEM_KINDS, PLAIN_ITEM
from app.meetings.votes import COMMITTEE_RULE, VoteOutcome, vote_outcome, vote_rule
from ui.meetings.attendance import Counts

HEADERS = ("议题", "类别", "涉及党员", "赞成", "反对", "弃权", "表决结果", "说明")
TITLE, KIND, SUBJECT, YES, NO, ABSTAIN, RESULT, CONTENT = range(8)
RESULT_COLOURS = {"通过": "#2e7d32", "未通过": "#b26a00", "无效": "#c62828"}


class AgendaTable(QWidget):
    changed = Signal()

    def __init__(self, counts: Callable[[], Counts], types: Callable[[], list[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts, self._types = counts, types
        self._people: list[tuple[str, str]] = []  # (member id, name)
        self._editable = True
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("agenda")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.horizontalHeader().setSectionResizeMode(CONTENT,
                                                           QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(TITLE, 220)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.table.currentCellChanged.connect(lambda *_a: self.recompute())
        self.messages = QLabel()
        self.messages.setObjectName("vote-messages")
        self.messages.setWordWrap(True)
        self.messages.setStyleSheet("color: #b26a00;")
        self.add_button = QPushButton("增加议题")
        self.add_button.clicked.connect(lambda: self.add_item(AgendaInput("")))
        self.preset_button = QToolButton()
        self.preset_button.setText("增加表决事项")
        self.preset_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.preset_button)
        for preset in VOTE_PRESETS:
            menu.addAction(preset.title, lambda p=preset: self.add_item(
                AgendaInput(p.title, p.kind)))
        self.preset_button.setMenu(menu)
        self.remove_button = QPushButton("删除所选议题")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.preset_button, self.remove_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        note = QLabel("表决结果由程序按规则计算：到会须超过应到有表决权人数的半数（支委会为委员"
                      "半数，选举为五分之四），赞成票须超过应到有表决权人数的半数。预备党员没有"
                      "表决权。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.messages)
        layout.addWidget(note)
        layout.addLayout(buttons)

    def set_people(self, people: list[tuple[str, str]]) -> None:
        self._people = people
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, SUBJECT)
            current = combo.currentData()
            self._fill_people(combo, current)

    def _fill_people(self, combo: QComboBox, current: str | None) -> None:
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", None)
        for member_id, name in self._people:
            combo.addItem(name, member_id)
        index = combo.findData(current) if current else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def add_item(self, item: AgendaInput) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.table.setItem(row, TITLE, QTableWidgetItem(item.title))
        kind = QComboBox()
        kind.addItems(ITEM_KINDS)
        kind.setCurrentText(item.kind)
        kind.currentTextChanged.connect(self._changed)
        self.table.setCellWidget(row, KIND, kind)
        subject = QComboBox()
        self._fill_people(subject, item.subject_member_id)
        subject.currentIndexChanged.connect(self._changed)
        self.table.setCellWidget(row, SUBJECT, subject)
        for column, value in ((YES, item.votes_yes), (NO, item.votes_no),
                              (ABSTAIN, item.votes_abstain)):
            edit = QLineEdit("" if value is None else str(value))
            edit.setValidator(QIntValidator(0, 9999, edit))
            edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
            edit.textChanged.connect(self._changed)
            self.table.setCellWidget(row, column, edit)
        result = QTableWidgetItem("")
        result.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        result.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setItem(row, RESULT, result)
        self.table.setItem(row, CONTENT, QTableWidgetItem(item.content))
        self.table.blockSignals(False)
        self.recompute()
        self.changed.emit()
        return row

    def vote_edit(self, row: int, column: int) -> QLineEdit:
        return self.table.cellWidget(row, column)

    def kind_box(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, KIND)

    def subject_box(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, SUBJECT)

    def result_text(self, row: int) -> str:
        return self.table.item(row, RESULT).text()

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self.recompute()
        self.changed.emit()

    def set_items(self, items: list[AgendaInput]) -> None:
        self.table.setRowCount(0)
        for item in items:
            self.add_item(item)

    def _votes(self, row: int) -> tuple[int | None, int | None, int | None]:
        def number(column: int) -> int | None:
            text = self.vote_edit(row, column).text().strip()
            return int(text) if text else None

        return number(YES), number(NO), number(ABSTAIN)

    def values(self) -> list[AgendaInput]:
        items = []
        for row in range(self.table.rowCount()):
            title = self.table.item(row, TITLE).text().strip()
            content = self.table.item(row, CONTENT).text().strip()
            kind = self.kind_box(row).currentText()
            if not title and not content:
                continue
            yes, no, abstain = self._votes(row) if kind != PLAIN_ITEM else (None, None, None)
            items.append(AgendaInput(title, kind, content, self.subject_box(row).currentData(),
                                     yes, no, abstain))
        return items

    def outcome(self, row: int) -> VoteOutcome | None:
        kind = self.kind_box(row).currentText()
        if kind == PLAIN_ITEM:
            return None
        rule = vote_rule(self._types(), kind)
        c = self._counts()
        expected, present = ((c.committee_expected, c.committee_present)
                             if rule == COMMITTEE_RULE else
                             (c.voters_expected, c.voters_present))
        return vote_outcome(rule, expected, present, *self._votes(row))

    def recompute(self) -> None:
        """Show each vote's computed result, and the notes on the current one."""
        notes: list[str] = []
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            if self.kind_box(row) is None:  # a row being inserted
                continue
            plain = self.kind_box(row).currentText() == PLAIN_ITEM
            for column in (YES, NO, ABSTAIN):
                self.vote_edit(row, column).setEnabled(not plain and self._editable)
            outcome = self.outcome(row)
            text = "" if outcome is None else outcome.result or "待录入票数"
            item = self.table.item(row, RESULT)
            item.setText(text)
            item.setForeground(QColor(RESULT_COLOURS.get(text, "#666666")))
            if outcome is not None and outcome.messages:
                title = self.table.item(row, TITLE).text() or f"议题{row + 1}"
                notes += [f"{title}：{m}" for m in outcome.messages]
        self.table.blockSignals(False)
        self.messages.setText("\n".join(notes))
        self.messages.setVisible(bool(notes))

    def set_read_only(self, read_only: bool) -> None:
        self._editable = not read_only
        for row in range(self.table.rowCount()):
            self.kind_box(row).setEnabled(not read_only)
            self.subject_box(row).setEnabled(not read_only)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only
                                   else QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        for widget in (self.add_button, self.preset_button, self.remove_button):
            widget.setEnabled(not read_only)
        self.recompute()

    def _changed(self) -> None:
        self.recompute()
        self.changed.emit()
