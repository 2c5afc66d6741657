"""双报到 volunteer service and 第一议题 on the ten-year demo branch: the year's summary and
member totals, the register as PDF and Excel, the 志愿服务 page (open, refresh), the 第一议题
check; then the city report with its service section after importing the branch's package.

    .venv/bin/python bench/service.py [--runs 5] [--year 2025] [--db DEMO.db]

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

from app.city.report import year_report as city_year_report  # noqa: E402
from app.meetings.first_topic import check_first_topics  # noqa: E402
from app.service.printing import register_pdf, register_xlsx  # noqa: E402
from app.service.summary import member_totals, service_summary  # noqa: E402
from bench.measure import TODAY, Timings, arguments, city_with, demo_path, qt_app, shown  # noqa: E402
from db.database import Database  # noqa: E402
from db.models import ServiceActivity, ServiceParticipant, ServiceWish  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.service.page import ServicePage  # noqa: E402


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--year", type=int, default=TODAY.year - 1)
    args = parser.parse_args()
    qt_app()
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open(demo_path(Path(folder), args.db))
        database.actor = "bench"
        with database.session() as session:
            counts = [session.scalar(select(func.count()).select_from(model))
                      for model in (ServiceActivity, ServiceParticipant, ServiceWish)]
        print("demo branch: {} activities, {} participations, {} 微心愿".format(*counts))
        year, timings = args.year, Timings(args.runs, database)
        timings.time_in(f"service summary {year}", lambda s: service_summary(s, year))
        timings.time_in(f"member totals {year}", lambda s: member_totals(s, year, TODAY))
        timings.time_in(f"第一议题 check {year}", lambda s: check_first_topics(s, year))
        timings.time_in(f"register PDF {year}", lambda s: register_pdf(s, year, today=TODAY))
        timings.time_in(f"register Excel {year}", lambda s: register_xlsx(s, year, TODAY))
        with database.session() as session:
            pages = register_pdf(session, year, today=TODAY).count(b"/Type /Page\n")
        context = AppContext(database)
        page = ServicePage(context)
        page.set_today(lambda: TODAY)
        shown(page)
        timings.time("志愿服务 page: refresh", page.refresh)
        timings.time("志愿服务 page: open (build + first load)",
                     lambda: ServicePage(context).deleteLater())
        page.close()

        city = city_with(database, Path(folder))

        timings.time_in(f"city report {year} (one branch, with service)",
                        lambda s: city_year_report(s, year, TODAY), city)
        city.close()
        database.close()
    timings.print("双报到 and 第一议题")
    print(f"register PDF {year}: {pages} pages")


if __name__ == "__main__":
    main()
