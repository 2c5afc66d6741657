"""减免: approved reductions and waivers, and the dialog that records one."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QWidget

from app.dues import config
from app.dues.months import Month, span_label
from app.dues.relief import ReliefInput, add_relief, delete_relief, list_reliefs
from base.errors import UserError
from base.money import parse_yuan
from ui.context import AppContext
from ui.dues.host import DuesHost
from ui.widgets.buttons import button
from ui.widgets.date_field import DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.member_picker import MemberCombo
from ui.widgets.month_field import MonthField
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import fill_table, record_table


class ReliefDialog(FormDialog):
    def __init__(self, context: AppContext, today: dt.date, member_id: str | None,
                 first: Month, last: Month, parent: QWidget | None = None) -> None:
        super().__init__("登记党费减免", parent, context=context, ok_text="登记")
        self.today = today
        with context.session() as session:
            approver = config.recipient(session)
        self.member = MemberCombo(context, today, editable=False, placeholder="")
        if member_id is not None:
            self.member.select(member_id)
        self.form.add("member", "党员", self.member, required=True)
        self.first = self.form.add("first", "从", MonthField(first))
        self.last = self.form.add("last", "到", MonthField(last))
        self.amount = self.form.add("monthly_amount", "减免后每月（元）", QLineEdit("0.00"))
        self.amount.setToolTip("0 表示免交；填写金额表示减交到该数额")
        self.reason = self.form.add("reason", "减免原因", QLineEdit(), required=True)
        self.approved_by = self.form.add("approved_by", "批准组织", QLineEdit(approver),
                                         required=True)
        self.approval_ref = self.form.add("approval_ref", "批准文号", QLineEdit(), required=True)
        self.approval_ref.setPlaceholderText("如 机党发〔2026〕8号，或批复记录")
        self.approved_on = self.form.add("approved_on", "批准日期", DateField(optional=False),
                                         required=True)
        note = QLabel("党员本人申请，支部讨论，上级党委批准后登记。免交的月份不计为欠交。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.form.add_wide(note)
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        try:
            amount = parse_yuan(self.amount.text() or "0")
        except UserError as exc:
            self.form.show_message("monthly_amount", exc.message)
            return
        if self.approved_on.error():
            self.form.show_message("approved_on", self.approved_on.error() or "")
            return
        member_id = self.member.member_id()
        if member_id is None:
            self.form.show_message("member", "请选择党员")
            return
        data = ReliefInput(
            member_id=member_id, first=self.first.value(), last=self.last.value(),
            monthly_amount=amount, reason=self.reason.text(), approved_by=self.approved_by.text(),
            approval_ref=self.approval_ref.text(), approved_on=self.approved_on.date(),
        )
        self.run(lambda s: add_relief(s, data, self.today))


HEADERS = ("姓名", "期间", "减免后每月", "原因", "批准组织", "批准文号", "批准日期")


class ReliefTab(RecordTab):
    def __init__(self, host: DuesHost) -> None:
        super().__init__()
        self.host = host
        self.add_button = button("登记减免…", "登记经上级党委批准的减免", self.add)
        self.delete_button = button("删除", "删除登记错误的减免记录", self.delete)
        self.add_buttons([self.add_button, self.delete_button])
        self.table = self.add_body(record_table("reliefs", HEADERS))

    def refresh(self) -> None:
        with self.host.context.session() as session:
            rows = [
                (r.id, [r.member_name, span_label(r.first, r.last),
                        "免交" if r.monthly_amount == 0 else f"{r.monthly_amount:.2f}",
                        r.reason, r.approved_by, r.approval_ref, f"{r.approved_on:%Y-%m-%d}"])
                for r in list_reliefs(session, self.host.year())
            ]
        fill_table(self.table, rows)

    def add(self) -> None:
        month = Month.of(self.host.today())
        dialog = ReliefDialog(self.host.context, self.host.today(), None, month, month, self)
        dialog.open()

    def delete(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return
        answer = QMessageBox.question(self, "删除减免", f"删除{item.text()}的这条减免记录吗？"
                                      "删除后这些月份恢复为应交。")
        if answer == QMessageBox.StandardButton.Yes:
            relief_id = item.data(Qt.ItemDataRole.UserRole)
            self.host.context.write(self, lambda s: delete_relief(s, relief_id))
