"""选举 details of one 议题: 应选人数, ballots, candidates with their votes, and the result
computed live (app.meetings.election)."""

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.meetings.election import (
    ELECTED,
    NOT_ELECTED,
    TIED,
    VALID,
    Ballot,
    ElectionOutcome,
    contest_warnings,
    election_outcome,
    election_style,
)
from app.meetings.service import AgendaInput, CandidateInput
from app.meetings.types import ItemKind
from app.meetings.votes import INVALID
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.field_form import ERROR_STYLE, WARNING_STYLE
from ui.widgets.tables import cell, cell_widget

HEADERS = ("候选人", "赞成", "反对", "弃权", "结果")
NAME, YES, NO, ABSTAIN, RESULT = range(5)
COLOURS = {ELECTED: "#2e7d32", NOT_ELECTED: "#666666", TIED: "#b26a00"}
RULES = ("规则：有选举权的党员须超过五分之四到会，选举方有效；收回选票不得多于发出选票，"
         "否则选举无效，应重新选举。候选人得赞成票超过应到有选举权人数的一半，始得当选；"
         "超过一半的人数多于应选名额时，按得票多少依次取足名额，末位票数相同的需再次投票。"
         "当选人数不足应选名额的，不足部分另行选举。")


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text else None


def _number_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setValidator(QIntValidator(0, 9999, edit))
    edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
    edit.setPlaceholderText(placeholder)
    edit.setMaximumWidth(80)
    return edit


def outcome_of(item: AgendaInput, expected: int, present: int) -> ElectionOutcome:
    """The computed result of the election fields of a 议题 being edited."""
    return election_outcome(expected, present, item.seats, item.ballots_issued,
                            item.ballots_returned,
                            [Ballot(c.name, c.votes_yes, c.votes_no, c.votes_abstain)
                             for c in item.candidates], item.ballots_invalid)


