"""Ledger, receipt and visit register documents on the demo branch; reminders at the right
time of year; the ledger check."""

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.fund import donations, ledger
from app.fund.checks import fund_problems
from app.fund.kinds import EntryKind
from app.fund.printing import ledger_pdf, ledger_xlsx, receipt_pdf
from app.fund.reports import year_report
from app.visits.printing import festival_pdf, register_pdf, register_xlsx
from app.visits.reminders import visit_reminders
from app.visits.rules import VisitKind
from app.visits.service import PersonInput, VisitInput, save_visit
from db.database import Database
from db.models import FundRemittanceItem
from tests.fund.helpers import TODAY, make_member, yuan
from tests.pdfcheck import compact, lines_starting_with_punctuation


def test_ledger_documents_add_up(demo_database: Database) -> None:
    with demo_database.session() as session:
        report = year_report(session, 2025)
        pdf = ledger_pdf(session, 2025)
        book = load_workbook(io.BytesIO(ledger_xlsx(session, 2025)))
        donation = next(e for e in ledger.list_entries(session) if e.kind == EntryKind.DONATION)
        receipt = compact(receipt_pdf(session, donation.id))
        words = donations.receipt(session, donation.id).amount_words
    assert report.opening + report.total_income - report.total_expense == report.closing
    assert report.lines[-1].balance == report.closing
    text = compact(pdf)
    assert "2025年党员爱心互助金台账" in text and "本年合计" in text and "年末结余" in text
    assert f"{report.closing:,.2f}" in text
    assert not lines_starting_with_punctuation(pdf)
    sheet = book["台账"]
    assert sheet.max_row == 2 + len(report.lines) + 2  # title, header, 上年结余 … 本年合计
    assert sheet.cell(sheet.max_row, 7).value == report.closing
    assert receipt.count(words) == 2 and receipt.count(donation.receipt_no) == 2


def test_visit_register_and_festival_list(demo_database: Database) -> None:
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    with demo_database.session() as session:
        text = compact(register_pdf(session, start, end))
        festival = compact(festival_pdf(session, "七一", 2025))
        book = load_workbook(io.BytesIO(register_xlsx(session, start, end)))
    assert "2025年慰问登记簿" in text and "按慰问类别" in text and "按经费来源" in text
    assert "2025年七一慰问情况表" in festival and "七一慰问" in festival
    assert book["慰问登记簿"].max_row > 3 and book["按类别和来源"].max_row > 3


def test_reminders_come_at_the_right_time(session: Session) -> None:
    old = make_member(session, "老李", "19400101", 11, dt.date(1976, 3, 1), dt.date(1976, 6, 30))
    make_member(session, "小王", "19950101", 13, dt.date(2020, 12, 20), dt.date(2021, 12, 20))
    texts = [r.text for r in visit_reminders(session, TODAY)]
    assert not any("春节" in t for t in texts)  # 2027's 春节 season starts on 2026-12-23
    december = [r.text for r in visit_reminders(session, dt.date(2026, 12, 28))]
    pending = "春节（02月06日）前尚有1名老党员、困难党员未慰问：老李"
    assert any(t.startswith(pending) for t in december)
    assert any("本月政治生日（1人）：小王（12月20日，入党6周年）" in t for t in december)
    may = [r.text for r in visit_reminders(session, dt.date(2026, 5, 10))]
    assert any("纪念章：1名党员符合条件尚未颁发：老李" in t for t in may)
    save_visit(session, VisitInput(date=dt.date(2026, 5, 12), kind=VisitKind.MEDAL,
                                   persons=[PersonInput(old.id)]), today=dt.date(2026, 5, 12))
    may = [r.text for r in visit_reminders(session, dt.date(2026, 5, 20))]
    assert not any("纪念章" in t for t in may)


def test_check_finds_nothing_on_the_demo_and_a_broken_link(demo_database: Database) -> None:
    with demo_database.session() as session:
        assert fund_problems(session) == []
        member = make_member(session, "新人", "19990101", 17, dt.date(2024, 1, 5),
                             dt.date(2025, 1, 5))
        donation = donations.record_donation(session, date=TODAY, amount=yuan("10.00"),
                                             member_id=member.id, today=TODAY)
        remittance = donations.remit(session, [donation.id], TODAY, today=TODAY)
        session.add(FundRemittanceItem(remittance_id=remittance.id, donation_id=donation.id))
        session.flush()
        problems = fund_problems(session)
    assert any("金额与所含捐款合计不符" in p for p in problems)
