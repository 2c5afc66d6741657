"""工委端 → 互助基金: the city fund's queue of branch applications, its ledger and the
year's report. Shown as a tab of the city window; it refreshes whenever it is shown, so
packages imported meanwhile (remittances, new applications) appear."""

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from app.city import fund
from app.city.keys import city_identity
from base.money import format_yuan
from db.audit import default_actor
from db.city.database import CityDatabase
from ui.city.fund.ledger import LedgerTab
from ui.city.fund.queue import QueueTab
from ui.city.fund.report import ReportTab
from ui.context import AppContext
from ui.widgets.year_page import YearPage


class CityFundPage(YearPage):
    def __init__(self, database: CityDatabase, parent: QWidget | None = None) -> None:
        super().__init__(AppContext(database), "市直机关党员爱心互助基金", parent)
        #: Who enters and decides here (the city program has no log-in).
        self.actor = default_actor()
        self.city_name = ""
        self.problems: list[str] = []
        self.queue = QueueTab(self)
        self.ledger = LedgerTab(self)
        self.report = ReportTab(self)
        self.tabs.addTab(self.queue, "补助申请")
        self.tabs.addTab(self.ledger, "基金账目")
        self.tabs.addTab(self.report, "年度报表")
        self.context.data_changed.connect(self.refresh)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        with self.context.session() as session:
            # Remittances that arrived in packages since the last look go into the ledger.
            self.problems = fund.book_remittances(session, self.actor, self.today())
            self.city_name = city_identity(session).name
            money = fund.balance(session)
            waiting = len(fund.applications(session, waiting_only=True))
        self.status.setText(f"余额 <b>{format_yuan(money)}</b> 元　　"
                            f"待审批申请 <b>{waiting}</b> 份")
        self.queue.refresh()
        self.ledger.refresh()
        self.report.refresh()
