"""The fund, visits and city fund commands on the ten-year demo branch."""

import json
from pathlib import Path

import pytest

from app.city.importer import import_packages
from app.city.keys import init_city
from app.cli import main
from app.sync.export import export_package
from db.city.database import CityDatabase
from db.database import Database
from tests.fund.test_round_trip import submitted_application
from tests.sync.conftest import always, make_branch


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fund_and_visit_commands_on_the_demo(demo_database: Database,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_database.path)
    demo_database.close()
    code, out, _ = run(capsys, "fund", "balance", "--json", "--db", db)
    balance = json.loads(out)
    assert code == 0 and balance["mode"] == "市级基金"
    assert balance["balance"] == balance["unremitted"]  # in city mode only donations wait
    code, out, _ = run(capsys, "fund", "report", "--year", "2025", "--db", db)
    assert code == 0 and "2025年互助金收支情况" in out and "收入·捐款" in out
    code, out, _ = run(capsys, "fund", "applications", "--json", "--db", db)
    applications = json.loads(out)
    assert code == 0 and len(applications) >= 10
    assert all(a["steps"][0]["action"] == "登记申请" for a in applications)
    code, out, _ = run(capsys, "visits", "list", "--year", "2026", "--json", "--db", db)
    visits = json.loads(out)
    assert code == 0 and visits and all(v["date"].startswith("2026") for v in visits)
    code, out, _ = run(capsys, "visits", "candidates", "--medal", "--year", "2027", "--db", db)
    assert code == 0 and "转正日期不晚于1977-07-01" in out
    code, out, _ = run(capsys, "visits", "candidates", "--festival", "七一", "--year", "2026",
                       "--json", "--db", db)
    assert code == 0 and all(t["visited_on"] for t in json.loads(out))


def test_city_fund_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city_path = tmp_path / "city.db"
    with CityDatabase.open(city_path) as city:
        with city.session() as session:
            init_city(session, "中共市直属机关工作委员会")
        branch = make_branch(tmp_path / "b.db", "FGW-03", city)
        with branch.session() as session:
            submitted_application(session)
        exported = export_package(branch, tmp_path / "stick")
        branch.close()
        import_packages(city, [exported.path], confirm_key=always)
    db = str(city_path)
    code, out, _ = run(capsys, "city", "fund", "applications", "--json", "--db", db)
    (waiting,) = json.loads(out)
    assert code == 0 and waiting["number"] == "FGW-03-2026-001"
    code, _out, err = run(capsys, "city", "fund", "decide", "FGW-03-2026-001", "--approve",
                          "800", "--db", db)
    assert code == 1 and "可用余额为 500.00 元" in err
    assert run(capsys, "city", "fund", "income", "党费划拨", "5000", "--date", "2026-01-05",
               "--db", db)[0] == 0
    code, out, _ = run(capsys, "city", "fund", "decide", "FGW-03-2026-001", "--approve", "800",
                       "--ref", "第9次工委会", "--db", db)
    assert code == 0 and "批准 800.00 元" in out and "余额：4,700.00 元" in out
    code, out, _ = run(capsys, "city", "fund", "report", "--year", "2026", "--json",
                       "--db", db)
    report = json.loads(out)
    assert code == 0 and report["income_by_branch"][0]["amount"] == "500.00"
    assert report["visits"]["by_source"]["党费"]["cash"] == "500.00"
