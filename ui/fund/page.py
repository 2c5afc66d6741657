"""互助金: the branch's mutual-aid ledger and its members' aid applications."""

from PySide6.QtWidgets import QWidget

from app.fund import ledger
from app.fund.applications import ApplicationStep, list_applications, next_step
from app.fund.donations import unremitted
from app.fund.settings import FundMode, mode
from base.money import format_yuan
from ui.areas import Area
from ui.context import AppContext
from ui.fund.applications_tab import ApplicationsTab
from ui.fund.ledger_tab import LedgerTab
from ui.widgets.year_page import YearPage


class FundPage(YearPage):
    AREAS = frozenset({Area.FUND, Area.MEMBERS, Area.MEETINGS, Area.VISITS, Area.SETTINGS})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "互助金", parent)
        self.ledger = LedgerTab(self)
        self.applications = ApplicationsTab(self)
        self.tabs.addTab(self.ledger, "账目")
        self.tabs.addTab(self.applications, "补助申请")
        self.refresh()

    def new_record(self) -> None:
        """An application on its tab, else a donation."""
        if self.tabs.currentWidget() is self.applications:
            self.applications.add()
        else:
            self.ledger.add_donation()

    def print_page(self) -> None:
        self.tabs.setCurrentWidget(self.ledger)
        self.ledger.preview()

    def refresh(self) -> None:
        with self.context.session() as session:
            current = mode(session)
            money = ledger.balance(session)
            waiting = sum((d.amount for d in unremitted(session)), ledger.ZERO) \
                if current == FundMode.CITY else None
            open_count = sum(1 for a in list_applications(session)
                             if next_step(a) not in ("", ApplicationStep.ARCHIVE))
        text = f"{current}　余额 <b>{format_yuan(money)}</b> 元"
        if waiting:
            text += f"（其中待上缴工委的捐款 {format_yuan(waiting)} 元）"
        if open_count:
            text += f"　办理中的补助申请 {open_count} 份"
        self.status.setText(text)
        self.ledger.refresh()
        self.applications.refresh()
