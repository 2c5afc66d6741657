"""What the benchmark scripts share: the demo branch's "today", the Qt application, a median
timer and the table of figures it fills.

The scripts put the project folder on sys.path, so this is `bench.measure`.
"""

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from db.engine import OpenDatabase

if TYPE_CHECKING:  # PySide6 is loaded by the benchmarks that show widgets only
    from PySide6.QtWidgets import QApplication

#: "Today" of the demo branch every benchmark builds.
TODAY = dt.date(2026, 11, 25)


def qt_app() -> "QApplication":
    """The one QApplication of a benchmark (pages and dialogs need it)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication(sys.argv)


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls, with the Qt events they post handled in the time."""
    from PySide6.QtWidgets import QApplication

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        QApplication.processEvents()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


class Timings:
    """Labelled medians of `runs` calls each, printed as one Markdown table for README.md.
    `database` is the one `time_in` works in unless told another."""

    def __init__(self, runs: int, database: OpenDatabase | None = None) -> None:
        self.runs = runs
        self.database = database
        self.rows: list[tuple[str, float]] = []

    def time(self, label: str, action: Callable[[], object], *, per_call: int = 1) -> None:
        """`per_call`: how many steps one call of `action` takes (the figure is per step)."""
        self.rows.append((label, median_ms(action, self.runs) / per_call))

    def time_in(self, label: str, work: Callable[[Session], object],
                database: OpenDatabase | None = None) -> None:
        """`work` in a session of its own at each call, as the program runs it."""
        opened = database or self.database
        assert opened is not None, "a database to work in"

        def run() -> object:
            with opened.session() as session:
                return work(session)

        self.time(label, run)

    def print(self, heading: str) -> None:
        print(f"{heading}; medians of {self.runs} runs")
        print("| step | time |\n|---|---|")
        for label, ms in self.rows:
            print(f"| {label} | {ms:.1f} ms |")
