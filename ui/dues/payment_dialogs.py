"""Recording payments: one member's months (with an optional voluntary extra), a month for
many members at once (集中交纳), and a voluntary sum."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from app.dues.ledger import NOT_LIABLE, ZERO, Ledger
from app.dues.months import Month
from app.dues.payments import (
    CENTRAL_THRESHOLD,
    METHODS,
    BatchResult,
    pay_month_for_many,
    pay_months,
    pay_voluntary,
    plan_payment,
    voluntary_kind,
)
from app.members.service import list_members, member_name
from base.errors import UserError
from base.money import amount_in_words, parse_yuan
from ui.context import AppContext
from ui.dues.base import DuesDialog, optional_yuan
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField
from ui.widgets.member_picker import MemberChecklist
from ui.widgets.month_field import MonthField

#: Where a member's line in the 集中交纳 list keeps what that member owes for the month.
OWED = Qt.ItemDataRole.UserRole + 1


def _date_field(today: dt.date) -> DateField:
    field = DateField(optional=False)
    field.set_date(today)
    return field


class PaymentDialog(DuesDialog):
    """One member pays one or more months (正常, 预交 or 补交), perhaps a little more."""

    def __init__(self, context: AppContext, member_id: str, first: Month, last: Month,
                 today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__("登记交纳党费", parent, context=context, ok_text="登记")
        self.today = today
        self.member_id = member_id
        with context.session() as session:
            name = member_name(session, member_id)
        self.form.add("member", "党员", QLabel(f"<b>{name}</b>"))
        self.first = self.form.add("first", "从", MonthField(first))
        self.last = self.form.add("last", "到", MonthField(last))
        self.paid_on = self.form.add("paid_on", "交纳日期", _date_field(today), required=True)
        self.method = self.form.add("method", "交纳方式", ChoiceCombo(METHODS))
        self.extra = self.form.add("extra", "自愿多交（元）", QLineEdit())
        self.extra.setPlaceholderText("没有可不填")
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.form.add_wide(self.summary)
        self.print_receipt = QCheckBox("登记后打印收据")
        self.form.add_wide(self.print_receipt)
        for signal in (self.first.changed, self.last.changed, self.paid_on.changed,
                       self.extra.textChanged):
            signal.connect(self.update_summary)
        self.update_summary()
        self.resize(460, self.sizeHint().height())

    def update_summary(self) -> None:
        """Show what would be paid, or why it cannot be, before anything is saved."""
        paid_on = self.paid_on.date() or self.today
        try:
            with self.context.session() as session:
                plan = plan_payment(session, self.member_id, self.first.value(),
                                    self.last.value(), paid_on, self.today)
            total = plan.total + optional_yuan(self.extra.text())
        except UserError as exc:
            self.summary.setText(exc.message)
            self.summary.setStyleSheet("color: #c62828;")
            self.ok_button.setEnabled(False)
            return
        text = (f"共 {len(plan.months)} 个月，党费 {plan.total:.2f} 元；合计 {total:.2f} 元"
                f"（{amount_in_words(total)}）")
        if plan.warnings:
            text += "\n注意：" + "；".join(plan.warnings) + "，登记时需要确认。"
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #b26a00;" if plan.warnings else "")
        self.ok_button.setEnabled(True)

    def save(self) -> None:
        paid_on = self.required_date("paid_on", self.paid_on, "请填写交纳日期")
        if paid_on is None:
            return
        try:
            extra = optional_yuan(self.extra.text())
        except UserError as exc:
            self.form.show_message("extra", exc.message)
            return
        first, last, method = self.first.value(), self.last.value(), self.method.text()
        self.run_confirmed(lambda s, confirmed: pay_months(
            s, self.member_id, first, last, paid_on, method, extra=extra, confirmed=confirmed,
            today=self.today))


class BatchDialog(DuesDialog):
    """集中交纳: the members present pay one month together (often on 主题党日)."""

    def __init__(self, context: AppContext, month: Month, today: dt.date,
                 chosen: set[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__("集中交纳党费", parent, context=context, ok_text="登记交纳")
        self.today = today
        self.chosen = chosen
        self.month = self.form.add("month", "交纳月份", MonthField(month))
        self.paid_on = self.form.add("paid_on", "交纳日期", _date_field(today), required=True)
        self.method = self.form.add("method", "交纳方式", ChoiceCombo(METHODS))
        self.members = MemberChecklist()
        self.members.setObjectName("batch-members")
        self.members.setMinimumHeight(260)
        self.form.add("members", "交纳党员", self.members)
        select_all = QPushButton("全选")
        select_none = QPushButton("全不选")
        select_all.clicked.connect(lambda: self.members.check_all(True))
        select_none.clicked.connect(lambda: self.members.check_all(False))
        self.total = QLabel()
        self.total.setObjectName("total")
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(select_all)
        line.addWidget(select_none)
        line.addWidget(self.total, 1)
        self.form.add_wide(row)
        self.month.changed.connect(self.load_members)
        self.members.itemChanged.connect(self._update_total)
        self.load_members()
        self.resize(480, 620)

    def load_members(self) -> None:
        """Members of the branch that month; those who cannot pay it are shown greyed."""
        month = self.month.value()
        with self.context.session() as session:
            members = list_members(session, include_left=True)
            ledger = Ledger(session, members, month, month, self.today)
            cells = [(m, ledger.cell(m.id, month)) for m in members]
        self.members.blockSignals(True)
        self.members.clear()
        for member, cell in cells:
            if cell.state == NOT_LIABLE:
                continue  # not in the branch that month
            payable = cell.payable
            label = f"{member.name}　{cell.owed:.2f} 元" if payable else \
                f"{member.name}　（{cell.state}）"
            item = self.members.add_member(
                member.id, label, enabled=payable,
                checked=self.chosen is None or member.id in self.chosen)
            item.setData(OWED, cell.owed)
        self.members.blockSignals(False)
        self._update_total()

    def checked_ids(self) -> list[str]:
        return self.members.checked_ids()

    def _update_total(self) -> None:
        checked = self.members.checked()
        total = sum((i.data(OWED) for i in checked), ZERO)
        self.total.setText(f"已选 {len(checked)} 人，合计 {total:.2f} 元")

    def save(self) -> None:
        paid_on = self.required_date("paid_on", self.paid_on, "请填写交纳日期")
        if paid_on is None:
            return
        ids, month, method = self.checked_ids(), self.month.value(), self.method.text()

        def pay(session: Session, confirmed: bool) -> BatchResult:
            return pay_month_for_many(session, ids, month, paid_on, method,
                                      confirmed=confirmed, today=self.today)

        self.run_confirmed(pay)


class VoluntaryDialog(DuesDialog):
    """A voluntary sum beyond the dues; 1000 元 or more at once goes entirely to 中央."""

    def __init__(self, context: AppContext, member_id: str, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__("自愿交纳党费", parent, context=context, ok_text="登记")
        self.today = today
        self.member_id = member_id
        with context.session() as session:
            name = member_name(session, member_id)
        self.form.add("member", "党员", QLabel(f"<b>{name}</b>"))
        self.amount = self.form.add("amount", "金额（元）", QLineEdit(), required=True)
        self.paid_on = self.form.add("paid_on", "交纳日期", _date_field(today), required=True)
        self.method = self.form.add("method", "交纳方式", ChoiceCombo(METHODS))
        self.notes = self.form.add("notes", "备注", QLineEdit())
        self.hint = QLabel(f"一次性自愿交纳 {CENTRAL_THRESHOLD:.0f} 元及以上的党费，全部上缴中央。")
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.form.add_wide(self.hint)
        self.amount.textChanged.connect(self._update_hint)
        self.resize(440, self.sizeHint().height())

    def _update_hint(self) -> None:
        try:
            amount = parse_yuan(self.amount.text()) if self.amount.text().strip() else None
        except UserError:
            amount = None
        if amount is not None and voluntary_kind(amount)[1]:
            self.hint.setText(f"{amount:.2f} 元达到 {CENTRAL_THRESHOLD:.0f} 元：将登记为"
                              "“一次性自愿交纳”，标记为全部上缴中央。")
            self.hint.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.hint.setText(f"一次性自愿交纳 {CENTRAL_THRESHOLD:.0f} 元及以上的党费，"
                              "全部上缴中央。")
            self.hint.setStyleSheet("color: #666;")

    def save(self) -> None:
        paid_on = self.required_date("paid_on", self.paid_on, "请填写交纳日期")
        if paid_on is None:
            return
        try:
            amount = parse_yuan(self.amount.text())
        except UserError as exc:
            self.form.show_message("amount", exc.message)
            return
        method, notes = self.method.text(), self.notes.text()
        self.run(lambda s: pay_voluntary(s, self.member_id, amount, paid_on, method,
                                                     notes, today=self.today))