class ElectionPanel(QGroupBox):
    """Edits the election fields of one AgendaInput in place (the 议题 table keeps one per
    row); `electors` gives 有选举权 应到 and 实到 as now entered on the 出席 tab."""

    changed = Signal()

    def __init__(self, electors: Callable[[], tuple[int, int]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("election")
        self._electors = electors
        self._item = AgendaInput("", ItemKind.ELECTION)
        self._title = ""
        self._people: list[tuple[str, str]] = []  # (member id, name) with 被选举权
        self._editable = True
        self._filling = False
        self.seats = _number_edit("如 5")
        self.seats.setObjectName("seats")
        self.issued = _number_edit()
        self.issued.setObjectName("ballots-issued")
        self.returned = _number_edit()
        self.returned.setObjectName("ballots-returned")
        self.invalid = _number_edit("0")
        self.invalid.setObjectName("ballots-invalid")
        self.invalid.setToolTip("所选人数多于应选人数的选票为无效票")
        for edit in (self.seats, self.issued, self.returned, self.invalid):
            edit.textChanged.connect(self._figures_changed)
        self.style_label = QLabel()
        self.style_label.setObjectName("election-style")
        self.style_label.setStyleSheet("font-weight: bold;")
        self.electors_label = QLabel()
        self.electors_label.setObjectName("electors")
        figures = QGridLayout()
        figures.addWidget(QLabel("应选人数："), 0, 0)
        figures.addWidget(self.seats, 0, 1)
        figures.addWidget(QLabel("人"), 0, 2)
        figures.addWidget(self.style_label, 0, 3, 1, 4)
        figures.addWidget(QLabel("发出选票："), 1, 0)
        figures.addWidget(self.issued, 1, 1)
        figures.addWidget(QLabel("张"), 1, 2)
        figures.addWidget(QLabel("收回选票："), 1, 3)
        figures.addWidget(self.returned, 1, 4)
        figures.addWidget(QLabel("张"), 1, 5)
        figures.addWidget(self.electors_label, 1, 6)
        figures.addWidget(QLabel("其中无效票："), 2, 0)
        figures.addWidget(self.invalid, 2, 1)
        figures.addWidget(QLabel("张"), 2, 2)
        invalid_hint = QLabel("（所选人数多于应选人数的选票为无效票）")
        invalid_hint.setStyleSheet("color: #666;")
        figures.addWidget(invalid_hint, 2, 3, 1, 4)
        figures.setColumnStretch(6, 1)
        self.contest = QLabel()
        self.contest.setObjectName("contest-warning")
        self.contest.setWordWrap(True)
        self.contest.setStyleSheet("color: #b26a00;")
        self.contest.hide()

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("candidates")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (YES, NO, ABSTAIN):
            self.table.setColumnWidth(column, 70)
        self.table.setColumnWidth(RESULT, 90)

        self.pick = ChoiceCombo([], editable=True, placeholder="从名单选择，或输入姓名")
        self.pick.setObjectName("candidate-pick")
        self.pick.setMinimumWidth(200)
        self.add_button = QPushButton("添加候选人")
        self.add_button.clicked.connect(self.add_picked)
        self.remove_button = QPushButton("删除所选候选人")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("候选人："))
        buttons.addWidget(self.pick)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        self.summary = QLabel()
        self.summary.setObjectName("election-summary")
        self.summary.setWordWrap(True)
        self.messages = QLabel()
        self.messages.setObjectName("election-messages")
        self.messages.setWordWrap(True)
        self.messages.setStyleSheet(WARNING_STYLE)
        note = QLabel(RULES)
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addWidget(self.contest)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.messages)
        layout.addWidget(note)

    # -- people and items ----------------------------------------------------------------

    def set_electors(self, people: list[tuple[str, str]]) -> None:
        """Members who may stand: 正式党员 with full rights on the meeting date."""
        self._people = people
        self._fill_pick()

    def _fill_pick(self) -> None:
        taken = {c.member_id for c in self._item.candidates}
        self.pick.clear()
        self.pick.addItems([name for member_id, name in self._people if member_id not in taken])
        self.pick.set_text("")

    def set_title(self, title: str) -> None:
        """The 议题's title: shown, and deciding whether the 差额 rule for 委员 applies."""
        self._title = title
        self.setTitle(f"选举：{title or '（未命名议题）'}")

    def load(self, title: str, item: AgendaInput) -> None:
        """Show (and from now on edit) the election fields of this 议题."""
        self._item = item
        self._filling = True
        self.set_title(title)
        for edit, value in ((self.seats, item.seats), (self.issued, item.ballots_issued),
                            (self.returned, item.ballots_returned),
                            (self.invalid, item.ballots_invalid)):
            edit.setText("" if value is None else str(value))
        self.table.setRowCount(0)
        for candidate in item.candidates:
            self._add_row(candidate)
        self._filling = False
        self._fill_pick()
        self.recompute()

    def _add_row(self, candidate: CandidateInput) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(candidate.name + ("" if candidate.member_id else "（非名单内）"))
        name.setToolTip("党员名单中的党员" if candidate.member_id else "手工输入的姓名")
        self.table.setItem(row, NAME, name)
        for column, value in ((YES, candidate.votes_yes), (NO, candidate.votes_no),
                              (ABSTAIN, candidate.votes_abstain)):
            edit = _number_edit()
            edit.setMaximumWidth(16777215)
            edit.setText("" if value is None else str(value))
            edit.setEnabled(self._editable)
            edit.textChanged.connect(self._votes_changed)
            self.table.setCellWidget(row, column, edit)
        result = QTableWidgetItem("")
        result.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setItem(row, RESULT, result)

    def vote_edit(self, row: int, column: int) -> QLineEdit:
        return cell_widget(self.table, row, column, QLineEdit)

    def result_text(self, row: int) -> str:
        return cell(self.table, row, RESULT).text()

    def add_picked(self) -> bool:
        """Add the chosen member, or the typed name, as a candidate."""
        name = self.pick.text()
        if not name:
            self._show_messages(["请先选择或输入候选人姓名"])
            return False
        if any(c.name == name for c in self._item.candidates):
            self._show_messages([f"{name}已在候选人名单中"])
            return False
        member_id = next((i for i, n in self._people if n == name), None)
        candidate = CandidateInput(name, member_id)
        self._item.candidates.append(candidate)
        self._add_row(candidate)
        self._fill_pick()
        self._changed()
        return True

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
            del self._item.candidates[row]
        self._fill_pick()
        self._changed()

    # -- editing -------------------------------------------------------------------------

    def _figures_changed(self) -> None:
        if self._filling:
            return
        self._item.seats = _number(self.seats.text())
        self._item.ballots_issued = _number(self.issued.text())
        self._item.ballots_returned = _number(self.returned.text())
        self._item.ballots_invalid = _number(self.invalid.text())
        self._changed()

    def _votes_changed(self) -> None:
        if self._filling:
            return
        for row, candidate in enumerate(self._item.candidates):
            candidate.votes_yes, candidate.votes_no, candidate.votes_abstain = (
                _number(self.vote_edit(row, column).text()) for column in (YES, NO, ABSTAIN))
        self._changed()

    def _changed(self) -> None:
        self.recompute()
        self.changed.emit()

    def outcome(self) -> ElectionOutcome:
        return outcome_of(self._item, *self._electors())

    def recompute(self) -> None:
        expected, present = self._electors()
        self.electors_label.setText(f"（有选举权的党员应到{expected}人，实到{present}人）")
        style = election_style(self._item.seats, len(self._item.candidates))
        self.style_label.setText(f"候选人{len(self._item.candidates)}人" +
                                 (f"，{style}" if style else ""))
        warnings = contest_warnings(self._title, self._item.seats,
                                    len(self._item.candidates))
        self.contest.setText("\n".join(warnings))
        self.contest.setVisible(bool(warnings))
        outcome = self.outcome()
        for row, result in enumerate(outcome.candidates):
            item = cell(self.table, row, RESULT)
            item.setText(result or "")
            item.setForeground(QColor(COLOURS.get(result or "", "#666666")))
        self.summary.setText(outcome.summary if outcome.result == INVALID else
                             outcome.summary and f"选举结果：{outcome.summary}")
        self.summary.setStyleSheet(
            ERROR_STYLE if outcome.result == INVALID else
            "color: #2e7d32; font-weight: bold;" if outcome.result == VALID else "")
        self.summary.setVisible(bool(outcome.summary))
        self._show_messages([] if outcome.result == INVALID else outcome.messages)

    def _show_messages(self, messages: list[str]) -> None:
        self.messages.setText("\n".join(messages))
        self.messages.setVisible(bool(messages))

    def set_read_only(self, read_only: bool) -> None:
        self._editable = not read_only
        for edit in (self.seats, self.issued, self.returned, self.invalid):
            edit.setReadOnly(read_only)
        for row in range(self.table.rowCount()):
            for column in (YES, NO, ABSTAIN):
                self.vote_edit(row, column).setEnabled(not read_only)
        for widget in (self.pick, self.add_button, self.remove_button):
            widget.setEnabled(not read_only)
