"""Calendar months as values: ordering, arithmetic and the labels dues registers use."""

import datetime as dt
from typing import NamedTuple


class Month(NamedTuple):
    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def from_index(cls, index: int) -> "Month":
        return cls(index // 12, index % 12 + 1)

    @property
    def index(self) -> int:  # type: ignore[override]  # the month's number, not tuple.index
        return self.year * 12 + self.month - 1

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return self.shift(1).first_day - dt.timedelta(days=1)

    def deadline(self, due_day: int) -> dt.date:
        """The month's 交纳截止日: that day of it, or its last day (0, or a day it lacks)."""
        last = self.last_day
        return last if not 1 <= due_day < last.day else last.replace(day=due_day)

    def shift(self, months: int) -> "Month":
        return Month.from_index(self.index + months)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def last_owed(today: dt.date, due_day: int) -> Month:
    """The latest month whose dues are owed on `today`: the current month only once its
    交纳截止日 has passed."""
    current = Month.of(today)
    return current if today > current.deadline(due_day) else current.shift(-1)


def span(first: Month, last: Month) -> list[Month]:
    """Every month from first to last, both included."""
    return [Month.from_index(i) for i in range(first.index, last.index + 1)]


def year_months(year: int) -> list[Month]:
    return span(Month(year, 1), Month(year, 12))


def span_label(first: Month, last: Month) -> str:
    if first == last:
        return first.label
    if first.year == last.year:
        return f"{first.label}至{last.month}月"
    return f"{first.label}至{last.label}"
