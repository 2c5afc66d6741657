"""首页 on the ten-year demo branch: the dashboard's figures (core), the reminders alone, and
filling the page.

    .venv/bin/python bench/home.py [--runs 5] [--db DEMO.db]

Builds the demo branch ("today" 2026-11-25) in a temporary folder, then reports medians.
Runs on the offscreen platform unless a display is set.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# After the path is set:

from app.dashboard import dashboard  # noqa: E402
from app.home import reminders  # noqa: E402
from bench.measure import TODAY, Timings, arguments, demo_path, qt_app, shown  # noqa: E402
from db.database import Database  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.home.page import HomePage  # noqa: E402


def main() -> None:
    args = arguments(__doc__).parse_args()
    qt_app()
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open(demo_path(Path(folder), args.db))
        timings = Timings(args.runs, database)
        with database.session() as session:  # warm: imports and SQLite's cache, not counted
            dashboard(session, TODAY)
        timings.time_in("reminders alone (`app.home.reminders`)", lambda s: reminders(s, TODAY))
        timings.time_in("dashboard figures (`app.dashboard.dashboard`)",
                        lambda s: dashboard(s, TODAY))
        page = HomePage(AppContext(database))
        page.today = lambda: TODAY
        shown(page, 1000, 700)
        timings.time("首页: fill (figures + widgets)", page.fill)
        page.close()
        database.close()
    timings.print("首页")


if __name__ == "__main__":
    main()
