"""议题 table: title, kind, the person concerned, the votes, and the result computed live;
a 选举 议题 is counted per candidate in the election panel below the table."""

import copy
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
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.meetings.election import VALID
from app.meetings.first_topic import needs_first_topic
from app.meetings.service import AgendaInput, OpinionInput
from app.meetings.study_texts import StudyTextRow
from app.meetings.templates import VOTE_PRESETS
from app.meetings.types import ITEM_KINDS, OPINIONS, ItemKind
from app.meetings.votes import (
    COMMITTEE_RULE,
    VoteOutcome,
    takes_written_opinions,
    vote_outcome,
    vote_rule,
)
from ui.meetings.attendance import Counts
from ui.meetings.election import ElectionPanel, outcome_of
from ui.meetings.first_topic import FirstTopicBox
from ui.meetings.opinions import OpinionsDialog
from ui.widgets.member_picker import MemberBox
from ui.widgets.tables import cell, cell_text, cell_widget

HEADERS = ("议题", "类别", "涉及党员", "赞成", "反对", "弃权", "表决结果", "说明")
TITLE, KIND, SUBJECT, YES, NO, ABSTAIN, RESULT, CONTENT = range(8)
PANEL_HEIGHT = 400  # the election panel's share of the tab
RESULT_COLOURS = {"通过": "#2e7d32", "未通过": "#b26a00", "无效": "#c62828"}


