"""The city fund's report and ledger as PDF and Excel, their CLI flags, correcting a city
income, and the city yearly report's fund figures net of reversals."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.city import fund as city_fund
from app.city.fund import CityEntryKind
from app.city.fund_printing import ledger_pdf, report_pdf, report_xlsx
from app.city.importer import import_packages
from app.city.report import year_report as city_year_report
from app.cli import main
from app.fund import corrections, donations
from app.sync.export import export_package
from base.errors import UserError
from db.city.database import CityDatabase
from tests.fund.helpers import TODAY, make_member, yuan
from tests.fund.test_round_trip import submitted_application
from tests.sync.conftest import always, make_branch


def pdf_text(data: bytes) -> str:
    """The text of every page without spaces and line breaks (cells wrap)."""
    return "".join("".join(page.extract_text().split())
                   for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def decided(tmp_path: Path, city: CityDatabase) -> CityDatabase:
    """One branch's remittance of 500, 10 000 党费划拨 (and a mistaken 300 reversed), one
    grant of 800 on 2026-10-10."""
    branch = make_branch(tmp_path / "b.db", "FGW-01", city)
    with branch.session() as session:
        submitted_application(session)
    import_packages(city, [export_package(branch, tmp_path / "stick").path], confirm_key=always)
    branch.close()
    with city.session() as session:
        city_fund.record_income(session, CityEntryKind.DUES_ALLOCATION, dt.date(2026, 1, 5),
                                yuan("10000.00"), "工委会计", "工委党费", today=TODAY)
        wrong = city_fund.record_income(session, CityEntryKind.UNION_FUNDING, dt.date(2026, 2, 1),
                                        yuan("300.00"), "工委会计", today=TODAY)
        city_fund.reverse_income(session, wrong.id, dt.date(2026, 2, 2), "重复登记", "工委会计",
                                 TODAY)
        city_fund.decide(session, "FGW-01-2026-001", approve=True, amount=yuan("800.00"),
                         decided_by="市直机关工委", decision_ref="2026年第9次工委会",
                         entered_by="工委会计", day=dt.date(2026, 10, 10), today=TODAY)
    return city


def test_year_report_nets_reversals_and_lists_grants(decided: CityDatabase) -> None:
    with decided.session() as session:
        report = city_fund.year_report(session, 2026, "工委会计", TODAY)
    assert report["other_income"] == {"党费划拨": yuan("10000.00"), "工会拨款": yuan("0.00")}
    assert report["income_total"] == yuan("10500.00")
    assert report["grants_total"] == yuan("800.00")
    assert report["opening_balance"] + report["income_total"] - report["grants_total"] \
        == report["closing_balance"] == yuan("9700.00")
    (grant,) = report["grants"]
    assert (grant["applicant"], grant["branch"], grant["amount"], grant["requested"]) == (
        "张伟", "中共测试单位FGW-01党支部", yuan("800.00"), yuan("1500.00"))


def test_reverse_income_rules(decided: CityDatabase) -> None:
    with decided.session() as session:
        lines = city_fund.ledger_lines(session, 2026)
        by_kind = {line.kind: line for line in lines}
        with pytest.raises(UserError, match="第 3 号账目已由第 4 号冲销"):
            city_fund.reverse_income(session, by_kind["工会拨款"].entry_id, TODAY, "再冲", "x",
                                     TODAY)
        with pytest.raises(UserError, match="请支部冲销其上缴凭证"):
            city_fund.reverse_income(session, by_kind["支部上缴"].entry_id, TODAY, "错", "x",
                                     TODAY)
        with pytest.raises(UserError, match="随审批决定入账"):
            city_fund.reverse_income(session, by_kind["补助拨付"].entry_id, TODAY, "错", "x",
                                     TODAY)
        with pytest.raises(UserError, match="余额不足"):  # the money is already granted
            city_fund.reverse_income(session, by_kind["党费划拨"].entry_id, TODAY, "错", "x",
                                     TODAY)
    # The branch's remittance was booked when its package was imported: 第 1 号.
    assert [(ln.seq, ln.kind, ln.note) for ln in lines] == [
        (2, "党费划拨", ""), (3, "工会拨款", "已由第 4 号冲销"), (4, "冲销", "冲销第 3 号"),
        (1, "支部上缴", ""), (5, "补助拨付", "")]
    assert lines[-1].balance == yuan("9700.00")


def test_report_pdf_and_excel_hold_the_figures(decided: CityDatabase) -> None:
    with decided.session() as session:
        text = pdf_text(report_pdf(session, 2026, "工委会计", TODAY))
        ledger = pdf_text(ledger_pdf(session, 2026))
        book = load_workbook(io.BytesIO(report_xlsx(session, 2026, "工委会计", TODAY)))
    for figure in ("10,500.00", "9,700.00", "800.00", "500.00", "10,000.00", "张伟",
                   "家属患重病", "2026年第9次工委会", "中共测试单位FGW-01党支部", "七一慰问"):
        assert figure in text, figure
    assert "2026年市直机关党员爱心互助基金收支情况" in text
    for figure in ("上年结余", "冲销第3号", "9,700.00", "本年合计"):
        assert figure in ledger, figure
    summary = {row[0].value: row[1].value for row in book["收支汇总"].iter_rows(min_row=3)}
    assert summary["收入·中共测试单位FGW-01党支部上缴"] == yuan("500.00")
    assert summary["本年收入合计"] == yuan("10500.00")
    assert summary["年末结余"] == yuan("9700.00")
    assert book["收支汇总"]["B3"].number_format == "#,##0.00"
    grant = [c.value for c in book["补助明细"][3]]
    assert grant[1:7] == ["FGW-01-2026-001", "中共测试单位FGW-01党支部", "张伟", "家属患重病",
                          yuan("1500.00"), yuan("800.00")]
    assert [c.value for c in book["补助按事由"][4]] == ["合计", 1, yuan("800.00")]
    ledger_rows = list(book["基金台账"].iter_rows(min_row=3, values_only=True))
    assert ledger_rows[0][4] == "上年结余" and ledger_rows[-1][7] == yuan("9700.00")
    assert book["各支部慰问"]["B3"].value == "七一慰问"


def test_cli_writes_pdf_and_excel(decided: CityDatabase, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    target = decided.target
    decided.close()
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    assert main(["city", "fund", "report", "--year", "2026", "--pdf", str(pdf), "--xlsx",
                 str(xlsx), "--db", target]) == 0
    assert "9,700.00" in pdf_text(pdf.read_bytes())
    assert load_workbook(xlsx)["收支汇总"]["A3"].value == "上年结余"
    assert capsys.readouterr().out.count("已写入") == 2
    assert main(["city", "fund", "ledger", "--year", "2026", "--json", "--db", target]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert lines[-1]["balance"] == "9700.00"
    assert main(["city", "fund", "income", "其他收入", "50", "--date", "2026-11-01",
                 "--db", target]) == 0
    assert main(["city", "fund", "reverse", "6", "--reason", "误记", "--date", "2026-11-02",
                 "--db", target]) == 0
    assert "余额 9,700.00 元" in capsys.readouterr().out.splitlines()[-1]
    assert main(["city", "fund", "reverse", "6", "--reason", "误记", "--db", target]) == 1


def test_city_yearly_report_fund_section_is_net_of_reversals(tmp_path: Path,
                                                             city: CityDatabase) -> None:
    branch = make_branch(tmp_path / "b.db", "FGW-07", city)
    with branch.session() as session:
        member = make_member(session)
        donations.record_donation(session, date=dt.date(2026, 3, 1), amount=yuan("300.00"),
                                  member_id=member.id, today=TODAY)
        wrong = donations.record_donation(session, date=dt.date(2026, 3, 2),
                                          amount=yuan("200.00"), member_id=member.id,
                                          today=TODAY)
        corrections.reverse(session, wrong.id, dt.date(2026, 3, 3), "金额记错", TODAY)
    import_packages(city, [export_package(branch, tmp_path / "stick").path], confirm_key=always)
    branch.close()
    with city.session() as session:
        (entry,) = city_year_report(session, 2026, today=TODAY)["branches"]
    assert entry["fund"] == {"income": yuan("300.00"), "expense": yuan("0.00"),
                             "balance": yuan("300.00")}
