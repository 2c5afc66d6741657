"""设置 → 互助金和慰问: fund mode, 会计/出纳 separation, the higher-approval amount, visit
money caps per source, and who counts as 老党员."""

from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app import settings
from app.fund import settings as fund_settings
from app.visits import rules
from base.errors import UserError
from base.money import parse_yuan
from ui.context import AppContext
from ui.widgets.choice_combo import ChoiceCombo

MODE_HINTS = {
    fund_settings.FundMode.CITY: "党员捐款上缴工委；补助申请经支委会审核后上报工委审批，"
                             "工委拨款后由支部发放。",
    fund_settings.FundMode.BRANCH: "支部自管基金：可登记党费划拨、上级拨款、单位或工会拨款；"
                               "补助由支委会决定，超过下面的金额须报上级审批。",
}


def _yuan_text(value: Decimal) -> str:
    return "" if not value else f"{value:.2f}"


class FundSection(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.mode = ChoiceCombo(fund_settings.MODES)
        self.mode.setObjectName("fund-mode")
        self.mode_hint = QLabel()
        self.mode_hint.setWordWrap(True)
        self.mode_hint.setStyleSheet("color: #666;")
        self.mode.currentTextChanged.connect(
            lambda text: self.mode_hint.setText(MODE_HINTS.get(text, "")))
        self.confirmation = QCheckBox("会计、出纳分设：每笔账目须由录入人以外的另一人复核")
        self.confirmation.setObjectName("confirmation")
        self.higher_above = QLineEdit()
        self.higher_above.setObjectName("higher-above")
        self.caps = QTableWidget(len(rules.SOURCES), 2)
        self.caps.setObjectName("caps")
        self.caps.setHorizontalHeaderLabels(["每人每次（元）", "每人每年（元）"])
        self.caps.setVerticalHeaderLabels(list(rules.SOURCES))
        self.caps.setFixedHeight(32 + 30 * len(rules.SOURCES))
        self.old_party_age = QSpinBox()
        self.old_party_age.setRange(1, 80)
        self.old_party_age.setSuffix(" 年")
        self.old_age = QSpinBox()
        self.old_age.setRange(50, 120)
        self.old_age.setSuffix(" 岁")
        old = QHBoxLayout()
        old.addWidget(QLabel("党龄达到"))
        old.addWidget(self.old_party_age)
        old.addWidget(QLabel("或年龄达到"))
        old.addWidget(self.old_age)
        old.addStretch(1)
        self.save_button = QPushButton("保存")
        self.save_button.setObjectName("save-fund-settings")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setObjectName("fund-settings-message")
        form = QFormLayout()
        form.addRow("互助金模式：", self.mode)
        form.addRow("", self.mode_hint)
        form.addRow("", self.confirmation)
        form.addRow("须上级审批的补助（超过，元）：", self.higher_above)
        form.addRow("慰问经费限额：", self.caps)
        form.addRow("", QLabel("空白或 0 表示不限；超过限额时登记慰问会提示确认。"))
        form.addRow("老党员：", old)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        with self.context.session() as session:
            current = fund_settings.mode(session)
            confirming = settings.get(session, fund_settings.REQUIRE_CONFIRMATION)
            above = fund_settings.higher_approval_above(session)
            caps = rules.caps(session)
            party_years = settings.get(session, rules.OLD_PARTY_AGE)
            age = settings.get(session, rules.OLD_AGE)
        self.mode.set_text(current)
        self.mode_hint.setText(MODE_HINTS[current])
        self.confirmation.setChecked(bool(confirming))
        self.higher_above.setText(f"{above:.2f}")
        for row, source in enumerate(rules.SOURCES):
            per_visit, per_year = caps[source]
            self.caps.setItem(row, 0, QTableWidgetItem(_yuan_text(per_visit)))
            self.caps.setItem(row, 1, QTableWidgetItem(_yuan_text(per_year)))
        self.old_party_age.setValue(party_years)
        self.old_age.setValue(age)

    def _cap(self, row: int, column: int) -> Decimal:
        item = self.caps.item(row, column)
        text = item.text().strip() if item else ""
        return parse_yuan(text) if text else Decimal("0.00")

    def save(self) -> None:
        try:
            above = parse_yuan(self.higher_above.text())
            limits: dict[str, tuple[Decimal, Decimal]] = {
                source: (self._cap(row, 0), self._cap(row, 1))
                for row, source in enumerate(rules.SOURCES)}
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.setStyleSheet("color: #c62828;")
            return
        fund_mode, confirming = self.mode.text(), self.confirmation.isChecked()
        party_years, age = self.old_party_age.value(), self.old_age.value()

        def apply(session: Session) -> None:
            fund_settings.save(session, fund_mode, confirming, above)
            rules.save_caps(session, limits)
            rules.save_old_member(session, party_years, age)

        try:
            self.context.apply(apply)
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.setStyleSheet("color: #c62828;")
            return
        self.message.setText("已保存。")
        self.message.setStyleSheet("color: #2e7d32;")