class AgendaTable(QWidget):
    changed = Signal()

    def __init__(self, counts: Callable[[], Counts], types: Callable[[], list[str]],
                 absent_voters: Callable[[], list[tuple[str, str]]] = list,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts, self._types, self._absent_voters = counts, types, absent_voters
        #: Per row, the written opinions of absent voters (接收预备党员 / 转正 votes).
        self._opinions: list[list[OpinionInput]] = []
        self._people: list[tuple[str, str]] = []  # (member id, name)
        #: Per row, the election fields (seats, ballots, candidates) the panel edits.
        self._elections: list[AgendaInput] = []
        self._editable = True
        self._required_types: list[str] = []  # meeting types that need a 第一议题
        self.first_topic = FirstTopicBox()
        self.first_topic.changed.connect(self._first_topic_changed)
        self.first_topic_hint = QLabel()
        self.first_topic_hint.setObjectName("first-topic-hint")
        self.first_topic_hint.setStyleSheet("color: #b26a00;")
        self.first_topic_hint.setWordWrap(True)
        self.first_topic_hint.hide()
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("agenda")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.horizontalHeader().setSectionResizeMode(CONTENT,
                                                           QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(TITLE, 220)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.table.currentCellChanged.connect(lambda *_a: self._current_changed())
        self.messages = QLabel()
        self.messages.setObjectName("vote-messages")
        self.messages.setWordWrap(True)
        self.messages.setStyleSheet("color: #b26a00;")
        self.add_button = QPushButton("增加议题")
        self.add_button.clicked.connect(lambda: self._add_new(AgendaInput("")))
        self.preset_button = QToolButton()
        self.preset_button.setText("增加表决事项")
        self.preset_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.preset_button)
        for preset in VOTE_PRESETS:
            menu.addAction(preset.title, self._adder(preset))
        self.preset_button.setMenu(menu)
        self.remove_button = QPushButton("删除所选议题")
        self.remove_button.clicked.connect(self.remove_selected)
        self.opinions_button = QPushButton("书面意见…")
        self.opinions_button.setObjectName("opinions-button")
        self.opinions_button.setToolTip("接收预备党员、预备党员转正的表决：登记未到会党员会前"
                                        "提交的书面意见（计入票数）")
        self.opinions_button.clicked.connect(self.edit_opinions)
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.preset_button, self.remove_button,
                       self.opinions_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        note = QLabel("表决结果由程序按规则计算：到会须超过应到有表决权人数的半数（支委会为委员"
                      "半数，选举为五分之四），赞成票须超过应到有表决权人数的半数。预备党员没有"
                      "表决权。选举议题按候选人分别计票：选中该议题，在下方填写应选人数、选票和"
                      "每位候选人的得票。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.election = ElectionPanel(lambda: (self._counts().voters_expected,
                                               self._counts().voters_present))
        self.election.changed.connect(self._changed)
        self.election.hide()
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.first_topic)
        column.addWidget(self.first_topic_hint)
        column.addWidget(self.table, 1)
        column.addWidget(self.messages)
        column.addWidget(note)
        column.addLayout(buttons)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(top)
        self.split.addWidget(self.election)
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)

    def set_study(self, texts: list[StudyTextRow], required_types: list[str]) -> None:
        """The 学习篇目 to pick from, and which meeting types need a 第一议题."""
        self.first_topic.set_texts(texts)
        self._required_types = required_types
        self._show_first_topic_hint()

    def _first_topic_changed(self) -> None:
        self._number_rows()
        self._show_first_topic_hint()
        self.changed.emit()

    def _show_first_topic_hint(self) -> None:
        missing = needs_first_topic(self._types(), self._required_types) and \
            not self.first_topic.isChecked() and self._editable
        self.first_topic_hint.setText("按本支部设置，此类会议应以第一议题开篇：请勾选上面的"
                                      "“第一议题”并填写学习内容。" if missing else "")
        self.first_topic_hint.setVisible(missing)

    def _number_rows(self) -> None:
        """议题 numbers as the minutes print them: from 2 when the 第一议题 is 议题1."""
        first = 2 if self.first_topic.isChecked() else 1
        self.table.setVerticalHeaderLabels([str(first + row)
                                            for row in range(self.table.rowCount())])

    def set_people(self, people: list[tuple[str, str]]) -> None:
        self._people = people
        for row in range(self.table.rowCount()):
            combo = self.subject_box(row)
            combo.set_members(people, current=combo.member_id())

    def add_item(self, item: AgendaInput) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.table.setItem(row, TITLE, QTableWidgetItem(item.title))
        kind = QComboBox()
        kind.addItems(ITEM_KINDS)
        kind.setCurrentText(item.kind)
        kind.currentTextChanged.connect(lambda _text, box=kind: self._kind_changed(box))
        self.table.setCellWidget(row, KIND, kind)
        subject = MemberBox()
        subject.set_members(self._people, current=item.subject_member_id)
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
        self._elections.append(AgendaInput(
            item.title, ItemKind.ELECTION, seats=item.seats, ballots_issued=item.ballots_issued,
            ballots_returned=item.ballots_returned, candidates=copy.deepcopy(item.candidates),
            ballots_invalid=item.ballots_invalid))
        self._opinions.append(list(item.opinions))
        self.table.blockSignals(False)
        self._number_rows()
        self.recompute()
        self.changed.emit()
        return row

    def _adder(self, preset: AgendaInput) -> Callable[[], None]:
        return lambda: self._add_new(AgendaInput(preset.title, preset.kind))

    def _add_new(self, item: AgendaInput) -> None:
        """Added by the user: the new 议题 becomes the current one (an election shows its
        details below)."""
        self.table.setCurrentCell(self.add_item(item), TITLE)

    def vote_edit(self, row: int, column: int) -> QLineEdit:
        return cell_widget(self.table, row, column, QLineEdit)

    def kind_box(self, row: int) -> QComboBox:
        return cell_widget(self.table, row, KIND, QComboBox)

    def _placed_kind(self, row: int) -> QComboBox | None:
        """The row's 类型 box; None while the row is being inserted."""
        box = self.table.cellWidget(row, KIND)
        return box if isinstance(box, QComboBox) else None

    def subject_box(self, row: int) -> MemberBox:
        return cell_widget(self.table, row, SUBJECT, MemberBox)

    def result_text(self, row: int) -> str:
        return cell(self.table, row, RESULT).text()

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
            del self._elections[row]
            del self._opinions[row]
        self._number_rows()
        self._current_changed()
        self.changed.emit()

    def set_items(self, items: list[AgendaInput]) -> None:
        """Show these 议题 (a 第一议题 in its box); the first election, if any, is selected
        so its details show."""
        first_topic = items[0] if items and items[0].first_topic else None
        self.first_topic.load(first_topic)
        items = items[1:] if first_topic else items
        self.table.setRowCount(0)
        self._elections = []
        self._opinions = []
        for item in items:
            self.add_item(item)
        first = next((row for row, item in enumerate(items) if item.kind == ItemKind.ELECTION), 0)
        if items:
            self.table.setCurrentCell(first, TITLE)
        self._current_changed()

    def _is_election(self, row: int) -> bool:
        box = self._placed_kind(row)
        return box is not None and box.currentText() == ItemKind.ELECTION

    def _by_candidate(self, row: int) -> bool:
        """A 选举 counted per candidate; one saved earlier as a single count stays so until
        seats or candidates are entered."""
        return self._is_election(row) and (self._elections[row].by_candidate
                                           or self._votes(row) == (None, None, None))

    def _kind_changed(self, box: QComboBox) -> None:
        row = next(r for r in range(self.table.rowCount()) if self.kind_box(r) is box)
        if self.table.currentRow() != row:
            self.table.setCurrentCell(row, TITLE)
        self._current_changed()
        self.changed.emit()

    def _current_changed(self) -> None:
        """The election panel shows the current 议题 when it is a 选举."""
        row = self.table.currentRow()
        if 0 <= row < len(self._elections) and self._is_election(row):
            self.election.load(cell(self.table, row, TITLE).text().strip(),
                               self._elections[row])
            if self.election.isHidden():
                self.election.show()
                # A panel shown again gets no room from the splitter by itself.
                self.split.setSizes([max(self.split.height() - PANEL_HEIGHT, 200),
                                     PANEL_HEIGHT])
        else:
            self.election.hide()
        self.recompute()

    def _votes(self, row: int) -> tuple[int | None, int | None, int | None]:
        def number(column: int) -> int | None:
            text = self.vote_edit(row, column).text().strip()
            return int(text) if text else None

        return number(YES), number(NO), number(ABSTAIN)

    def values(self) -> list[AgendaInput]:
        first_topic = self.first_topic.value()
        items = [first_topic] if first_topic else []
        for row in range(self.table.rowCount()):
            title = cell(self.table, row, TITLE).text().strip()
            content = cell(self.table, row, CONTENT).text().strip()
            kind = self.kind_box(row).currentText()
            if not title and not content:
                continue
            yes, no, abstain = self._votes(row) if kind != ItemKind.PLAIN else (None, None, None)
            item = AgendaInput(title, kind, content, self.subject_box(row).member_id(),
                               yes, no, abstain)
            if self._takes_opinions(row):
                item.opinions = list(self._opinions[row])
            if self._by_candidate(row):
                election = self._elections[row]
                item.votes_yes = item.votes_no = item.votes_abstain = None
                item.seats, item.ballots_issued = election.seats, election.ballots_issued
                item.ballots_returned = election.ballots_returned
                item.ballots_invalid = election.ballots_invalid
                item.candidates = copy.deepcopy(election.candidates)
            items.append(item)
        return items

    def outcome(self, row: int) -> VoteOutcome | None:
        """The vote of a 表决 row (or of a 选举 saved earlier as a single count)."""
        kind = self.kind_box(row).currentText()
        if kind == ItemKind.PLAIN or self._by_candidate(row):
            return None
        rule = vote_rule(self._types(), kind)
        c = self._counts()
        expected, present = ((c.committee_expected, c.committee_present)
                             if rule == COMMITTEE_RULE else
                             (c.voters_expected, c.voters_present))
        written = self._opinions[row] if self._takes_opinions(row) else []
        typed = self._votes(row)
        counts = [None if typed[i] is None and not extra else (typed[i] or 0) + extra
                  for i, extra in enumerate(sum(o.opinion == label for o in written)
                                            for label in OPINIONS)]
        return vote_outcome(rule, expected, present + len(written), *counts,
                            quorum_present=present)

    def _takes_opinions(self, row: int) -> bool:
        title = cell_text(self.table, row, TITLE)
        return self.kind_box(row).currentText() == ItemKind.VOTE and takes_written_opinions(title)

    def opinions(self, row: int) -> list[OpinionInput]:
        return self._opinions[row]

    def opinions_dialog(self) -> OpinionsDialog | None:
        """The written opinions of the current 议题, for the absent voters of now."""
        row = self.table.currentRow()
        if not 0 <= row < self.table.rowCount():
            return None
        title = cell(self.table, row, TITLE).text().strip()
        absent = self._absent_voters()
        wanted = {member_id for member_id, _name in absent}
        dialog = OpinionsDialog(title, absent,
                                [o for o in self._opinions[row] if o.member_id in wanted], self)
        dialog.accepted.connect(lambda: self._set_opinions(row, dialog.values()))
        return dialog

    def edit_opinions(self) -> None:
        dialog = self.opinions_dialog()
        if dialog is not None:
            dialog.open()
            self.opinion_editor = dialog

    def _set_opinions(self, row: int, opinions: list[OpinionInput]) -> None:
        self._opinions[row] = opinions
        self._changed()

    def recompute(self) -> None:
        """Show each vote's computed result, and the notes on the current one."""
        notes: list[str] = []
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            box = self._placed_kind(row)
            if box is None:
                continue
            plain = box.currentText() == ItemKind.PLAIN
            for column in (YES, NO, ABSTAIN):
                self.vote_edit(row, column).setEnabled(
                    not plain and not self._is_election(row) and self._editable)
            outcome = self.outcome(row)
            text = "" if outcome is None else outcome.result or "待录入票数"
            if self._by_candidate(row):
                text = self._election_result(row)
            item = cell(self.table, row, RESULT)
            item.setText(text)
            item.setForeground(QColor(RESULT_COLOURS.get(
                "通过" if text.startswith("当选") else text, "#666666")))
            if outcome is not None and outcome.messages:
                title = cell(self.table, row, TITLE).text() or f"议题{row + 1}"
                notes += [f"{title}：{m}" for m in outcome.messages]
        self.table.blockSignals(False)
        self._show_first_topic_hint()
        self.messages.setText("\n".join(notes))
        self.messages.setVisible(bool(notes))
        row = self.table.currentRow()
        takes = 0 <= row < self.table.rowCount() and self._placed_kind(row) is not None \
            and self._takes_opinions(row)
        self.opinions_button.setEnabled(takes and self._editable)
        if takes and self._opinions[row]:
            self.opinions_button.setText(f"书面意见（{len(self._opinions[row])}份）…")
        else:
            self.opinions_button.setText("书面意见…")
        if not self.election.isHidden() and 0 <= row < self.table.rowCount():
            self.election.set_title(cell(self.table, row, TITLE).text().strip())
            self.election.recompute()

    def _election_result(self, row: int) -> str:
        """The 结果 column of a 选举 row: 当选N人, 无效, or 待录入 while incomplete."""
        c = self._counts()
        outcome = outcome_of(self._elections[row], c.voters_expected, c.voters_present)
        if outcome.result == VALID:
            return f"当选{len(outcome.elected)}人"
        return outcome.result or "待录入"

    def set_read_only(self, read_only: bool) -> None:
        self._editable = not read_only
        for row in range(self.table.rowCount()):
            self.kind_box(row).setEnabled(not read_only)
            self.subject_box(row).setEnabled(not read_only)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only
                                   else QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        for widget in (self.add_button, self.preset_button, self.remove_button,
                       self.first_topic):
            widget.setEnabled(not read_only)
        self.election.set_read_only(read_only)
        self.recompute()

    def _changed(self) -> None:
        self.recompute()
        self.changed.emit()
