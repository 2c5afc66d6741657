"""Ledger dialogs: a donation, passing donations up, other income, a reversal, a check."""

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from app.fund import corrections, donations, kinds, ledger
from app.fund.ledger import Posting
from app.fund.records import EntryRecord
from app.fund.settings import mode
from base.errors import UserError
from base.money import format_yuan, parse_yuan
from ui.context import AppContext
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.member_picker import MemberCombo


def amount_of(dialog: FormDialog, box: QLineEdit, key: str = "amount") -> Decimal | None:
    try:
        return parse_yuan(box.text())
    except UserError as exc:
        dialog.form.show_message(key, exc.message)
        return None


class DonationDialog(FormDialog):
    def __init__(self, context: AppContext, today: dt.date, parent: QWidget | None = None
                 ) -> None:
        super().__init__("登记捐款", parent, context=context, ok_text="登记")
        self.today = today
        self.donor = self.form.add("donor", "捐款人", MemberCombo(context, today),
                                   required=True)
        self.date = self.form.add("date", "日期", DateField(optional=False), required=True)
        self.date.set_date(today)
        self.amount = self.form.add("amount", "金额（元）", QLineEdit(), required=True)
        self.receipt_no = self.form.add("receipt_no", "收据号", QLineEdit())
        self.receipt_no.setPlaceholderText("留空则按年度自动编号")
        self.resize(440, self.sizeHint().height())

    def save(self) -> None:
        amount = amount_of(self, self.amount)
        if amount is None:
            return
        day = self.required_date("date", self.date)
        if day is None:
            return
        member_id, name = self.donor.member_id(), self.donor.text()
        receipt_no = self.receipt_no.text()
        self.run(lambda s: donations.record_donation(
            s, date=day, amount=amount, member_id=member_id,
            donor_name="" if member_id else name, receipt_no=receipt_no, today=self.today).id)


class RemitDialog(FormDialog):
    """Pass the chosen donations up to the city fund in one remittance."""

    def __init__(self, context: AppContext, today: dt.date, parent: QWidget | None = None
                 ) -> None:
        super().__init__("上缴捐款", parent, context=context, ok_text="登记上缴")
        self.today = today
        with context.session() as session:
            waiting = [(d.id, d.amount, f"{d.date:%Y-%m-%d}  {d.receipt_no}  {d.person_name}  "
                                        f"{format_yuan(d.amount)} 元")
                       for d in donations.unremitted(session)]
        self.list = QListWidget()
        self.list.setObjectName("donations")
        for donation_id, amount, text in waiting:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (donation_id, amount))
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.itemChanged.connect(self._total)
        self.form.add_wide(QLabel("勾选本次上缴的捐款："))
        self.form.add_wide(self.list)
        self.total = QLabel()
        self.form.add_wide(self.total)
        self.date = self.form.add("date", "上缴日期", DateField(optional=False), required=True)
        self.date.set_date(today)
        self.reference = self.form.add("reference", "汇款凭证号", QLineEdit())
        self._total()
        self.resize(520, 480)

    def chosen(self) -> list[tuple[str, Decimal]]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _total(self) -> None:
        chosen = self.chosen()
        total = sum((amount for _id, amount in chosen), Decimal("0.00"))
        self.total.setText(f"已选 {len(chosen)} 笔，合计 {format_yuan(total)} 元")

    def save(self) -> None:
        ids = [donation_id for donation_id, _amount in self.chosen()]
        day, reference = self.required_date("date", self.date), self.reference.text()
        if day is None:
            return
        self.run(lambda s: donations.remit(s, ids, day, reference, self.today).id)


class IncomeDialog(FormDialog):
    """Branch fund: 党费划拨, 上级拨款, 单位 or 工会 money."""

    def __init__(self, context: AppContext, today: dt.date, parent: QWidget | None = None
                 ) -> None:
        super().__init__("登记其他收入", parent, context=context, ok_text="登记")
        self.today = today
        with context.session() as session:
            choices = kinds.OTHER_INCOMES[mode(session)]
        self.kind = self.form.add("kind", "收入类别", ChoiceCombo(choices), required=True)
        self.date = self.form.add("date", "日期", DateField(optional=False), required=True)
        self.date.set_date(today)
        self.amount = self.form.add("amount", "金额（元）", QLineEdit(), required=True)
        self.payer = self.form.add("payer", "拨款单位", QLineEdit())
        self.reference = self.form.add("reference", "文号或凭证号", QLineEdit())
        self.summary = self.form.add("summary", "摘要", QLineEdit())
        self.resize(440, self.sizeHint().height())

    def save(self) -> None:
        amount = amount_of(self, self.amount)
        if amount is None:
            return
        day = self.required_date("date", self.date)
        if day is None:
            return
        posting = Posting(kind=self.kind.text(), date=day, amount=amount,
                          person_name=self.payer.text(), reference=self.reference.text(),
                          summary=self.summary.text() or self.kind.text())
        self.run(lambda s: ledger.post(s, posting, self.today).id)


class ReverseDialog(FormDialog):
    def __init__(self, context: AppContext, today: dt.date, entry: EntryRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"冲销第 {entry.seq} 号账目", parent, context=context, ok_text="冲销")
        self.today = today
        self.entry_id = entry.id
        note = QLabel(f"{entry.date:%Y-%m-%d}  {entry.kind}  {entry.summary}  "
                      f"{entry.direction} {format_yuan(entry.amount)} 元\n"
                      "账目一经登记不能修改或删除；冲销将登记一笔金额相同、方向相反的账目。")
        note.setWordWrap(True)
        self.form.add_wide(note)
        self.date = self.form.add("date", "冲销日期", DateField(optional=False), required=True)
        self.date.set_date(today)
        self.reason = self.form.add("reason", "冲销原因", QLineEdit(), required=True)
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        day, reason = self.required_date("date", self.date), self.reason.text()
        if day is None:
            return
        self.run(lambda s: corrections.reverse(s, self.entry_id, day, reason, self.today).id)


class ConfirmDialog(FormDialog):
    """The second person (出纳 or 会计) checks an entry someone else entered."""

    def __init__(self, context: AppContext, today: dt.date, entry: EntryRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"复核第 {entry.seq} 号账目", parent, context=context, ok_text="复核")
        self.today = today
        self.entry_id = entry.id
        self.form.add_wide(QLabel(f"{entry.summary}  {format_yuan(entry.amount)} 元，"
                                  f"录入人：{entry.entered_by}"))
        self.confirmer = self.form.add("confirmer", "复核人", QLineEdit(), required=True)
        self.confirmer.setPlaceholderText("须为录入人以外的另一人")

    def save(self) -> None:
        name = self.confirmer.text()
        self.run(lambda s: ledger.confirm(s, self.entry_id, name).id)
