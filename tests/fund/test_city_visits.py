"""The city fund report's visits come from the branches' kept figures: the same sums as
reading every branch's visit records, and they follow a later change of a gift's value."""

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.city import fund as city_fund
from app.city.importer import import_packages
from app.sync.export import export_package
from app.visits.rules import KINDS, SOURCES
from base.money import parse_yuan
from db.city.database import CityDatabase
from db.city.models import CityRecord
from db.models import VisitGoods
from tests.conftest import TODAY
from tests.fund.helpers import TODAY as FUND_TODAY
from tests.fund.helpers import yuan
from tests.fund.test_round_trip import submitted_application
from tests.sync.conftest import always, make_branch
from tests.sync.test_demo import city_demo

__all__ = ["city_demo"]
ZERO = Decimal("0.00")
ORDER = (*KINDS, *SOURCES)


def every_record(session: Session, year: int) -> dict[str, dict[str, dict[str, Any]]]:
    """The sums read from every branch's JSON copies, as the report did before."""
    def live(table: str) -> list[dict[str, Any]]:
        return list(session.scalars(select(CityRecord.data).where(
            CityRecord.table_name == table, CityRecord.deleted.is_(False))))

    visits = {v["id"]: v for v in live("visit") if v["date"][:4] == str(year)}
    persons = {p["id"]: p for p in live("visit_person") if p["visit_id"] in visits}
    goods: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for item in live("visit_goods"):
        if item["person_id"] in persons:
            goods[item["person_id"]] += parse_yuan(item["value"])
    summary: dict[str, dict[str, dict[str, Any]]] = {"by_kind": {}, "by_source": {}}
    for visit in visits.values():
        mine = [p for p in persons.values() if p["visit_id"] == visit["id"]]
        for group, key in (("by_kind", visit["kind"]), ("by_source", visit["source"] or "无")):
            row = summary[group].setdefault(key, {"visits": 0, "persons": 0, "cash": ZERO,
                                                  "goods": ZERO})
            row["visits"] += 1
            row["persons"] += len(mine)
            row["cash"] += sum((parse_yuan(p["cash"]) for p in mine), ZERO)
            row["goods"] += sum((goods[p["id"]] for p in mine), ZERO)
    return summary


def test_the_demo_city_visits_are_the_sums_of_every_record(city_demo: Path) -> None:
    with CityDatabase.open(city_demo) as city, city.session() as session:
        for year in (TODAY.year - 2, TODAY.year - 1, TODAY.year):
            kept = city_fund.visits_summary(session, year, TODAY)
            expected = every_record(session, year)
            assert kept["by_kind"] and kept == expected, year
            for group, rows in kept.items():  # in the order of the forms
                assert list(rows) == sorted(rows, key=lambda key: ORDER.index(key)), group


def test_a_later_change_of_a_gift_reaches_the_report(tmp_path: Path,
                                                     city: CityDatabase) -> None:
    branch = make_branch(tmp_path / "b.db", "FGW-01", city)
    with branch.session() as session:
        submitted_application(session)  # a 七一慰问 with 500 cash and goods of 80
    for step in range(2):
        if step:
            with branch.session() as session:
                gift = session.scalars(select(VisitGoods)).one()
                gift.value = yuan("120.00")
        import_packages(city, [export_package(branch, tmp_path / "stick").path],
                        confirm_key=always)
        with city.session() as session:
            report = city_fund.year_report(session, 2026, "工委会计", FUND_TODAY)
        assert report["visits"]["by_kind"]["七一慰问"] == {
            "visits": 1, "persons": 1, "cash": yuan("500.00"),
            "goods": yuan("120.00" if step else "80.00")}
    branch.close()
