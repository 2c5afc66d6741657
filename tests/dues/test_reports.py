"""The demo branch's dues: report, 公布, 上缴 balance, Excel register, check, CLI."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.checks import all_problems
from app.cli import main
from app.dues import config
from app.dues.arrears import arrears
from app.dues.export import export_register
from app.dues.months import Month
from app.dues.payments import pay_voluntary
from app.dues.reminders import dues_reminders
from app.dues.remittance import (
    RemittanceInput,
    RemittanceRow,
    add_remittance,
    balance,
    list_remittances,
)
from app.dues.report import notice_text, year_report
from base.errors import ValidationError
from db.database import Database
from db.models import DuesPayment
from tests.conftest import TODAY
from tests.dues.helpers import make_member

D = Decimal


def test_demo_has_ten_years_and_a_few_members_in_arrears(demo_database: Database) -> None:
    with demo_database.session() as session:
        years = {p.paid_on.year for p in session.scalars(select(DuesPayment))}
        assert years == set(range(TODAY.year - 9, TODAY.year + 1))
        found = arrears(session, TODAY)
        assert 2 <= len(found) <= 4
        assert any(a.flagged for a in found) and any(not a.flagged for a in found)
        assert all_problems(session) == []
        texts = [r.text for r in dues_reminders(session, TODAY)]
        assert any("党章第九条" in t for t in texts)


def test_year_report_adds_up(demo_database: Database) -> None:
    with demo_database.session() as session:
        past = year_report(session, TODAY.year - 1, TODAY)
        assert past.as_of == dt.date(TODAY.year - 1, 12, 31)
        assert past.paid == past.due and past.unpaid_owed == 0
        assert past.balance.outstanding == 0  # passed up in January
        now = year_report(session, TODAY.year, TODAY)
        assert now.due - now.paid == now.unpaid_owed
        assert sum(now.month_totals(), D(0)) == now.paid
        assert now.members_in_arrears >= len(arrears(session, TODAY))
        text = notice_text(now)
        assert f"{TODAY.year}年度党费收缴情况" in text and f"实交{now.paid:.2f}元" in text
        data = now.as_dict()
        assert data["paid"] == now.paid and len(data["by_month"]) == 12


def test_share_and_central_sums_in_the_balance(session: Session) -> None:
    member = make_member(session)
    pay_voluntary(session, member.id, D("100.00"), TODAY, today=TODAY)
    pay_voluntary(session, member.id, D("1000.00"), TODAY, today=TODAY)
    config.set_share_percent(session, "50", TODAY.year)
    b = balance(session, TODAY.year)
    assert (b.collected, b.central, b.due_up) == (D("1100.00"), D("1000.00"), D("1050.00"))
    add_remittance(session, RemittanceInput(TODAY.year, TODAY, D("1000.00"), "市直机关工委",
                                            to_central=True), today=TODAY)
    b = balance(session, TODAY.year)
    assert (b.remitted, b.outstanding, b.kept) == (D("1000.00"), D("50.00"), D("100.00"))
    [row] = list_remittances(session, TODAY.year)
    assert row == RemittanceRow(row.id, TODAY, D("1000.00"), "市直机关工委", "", True, "")
    assert list_remittances(session, TODAY.year - 1) == []
    with pytest.raises(ValidationError, match="大于零"):
        add_remittance(session, RemittanceInput(TODAY.year, TODAY, D("0"), "工委"), today=TODAY)
    with pytest.raises(Exception, match="0 到 100"):
        config.set_share_percent(session, "120", TODAY.year)


def test_a_new_share_holds_from_its_year_and_leaves_earlier_years_alone(
        session: Session) -> None:
    member = make_member(session)
    for year in (2024, 2025, 2026):
        pay_voluntary(session, member.id, D("100.00"), dt.date(year, 3, 1), today=TODAY)
    config.set_share_percent(session, "80", 2025)
    config.set_share_percent(session, "60", 2026)
    config.set_share_percent(session, "70%", 2026)  # a second change of the same year replaces it

    assert [balance(session, year).due_up for year in (2024, 2025, 2026)] == [
        D("100.00"), D("80.00"), D("70.00")]
    assert config.share_changes(session) == [(2025, D("80")), (2026, D("70"))]
    config.set_share_percent(session, "70", 2027)  # no change: nothing recorded
    assert len(config.share_changes(session)) == 2


def test_duplicate_month_payment_is_a_check_problem(session: Session) -> None:
    member = make_member(session, "钱七")
    for receipt_no in ("2026-0001", "2026-0002"):
        session.add(DuesPayment(member_id=member.id, kind="正常", month=Month(2026, 3).first_day,
                                amount=D("30.00"), paid_on=dt.date(2026, 3, 5),
                                receipt_no=receipt_no))
    session.add(DuesPayment(member_id=member.id, kind="自愿多交", amount=D("1500.00"),
                            paid_on=dt.date(2026, 3, 5), receipt_no="2026-0003"))
    session.flush()
    problems = all_problems(session)
    assert "党费：钱七2026年03月的党费登记了2次" in problems
    assert any("2026-0003" in p and "中央" in p for p in problems)


def test_excel_register(demo_database: Database, tmp_path: Path) -> None:
    path = tmp_path / "党费.xlsx"
    with demo_database.session() as session:
        report = year_report(session, TODAY.year, TODAY)
        export_register(session, TODAY.year, path, today=TODAY)
    book = load_workbook(path)
    assert book.sheetnames == ["党费交纳登记表", "收据存根", "上缴记录"]
    sheet = book["党费交纳登记表"]
    assert f"{TODAY.year}年党费交纳登记表" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:6] == ["序号", "姓名", "党费类别", "计算基数", "月交纳额",
                                               "1月"]
    assert sheet.max_row == 2 + len(report.rows) + 1
    total = [c.value for c in sheet[sheet.max_row]]
    assert total[1] == "合计" and D(str(total[18])) == report.paid
    flat = [c.value for row in sheet.iter_rows(min_row=3) for c in row]
    assert "未交" in flat


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_calc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "b.db")
    assert run(capsys, "init", "--name", "中共测试支部", "--code", "T-01", "--db", db)[0] == 0
    code, out, _ = run(capsys, "dues", "calc", "--category", "在职", "--base", "5100", "--db", db)
    assert code == 0 and "76.50" in out and "柒拾陆元伍角整" in out
    code, out, _ = run(capsys, "dues", "calc", "--category", "离退休", "--base", "5000.01",
                       "--json", "--db", db)
    assert code == 0 and json.loads(out)["monthly_amount"] == "50.00"
    code, _, err = run(capsys, "dues", "calc", "--category", "在职", "--db", db)
    assert code == 1 and "计算基数" in err
    code, _, err = run(capsys, "dues", "calc", "--category", "在职", "--base", "12.345",
                       "--db", db)
    assert code == 1 and "两位小数" in err


def test_cli_arrears_and_report(demo_database: Database,
                                capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_database.path)
    demo_database.close()
    code, out, _ = run(capsys, "dues", "arrears", "--as-of", TODAY.isoformat(), "--json",
                       "--db", db)
    found = json.loads(out)
    assert code == 0 and found and any(a["flagged"] for a in found)
    assert all(a["suggested_topic"] for a in found if a["flagged"])
    code, out, _ = run(capsys, "dues", "arrears", "--as-of", TODAY.isoformat(), "--db", db)
    assert code == 0 and "第九条" in out and "不会自动改变" in out
    code, out, _ = run(capsys, "dues", "report", "--year", str(TODAY.year - 1), "--json",
                       "--db", db)
    data = json.loads(out)
    assert code == 0 and data["due"] == data["paid"] and data["outstanding_to_remit"] == "0.00"
    code, out, _ = run(capsys, "dues", "report", "--year", str(TODAY.year), "--db", db)
    assert code == 0 and "应交党费" in out
