"""上缴: what the year's collection owes the higher level, what was passed up, the balance."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from app.dues import config
from app.dues.ledger import ZERO
from app.dues.remittance import (
    RemittanceInput,
    add_remittance,
    balance,
    branch_balance,
    delete_remittance,
    list_remittances,
)
from base.errors import UserError
from base.money import parse_yuan
from ui.context import AppContext
from ui.dues.host import DuesHost
from ui.widgets.buttons import button
from ui.widgets.date_field import DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import fill_table, record_table
from ui.widgets.year_page import year_box


class RemittanceDialog(FormDialog):
    def __init__(self, context: AppContext, today: dt.date, year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__("登记党费上缴", parent, context=context, ok_text="登记")
        self.today = today
        with context.session() as session:
            owed = balance(session, year)
            recipient = config.recipient(session)
        self.year = self.form.add("year", "所属年度", year_box("year", year, last=today.year,
                                                           suffix=""))
        self.paid_on = self.form.add("paid_on", "上缴日期", DateField(optional=False),
                                     required=True)
        self.paid_on.set_date(today)
        self.amount = self.form.add("amount", "金额（元）",
                                    QLineEdit(f"{max(owed.outstanding, ZERO):.2f}"),
                                    required=True)
        self.recipient = self.form.add("recipient", "接收单位", QLineEdit(recipient),
                                       required=True)
        self.reference = self.form.add("reference", "凭证号", QLineEdit())
        self.central = QCheckBox("这笔是一次性自愿交纳1000元以上、全部上缴中央的党费")
        self.form.add_wide(self.central)
        self.notes = self.form.add("notes", "备注", QLineEdit())
        self.resize(500, self.sizeHint().height())

    def save(self) -> None:
        try:
            amount = parse_yuan(self.amount.text())
        except UserError as exc:
            self.form.show_message("amount", exc.message)
            return
        data = RemittanceInput(
            year=self.year.value(), paid_on=self.paid_on.date(), amount=amount,
            recipient=self.recipient.text(), reference=self.reference.text(),
            to_central=self.central.isChecked(), notes=self.notes.text(),
        )
        self.run(lambda s: add_remittance(s, data, self.today))


HEADERS = ("上缴日期", "金额", "接收单位", "凭证号", "全部上缴中央", "备注")


class RemittanceTab(RecordTab):
    def __init__(self, host: DuesHost) -> None:
        super().__init__()
        self.host = host
        self.summary = self.add_line(QLabel())
        self.summary.setObjectName("remittance-summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.add_button = button("登记上缴…", "登记上缴给机关党委或工委的党费", self.add)
        self.delete_button = button("删除", "删除登记错误的上缴记录", self.delete)
        self.notice_button = button("收缴公布", "打印本年度党费收缴情况公布",
                                    host.print_notice)
        self.add_buttons([self.add_button, self.delete_button], [self.notice_button])
        self.table = self.add_body(record_table("remittances", HEADERS))

    def refresh(self) -> None:
        year = self.host.year()
        with self.host.context.session() as session:
            b = balance(session, year)
            held = branch_balance(session)
            rows = [(r.id, [f"{r.paid_on:%Y-%m-%d}", f"{r.amount:,.2f}", r.recipient,
                            r.reference, "是" if r.to_central else "", r.notes])
                    for r in list_remittances(session, year)]
        outstanding = (f"<span style='color:#b00020'>{b.outstanding:,.2f}</span>"
                       if b.outstanding > 0 else f"{b.outstanding:,.2f}")
        self.summary.setText(
            f"<b>{year}年</b>：收到党费 {b.collected:,.2f} 元（按交纳日期），其中一次性交纳"
            f"全部上缴中央 {b.central:,.2f} 元；上缴比例 {b.share_percent}%，"
            f"应上缴 {b.due_up:,.2f} 元，已上缴 {b.remitted:,.2f} 元，"
            f"尚未上缴 {outstanding} 元。<br>支部结存（历年收到减历年上缴）：{held:,.2f} 元。")
        fill_table(self.table, rows, right=(1,))

    def add(self) -> None:
        RemittanceDialog(self.host.context, self.host.today(), self.host.year(), self).open()

    def delete(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return
        answer = QMessageBox.question(self, "删除上缴记录", f"删除{item.text()}的这条上缴记录吗？")
        if answer == QMessageBox.StandardButton.Yes:
            remittance_id = item.data(Qt.ItemDataRole.UserRole)
            self.host.context.write(self, lambda s: delete_remittance(s, remittance_id))
