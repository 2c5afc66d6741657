"""The mutual-aid fund and visits on the ten-year demo branch: year reports, the ledger and
the visit register as PDF and Excel (one year and all ten), the 七一 list, both pages; then,
after importing the branch's package, the city's fund report, its PDF and Excel, the city
ledger PDF, the city window's 互助基金 tab and the city yearly report.

    .venv/bin/python bench/fund.py [--runs 5] [--year 2025]

Builds the demo branch ("today" 2026-11-25) in a temporary folder, then reports medians.
Runs on the offscreen platform unless a display is set.
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# After the path is set:
from sqlalchemy import func, select  # noqa: E402

from app.city import fund as city_fund  # noqa: E402
from app.city.fund_printing import ledger_pdf as city_ledger_pdf  # noqa: E402
from app.city.fund_printing import report_pdf as city_report_pdf  # noqa: E402
from app.city.fund_printing import report_xlsx as city_report_xlsx  # noqa: E402
from app.city.report import year_report as city_year_report  # noqa: E402
from app.demo import STEPS  # noqa: E402
from app.fund.printing import ledger_pdf, ledger_xlsx  # noqa: E402
from app.fund.reports import year_report  # noqa: E402
from app.visits.printing import festival_pdf, register_pdf, register_xlsx  # noqa: E402
from app.visits.reports import summary  # noqa: E402
from bench.measure import TODAY, Timings, city_with, qt_app, shown  # noqa: E402
from db.database import Database  # noqa: E402
from db.models import FundEntry, Visit, VisitPerson  # noqa: E402
from ui.city.fund.page import CityFundPage  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.fund.page import FundPage  # noqa: E402
from ui.visits.page import VisitsPage  # noqa: E402

TEN_YEARS = (dt.date(TODAY.year - 9, 1, 1), dt.date(TODAY.year, 12, 31))


def read(page: CityFundPage) -> None:
    """Refresh the city's 互助基金 tab and wait until it shows what it read."""
    page.refresh()
    while page.worker is not None:
        page.worker.wait()
        qt_app().processEvents()


def timed_steps(database: Database) -> dict[str, float]:
    """Build the demo step by step to see what the fund step costs."""
    rng, spent = random.Random(7), {}
    for label, step in STEPS:
        start = time.perf_counter()
        with database.session() as session:
            step(session, rng, TODAY)
        spent[label] = time.perf_counter() - start
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=TODAY.year - 1)
    args = parser.parse_args()
    qt_app()
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open(Path(folder) / "demo.db")
        database.actor = "bench"
        spent = timed_steps(database)
        with database.session() as session:
            entries = session.scalar(select(func.count()).select_from(FundEntry))
            visits = session.scalar(select(func.count()).select_from(Visit))
            persons = session.scalar(select(func.count()).select_from(VisitPerson))
        print(f"demo branch: {entries} ledger entries, {visits} visits ({persons} persons); "
              + ", ".join(f"{label} {seconds:.1f} s" for label, seconds in spent.items()))
        year, timings = args.year, Timings(args.runs, database)
        timings.time_in(f"fund year report {year}", lambda s: year_report(s, year))
        timings.time_in(f"ledger PDF {year}", lambda s: ledger_pdf(s, year))
        timings.time_in(f"ledger Excel {year}", lambda s: ledger_xlsx(s, year))
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        timings.time_in(f"visit summary {year}", lambda s: summary(s, first, last))
        timings.time_in(f"visit register PDF {year}", lambda s: register_pdf(s, first, last))
        timings.time_in("visit register PDF, ten years", lambda s: register_pdf(s, *TEN_YEARS))
        timings.time_in("visit register Excel, ten years", lambda s: register_xlsx(s, *TEN_YEARS))
        timings.time_in(f"七一 list PDF {year}", lambda s: festival_pdf(s, "七一", year))
        context = AppContext(database)
        for title, cls in (("互助金", FundPage), ("慰问", VisitsPage)):
            page = cls(context)
            page.set_today(lambda: TODAY)
            shown(page)
            timings.time(f"{title} page: refresh", page.refresh)
            timings.time(f"{title} page: open (build + first load)",
                         lambda cls=cls: cls(context).deleteLater())
            page.close()
        with database.session() as session:
            pages = {name: build(session).count(b"/Type /Page\n") for name, build in (
                ("ledger", lambda s: ledger_pdf(s, year)),
                ("register ten years", lambda s: register_pdf(s, *TEN_YEARS)))}

        city = city_with(database, Path(folder))

        timings.time_in(f"city fund report {year} (one branch imported)",
                        lambda s: city_fund.year_report(s, year, "bench", TODAY), city)
        timings.time_in(f"city fund report PDF {year}",
                        lambda s: city_report_pdf(s, year, "bench", TODAY), city)
        timings.time_in(f"city fund Excel {year} (report and ledger)",
                        lambda s: city_report_xlsx(s, year, "bench", TODAY), city)
        timings.time_in(f"city fund ledger PDF {year}", lambda s: city_ledger_pdf(s, year), city)
        timings.time_in(f"city yearly report {year} (all areas)",
                        lambda s: city_year_report(s, year, TODAY), city)
        city_page = CityFundPage(city)
        city_page.today = lambda: TODAY
        shown(city_page)
        read(city_page)
        timings.time("city 互助基金 tab: refresh, until shown (read in the background)",
                     lambda: read(city_page))
        city_page.close()
        city.close()
        database.close()
    timings.print("互助金、慰问与工委互助基金")
    print("PDF pages: " + ", ".join(f"{name} {count}" for name, count in pages.items()))


if __name__ == "__main__":
    main()
