"""Dues on the ten-year demo branch: the collection grid of a year (core data and the 党费
page), arrears, the yearly report, the register as PDF and Excel.

    .venv/bin/python bench/dues.py [--runs 5] [--year 2026] [--db DEMO.db]

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
from sqlalchemy import func, select  # noqa: E402

from app.dues.arrears import arrears  # noqa: E402
from app.dues.export import export_register  # noqa: E402
from app.dues.printing import assessment_pdf, register_pdf  # noqa: E402
from app.dues.report import register, year_report  # noqa: E402
from bench.measure import TODAY, Timings, arguments, demo_path, qt_app, shown  # noqa: E402
from db.database import Database  # noqa: E402
from db.models import DuesPayment, Member  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.dues.page import DuesPage  # noqa: E402


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--year", type=int, default=TODAY.year)
    args = parser.parse_args()
    qt_app()
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open(demo_path(Path(folder), args.db))
        with database.session() as session:
            members = session.scalar(select(func.count()).select_from(Member))
            payments = session.scalar(select(func.count()).select_from(DuesPayment))
        print(f"demo branch: {members} members, {payments} dues rows")
        year, timings = args.year, Timings(args.runs, database)
        timings.time_in(f"grid data for {year} (`register`)", lambda s: register(s, year, TODAY))
        context = AppContext(database)
        page = DuesPage(context)
        page.today = lambda: TODAY
        shown(page)
        timings.time("党费 page: collection grid refresh (grid + arrears banner)",
                     page.collection.refresh)
        timings.time("党费 page: open (build + first load)",
                     lambda: DuesPage(context).deleteLater())
        timings.time_in("arrears as of today", lambda s: arrears(s, TODAY))
        timings.time_in(f"year report {year}", lambda s: year_report(s, year, TODAY))
        timings.time_in(f"register PDF {year} (党费交纳登记表)",
                        lambda s: register_pdf(s, year, today=TODAY))
        timings.time_in(f"核定表 PDF {year}", lambda s: assessment_pdf(s, year))
        timings.time_in(f"Excel register {year}",
                        lambda s: export_register(s, year, Path(folder) / "dues.xlsx", today=TODAY))
        with database.session() as session:
            pages = register_pdf(session, year, today=TODAY).count(b"/Type /Page\n")
        page.close()
        database.close()
    timings.print("党费")
    print(f"register PDF pages: {pages}")


if __name__ == "__main__":
    main()
