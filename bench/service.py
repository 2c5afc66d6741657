"""双报到 volunteer service and 第一议题 on the ten-year demo branch: the year's summary and
member totals, the register as PDF and Excel, the 志愿服务 page (open, refresh), the 第一议题
check; then the city report with its service section after importing the branch's package.

    .venv/bin/python bench/service.py [--runs 5] [--year 2025]

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
from sqlalchemy import func, select  # noqa: E402

from app.city.importer import import_packages  # noqa: E402
from app.city.keys import city_keys, init_city  # noqa: E402
from app.city.report import year_report as city_year_report  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.meetings.first_topic import check_first_topics  # noqa: E402
from app.service.printing import register_pdf, register_xlsx  # noqa: E402
from app.service.summary import member_totals, service_summary  # noqa: E402
from app.sync.export import export_package  # noqa: E402
from app.sync.identity import set_city_key  # noqa: E402
from app.sync.keys import KeyFile  # noqa: E402
from bench.measure import TODAY, median_ms  # noqa: E402
from db.city.database import CityDatabase  # noqa: E402
from db.database import Database  # noqa: E402
from db.models import ServiceActivity, ServiceParticipant, ServiceWish  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.service.page import ServicePage  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=TODAY.year - 1)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        database = Database.open(Path(folder) / "demo.db")
        database.actor = "bench"
        build_demo(database, today=TODAY)
        with database.session() as session:
            counts = [session.scalar(select(func.count()).select_from(model))
                      for model in (ServiceActivity, ServiceParticipant, ServiceWish)]
        print("demo branch: {} activities, {} participations, {} 微心愿".format(*counts))
        year, runs = args.year, args.runs
        results: list[tuple[str, float]] = []

        def timed(label: str, action: Callable[[], object]) -> None:
            results.append((label, median_ms(action, runs)))

        def in_session(work: Callable[..., object]) -> Callable[[], object]:
            def run() -> object:
                with database.session() as session:
                    return work(session)
            return run

        timed(f"service summary {year}", in_session(lambda s: service_summary(s, year)))
        timed(f"member totals {year}", in_session(lambda s: member_totals(s, year, TODAY)))
        timed(f"第一议题 check {year}", in_session(lambda s: check_first_topics(s, year)))
        timed(f"register PDF {year}", in_session(lambda s: register_pdf(s, year, today=TODAY)))
        timed(f"register Excel {year}", in_session(lambda s: register_xlsx(s, year, TODAY)))
        with database.session() as session:
            pages = register_pdf(session, year, today=TODAY).count(b"/Type /Page\n")
        context = AppContext(database)
        page = ServicePage(context)
        page.set_today(lambda: TODAY)
        page.resize(1300, 760)
        page.show()
        app.processEvents()
        timed("志愿服务 page: refresh", page.refresh)
        timed("志愿服务 page: open (build + first load)",
              lambda: ServicePage(context).deleteLater())
        page.close()

        city = CityDatabase.open(Path(folder) / "city.db")
        with city.session() as session:
            init_city(session, "中共市直属机关工作委员会")
            public = city_keys(session).public
        with database.session() as session:
            set_city_key(session, KeyFile("city", "中共市直属机关工作委员会", "", public))
        exported = export_package(database, Path(folder) / "stick", full=True)
        import_packages(city, [exported.path], confirm_key=lambda _q: True)

        def city_report() -> object:
            with city.session() as session:
                return city_year_report(session, year, TODAY)

        timed(f"city report {year} (one branch, with service)", city_report)
        city.close()
        database.close()
    print(f"register PDF {year}: {pages} pages")
    for label, ms in results:
        print(f"{label:48} {ms:8.1f} ms")


if __name__ == "__main__":
    main()
