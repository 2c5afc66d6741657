"""设置 → 党费: 核定方式, rounding, 上缴 share and recipient, arrears warning, the deduction
profiles of the base, and the versioned rate rules (a policy change is a new version here)."""

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app import settings
from app.dues import config
from app.dues.rules import (
    DEDUCTION_ITEMS,
    DEFAULT_RULE_SET,
    ROUNDING_UNITS,
    CategoryRule,
    DeductionProfile,
    RuleSet,
    format_brackets,
    parse_brackets,
)
from base.errors import UserError
from base.money import parse_yuan
from ui.context import AppContext
from ui.widgets.date_field import DateField
from ui.widgets.form_dialog import FormDialog
from ui.widgets.tables import cell_text

RULE_HEADERS = ("类别", "计算基数", "比例档次（如 ≤3000:0.5%；以上:2%）", "定额（元）",
                "定额下限", "定额上限")


def _checked(item: QTableWidgetItem | None) -> bool:
    return item is not None and item.checkState() == Qt.CheckState.Checked


class RuleSetDialog(FormDialog):
    """A new version of the rate rules, starting from the latest one."""

    def __init__(self, context: AppContext, base: RuleSet, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__("新增党费规则版本", parent, context=context, ok_text="保存规则")
        self.today = today
        self.name = self.form.add("name", "规则名称", QLineEdit(), required=True)
        self.name.setPlaceholderText("如 某省委组织部2027年党费收缴办法")
        self.effective = self.form.add("effective", "施行日期", DateField(optional=False),
                                       required=True)
        self.effective.set_date(dt.date(today.year + 1, 1, 1))
        self.rules = QTableWidget(0, len(RULE_HEADERS))
        self.rules.setObjectName("rules")
        self.rules.setHorizontalHeaderLabels(RULE_HEADERS)
        self.rules.verticalHeader().hide()
        self.rules.setMinimumSize(820, 330)
        for rule in base.rules:
            self._add_row(rule)
        self.rules.resizeColumnsToContents()
        self.form.add_wide(self.rules)
        add = QPushButton("增加类别")
        add.clicked.connect(lambda: self._add_row(CategoryRule("", fixed=Decimal("0.20"))))
        remove = QPushButton("删除所选类别")
        remove.clicked.connect(lambda: self.rules.removeRow(self.rules.currentRow()))
        row = QWidget()
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.form.add_wide(row)
        note = QLabel("按比例交纳的类别填“比例档次”（全额按一个比例，上限含本数）；"
                      "按定额交纳的类别填“定额”，可用下限、上限约束（如农民0.20–1.00元）。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.form.add_wide(note)

    def _add_row(self, rule: CategoryRule) -> None:
        row = self.rules.rowCount()
        self.rules.insertRow(row)

        def text(value: Decimal | None) -> str:
            return "" if value is None else f"{value:.2f}"

        for column, value in enumerate((rule.category, rule.basis,
                                        format_brackets(rule.brackets), text(rule.fixed),
                                        text(rule.fixed_min), text(rule.fixed_max))):
            self.rules.setItem(row, column, QTableWidgetItem(value))

    def rule_set(self) -> RuleSet:
        rules = []
        for row in range(self.rules.rowCount()):
            cells = [(cell_text(self.rules, row, c).strip())
                     for c in range(len(RULE_HEADERS))]
            if not any(cells):
                continue

            def amount(text: str) -> Decimal | None:
                return parse_yuan(text) if text else None

            rules.append(CategoryRule(cells[0], cells[1], parse_brackets(cells[2]),
                                      amount(cells[3]), amount(cells[4]), amount(cells[5])))
        effective = self.effective.date()
        if effective is None:
            raise UserError("请填写施行日期")
        return RuleSet(self.name.text().strip(), effective, tuple(rules))

    def save(self) -> None:
        try:
            rule_set = self.rule_set()
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.run(lambda s: config.save_rule_set(s, rule_set))


class DuesSection(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.mode = QComboBox()
        self.mode.addItems(config.MODES)
        self.mode.setToolTip(f"{config.YEARLY}：每年1月核定基数，全年不变；"
                             f"{config.FROM_PAY_CHANGE}：新工资从哪个月执行，就从哪个月按新基数交纳")
        self.unit = QComboBox()
        self.unit.addItems(list(ROUNDING_UNITS))
        self.share = QLineEdit()
        self.share.setMaximumWidth(100)
        self.share_from = QSpinBox()
        self.share_from.setRange(2000, 2100)
        self.share_from.setValue(dt.date.today().year)
        self.share_from.setPrefix("自 ")
        self.share_from.setSuffix(" 年起")
        self.share_from.setToolTip("调整上缴比例时选择从哪一年起执行；之前各年仍按原比例计算应上缴")
        self.share_from.valueChanged.connect(self._show_share)
        self.share_history = QLabel()
        self.share_history.setStyleSheet("color: #666;")
        share_row = QHBoxLayout()
        share_row.addWidget(self.share)
        share_row.addWidget(self.share_from)
        share_row.addWidget(self.share_history, 1)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("空则为支部信息中的上级机关党委")
        self.warn = QSpinBox()
        self.warn.setRange(1, config.FLAG_MONTHS)
        self.warn.setSuffix(" 个月")
        self.due_day = QSpinBox()
        self.due_day.setObjectName("due-day")
        self.due_day.setRange(0, 28)
        self.due_day.setSpecialValueText("每月最后一天")
        self.due_day.setPrefix("每月 ")
        self.due_day.setSuffix(" 日")
        self.due_day.setToolTip("当月党费在截止日之后才计为未交（表格、欠交提醒、登记表和报表一致）")
        self.default_profile = QComboBox()
        form = QFormLayout()
        form.addRow("核定方式：", self.mode)
        form.addRow("舍入单位：", self.unit)
        form.addRow("上缴比例（%）：", share_row)
        form.addRow("上缴单位：", self.recipient)
        form.addRow("交纳截止日：", self.due_day)
        form.addRow("连续未交提醒：", self.warn)
        form.addRow("默认扣除方案：", self.default_profile)

        self.profiles = QTableWidget(0, 1 + len(DEDUCTION_ITEMS))
        self.profiles.setObjectName("profiles")
        self.profiles.setHorizontalHeaderLabels(["扣除方案名称", *DEDUCTION_ITEMS])
        self.profiles.verticalHeader().hide()
        self.profiles.setMinimumHeight(130)
        self.profiles.setMaximumHeight(170)
        add_profile = QPushButton("新增扣除方案")
        add_profile.clicked.connect(lambda: self._add_profile(DeductionProfile("新方案", ())))
        remove_profile = QPushButton("删除所选方案")
        remove_profile.clicked.connect(lambda: self.profiles.removeRow(self.profiles.currentRow()))
        self.save_button = QPushButton("保存党费设置")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setObjectName("status")
        profile_buttons = QHBoxLayout()
        profile_buttons.addWidget(add_profile)
        profile_buttons.addWidget(remove_profile)
        profile_buttons.addStretch(1)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.status, 1)

        self.rule_list = QListWidget()
        self.rule_list.setObjectName("rule-sets")
        self.rule_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rule_list.setMaximumHeight(90)
        self.rule_list.currentItemChanged.connect(self._show_rule_set)
        self.rule_detail = QLabel()
        self.rule_detail.setWordWrap(True)
        self.rule_detail.setStyleSheet("color: #444;")
        new_rules = QPushButton("新增规则版本…")
        new_rules.setToolTip("政策调整时，新增一个自某日起施行的规则版本；之前的年度仍按原规则")
        new_rules.clicked.connect(self.new_rule_set)
        delete_rules = QPushButton("删除所选版本")
        delete_rules.clicked.connect(self.delete_rule_set)
        rule_buttons = QHBoxLayout()
        rule_buttons.addWidget(new_rules)
        rule_buttons.addWidget(delete_rules)
        rule_buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>计算基数扣除方案</b>（勾选从工资项目中扣除的项目，打印在核定表上）"))
        layout.addWidget(self.profiles)
        layout.addLayout(profile_buttons)
        layout.addLayout(save_row)
        layout.addWidget(QLabel("<b>党费比例规则</b>（按施行日期选用）"))
        layout.addWidget(self.rule_list)
        layout.addWidget(self.rule_detail)
        layout.addLayout(rule_buttons)
        self.setMaximumWidth(900)
        self.refresh()

    def refresh(self) -> None:
        with self.context.session() as session:
            mode, unit = config.mode(session), config.rounding_unit(session)
            share = config.share_percent(session, self.share_from.value())
            history = [(f"{year}年起", percent) for year, percent in config.share_changes(session)]
            if history:
                first_year = config.share_changes(session)[0][0]
                history.insert(0, ("此前", config.share_percent(session, first_year - 1)))
            recipient = settings.get(session, config.RECIPIENT)
            warn = settings.get(session, config.WARN_MONTHS)
            due_day = settings.get(session, config.DUE_DAY)
            profiles = config.profiles(session)
            default = config.default_profile(session).name
            self.rule_sets = config.rule_sets(session)
        self.mode.setCurrentText(mode)
        self.unit.setCurrentText(unit)
        self.share.setText(f"{share.normalize():f}")
        self.share_history.setText("调整记录：" * bool(history) + "；".join(
            f"{since} {percent.normalize():f}%" for since, percent in history))
        self.recipient.setText(recipient)
        self.warn.setValue(warn)
        self.due_day.setValue(due_day)
        self.profiles.setRowCount(0)
        for profile in profiles:
            self._add_profile(profile)
        self.profiles.resizeColumnsToContents()
        self.default_profile.clear()
        self.default_profile.addItems([p.name for p in profiles])
        self.default_profile.setCurrentText(default)
        self.rule_list.clear()
        for rule_set in self.rule_sets:
            builtin = "（内置）" if rule_set.name == DEFAULT_RULE_SET.name else ""
            item = QListWidgetItem(
                f"{rule_set.effective:%Y-%m-%d} 起施行：{rule_set.name}{builtin}")
            item.setData(Qt.ItemDataRole.UserRole, rule_set.name)
            self.rule_list.addItem(item)
        self.rule_list.setCurrentRow(self.rule_list.count() - 1)

    def _show_share(self, year: int) -> None:
        with self.context.session() as session:
            self.share.setText(f"{config.share_percent(session, year).normalize():f}")

    def _add_profile(self, profile: DeductionProfile) -> None:
        row = self.profiles.rowCount()
        self.profiles.insertRow(row)
        self.profiles.setItem(row, 0, QTableWidgetItem(profile.name))
        for column, item_name in enumerate(DEDUCTION_ITEMS, start=1):
            box = QTableWidgetItem()
            box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            box.setCheckState(Qt.CheckState.Checked if item_name in profile.deductions
                              else Qt.CheckState.Unchecked)
            self.profiles.setItem(row, column, box)

    def _profiles(self) -> list[DeductionProfile]:
        return [
            DeductionProfile(
                cell_text(self.profiles, row, 0).strip(),
                tuple(d for c, d in enumerate(DEDUCTION_ITEMS, start=1)
                      if _checked(self.profiles.item(row, c))))
            for row in range(self.profiles.rowCount())
        ]

    def _show_rule_set(self, item: QListWidgetItem | None) -> None:
        found = [r for r in self.rule_sets
                 if item is not None and r.name == item.data(Qt.ItemDataRole.UserRole)]
        self.rule_detail.setText("；".join(f"{r.category} {r.describe()}" for r in found[0].rules)
                                 if found else "")

    def save(self) -> None:
        mode, unit, warn = self.mode.currentText(), self.unit.currentText(), self.warn.value()
        due_day = self.due_day.value()
        share, recipient = self.share.text(), self.recipient.text().strip()
        share_from = self.share_from.value()
        profiles, default = self._profiles(), self.default_profile.currentText()
        if default not in [p.name for p in profiles] and profiles:
            default = profiles[0].name

        def store(session: Session) -> bool:
            settings.put(session, config.MODE, mode)
            settings.put(session, config.ROUNDING_UNIT, unit)
            settings.put(session, config.WARN_MONTHS, warn)
            settings.put(session, config.DUE_DAY, due_day)
            settings.put(session, config.RECIPIENT, recipient)
            config.set_share_percent(session, share, share_from)
            config.save_profiles(session, profiles, default)
            return True

        if self.context.write(self, store):  # data_changed has shown what is stored
            self.status.setText("已保存。")
            self.status.setStyleSheet("color: #2e7d32;")

    def new_rule_set(self) -> None:
        dialog = RuleSetDialog(self.context, self.rule_sets[-1], dt.date.today(), self)
        dialog.open()

    def delete_rule_set(self) -> None:
        item = self.rule_list.currentItem()
        if item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(self, "删除规则版本", f"删除规则版本“{name}”吗？"
                                      "已保存的核定不受影响，以后的核定改按其他版本计算。")
        if answer == QMessageBox.StandardButton.Yes:
            self.context.write(self, lambda s: config.delete_rule_set(s, name))
