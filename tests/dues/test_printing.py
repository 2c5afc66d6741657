"""The dues papers as PDFs: 核定表, 交纳登记表, 公布 and receipts with the amount in 大写."""

from decimal import Decimal

from sqlalchemy.orm import Session

from app.dues.arrears import arrears
from app.dues.payments import list_receipts, pay_voluntary
from app.dues.printing import assessment_pdf, notice_pdf, receipts_pdf, register_pdf
from app.dues.report import year_report
from db.database import Database
from tests.conftest import TODAY
from tests.dues.helpers import make_member
from tests.pdfcheck import (
    compact,
    has_real_glyph,
    lines_starting_with_punctuation,
    reader,
    unembedded_fonts,
)


def test_register_pdf_lists_every_member_and_the_totals(demo_database: Database) -> None:
    with demo_database.session() as session:
        report = year_report(session, TODAY.year, TODAY)
        pdf = register_pdf(session, TODAY.year, today=TODAY)
        late = arrears(session, TODAY)
    page = reader(pdf).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = compact(pdf)
    assert f"{TODAY.year}年党费交纳登记表" in text
    assert all(row.member.name in text for row in report.rows)
    assert f"{report.paid:,.2f}" in text and "未交" in text
    assert late and late[0].name in text


def test_assessment_pdf_shows_base_profile_and_rate(demo_database: Database) -> None:
    with demo_database.session() as session:
        pdf = assessment_pdf(session, TODAY.year)
    text = compact(pdf)
    assert f"{TODAY.year}年度党员党费核定表" in text
    assert "扣除方案" in text and "住房公积金" in text
    assert "1.5%" in text and "本人确认（签字）" in text
    assert "核定人（签字）" in text


def test_notice_pdf(demo_database: Database) -> None:
    with demo_database.session() as session:
        report = year_report(session, TODAY.year - 1, TODAY)
        pdf = notice_pdf(session, TODAY.year - 1, today=TODAY)
    text = compact(pdf)
    assert f"{TODAY.year - 1}年度党费收缴情况公布" in text
    assert f"实交{report.paid:.2f}元" in text
    assert lines_starting_with_punctuation(pdf) == []


def test_receipt_pdf_has_the_amount_in_words_and_the_central_flag(session: Session) -> None:
    member = make_member(session, "李喆")
    number = pay_voluntary(session, member.id, Decimal("1076.50"), TODAY, today=TODAY)
    pdf = receipts_pdf(session, [number])
    text = compact(pdf)
    assert "党费收据" in text.replace(" ", "")
    assert "壹仟零柒拾陆元伍角整" in text
    assert "全部上缴中央" in text and "李喆" in text
    assert has_real_glyph(pdf, "喆") and unembedded_fonts(pdf) == []
    assert [r.receipt_no for r in list_receipts(session, TODAY.year)] == [number]
