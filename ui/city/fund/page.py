"""工委端 → 互助基金: the city fund's queue of branch applications, its ledger and the
year's report. Shown as a tab of the city window; it reads the fund again whenever it is
shown or something changed, so packages imported meanwhile (remittances, new applications)
appear. The reading runs in the background (the first time after an upgrade it books every
branch's remittances, with progress and 取消: the branches booked stay booked, the next
reading goes on with the others); the tabs show what it read when it is done."""

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from app.city.fund_overview import FundOverview, fund_overview
from app.progress import Progress
from base.money import format_yuan
from db.audit import default_actor
from db.city.database import CityDatabase
from ui.city.fund.ledger import LedgerTab
from ui.city.fund.queue import QueueTab
from ui.city.fund.report import ReportTab
from ui.context import AppContext
from ui.tasks import BackgroundWork, run_in_background
from ui.widgets.buttons import button
from ui.widgets.year_page import YearPage


class CityFundPage(YearPage):
    def __init__(self, database: CityDatabase, parent: QWidget | None = None) -> None:
        super().__init__(AppContext(database), "市直机关党员爱心互助基金", parent)
        #: Who enters and decides here (the city program has no log-in).
        self.actor = default_actor()
        self.city_name = ""
        self.overview: FundOverview | None = None
        self.worker: BackgroundWork | None = None
        self.stale = False  # read again when the reading under way is done
        self.stopping = False  # 取消 was pressed: do not read again by itself
        self.closed = False  # the database is closing: what is still delivered is dropped
        self.progress = QProgressBar()
        self.progress.setObjectName("fund_progress")
        self.stop = button("取消", "停止读取；已记入基金账目的支部上缴保留，下次读取时接着记账",
                           self.cancel, "fund_cancel")
        self.resume = button("继续读取", "接着读取互助基金账目和补助申请", self.refresh,
                             "fund_resume")
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.stop)
        row.addWidget(self.resume)
        for widget in (self.progress, self.stop, self.resume):
            widget.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addLayout(row)
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
        if self.closed:
            return
        if self.worker is not None:
            self.stale = True
            return
        self.stale = False
        self.resume.hide()
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
        self.stop.setVisible(not self.stopping)

    def cancel(self) -> None:
        """Stop the reading at its next step (between two branches while booking)."""
        if self.worker is not None:
            self.stopping = True
            self.stop.hide()
            self.status.setText("正在停止读取…")
            self.worker.cancel()

    def _finished(self) -> None:
        self.worker = None
        self.progress.hide()
        self.stop.hide()
        stopped, self.stopping = self.stopping, False
        if self.stale and not stopped:
            self.refresh()

    def _failed(self, message: str) -> None:
        if self.closed:
            return
        if self.stopping:
            self.status.setText("已停止读取：已记入账目的支部上缴已保存，点“继续读取”接着记入。")
            self.resume.show()
        else:
            self.status.setText(f"未能读取互助基金：{message}")
        self._finished()

    def _show(self, overview: FundOverview) -> None:
        if self.closed:
            return
        self.overview = overview
        self.city_name = overview.city_name
        self.status.setText(f"余额 <b>{format_yuan(overview.balance)}</b> 元　　"
                            f"待审批申请 <b>{overview.waiting}</b> 份")
        self.queue.show_overview(overview)
        self.ledger.show_overview(overview)
        self.report.show_report(overview.report)
        self._finished()

    def wait(self) -> None:
        """Before the database closes: stop the reading (and the application's details)."""
        self.closed = True
        if self.worker is not None:
            self.cancel()
            self.worker.wait()
        self.queue.wait()
