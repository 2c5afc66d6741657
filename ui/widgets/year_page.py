"""A sidebar page showing one year (党费, 互助金, 慰问, 发展党员, 志愿服务, the city's fund):
title, year box, a status line and tabs, with the shared PDF preview and Excel export; and
`YearHost`, what a tab of such a page may ask of it (the tabs know this, not their page)."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.files import write_safely
from base.errors import UserError
from base.os_errors import os_error_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.progress import Progress
    from ui.context import AppContext

#: The earliest year any year box offers.
FIRST_YEAR = 2000


def year_box(name: str, year: int, *, last: int | None = None, suffix: str = " 年度") -> QSpinBox:
    """A box for a year from FIRST_YEAR to `last` (default `year`), showing `year`."""
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(FIRST_YEAR, year if last is None else last)
    box.setValue(year)
    box.setSuffix(suffix)
    return box


class YearHost(Protocol):
    """What a tab needs from the year page it sits on."""

    context: "AppContext"
    #: Where "today" comes from (tests put the demo branch's day here).
    today: Callable[[], dt.date]

    def year(self) -> int: ...

    def year_range(self) -> tuple[dt.date, dt.date]: ...

    def say(self, text: str) -> None:
        """Show a short message in the page's status line."""

    def preview(self, title: str, build: "Callable[[Session, Progress], bytes]",
                file_name: str) -> None: ...

    def export(self, file_name: str, build: "Callable[[Session], bytes]") -> None: ...


class YearPage(QWidget):
    """The frame of a year page. `next_year` lets the year box go one year past today's
    (党费 核定 the coming year in December)."""

    def __init__(self, context: "AppContext", title: str, parent: QWidget | None = None, *,
                 next_year: bool = False) -> None:
        super().__init__(parent)
        self.context = context
        self.today: Callable[[], dt.date] = dt.date.today
        self._years_ahead = 1 if next_year else 0
        caption = QLabel(title)
        caption.setStyleSheet("font-size: 18px; font-weight: bold;")
        this_year = self.today().year
        self.year_box = year_box("year", this_year, last=this_year + self._years_ahead)
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
        self.year_box.setMaximum(today().year + self._years_ahead)
        self.year_box.setValue(today().year)
        self.refresh()

    def say(self, text: str) -> None:
        self.status.setText(text)

    def preview(self, title: str, build: "Callable[[Session, Progress], bytes]",
                file_name: str) -> None:
        from ui.dialogs.pdf_preview import preview_pdf

        def work(progress: "Progress") -> bytes:
            with self.context.session() as session:  # the worker thread's own session
                return build(session, progress)

        preview_pdf(self, title, work, file_name)

    def export(self, file_name: str, build: "Callable[[Session], bytes]") -> None:
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
            QMessageBox.warning(self, "导出Excel", f"无法保存到 {path}：{os_error_text(exc)}")
            return
        QMessageBox.information(self, "导出Excel", f"已导出：{path}")
