"""年度核定: each member's base and monthly amount for the year, pre-filled from last year;
the secretary checks, edits, confirms and prints the 党费核定表."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)
from sqlalchemy.orm import Session

from app.dues import config
from app.dues.assessment import (
    AssessmentInput,
    Proposal,
    compute,
    confirm_year,
    delete_assessment,
    propose_year,
    rate_text,
    save_assessment,
    year_assessments,
)
from app.dues.rules import DEDUCTION_ITEMS, INCOME_ITEMS
from app.members.service import member_name
from base.errors import UserError
from base.money import parse_yuan
from ui.context import AppContext
from ui.dues.host import DuesHost
from ui.widgets.buttons import button
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.form_dialog import FormDialog
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import cell_text, record_table, row_key


class AssessmentDialog(FormDialog):
    """One member's 核定: category, pay items under a deduction profile (or a typed base)."""

    def __init__(self, context: AppContext, today: dt.date, data: AssessmentInput, *,
                 start_editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(f"{data.year}年度党费核定", parent, context=context, ok_text="保存核定")
        self.today = today
        self.data = data
        with context.session() as session:
            name = member_name(session, data.member_id)
            categories = config.rule_set_for(session, data.year, data.start_month).categories
            profiles = [p.name for p in config.profiles(session)]
            default_profile = config.default_profile(session).name
        self.form.add("member", "党员", QLabel(f"<b>{name}</b>　{data.year}年"))
        self.category = self.form.add("category", "党费类别", ChoiceCombo(categories))
        self.category.set_text(data.category)
        self.start_month = self.form.add("start_month", "自几月起", QSpinBox())
        self.start_month.setRange(1, 12)
        self.start_month.setSuffix(" 月")
        self.start_month.setValue(data.start_month)
        self.start_month.setEnabled(start_editable)
        self.start_month.setToolTip("新工资从哪个月开始执行；首年使用本软件时也可从当月起核定")
        self.profile = self.form.add("profile", "扣除方案", ChoiceCombo(profiles))
        self.profile.set_text(data.profile or default_profile)
        self.items = QTableWidget(len(INCOME_ITEMS) + len(DEDUCTION_ITEMS), 2)
        self.items.setObjectName("pay-items")
        self.items.setHorizontalHeaderLabels(["工资项目", "金额（元）"])
        self.items.verticalHeader().hide()
        self.items.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.items.setMinimumHeight(300)
        for row, item_name in enumerate((*INCOME_ITEMS, *DEDUCTION_ITEMS)):
            label = QTableWidgetItem(item_name + ("（扣除项）" if item_name in DEDUCTION_ITEMS
                                                  else ""))
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            label.setData(Qt.ItemDataRole.UserRole, item_name)
            if item_name in DEDUCTION_ITEMS:
                label.setForeground(QColor("#8a5a00"))
            self.items.setItem(row, 0, label)
            value = data.pay_items.get(item_name)
            self.items.setItem(row, 1, QTableWidgetItem("" if value is None else f"{value}"))
        self.form.add("pay_items", "工资项目", self.items)
        self.base = self.form.add("base", "或直接填基数", QLineEdit(
            "" if data.base is None or data.pay_items else f"{data.base}"))
        self.base.setPlaceholderText("不填工资项目时，直接填写计算基数（元）")
        self.notes = self.form.add("notes", "备注", QLineEdit(data.notes))
        self.calculation = QLabel()
        self.calculation.setObjectName("result")
        self.calculation.setWordWrap(True)
        self.form.add_wide(self.calculation)
        hint = QLabel("计算基数：每月工资中相对固定、经常性的部分（税后）。交通、通讯、伙食、"
                      "加班等补贴和不固定的奖金不计入。离退休党员填“基本离退休费”。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        self.form.add_wide(hint)
        self.category.currentIndexChanged.connect(self.update_result)
        self.profile.currentIndexChanged.connect(self.update_result)
        self.start_month.valueChanged.connect(self.update_result)
        self.items.itemChanged.connect(self.update_result)
        self.base.textChanged.connect(self.update_result)
        self.update_result()
        self.resize(520, 760)

    def current_input(self) -> AssessmentInput:
        """What the form holds; raises UserError on an amount that is not a number."""
        items: dict[str, Decimal] = {}
        for row in range(self.items.rowCount()):
            name = str(row_key(self.items, row))
            text = cell_text(self.items, row, 1)
            if text.strip():
                items[name] = parse_yuan(text)
        return AssessmentInput(
            member_id=self.data.member_id, year=self.data.year, category=self.category.text(),
            base=parse_yuan(self.base.text()) if self.base.text().strip() else None,
            pay_items=items, profile=self.profile.text(), start_month=self.start_month.value(),
            notes=self.notes.text(),
        )

    def update_result(self) -> None:
        try:
            data = self.current_input()
            with self.context.session() as session:
                computed = compute(session, data)
                fixed = computed.rule_set.rule(data.category).is_fixed
        except UserError as exc:
            self.calculation.setText(exc.message)
            self.calculation.setStyleSheet("color: #c62828;")
            return
        for widget in (self.items, self.base, self.profile):
            widget.setEnabled(not fixed)
        if fixed:
            text = f"{data.category}党员按定额交纳：每月 {computed.monthly_amount:.2f} 元"
        else:
            rate = rate_text(computed.rule_set, data.category, computed.base)
            text = (f"计算基数 {computed.base:,.2f} 元 × {rate} = "
                    f"<b>每月 {computed.monthly_amount:.2f} 元</b>")
            if computed.built is not None:
                text = (f"收入 {computed.built.income:,.2f} 元 − 扣除 "
                        f"{computed.built.income - computed.built.base:,.2f} 元；") + text
                if computed.built.not_deducted:
                    text += (f"<br><span style='color:#666'>按“{data.profile}”不扣除："
                             f"{'、'.join(computed.built.not_deducted)}</span>")
        self.calculation.setText(
            text + f"<br><span style='color:#666'>依据：{computed.rule_set.name}</span>")
        self.calculation.setStyleSheet("")

    def save(self) -> None:
        try:
            data = self.current_input()
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.run(lambda s: save_assessment(s, data, self.today))


HEADERS = ("姓名", "党费类别", "计算基数", "扣除方案", "月交纳额", "上年月交纳额", "状态")
SOURCE_COLOURS = {"已核定": "#1e5c2e", "沿用上年": "#8a5a00", "待填写": "#b00020"}


class AssessmentTab(RecordTab):
    def __init__(self, host: DuesHost) -> None:
        super().__init__()
        self.host = host
        self.proposals: list[Proposal] = []
        self.heading = self.add_note(name="assessment-heading")
        self.edit_button = button("编辑核定…", "查看或修改选中党员的计算基数和类别（也可双击）",
                                  self.edit)
        self.confirm_button = button("确认沿用上年的核定", "把“沿用上年”的各行一次保存为本年核定",
                                     self.confirm_all)
        self.adjust_button = button("年中调整基数…", "新工资从某月起执行时，自该月起重新核定",
                                    self.adjust)
        self.delete_button = button("删除核定", "删除选中党员本年的核定（未交的月份将变为未核定）",
                                    self.delete)
        self.print_button = button("打印核定表", "打印本年度党费核定表", host.print_assessment)
        self.add_buttons([self.edit_button, self.confirm_button, self.adjust_button,
                          self.delete_button], [self.print_button])
        self.table = self.add_body(record_table("assessments", HEADERS))
        self.table.doubleClicked.connect(lambda _i: self.edit())

    def refresh(self) -> None:
        year = self.host.year()
        with self.host.context.session() as session:
            self.proposals = propose_year(session, year)
            mode = config.mode(session)
        waiting = sum(1 for p in self.proposals if p.source != "已核定")
        self.heading.setText(
            f"{year}年度党费核定（{mode}）：共 {len(self.proposals)} 人，"
            + (f"<span style='color:#b00020'>{waiting} 人待确认</span>。“沿用上年”的数额按上年"
               "工资项目预填，工资有变化的请先编辑。" if waiting else "已全部核定。"))
        self.adjust_button.setVisible(mode == config.FROM_PAY_CHANGE)
        self.confirm_button.setEnabled(any(p.source == "沿用上年" and not p.problem
                                           for p in self.proposals))
        self.table.setRowCount(len(self.proposals))
        for r, p in enumerate(self.proposals):
            data = p.input
            values = [
                p.member.name, data.category + (f"（{data.start_month}月起）"
                                                if data.start_month > 1 else ""),
                "" if p.base is None else f"{p.base:,.2f}",
                data.profile if data.pay_items else "",
                "" if p.monthly_amount is None else f"{p.monthly_amount:.2f}",
                "" if p.previous_amount is None else f"{p.previous_amount:.2f}",
                p.problem or p.source,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (2, 4, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if c == 6:
                    item.setForeground(QColor("#b00020" if p.problem
                                              else SOURCE_COLOURS.get(p.source, "#000")))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def selected(self) -> Proposal | None:
        row = self.table.currentRow()
        return self.proposals[row] if 0 <= row < len(self.proposals) else None

    def _open(self, data: AssessmentInput, start_editable: bool) -> None:
        dialog = AssessmentDialog(self.host.context, self.host.today(), data,
                                  start_editable=start_editable, parent=self)
        dialog.saved.connect(lambda _a: self.host.say("核定已保存。"))
        dialog.open()

    def edit(self) -> None:
        proposal = self.selected()
        if proposal is not None:
            self._open(proposal.input, start_editable=proposal.source != "已核定")

    def adjust(self) -> None:
        proposal = self.selected()
        if proposal is None:
            return
        today = self.host.today()
        month = min(today.month + 1, 12) if self.host.year() == today.year else 7
        self._open(replace(proposal.input, start_month=month), start_editable=True)

    def confirm_all(self) -> None:
        rows = [p.input for p in self.proposals if p.source == "沿用上年" and not p.problem]
        saved = self.host.context.write(
            self, lambda s: confirm_year(s, rows, self.host.today()))
        if saved is not None:
            self.host.say(f"已确认 {len(saved)} 名党员的本年核定。")

    def delete(self) -> None:
        proposal = self.selected()
        if proposal is None or proposal.source != "已核定":
            self.host.say("请选择一行“已核定”的记录。")
            return
        answer = QMessageBox.question(
            self, "删除核定", f"删除{proposal.member.name}{self.host.year()}年的核定吗？"
            "已交纳的记录不受影响，未交的月份将显示为“未核定”。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        member_id, year = proposal.member.id, self.host.year()

        def remove(session: Session) -> bool:
            for a in year_assessments(session, year):
                if a.member_id == member_id:
                    delete_assessment(session, a.id)
            return True

        self.host.context.write(self, remove)
