"""互助金 → 账目: the year's entries with the running balance, and what can be done to them."""

from PySide6.QtWidgets import QMessageBox

from app import settings
from app.fund.kinds import EntryKind
from app.fund.records import EntryRecord, entry_record
from app.fund.reports import ledger_lines
from app.fund.settings import REQUIRE_CONFIRMATION, FundMode, mode
from base.money import format_yuan
from ui.fund.dialogs import ConfirmDialog, DonationDialog, IncomeDialog, RemitDialog, ReverseDialog
from ui.widgets.buttons import button
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import fill_table, record_table, selected_key
from ui.widgets.year_page import YearHost

HEADERS = ("凭证号", "日期", "类别", "摘要", "收入", "支出", "余额", "经办", "复核", "签收",
           "说明")


class LedgerTab(RecordTab):
    def __init__(self, host: YearHost) -> None:
        super().__init__()
        self.host = host
        self.donate = button("登记捐款…", "登记党员的爱心捐款并出具收据", self.add_donation)
        self.receipt = button("打印收据", "打印所选捐款的收据（含大写金额）", self.print_receipt)
        self.remit = button("上缴工委…", "把收到的捐款上缴市直机关党员爱心互助基金", self.remit_up)
        self.income = button("登记其他收入…", "党费划拨、上级拨款、单位或工会拨款", self.add_income)
        self.reverse = button("冲销…", "登记错了的账目用冲销更正（不能修改或删除）",
                              self.reverse_entry)
        self.confirm = button("复核…", "由录入人以外的另一人复核所选账目", self.confirm_entry)
        self.print_ledger = button("打印台账", "预览并打印本年度互助金台账", self.preview)
        self.export = button("导出Excel…", "把本年度台账导出为 Excel", self.export_xlsx)
        self.add_buttons([self.donate, self.receipt, self.remit, self.income, self.reverse,
                          self.confirm], [self.print_ledger, self.export])
        self.note = self.add_note(name="ledger-note")
        self.table = self.add_body(record_table("ledger", HEADERS))

    def refresh(self) -> None:
        year = self.host.year()
        start, end = self.host.year_range()
        with self.host.context.session() as session:
            current = mode(session)
            confirming = settings.get(session, REQUIRE_CONFIRMATION)
            lines = ledger_lines(session, start, end)
        self.remit.setVisible(current == FundMode.CITY)
        self.income.setVisible(current == FundMode.BRANCH)
        self.confirm.setVisible(bool(confirming))
        self.note.setText(f"{year}年共 {len(lines)} 笔。账目登记后不能修改或删除，"
                          "错账请选中后“冲销”。" + ("已启用会计、出纳分设：每笔须由另一人复核。"
                                                   if confirming else ""))
        fill_table(self.table, [(line.entry_id, [
            str(line.seq), f"{line.date:%Y-%m-%d}", line.kind, line.summary,
            format_yuan(line.income) if line.income is not None else "",
            format_yuan(line.expense) if line.expense is not None else "",
            format_yuan(line.balance), line.entered_by,
            line.confirmed_by or ("待复核" if confirming else ""), line.signed, line.note])
            for line in lines], right=(4, 5, 6), muted=[line.struck for line in lines])

    def _selected(self) -> EntryRecord | None:
        key = selected_key(self.table)
        if key is None:
            QMessageBox.information(self, "互助金", "请先在表中选择一笔账目。")
            return None
        with self.host.context.session() as session:
            return entry_record(session, str(key))

    def add_donation(self) -> None:
        dialog = DonationDialog(self.host.context, self.host.today(), self)
        dialog.saved.connect(self._offer_receipt)
        dialog.open()

    def _offer_receipt(self, entry_id: str) -> None:
        answer = QMessageBox.question(self, "登记捐款", "已登记。现在打印收据吗？")
        if answer == QMessageBox.StandardButton.Yes:
            self._receipt(entry_id)

    def print_receipt(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        if entry.kind != EntryKind.DONATION:
            QMessageBox.information(self, "打印收据", "只有捐款才有收据，请选择一笔捐款。")
            return
        self._receipt(entry.id)

    def _receipt(self, entry_id: str) -> None:
        # Here, not at the top: ReportLab and openpyxl load only when something is printed.
        from app.fund.printing import receipt_pdf

        self.host.preview("捐款收据", lambda session, progress: receipt_pdf(
            session, entry_id, progress), "捐款收据.pdf")

    def remit_up(self) -> None:
        RemitDialog(self.host.context, self.host.today(), self).open()

    def add_income(self) -> None:
        IncomeDialog(self.host.context, self.host.today(), self).open()

    def reverse_entry(self) -> None:
        entry = self._selected()
        if entry is not None:
            ReverseDialog(self.host.context, self.host.today(), entry, self).open()

    def confirm_entry(self) -> None:
        entry = self._selected()
        if entry is not None:
            ConfirmDialog(self.host.context, self.host.today(), entry, self).open()

    def preview(self) -> None:
        from app.fund.printing import ledger_pdf

        year = self.host.year()
        self.host.preview(f"{year}年互助金台账", lambda session, progress: ledger_pdf(
            session, year, progress), f"{year}年互助金台账.pdf")

    def export_xlsx(self) -> None:
        from app.fund.printing import ledger_xlsx

        year = self.host.year()
        self.host.export(f"{year}年互助金台账.xlsx", lambda session: ledger_xlsx(session, year))
