"""The city's yearly report counts what the branch program itself counts."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from app.city.importer import import_packages
from app.city.report import write_xlsx, year_report
from app.city.summaries import branch_members, member_buckets
from app.members.service import list_members
from app.sync.export import export_package
from db.city.database import CityDatabase
from db.database import Database
from db.models import DuesPayment
from tests.sync.conftest import always, connect
from tests.sync.helpers import snapshot


def test_report_matches_the_branch(demo_database: Database, city: CityDatabase,
                                   tmp_path: Path) -> None:
    connect(demo_database, city)
    exported = export_package(demo_database, tmp_path, full=True)  # for this new city
    import_packages(city, [exported.path], confirm_key=always)
    year_end = dt.date(2025, 12, 31)
    with demo_database.session() as session:
        on_roster = len(list_members(session, on=year_end))
        collected = sum((p.amount for p in session.scalars(select(DuesPayment).where(
            DuesPayment.deleted_at.is_(None), DuesPayment.paid_on.between(
                dt.date(2025, 1, 1), year_end)))), Decimal("0.00"))
        own_buckets = member_buckets(branch_members(session), 2025)
    with city.session() as session:
        report = year_report(session, 2025, today=dt.date(2026, 11, 25))
        assert member_buckets(branch_members(snapshot(session, "FGW-01")), 2025) == own_buckets
    (branch,) = report["branches"]
    assert branch["code"] == "FGW-01"
    assert report["members_total"]["党员总数"] == on_roster
    assert sum(v for k, v in report["members_total"].items() if k.startswith("年龄")) == on_roster
    assert branch["dues"]["collected"] == collected > 0
    assert branch["meetings"]["required"] > 0
    write_xlsx(report, tmp_path / "report.xlsx")
    book = load_workbook(tmp_path / "report.xlsx")
    assert book["党员统计"]["C3"].value is not None
    assert {"组织生活", "按期开展", "党费和互助金", "慰问", "党员统计"} <= set(book.sheetnames)
