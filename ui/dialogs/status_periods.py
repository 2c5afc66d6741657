"""党籍变化 of one member: 延长预备期 (the deciding meeting and its length), 留党察看 and
停止党籍 periods, listed in the member form and recorded with a small dialog."""

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.meetings.listing import list_meetings
from app.meetings.types import MeetingType
from app.members.history import PeriodInput, add_period, end_period
from app.members.record import member_record
from app.members.rules import MAX_EXTENSION_MONTHS, MIN_EXTENSION_MONTHS, PERIOD_KINDS, PeriodKind
from base.errors import UserError, ValidationError
from ui.context import AppContext
from ui.widgets.date_field import DateField
from ui.widgets.field_form import FieldForm

HINTS = {
    PeriodKind.EXTENSION: "预备期满时，支部大会讨论决定延长预备期，经上级党委批准；延长时间"
                          "不少于半年，最长不超过一年，只能延长一次。延长后转正提醒按延长后的"
                          "期满日计算。",
    PeriodKind.ON_PROBATION: "留党察看期间没有表决权、选举权和被选举权；期满恢复党员权利时请点"
                             "“结束”。",
    PeriodKind.SUSPENDED: "停止党籍期间不参加党的组织生活，不计入应到会人数；恢复党籍时请点"
                          "“结束”。",
}


class PeriodDialog(QDialog):
    def __init__(self, context: AppContext, member_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("period-dialog")
        self.context = context
        self.member_id = member_id
        self.setWindowTitle("登记党籍变化")
        self.form = FieldForm()
        self.kind = self.form.add("kind", "类别", QComboBox(), required=True)
        self.kind.addItems(PERIOD_KINDS)
        self.start = self.form.add("start", "决定（开始）日期", DateField(optional=False),
                                   required=True)
        self.start.set_date(dt.date.today())
        self.months = self.form.add("months", "延长时间", QSpinBox())
        self.months.setRange(MIN_EXTENSION_MONTHS, MAX_EXTENSION_MONTHS)
        self.months.setValue(MAX_EXTENSION_MONTHS)
        self.months.setSuffix(" 个月")
        self.end = self.form.add("end", "结束日期", DateField())
        self.meeting = self.form.add("meeting_id", "决定的会议", QComboBox())
        self.meeting.addItem("（未在本程序中记录）", None)
        with context.session() as session:
            for row in list_meetings(session, meeting_type=MeetingType.GENERAL)[:40]:
                self.meeting.addItem(f"{row.date:%Y-%m-%d} {row.heading}", row.id)
        self.reference = self.form.add("reference", "批准情况", QLineEdit())
        self.reference.setPlaceholderText("如 机关党委2026年10月20日批复（机党发〔2026〕12号）")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        buttons = QDialogButtonBox()
        buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentTextChanged.connect(self._kind_changed)
        self._kind_changed(self.kind.currentText())
        self.resize(560, self.sizeHint().height())

    def _kind_changed(self, kind: str) -> None:
        extension = kind == PeriodKind.EXTENSION
        for key, shown in (("months", extension), ("end", not extension)):
            self.form.fields[key].setVisible(shown)
            self.form.caption(key).setVisible(shown)
        self.hint.setText(HINTS[PeriodKind(kind)])

    def values(self) -> PeriodInput:
        extension = self.kind.currentText() == PeriodKind.EXTENSION
        return PeriodInput(self.kind.currentText(), self.start.date(),
                           None if extension else self.end.date(),
                           self.months.value() if extension else None,
                           self.meeting.currentData(), self.reference.text())

    def save(self) -> None:
        data = self.values()
        try:
            self.context.apply(lambda session: add_period(session, self.member_id, data))
        except ValidationError as exc:
            self.form.clear_messages()
            for key, message in exc.fields.items():
                if key in self.form.fields:
                    self.form.show_message(key, message)
            self.error.setText(exc.message)
            return
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.accept()


class StatusPeriods(QWidget):
    """The member's periods, with 登记 and 结束 (for 留党察看 / 停止党籍)."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.member_id: str | None = None
        self._ids: list[str] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("periods")
        self.table.setHorizontalHeaderLabels(["类别", "起止", "决定会议及批准", "备注"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setFixedHeight(96)
        self.empty = QLabel("保存后可登记延长预备期、留党察看、停止党籍。")
        self.empty.setStyleSheet("color: #666;")
        self.add_button = QPushButton("登记党籍变化…")
        self.add_button.setObjectName("add-period")
        self.add_button.clicked.connect(self.add)
        self.end_button = QPushButton("结束所选…")
        self.end_button.setToolTip("留党察看期满恢复党员权利，或恢复党籍")
        self.end_button.clicked.connect(self.end_selected)
        self.end_date = DateField()
        self.end_date.set_date(dt.date.today())
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.end_button)
        buttons.addWidget(QLabel("结束日期："))
        buttons.addWidget(self.end_date)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.load(None)

    def load(self, member_id: str | None) -> None:
        self.member_id = member_id
        rows: list[tuple[str, list[str]]] = []
        if member_id is not None:
            with self.context.session() as session:
                periods = member_record(session, member_id).periods
            for p in periods:
                start = f"{p.start:%Y-%m-%d}" if p.start else "起始日期不详"
                span = (f"{start}起延长{p.months}个月" if p.kind == PeriodKind.EXTENSION else
                        f"{start}至{p.end:%Y-%m-%d}" if p.end else f"{start}起")
                rows.append((p.id, [p.kind, span, p.reference, p.notes]))
        self._ids = [i for i, _cells in rows]
        self.table.setRowCount(len(rows))
        for row, (_id, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        saved = member_id is not None
        self.empty.setVisible(not saved)
        self.empty.setText("暂无党籍变化记录。" if saved else
                           "保存后可登记延长预备期、留党察看、停止党籍。")
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        for widget in (self.add_button, self.end_button, self.end_date):
            widget.setEnabled(saved)

    def dialog(self) -> PeriodDialog:
        assert self.member_id is not None  # 登记 is offered once the member is saved
        dialog = PeriodDialog(self.context, self.member_id, self)
        dialog.accepted.connect(self._saved)
        return dialog

    def add(self) -> None:
        self.period_dialog = self.dialog()
        self.period_dialog.open()

    def end_selected(self) -> None:
        row = self.table.currentRow()
        day = self.end_date.date()
        if not 0 <= row < len(self._ids) or day is None:
            self.error.setText("请先在表中选中要结束的记录，并填写结束日期")
            return
        try:
            self.context.apply(lambda session: end_period(session, self._ids[row], day))
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self._saved()

    def _saved(self) -> None:
        self.error.clear()
        self.load(self.member_id)
        self.changed.emit()
