"""所属年度 of a 组织生活会 or 民主评议: this year, or (when held by the end of March) the
previous one."""

import datetime as dt

from PySide6.QtWidgets import QComboBox, QWidget

from app.meetings.yearly import LATE_REVIEW_MONTH

THIS_YEAR = "会议当年"
LAST_YEAR = "上一年度"


class ReviewYearField(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review-year")
        self.addItems([THIS_YEAR, LAST_YEAR])
        self.setToolTip(f"上一年度的组织生活会、民主评议党员可在次年{LATE_REVIEW_MONTH}月底前召开，"
                        "计入上一年度")

    def set_value(self, counts_for: int | None, day: dt.date | None) -> None:
        late = counts_for is not None and day is not None and counts_for == day.year - 1
        self.setCurrentText(LAST_YEAR if late else THIS_YEAR)

    def value(self, day: dt.date | None) -> int | None:
        """None for the meeting's own year (the default)."""
        if self.currentText() == LAST_YEAR and day is not None:
            return day.year - 1
        return None
