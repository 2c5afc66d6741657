"""互助基金 → 基金账目: the year's entries with the running balance (branch remittances are
booked from the imported packages; grants when approved), other income and its correction."""

from decimal import Decimal

from PySide6.QtWidgets import QMessageBox

from app.city import fund
from app.city.fund_overview import FundOverview
from base.money import format_yuan
from ui.city.fund.dialogs import IncomeDialog, ReverseDialog
from ui.city.fund.host import CityFundHost
from ui.widgets.buttons import button
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import fill_table, record_table, selected_key

HEADERS = ("凭证号", "日期", "类别", "支部", "摘要", "收入", "支出", "余额", "经办", "依据",
           "说明")


def _money(value: Decimal | None) -> str:
    return "" if value is None else format_yuan(value)


class LedgerTab(RecordTab):
    def __init__(self, host: CityFundHost) -> None:
        super().__init__()
        self.host = host
        self.income = button("登记收入…", "党费划拨、工会拨款、上级拨款等（支部上缴自动入账）",
                             lambda: IncomeDialog(host, self).open())
        self.income.setObjectName("city_income")
        self.reverse = button("冲销…", "登记错了的收入用冲销更正（不能修改或删除）",
                              self.reverse_entry)
        self.reverse.setObjectName("city_reverse")
        self.print_ledger = button("打印台账", "预览并打印本年度基金台账", self.preview)
        self.print_ledger.setObjectName("city_ledger_pdf")
        self.add_buttons([self.income, self.reverse], [self.print_ledger])
        self.note = self.add_note(name="city_ledger_note")
        self.table = self.add_body(record_table("city_ledger", HEADERS))
        self.lines: dict[str, fund.LedgerLine] = {}

    def show_overview(self, overview: FundOverview) -> None:
        lines = overview.ledger
        self.lines = {line.entry_id: line for line in lines}
        note = (f"{overview.year}年共 {len(lines)} 笔。各支部上缴在导入数据包时自动入账，补助在"
                "批准时拨付；余额不足时不能批准。账目登记后不能修改或删除，错账请“冲销”。")
        for problem in overview.problems:
            note += f"\n注意：{problem}"
        self.note.setText(note)
        fill_table(self.table, [(line.entry_id, [
            str(line.seq), f"{line.date:%Y-%m-%d}", line.kind, line.branch_code, line.summary,
            _money(line.income), _money(line.expense), format_yuan(line.balance),
            line.entered_by, line.reference, line.note]) for line in lines],
            right=(5, 6, 7), muted=[line.struck for line in lines])

    def reverse_entry(self) -> None:
        line = self.lines.get(str(selected_key(self.table)))
        if line is None:
            QMessageBox.information(self, "冲销", "请先在表中选择一笔账目。")
            return
        ReverseDialog(self.host, line, self).open()

    def preview(self) -> None:
        # Here, not at the top: ReportLab and openpyxl load only when something is printed.
        from app.city.fund_printing import FUND_NAME, ledger_pdf

        year = self.host.year()
        self.host.preview(f"{year}年{FUND_NAME}台账", lambda session, progress: ledger_pdf(
            session, year, progress), f"{year}年互助基金台账.pdf")
