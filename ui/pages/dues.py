"""党费: collection grid, yearly 核定, arrears, 减免, 上缴 and receipts for a chosen year."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.progress import Progress
from ui.areas import Area
from ui.context import AppContext
from ui.dues.arrears import ArrearsTab
from ui.dues.assessment import AssessmentTab
from ui.dues.collection import CollectionTab
from ui.dues.receipts import ReceiptsTab
from ui.dues.relief import ReliefTab
from ui.dues.remittance import RemittanceTab

FIRST_YEAR = 2000


class DuesPage(QWidget):
    AREAS = frozenset({Area.DUES, Area.MEMBERS, Area.SETTINGS})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        #: Where "today" comes from (tests put the demo branch's day here).
        self.today: Callable[[], dt.date] = dt.date.today
        title = QLabel("党费")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.year_box = QSpinBox()
        self.year_box.setObjectName("year")
        self.year_box.setRange(FIRST_YEAR, self.today().year + 1)
        self.year_box.setValue(self.today().year)
        self.year_box.setSuffix(" 年度")
        self.year_box.valueChanged.connect(self.refresh)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #2e7d32;")
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(12)
        heading.addWidget(self.year_box)
        heading.addSpacing(12)
        heading.addWidget(self.status, 1)

        self.tabs = QTabWidget()
        self.collection = CollectionTab(self)
        self.tab_pages: dict[str, QWidget] = {
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(heading)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    def year(self) -> int:
        return self.year_box.value()

    def set_today(self, today: Callable[[], dt.date]) -> None:
        self.today = today
        self.year_box.setMaximum(today().year + 1)
        self.year_box.setValue(today().year)
        self.refresh()

    # -- refreshing: the visible tab now, the others when they are shown ---------------------

    def refresh(self) -> None:
        self._stale = set(self.tab_pages)
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        name = self.tabs.tabText(index)
        if name in self._stale:
            self._stale.discard(name)
            self.tab_pages[name].refresh()  # type: ignore[attr-defined]

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentWidget(self.tab_pages[name])

    def say(self, text: str) -> None:
        self.status.setText(text)

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

    def _preview(self, title: str, make: Callable[[Session, Progress], bytes],
                 file_name: str) -> None:
        from ui.dialogs.pdf_preview import preview_pdf

        def build(progress: Progress) -> bytes:
            with self.context.session() as session:
                return make(session, progress)

        preview_pdf(self, title, build, file_name=file_name)

    def print_register(self) -> None:
        from app.dues.printing import register_pdf

        year, today = self.year(), self.today()
        self._preview("党费交纳登记表", lambda s, p: register_pdf(s, year, p, today),
                      f"{year}年党费交纳登记表.pdf")

    def print_assessment(self) -> None:
        from app.dues.printing import assessment_pdf

        year = self.year()
        self._preview("党费核定表", lambda s, p: assessment_pdf(s, year, p),
                      f"{year}年度党费核定表.pdf")

    def print_notice(self) -> None:
        from app.dues.printing import notice_pdf

        year, today = self.year(), self.today()
        self._preview("党费收缴情况公布", lambda s, p: notice_pdf(s, year, p, today),
                      f"{year}年度党费收缴情况公布.pdf")

    def print_receipts(self, numbers: list[str]) -> None:
        from app.dues.printing import receipts_pdf

        self._preview("党费收据", lambda s, p: receipts_pdf(s, numbers, p),
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
