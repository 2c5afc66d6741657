"""首页 on the ten-year demo branch: the dashboard's figures (core), the reminders alone, and
filling the page.

    .venv/bin/python bench/home.py [--runs 5]

Builds the demo branch ("today" 2026-11-25) in a temporary folder, then reports medians.
Runs on the offscreen platform unless a display is set.
"""

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# After the path is set:
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.dashboard import dashboard  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.home import reminders  # noqa: E402
from bench.measure import TODAY, median_ms  # noqa: E402
from db.database import Database  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.home.page import HomePage  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open(Path(folder) / "demo.db")
        build_demo(database, today=TODAY, seed=7)
        results: list[tuple[str, float]] = []
        with database.session() as session:  # warm: imports and SQLite's cache, not counted
            dashboard(session, TODAY)

        def in_session(work: Callable[..., object]) -> Callable[[], object]:
            def run() -> object:
                with database.session() as session:
                    return work(session)
            return run

        results.append(("reminders alone (`app.home.reminders`)",
                        median_ms(in_session(lambda s: reminders(s, TODAY)), args.runs)))
        results.append(("dashboard figures (`app.dashboard.dashboard`)",
                        median_ms(in_session(lambda s: dashboard(s, TODAY)), args.runs)))
        page = HomePage(AppContext(database))
        page.today = lambda: TODAY
        page.resize(1000, 700)
        page.show()
        app.processEvents()
        results.append(("首页: fill (figures + widgets)", median_ms(page.fill, args.runs)))
        page.close()
        database.close()
    print(f"medians of {args.runs} runs")
    width = max(len(label) for label, _ in results)
    for label, ms in results:
        print(f"{label.ljust(width)}  {ms:8.1f} ms")


if __name__ == "__main__":
    main()
