"""What the benchmark scripts share: the demo branch's "today" and its database, the options
every script takes, the Qt application, a median timer and the table of figures it fills.

The scripts put the project folder on sys.path, so this is `bench.measure`.
"""

import argparse
import datetime as dt
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.orm import Session

from app.demo import build_demo
from db.database import Database
from db.engine import OpenDatabase

if TYPE_CHECKING:  # PySide6 is loaded by the benchmarks that show widgets only
    from PySide6.QtWidgets import QApplication, QWidget

    from db.city.database import CityDatabase

#: "Today" of the demo branch every benchmark builds.
TODAY = dt.date(2026, 11, 25)


def arguments(doc: str, runs: int = 5) -> argparse.ArgumentParser:
    """The options of a script measuring the demo branch: `--runs` and `--db` (a demo
    database built earlier, copied: building one takes a minute)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--db", type=Path, help="a demo database built earlier (copied)")
    return parser


def demo_path(folder: Path, given: Path | None = None) -> Path:
    """`folder`/demo.db: a copy of `given`, or the ten-year demo branch built now."""
    path = folder / "demo.db"
    if given:
        shutil.copyfile(given, path)
        return path
    start = time.perf_counter()
    with Database.open(path) as database:
        build_demo(database, today=TODAY)
    print(f"demo branch built in {time.perf_counter() - start:.0f} s")
    return path


def qt_app() -> "QApplication":
    """The one QApplication of a benchmark (pages and dialogs need it)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication(sys.argv)


Shown = TypeVar("Shown", bound="QWidget")


def shown(widget: Shown, width: int = 1300, height: int = 760) -> Shown:
    """`widget` shown at a size the users' screens have room for, its first events handled."""
    from PySide6.QtWidgets import QApplication

    widget.resize(width, height)
    widget.show()
    QApplication.processEvents()
    return widget


def city_with(database: Database, folder: Path) -> "CityDatabase":
    """A city database in `folder` holding the branch's package (its key trusted at once)."""
    from app.city.importer import import_packages
    from app.city.keys import init_city
    from app.sync.export import export_package
    from app.sync.identity import set_city_key
    from app.sync.keys import KeyFile
    from db.city.database import CityDatabase

    city = CityDatabase.open(folder / "city.db")
    with city.session() as session:
        public = init_city(session, "中共市直属机关工作委员会").public
    with database.session() as session:
        set_city_key(session, KeyFile("city", "中共市直属机关工作委员会", "", public))
    exported = export_package(database, folder / "stick", full=True)
    import_packages(city, [exported.path], confirm_key=lambda _q: True)
    return city


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
