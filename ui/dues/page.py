"""党费: collection grid, yearly 核定, arrears, 减免, 上缴 and receipts for a chosen year."""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.progress import Progress
from ui.areas import Area
from ui.context import AppContext
from ui.dues.arrears import ArrearsTab
from ui.dues.assessment import AssessmentTab
from ui.dues.collection import CollectionTab
from ui.dues.receipts import ReceiptsTab
from ui.dues.relief import ReliefTab
from ui.dues.remittance import RemittanceTab
from ui.widgets.record_tab import RecordTab
from ui.widgets.year_page import YearPage


class DuesPage(YearPage):
    AREAS = frozenset({Area.DUES, Area.MEMBERS, Area.SETTINGS})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "党费", parent, next_year=True)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #2e7d32;")
        self.collection = CollectionTab(self)
        self.tab_pages: dict[str, RecordTab] = {
            "收缴登记": self.collection,
            "年度核定": AssessmentTab(self),
            "欠缴提醒": ArrearsTab(self),
            "减免": ReliefTab(self),
            "上缴": RemittanceTab(self),
            "收据": ReceiptsTab(self),
        }
        for name, tab in self.tab_pages.items():
            self.tabs.addTab(tab, name)
        self._stale: set[str] = set()
        self.tabs.currentChanged.connect(self._tab_shown)
        self.refresh()

    # -- refreshing: the visible tab now, the others when they are shown ---------------------

    def refresh(self) -> None:
        self._stale = set(self.tab_pages)
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        name = self.tabs.tabText(index)
        if name in self._stale:
            self._stale.discard(name)
            self.tab_pages[name].refresh()

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentWidget(self.tab_pages[name])

    # -- the window's keys -----------------------------------------------------------------

    def new_record(self) -> None:
        """A payment for the selected member, else the 集中交纳 of many."""
        self.show_tab("收缴登记")
        if self.collection.current_row() is not None:
            self.collection.pay()
        else:
            self.collection.batch()

    def print_page(self) -> None:
        self.print_register()

    # -- printing and export -------------------------------------------------------------

    def print_register(self) -> None:
        from app.dues.printing import register_pdf

        year, today = self.year(), self.today()
        self.preview("党费交纳登记表", lambda s, p: register_pdf(s, year, p, today),
                     f"{year}年党费交纳登记表.pdf")

    def print_assessment(self) -> None:
        from app.dues.printing import assessment_pdf

        year = self.year()
        self.preview("党费核定表", lambda s, p: assessment_pdf(s, year, p),
                     f"{year}年度党费核定表.pdf")

    def print_notice(self) -> None:
        from app.dues.printing import notice_pdf

        year, today = self.year(), self.today()
        self.preview("党费收缴情况公布", lambda s, p: notice_pdf(s, year, p, today),
                     f"{year}年度党费收缴情况公布.pdf")

    def print_receipts(self, numbers: list[str]) -> None:
        from app.dues.printing import receipts_pdf

        self.preview("党费收据", lambda s, p: receipts_pdf(s, numbers, p),
                     f"党费收据{numbers[0]}.pdf" if len(numbers) == 1 else "党费收据.pdf")

    def export_excel(self) -> None:
        from app.dues.export import export_register
        from ui.tasks import run_with_progress

        year, today = self.year(), self.today()
        name, _filter = QFileDialog.getSaveFileName(
            self, "导出党费登记表", f"{year}年党费交纳登记表.xlsx", "Excel 文件 (*.xlsx)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".xlsx") else f"{name}.xlsx")

        def work(progress: Progress) -> Path:
            with self.context.session() as session:
                return export_register(session, year, path, progress, today)

        if run_with_progress(self, "正在导出党费登记表…", work) is not None:
            self.say(f"已导出：{path}")
