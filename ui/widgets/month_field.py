"""A month picker: a year box and a month list side by side."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from app.dues.months import Month

FIRST_YEAR = 1990
LAST_YEAR = 2100


class MonthField(QWidget):
    changed = Signal()

    def __init__(self, month: Month, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setSuffix(" 年")
        self.month = QComboBox()
        self.month.addItems([f"{m}月" for m in range(1, 13)])
        self.set_month(month)
        self.year.valueChanged.connect(self.changed)
        self.month.currentIndexChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.year)
        layout.addWidget(self.month)
        layout.addStretch(1)

    def value(self) -> Month:
        return Month(self.year.value(), self.month.currentIndex() + 1)

    def set_month(self, month: Month) -> None:
        self.year.setValue(month.year)
        self.month.setCurrentIndex(month.month - 1)
