"""收据: the receipts issued in a year; print them again or cancel a mistaken one."""

from PySide6.QtWidgets import QInputDialog
from sqlalchemy.orm import Session

from app.dues.payments import cancel_receipt, list_receipts
from ui.dues.host import DuesHost
from ui.widgets.buttons import button
from ui.widgets.record_tab import RecordTab
from ui.widgets.tables import cell_text, fill_table, record_table

HEADERS = ("收据号", "交纳日期", "姓名", "内容", "金额", "大写", "方式")


class ReceiptsTab(RecordTab):
    def __init__(self, host: DuesHost) -> None:
        super().__init__()
        self.host = host
        self.print_button = button("打印所选收据", "可按住 Ctrl 或 Shift 选择多张",
                                   self.print_selected)
        self.cancel_button = button("作废…", "作废登记错误的收据（记录保留，月份恢复为未交）",
                                    self.cancel)
        self.add_buttons([self.print_button, self.cancel_button])
        self.table = self.add_body(record_table("receipts", HEADERS, multi=True))
        self.table.doubleClicked.connect(lambda _i: self.print_selected())

    def refresh(self) -> None:
        with self.host.context.session() as session:
            receipts = list_receipts(session, self.host.year())
        fill_table(self.table, [
            (None, [issued.receipt_no, f"{issued.paid_on:%Y-%m-%d}", issued.member_name,
                    issued.description, f"{issued.total:,.2f}", issued.in_words, issued.method])
            for issued in reversed(receipts)  # newest first
        ], right=(4,))

    def selected_numbers(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [cell_text(self.table, r, 0) for r in rows]

    def print_selected(self) -> None:
        numbers = self.selected_numbers()
        if numbers:
            self.host.print_receipts(numbers)

    def cancel(self) -> None:
        numbers = self.selected_numbers()
        if len(numbers) != 1:
            self.host.say("请选择一张要作废的收据。")
            return
        reason, ok = QInputDialog.getText(self, "作废收据",
                                          f"作废收据 {numbers[0]} 的原因（如：登记错了人）：")
        if not ok:
            return

        def cancel(session: Session) -> bool:
            cancel_receipt(session, numbers[0], reason)
            return True

        if self.host.context.write(self, cancel):
            self.host.say(f"收据 {numbers[0]} 已作废，对应月份恢复为未交。")
