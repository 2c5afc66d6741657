"""What the 互助金 and 慰问 pages share: the year page frame and table helpers."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.files import write_safely
from app.progress import Progress
from base.errors import UserError
from ui.context import AppContext
from ui.dialogs.pdf_preview import preview_pdf

FIRST_YEAR = 2000



def selected_key(table: QTableWidget) -> object | None:
    item = table.item(table.currentRow(), 0)
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


class YearPage(QWidget):
    """A sidebar page showing one year: title, year box, a status line, and the shared
    PDF preview and Excel export."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        #: Where "today" comes from (tests put the demo branch's day here).
        self.today: Callable[[], dt.date] = dt.date.today
        caption = QLabel(title)
        caption.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.year_box = QSpinBox()
        self.year_box.setObjectName("year")
        self.year_box.setRange(FIRST_YEAR, self.today().year)
        self.year_box.setValue(self.today().year)
        self.year_box.setSuffix(" 年度")
        self.year_box.valueChanged.connect(self.refresh)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setStyleSheet("font-size: 15px;")
        heading = QHBoxLayout()
        heading.addWidget(caption)
        heading.addSpacing(12)
        heading.addWidget(self.year_box)
        heading.addSpacing(16)
        heading.addWidget(self.status, 1)
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(heading)
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        raise NotImplementedError

    def year(self) -> int:
        return self.year_box.value()

    def year_range(self) -> tuple[dt.date, dt.date]:
        return dt.date(self.year(), 1, 1), dt.date(self.year(), 12, 31)

    def set_today(self, today: Callable[[], dt.date]) -> None:
        self.today = today
        self.year_box.setMaximum(today().year)
        self.year_box.setValue(today().year)
        self.refresh()

    def preview(self, title: str, build: Callable[[Session, Progress], bytes],
                file_name: str) -> None:
        def work(progress: Progress) -> bytes:
            with self.context.session() as session:  # the worker thread's own session
                return build(session, progress)

        preview_pdf(self, title, work, file_name)

    def export(self, file_name: str, build: Callable[[Session], bytes]) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, "导出Excel", file_name,
                                                    "Excel 文件 (*.xlsx)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".xlsx") else f"{name}.xlsx")
        try:
            with self.context.session() as session:
                write_safely(path, build(session))
        except UserError as exc:
            QMessageBox.warning(self, "导出Excel", exc.message)
            return
        except OSError as exc:
            QMessageBox.warning(self, "导出Excel", f"无法保存到 {path}：{exc.strerror or exc}")
            return
        QMessageBox.information(self, "导出Excel", f"已导出：{path}")
