"""发展党员 tracks travel to the city with their steps, people and papers; the city's report
counts them by milestone and stage exactly as the branch does."""

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from app.city.importer import import_packages
from app.city.report import write_xlsx, year_report
from app.recruits.track import load_tracks
from app.recruits.yearly import year_counts
from app.sync.export import export_package
from db.city.database import CityDatabase
from db.database import Database
from tests.sync.conftest import always, connect
from tests.sync.helpers import snapshot


def _shape(tracks: list) -> list[tuple]:
    return [(t.name, t.id_number, t.identity, t.member_id,
             [(s.code, s.date, s.vote.result if s.vote else None) for s in t.steps],
             [(p.role, p.name) for p in t.people], sorted(t.papers.items()))
            for t in tracks]


def test_tracks_round_trip_to_the_city(demo_database: Database, city: CityDatabase,
                                       tmp_path: Path) -> None:
    connect(demo_database, city)
    exported = export_package(demo_database, tmp_path, full=True)
    import_packages(city, [exported.path], confirm_key=always)
    with demo_database.session() as session:
        own = load_tracks(session)
        own_shape = _shape(own)
    assert len(own) >= 10 and {t.identity for t in own} >= {
        "入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员"}
    with city.session() as session:
        copy = snapshot(session, "FGW-01")
        try:
            assert _shape(load_tracks(copy)) == own_shape
        finally:
            copy.close()
        report = year_report(session, 2026, today=dt.date(2026, 11, 25))
    (branch,) = report["branches"]
    assert branch["recruits"] == year_counts(own, 2026)
    assert branch["recruits"]["年末入党申请人"] >= 1
    write_xlsx(report, tmp_path / "report.xlsx")
    sheet = load_workbook(tmp_path / "report.xlsx")["发展党员"]
    assert sheet["A2"].value == "FGW-01" and sheet["C1"].value == "递交入党申请书"
