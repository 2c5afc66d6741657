"""City fund dialogs: approving or refusing an application, the fund's rules, other income
and its correction. Each saves through app.city.fund in one transaction and shows a
refusal inline, saving nothing."""


from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.city import fund
from app.fund.applications import REASONS
from app.members.rules import CATEGORIES
from base.money import format_yuan
from ui.city.fund.host import CityFundHost
from ui.fund.dialogs import amount_of
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_field import DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.record_tab import note_label

HINT_STYLE = "color: #555;"


def _hint(text: str) -> QLabel:
    return note_label(text, style=HINT_STYLE)


class _CityDialog(FormDialog):
    def __init__(self, host: CityFundHost, title: str, parent: QWidget | None,
                 ok_text: str) -> None:
        super().__init__(title, parent, context=host.context, ok_text=ok_text)
        self.today = host.today()
        self.host = host

    def _date(self, label: str = "日期") -> DateField:
        field = self.form.add("date", label, DateField(optional=False), required=True)
        field.set_date(self.today)
        return field


class DecisionDialog(_CityDialog):
    """批准 (with the amount granted) or 不予批准 (with the reason) of one application."""

    def __init__(self, host: CityFundHost, application: fund.CityApplication, approve: bool,
                 rules_hint: str, parent: QWidget | None = None) -> None:
        super().__init__(host, "批准补助申请" if approve else "不予批准补助申请", parent,
                         "批准" if approve else "不予批准")
        self.application, self.approve = application, approve
        a = application
        self.form.add_wide(QLabel(
            f"{a.number}　{a.branch_name}\n{a.applicant_name}　{a.reason}　申请 "
            f"{format_yuan(a.amount_requested)} 元" + (
                f"　支部建议 {format_yuan(a.branch_amount)} 元" if a.branch_amount else "")))
        if approve:
            self.amount = self.form.add("amount", "批准金额（元）", QLineEdit(), required=True)
            self.amount.setText(f"{a.branch_amount or a.amount_requested:.2f}")
        else:
            self.reason = self.form.add("reason", "不予批准理由", QPlainTextEdit(),
                                        required=True)
            self.reason.setPlaceholderText("将随回执文件告知支部，如“不属于本基金补助范围”")
            self.reason.setFixedHeight(72)
        self.decided_by = self.form.add("decided_by", "审批机关", QLineEdit(host.city_name))
        self.reference = self.form.add("reference", "会议或批文", QLineEdit())
        self.reference.setPlaceholderText("如“2026年第9次工委会”")
        self.date = self._date("审批日期")
        self.form.add_wide(_hint(rules_hint))
        self.form.add_wide(_hint(f"审批结果将写入“{a.branch_name}”的下一份回执文件，"
                                 "支部导入回执后自动登记到该申请。"))
        self.resize(520, self.sizeHint().height())

    def save(self) -> None:
        day = self.required_date("date", self.date)
        amount = amount_of(self, self.amount) if self.approve else None
        if day is None or (self.approve and amount is None):
            return
        reason = "" if self.approve else self.reason.toPlainText()
        by, ref, actor = self.decided_by.text(), self.reference.text(), self.host.actor
        self.run(lambda s: fund.decide(
            s, self.application.id, approve=self.approve, amount=amount, reason=reason,
            decided_by=by, decision_ref=ref, entered_by=actor, day=day, today=self.today))


class RulesDialog(_CityDialog):
    """The fund's rules: grant limits and who may apply."""

    def __init__(self, host: CityFundHost, parent: QWidget | None = None) -> None:
        super().__init__(host, "互助基金规则", parent, "保存")
        with host.context.session() as session:
            rules = fund.fund_rules(session)
        self.max_grant = self.form.add("max_grant", "单笔补助上限（元）",
                                       QLineEdit(f"{rules.max_grant:.2f}"), required=True)
        self.max_year = self.form.add("max_year", "每人每年上限（元）",
                                      QLineEdit(f"{rules.max_member_year:.2f}"), required=True)
        self.form.add_wide(_hint("超过上限的补助须经工委会议研究：先在此调整上限，再审批。"))
        self.reasons = self._checks("reasons", "可申请事由", REASONS, rules.reasons)
        self.categories = self._checks("categories", "可申请人员", CATEGORIES, rules.categories)
        self.resize(460, self.sizeHint().height())

    def _checks(self, key: str, label: str, choices: tuple[str, ...],
                chosen: list[str]) -> list[QCheckBox]:
        boxes = []
        for n, choice in enumerate(choices):
            box = QCheckBox(choice)
            box.setObjectName(f"{key}-{n}")
            box.setChecked(choice in chosen)
            self.form.add(f"{key}-{n}", label if n == 0 else "", box)
            boxes.append(box)
        return boxes

    def save(self) -> None:
        max_grant = amount_of(self, self.max_grant, "max_grant")
        max_year = amount_of(self, self.max_year, "max_year")
        if max_grant is None or max_year is None:
            return
        rules = fund.FundRules(max_grant, max_year,
                               [b.text() for b in self.reasons if b.isChecked()],
                               [b.text() for b in self.categories if b.isChecked()])
        self.run(lambda s: fund.save_rules(s, rules))


class IncomeDialog(_CityDialog):
    """Money the fund receives other than branch remittances (党费划拨, 工会拨款 …)."""

    def __init__(self, host: CityFundHost, parent: QWidget | None = None) -> None:
        super().__init__(host, "登记基金收入", parent, "登记")
        self.kind = self.form.add("kind", "收入类别", ChoiceCombo(fund.INCOME_KINDS),
                                  required=True)
        self.date = self._date()
        self.amount = self.form.add("amount", "金额（元）", QLineEdit(), required=True)
        self.reference = self.form.add("reference", "文号或凭证号", QLineEdit())
        self.summary = self.form.add("summary", "摘要", QLineEdit())
        self.form.add_wide(_hint("各支部上缴的捐款随支部数据包自动入账，不在此登记。"))
        self.resize(440, self.sizeHint().height())

    def save(self) -> None:
        day = self.required_date("date", self.date)
        amount = amount_of(self, self.amount)
        if day is None or amount is None:
            return
        kind, ref, summary = self.kind.text(), self.reference.text(), self.summary.text()
        self.run(lambda s: fund.record_income(s, kind, day, amount, self.host.actor, ref,
                                                  summary, self.today))


class ReverseDialog(_CityDialog):
    """Correct a mistyped income with a reversing entry."""

    def __init__(self, host: CityFundHost, line: fund.LedgerLine,
                 parent: QWidget | None = None) -> None:
        super().__init__(host, "冲销账目", parent, "冲销")
        self.line = line
        self.form.add_wide(QLabel(f"第 {line.seq} 号　{line.date:%Y-%m-%d}　{line.kind}　"
                                  f"{format_yuan(line.income or line.expense)} 元\n{line.summary}"))
        self.date = self._date()
        self.reason = self.form.add("reason", "冲销原因", QLineEdit(), required=True)
        self.form.add_wide(_hint("账目登记后不能修改或删除：冲销后请重新登记正确的收入。"))
        self.resize(440, self.sizeHint().height())

    def save(self) -> None:
        day = self.required_date("date", self.date)
        if day is None:
            return
        reason, entry_id = self.reason.text(), self.line.entry_id
        self.run(lambda s: fund.reverse_income(s, entry_id, day, reason, self.host.actor,
                                                   self.today))
