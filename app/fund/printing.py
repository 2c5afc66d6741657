"""Printed fund documents: the year's ledger (台账) as PDF and Excel, and donation receipts."""

import datetime as dt
from decimal import Decimal

from openpyxl import Workbook
from sqlalchemy.orm import Session

from app.fund.donations import receipt
from app.fund.reports import FundYearReport, year_report
from app.fund.settings import FundMode, mode
from app.progress import SILENT, Progress
from app.reports import SIZES, Document
from app.reports.common import branch_name
from app.reports.sheets import add_table, workbook_bytes
from base.money import amount_in_words, format_yuan

LEDGER_HEADER = ["凭证号", "日期", "类别", "摘要", "收入", "支出", "余额", "经办", "复核",
                 "签收"]


def _summary(report: FundYearReport) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """(item, income, expense); the balances sit in the expense column's place."""
    rows: list[tuple[str, Decimal | None, Decimal | None]] = [("上年结余", None, report.opening)]
    rows += [(f"收入·{kind}", amount, None) for kind, amount in report.income.items()]
    rows += [(f"支出·{kind}", None, amount) for kind, amount in report.expense.items()]
    rows.append(("本年合计", report.total_income, report.total_expense))
    rows.append(("年末结余", None, report.closing))
    return rows


def ledger_pdf(session: Session, year: int, progress: Progress = SILENT) -> bytes:
    """The year's ledger: every entry with the running balance, then the year's summary."""
    report = year_report(session, year)
    name = branch_name(session)
    doc = Document.for_branch(session, f"{year}年党员爱心互助金台账", landscape=True)
    doc.title(f"{year}年党员爱心互助金台账", subtitle=name)
    doc.fields([[("基金模式", report.mode), ("上年结余", f"{format_yuan(report.opening)} 元")],
                [("本年收入", f"{format_yuan(report.total_income)} 元"),
                 ("本年支出", f"{format_yuan(report.total_expense)} 元")],
                [("年末结余", f"{format_yuan(report.closing)} 元"),
                 ("捐款", f"{report.donors} 人，{format_yuan(report.donations)} 元")]])
    rows: list[list[str]] = [["", "", "", "上年结余", "", "", format_yuan(report.opening), "",
                              "", ""]]
    for line in report.lines:
        rows.append([str(line.seq), f"{line.date:%m-%d}", line.kind, line.summary,
                     format_yuan(line.income), format_yuan(line.expense), format_yuan(line.balance),
                     line.entered_by, line.confirmed_by, line.signed])
    rows.append(["", "", "", "本年合计", format_yuan(report.total_income),
                 format_yuan(report.total_expense), format_yuan(report.closing), "", "", ""])
    doc.table(LEDGER_HEADER, rows, widths=[1.1, 1.2, 1.6, 6, 1.6, 1.6, 1.7, 1.4, 1.4, 2.4],
              align=["center", "center", "center", "left", "right", "right", "right",
                     "center", "center", "center"], size=SIZES["小五"], total_rows=1)
    doc.heading("收支汇总")
    doc.table(["项目", "收入（元）", "支出（元）"],
              [[label, format_yuan(i), format_yuan(o)] for label, i, o in _summary(report)],
              widths=[3, 2, 2], align=["left", "right", "right"], size=SIZES["小四"], total_rows=2)
    if report.unremitted and year == dt.date.today().year:
        doc.note(f"截至打印时尚有待上缴工委的捐款 {format_yuan(report.unremitted)} 元。")
    if report.unconfirmed:
        doc.note(f"尚有 {report.unconfirmed} 笔账目未经复核。")
    doc.signatures(["会计", "出纳", "支部书记"])
    return doc.build(progress)


def receipt_pdf(session: Session, entry_id: str, progress: Progress = SILENT) -> bytes:
    """A donation receipt in two parts on one page: 收据联 for the donor, 存根联 to keep."""
    data = receipt(session, entry_id)
    name = branch_name(session)
    use = ("捐款将按规定上缴市直机关党员爱心互助基金，专款用于帮扶困难党员。"
           if mode(session) == FundMode.CITY
           else "捐款存入支部党员爱心互助金，专款用于帮扶困难党员。")
    doc = Document.for_branch(session, f"捐款收据 {data.number}")
    for part in ("第一联  收据（交捐款人）", "第二联  存根（支部留存）"):
        doc.title("党员爱心互助金捐款收据", subtitle=part, size=SIZES["小二"])
        doc.fields([[("收据号", data.number), ("日期", f"{data.date:%Y年%m月%d日}")],
                    [("捐款人", data.donor), ("金额（小写）", f"¥{format_yuan(data.amount)}")],
                    [("金额（大写）", amount_in_words(data.amount))],
                    [("收款单位", name)],
                    [("账目凭证号", str(data.seq)), ("经手人签字", "")]])
        doc.note(f"注：{use}", size=SIZES["小四"])
        doc.spacer(16)
    return doc.build(progress)


def ledger_xlsx(session: Session, year: int) -> bytes:
    report = year_report(session, year)
    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    rows: list[list[object]] = [["", None, "", "上年结余", None, None, report.opening, "", "",
                                 ""]]
    rows += [[line.seq, line.date, line.kind, line.summary, line.income, line.expense,
              line.balance, line.entered_by, line.confirmed_by, line.signed]
             for line in report.lines]
    rows.append(["", None, "", "本年合计", report.total_income, report.total_expense,
                 report.closing, "", "", ""])
    add_table(sheet, f"{branch_name(session)} {year}年党员爱心互助金台账", LEDGER_HEADER, rows,
              [8, 12, 10, 44, 12, 12, 12, 10, 10, 22], total_rows=1)
    summary = book.create_sheet("收支汇总")
    add_table(summary, f"{year}年互助金收支汇总", ["项目", "收入（元）", "支出（元）"],
              [list(row) for row in _summary(report)], [24, 14, 14], total_rows=2)
    return workbook_bytes(book)
