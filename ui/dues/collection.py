"""收缴登记: the member × month grid of a year, the arrears banner, and the paying actions."""

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from app.dues.arrears import Arrear, arrears
from app.dues.ledger import PAID, ZERO
from app.dues.months import Month
from app.dues.payments import BatchResult
from app.dues.report import MemberYear, register
from ui.dues.host import DuesHost
from ui.models.dues import DuesGridModel
from ui.widgets.buttons import button
from ui.widgets.record_tab import RecordTab

LEGEND = ("<span style='background:#e6f4ea;color:#1e5c2e'>&nbsp;76.50&nbsp;</span> 已交　"
          "<span style='background:#fde7e9;color:#b00020'>&nbsp;未交&nbsp;</span> 已到期未交　"
          "<span style='background:#eeeeee;color:#666'>&nbsp;免交&nbsp;</span> 经批准减免　"
          "<span style='background:#fff4ce;color:#8a5a00'>&nbsp;未核定&nbsp;</span> 需先核定　"
          "<span style='color:#aaa'>—</span> 不在本支部　空白：尚未到期")


class CollectionTab(RecordTab):
    def __init__(self, host: DuesHost) -> None:
        super().__init__()
        self.host = host
        self.banner = self.add_note(
            name="arrears-banner", style="#arrears-banner { background: #fff4ce; border: 1px "
            "solid #e0c36c; border-radius: 4px; padding: 6px; }")
        self.banner.linkActivated.connect(lambda _link: host.show_tab("欠缴提醒"))
        self.batch_button = button("集中交纳…", "为多名党员一次登记同一个月的党费（如主题党日）",
                                   self.batch)
        self.pay_button = button("登记交纳…", "为选中的党员登记所选月份的党费（含预交、补交）",
                                 self.pay)
        self.voluntary_button = button("自愿交纳…", "登记选中党员自愿多交或一次性交纳的党费",
                                       self.voluntary)
        self.relief_button = button("减免…", "登记经上级党委批准的减免", self.relief)
        self.receipt_button = button("打印收据", "打印所选已交月份的收据", self.print_receipt)
        self.register_button = button("打印登记表", "打印本年度党费交纳登记表",
                                      host.print_register)
        self.excel_button = button("导出Excel", "把本年度登记表、收据存根和上缴记录导出为Excel",
                                   host.export_excel)
        self.add_buttons([self.batch_button, self.pay_button, self.voluntary_button,
                          self.relief_button, self.receipt_button],
                         [self.register_button, self.excel_button])
        self.batch_button.setDefault(True)

        self.model = DuesGridModel(self)
        self.table = self.add_body(QTableView())
        self.table.setObjectName("dues-grid")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(62)
        self.table.setColumnWidth(0, 84)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.totals = self.add_line(QLabel())
        self.totals.setObjectName("totals")
        self.add_line(QLabel(LEGEND)).setStyleSheet("color: #555;")

    # -- showing --------------------------------------------------------------------------

    def refresh(self) -> None:
        today, year = self.host.today(), self.host.year()
        with self.host.context.session() as session:
            rows = register(session, year, today)
            late = arrears(session, today)
        self.model.set_rows(year, rows)
        self._show_arrears(late)
        due = sum((r.due for r in rows), ZERO)
        paid = sum((r.paid for r in rows), ZERO)
        owing = [r for r in rows if r.unpaid]
        owed = sum((r.unpaid_owed for r in owing), ZERO)
        self.totals.setText(
            f"{year}年：党员 {len(rows)} 名，应交 {due:,.2f} 元，实交 {paid:,.2f} 元，"
            f"欠交 {owed:,.2f} 元（{len(owing)} 人）" if rows
            else f"{year}年没有需要交纳党费的党员。")
        self._update_buttons()

    def _show_arrears(self, late: list[Arrear]) -> None:
        if not late:
            self.banner.hide()
            return
        lines = []
        for a in late:
            colour = "#b00020" if a.flagged else "#b26a00"
            mark = "（已达党章第九条规定的六个月）" if a.flagged else ""
            lines.append(f"<span style='color:{colour}'>【{a.level}】{a.text}{mark}</span>")
        self.banner.setText("<br>".join(lines) + "　<a href='#'>查看处理建议</a>")
        self.banner.show()

    def banner_text(self) -> str:
        return self.banner.text() if self.banner.isVisible() else ""

    # -- selection ------------------------------------------------------------------------

    def current_row(self) -> MemberYear | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _selected_months(self, row: int) -> list[Month]:
        months = [self.model.month_of(i.column()) for i in self.table.selectedIndexes()
                  if i.row() == row]
        return sorted(m for m in months if m is not None)

    def _update_buttons(self) -> None:
        has_row = self.current_row() is not None
        for widget in (self.pay_button, self.voluntary_button, self.relief_button):
            widget.setEnabled(has_row)
        self.receipt_button.setEnabled(bool(self._selected_receipts()))

    def _selected_receipts(self) -> list[str]:
        numbers: list[str] = []
        for index in self.table.selectedIndexes():
            cell = self.model.cell(index.row(), index.column())
            if cell is not None and cell.state == PAID and cell.payment is not None \
                    and cell.payment.receipt_no not in numbers:
                numbers.append(cell.payment.receipt_no)
        return numbers

    def _default_month(self) -> Month:
        today = self.host.today()
        if self.host.year() == today.year:
            return Month.of(today)
        return Month(self.host.year(), 1)

    # -- actions --------------------------------------------------------------------------

    def _double_clicked(self, index: QModelIndex) -> None:
        cell = self.model.cell(index.row(), index.column())
        if cell is None:
            return
        if cell.state == PAID:
            self.print_receipt()
        elif cell.payable:
            self.pay()

    def pay(self) -> None:
        from ui.dues.payment_dialogs import PaymentDialog

        row = self.current_row()
        if row is None:
            return
        months = self._selected_months(self.table.currentIndex().row())
        first = months[0] if months else self._default_month()
        last = months[-1] if months else first
        dialog = PaymentDialog(self.host.context, row.member.id, first, last, self.host.today(),
                               self)
        dialog.saved.connect(lambda number: self._paid(dialog.print_receipt.isChecked(), number))
        dialog.open()

    def _paid(self, print_it: bool, receipt_no: str) -> None:
        self.host.say(f"已登记，收据号 {receipt_no}。")
        if print_it:
            self.host.print_receipts([receipt_no])

    def batch(self) -> None:
        from ui.dues.payment_dialogs import BatchDialog

        index = self.table.currentIndex()
        month = self.model.month_of(index.column()) if index.isValid() else None
        rows = {i.row() for i in self.table.selectedIndexes()}
        chosen = {self.model.rows[r].member.id for r in rows} if len(rows) > 1 else None
        dialog = BatchDialog(self.host.context, month or self._default_month(),
                             self.host.today(), chosen, self)
        dialog.saved.connect(self._batch_done)
        dialog.open()

    def _batch_done(self, result: BatchResult) -> None:
        text = f"已为 {result.total} 名党员登记党费。"
        if result.skipped:
            text += "未登记：" + "；".join(f"{name}（{why}）" for name, why in result.skipped)
        self.host.say(text)

    def voluntary(self) -> None:
        from ui.dues.payment_dialogs import VoluntaryDialog

        row = self.current_row()
        if row is None:
            return
        dialog = VoluntaryDialog(self.host.context, row.member.id, self.host.today(), self)
        dialog.saved.connect(lambda number: self.host.say(f"已登记，收据号 {number}。"))
        dialog.open()

    def relief(self) -> None:
        from ui.dues.relief import ReliefDialog

        row = self.current_row()
        if row is None:
            return
        months = self._selected_months(self.table.currentIndex().row())
        first = months[0] if months else self._default_month()
        dialog = ReliefDialog(self.host.context, self.host.today(), row.member.id, first,
                              months[-1] if months else first, self)
        dialog.saved.connect(lambda _r: self.host.say("减免已登记。"))
        dialog.open()

    def print_receipt(self) -> None:
        numbers = self._selected_receipts()
        if numbers:
            self.host.print_receipts(numbers)

