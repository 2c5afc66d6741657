"""工委端 → 互助基金: the city fund's queue of branch applications, its ledger and the
year's report. Shown as a tab of the city window; it reads the fund again whenever it is
shown or something changed, so packages imported meanwhile (remittances, new applications)
appear. The reading runs in the background (the first time after an upgrade it books every
branch's remittances, with progress); the tabs show what it read when it is done."""

from PySide6.QtCore import QThread
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QProgressBar, QWidget

from app.city.fund_overview import FundOverview, fund_overview
from app.progress import Progress
from base.money import format_yuan
from db.audit import default_actor
from db.city.database import CityDatabase
from ui.city.fund.ledger import LedgerTab
from ui.city.fund.queue import QueueTab
from ui.city.fund.report import ReportTab
from ui.context import AppContext
from ui.tasks import run_in_background
from ui.widgets.year_page import YearPage


class CityFundPage(YearPage):
    def __init__(self, database: CityDatabase, parent: QWidget | None = None) -> None:
        super().__init__(AppContext(database), "市直机关党员爱心互助基金", parent)
        #: Who enters and decides here (the city program has no log-in).
        self.actor = default_actor()
        self.city_name = ""
        self.overview: FundOverview | None = None
        self.worker: QThread | None = None
        self.stale = False  # read again when the reading under way is done
        self.progress = QProgressBar()
        self.progress.setObjectName("fund_progress")
        self.progress.hide()
        layout = self.layout()
        assert layout is not None
        layout.addWidget(self.progress)
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
        """Read the fund of the chosen year in the background (a change meanwhile reads it
        again when done)."""
        if self.worker is not None:
            self.stale = True
            return
        self.stale = False
        database, year, actor, today = self.context.database, self.year(), self.actor, \
            self.today()
        if self.overview is None or self.overview.year != year:
            self.status.setText(f"正在读取{year}年的互助基金账目和补助申请…")

        def work(progress: Progress) -> FundOverview:
            with database.session() as session:  # the worker thread's own session
                return fund_overview(session, year, actor, today, progress)

        self.worker = run_in_background(self, work, self._show, self._failed, self._progressed)

    def _progressed(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(f"{label}（%p%）")
        self.progress.show()

    def _finished(self) -> None:
        self.worker = None
        self.progress.hide()
        if self.stale:
            self.refresh()

    def _failed(self, message: str) -> None:
        self.status.setText(f"未能读取互助基金：{message}")
        self._finished()

    def _show(self, overview: FundOverview) -> None:
        self.overview = overview
        self.city_name = overview.city_name
        self.status.setText(f"余额 <b>{format_yuan(overview.balance)}</b> 元　　"
                            f"待审批申请 <b>{overview.waiting}</b> 份")
        self.queue.show_overview(overview)
        self.ledger.show_overview(overview)
        self.report.show_report(overview.report)
        self._finished()

    def wait(self) -> None:
        """Before the database closes."""
        if self.worker is not None:
            self.worker.wait()
