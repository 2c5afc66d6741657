"""年度汇总: each branch's year in one table row, and the member statistics; worked out in
the background when the tab is opened or the year changed, the window stays usable."""

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.city.report import SUMMARY_HEADERS, summary_rows, write_xlsx, year_report
from app.progress import Progress
from base.errors import UserError
from ui.tasks import run_in_background
from ui.widgets.tables import fill_rows, record_table
from ui.widgets.year_page import year_box


class YearReportTab(QWidget):
    def __init__(self, database: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.report: dict[str, Any] | None = None
        self.worker: QThread | None = None
        self.stale = True  # recomputed when next shown
        this_year = dt.date.today().year
        self.year = year_box("year", this_year, last=this_year + 1)
        self.year.valueChanged.connect(self._year_changed)
        again = QPushButton("重新汇总")
        again.setObjectName("make_report")
        again.setToolTip("导入新的数据包后，按最新数据重新汇总")
        again.clicked.connect(self.compute)
        export = QPushButton("导出 Excel…")
        export.setObjectName("report_xlsx")
        export.clicked.connect(self.save_xlsx)
        self.status = QLabel()
        self.status.setObjectName("report_status")
        row = QHBoxLayout()
        row.addWidget(self.year)
        row.addWidget(again)
        row.addWidget(self.status, 1)
        row.addWidget(export)
        self.table = record_table("year_summary", list(SUMMARY_HEADERS), fit_columns=True)
        self.members = record_table("member_statistics", ["党员统计（年末，合计）", "人数"],
                                    fit_columns=True)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.members)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(split, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.compute()

    def _year_changed(self) -> None:
        self.stale = True
        if self.isVisible():
            self.compute()

    def compute(self) -> None:
        """Start working out the chosen year (a change meanwhile restarts it when done)."""
        self.stale = False
        if self.worker is not None:
            self.stale = True
            return
        database, year = self.database, self.year.value()
        self.status.setText(f"正在汇总{year}年度各支部的数据…")

        def work(_progress: Progress) -> dict[str, Any]:
            with database.session() as session:
                return year_report(session, year)

        self.worker = run_in_background(self, work, self.show_report, self._failed)

    def _finished(self) -> None:
        self.worker = None
        if self.stale and self.isVisible():
            self.compute()

    def _failed(self, message: str) -> None:
        self.status.setText(f"未能汇总：{message}")
        self._finished()

    def show_report(self, report: dict[str, Any]) -> None:
        self.report = report
        rows = summary_rows(report)
        fill_rows(self.table, rows)
        fill_rows(self.members, [[k, str(v)] for k, v in report["members_total"].items()])
        overdue = sum(len(b["meetings"]["overdue"]) for b in report["branches"])
        self.status.setText(f"{report['year']}年度，{len(report['branches'])} 个支部"
                            + (f"；未按期开展的组织生活共 {overdue} 项（详见导出的 Excel）"
                               if overdue else ""))
        self._finished()

    def wait(self) -> None:
        """Before the database closes."""
        if self.worker is not None:
            self.worker.wait()

    def save_xlsx(self) -> None:
        if self.report is None or self.report["year"] != self.year.value():
            QMessageBox.information(self, "导出 Excel", "汇总尚未完成，请稍候再导出。")
            return
        name = f"{self.report['year']}年度汇总.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "导出 Excel", name, "Excel (*.xlsx)")
        if not path:
            return
        try:
            write_xlsx(self.report, Path(path))
        except UserError as exc:
            QMessageBox.warning(self, "无法保存", exc.message)
            return
        QMessageBox.information(self, "导出 Excel", f"已保存到：\n{path}")
