"""A date box that can be typed into (2001-07-01, 2001.7.1, 2001年7月1日, 20010701), left
empty, or filled from a calendar popup.

QDateEdit is not used: typing over its sections mangles dates (selecting all and typing
"2001-07-01" gives 2000-07-01) and it has no real empty state.
"""

import datetime as dt
import re
import unicodedata

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

_SEPARATED = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
FORMAT_ERROR = "日期格式不对，请按“2001-07-01”填写"


def parse_typed_date(text: str) -> dt.date | None:
    """The date typed; None when blank; ValueError when it is not a real date."""
    text = "".join(unicodedata.normalize("NFKC", text).split())
    if not text:
        return None
    match = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return dt.date(*(int(part) for part in match.groups()))


def python_date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def python_time(time: QTime) -> dt.time:
    return dt.time(time.hour(), time.minute(), time.second())


class DateField(QWidget):
    #: The date changed (typed or picked); emitted on every edit.
    changed = Signal()
    #: The user left the box or picked a date.
    finished = Signal()

    def __init__(self, parent: QWidget | None = None, *, optional: bool = True) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("如 2001-07-01" if optional else "必填，如 2001-07-01")
        self.edit.setClearButtonEnabled(optional)
        self.edit.setMaxLength(20)
        self.edit.textChanged.connect(self.changed)
        self.edit.editingFinished.connect(self._tidy)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._open_calendar_on_value)
        self.button = QToolButton()
        self.button.setText("日历")
        self.button.setToolTip("从日历中选择日期")
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusProxy(self.edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setMaximumWidth(220)

    def date(self) -> dt.date | None:
        """The date, or None when the box is empty or does not hold a real date."""
        try:
            return parse_typed_date(self.edit.text())
        except ValueError:
            return None

    def error(self) -> str | None:
        """A message when the text is not a date (empty is not an error here)."""
        try:
            parse_typed_date(self.edit.text())
        except ValueError:
            return FORMAT_ERROR
        return None

    def set_date(self, day: dt.date | None) -> None:
        self.edit.setText(f"{day:%Y-%m-%d}" if day else "")

    def _tidy(self) -> None:
        day = self.date()
        if day is not None:
            self.set_date(day)
        self.finished.emit()

    def _open_calendar_on_value(self) -> None:
        day = self.date() or dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, day: QDate) -> None:
        self.set_date(python_date(day))
        self.button.menu().hide()
        self.edit.setFocus()
        self.finished.emit()
