"""The city fund's printed year: the report (income by branch, grants by reason and each
grant, balance, all branches' visits) and the ledger as PDF, and both as one Excel workbook."""

import datetime as dt
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from sqlalchemy.orm import Session

from app.city.fund import LedgerLine, balance, ledger_lines, year_report
from app.city.keys import city_identity
from app.progress import SILENT, Progress
from app.reports import SIZES, Document
from app.reports import page as pages
from app.reports.common import date_text
from app.reports.sheets import add_table, workbook_bytes
from base.money import format_yuan

FUND_NAME = "市直机关党员爱心互助基金"
LEDGER_HEADER = ["凭证号", "日期", "类别", "支部", "摘要", "收入", "支出", "余额", "经办",
                 "依据"]
GRANT_HEADER = ["序号", "申请编号", "支部", "申请人", "事由", "申请金额", "批准金额", "审批日期",
                "审批依据"]
VISIT_HEADER = ["次数", "人次", "慰问金", "慰问品", "合计"]
ZERO = Decimal("0.00")


def _cell(value: Any) -> str:
    """A table value as printed: money with thousands separators, dates as 月-日."""
    if isinstance(value, Decimal):
        return format_yuan(value)
    if isinstance(value, dt.date):
        return f"{value:%m-%d}"
    return "" if value is None else str(value)


def _income_rows(report: dict[str, Any]) -> list[tuple[str, str, Decimal]]:
    """(name, code, amount): each branch's remittances, then the fund's other income."""
    rows = [(r["name"], r["code"], r["amount"]) for r in report["income_by_branch"]]
    return rows + [(kind, "", amount) for kind, amount in report["other_income"].items()]


def _reason_rows(report: dict[str, Any]) -> list[tuple[str, int, Decimal]]:
    rows = [(reason, r["count"], r["amount"]) for reason, r in report["grants_by_reason"].items()]
    return [*rows, ("合计", sum(r[1] for r in rows), sum((r[2] for r in rows), ZERO))]


def _visit_rows(report: dict[str, Any], group: str) -> list[list[Any]]:
    """One row per kind (or source) and the 合计 row."""
    rows = [[name, r["visits"], r["persons"], r["cash"], r["goods"], r["cash"] + r["goods"]]
            for name, r in report["visits"][group].items()]
    return [*rows, ["合计", *(sum((row[i] for row in rows), ZERO if i > 2 else 0)
                              for i in range(1, 6))]]


def _summary(report: dict[str, Any]) -> str:
    return (f"{report['year']}年，基金上年结余 {format_yuan(report['opening_balance'])} 元，"
            f"本年收入 {format_yuan(report['income_total'])} 元，拨付补助 "
            f"{len(report['grants'])} 人次 {format_yuan(report['grants_total'])} 元，年末结余 "
            f"{format_yuan(report['closing_balance'])} 元。本年不予批准的申请 {report['refused']} "
            f"份，尚待审批 {report['waiting']} 份。")


def report_pdf(session: Session, year: int, entered_by: str, today: dt.date | None = None,
               progress: Progress = SILENT) -> bytes:
    report = year_report(session, year, entered_by, today)
    city = city_identity(session).name
    title = f"{year}年{FUND_NAME}收支情况"
    doc = Document(title, geometry=pages.portrait(), author=city)
    doc.title(title, subtitle=city)
    doc.fields([[("上年结余", f"{format_yuan(report['opening_balance'])} 元"),
                 ("年末结余", f"{format_yuan(report['closing_balance'])} 元")],
                [("本年收入", f"{format_yuan(report['income_total'])} 元"),
                 ("本年补助", f"{format_yuan(report['grants_total'])} 元")]])
    doc.paragraph(_summary(report))
    doc.heading("一、收入")
    income = _income_rows(report)
    doc.table(["序号", "来源", "支部代码", "金额（元）"],
              [*([str(n), name, code, format_yuan(amount)]
                 for n, (name, code, amount) in enumerate(income, start=1)),
               ["", "合计", "", format_yuan(report["income_total"])]],
              widths=[0.8, 6.2, 1.8, 2.2], align=["center", "left", "center", "right"],
              total_rows=1)
    doc.heading("二、补助（按事由）")
    doc.table(["事由", "人次", "金额（元）"],
              [[reason, str(count), format_yuan(amount)]
               for reason, count, amount in _reason_rows(report)],
              widths=[4, 1.5, 2.5], align=["left", "right", "right"], total_rows=1)
    if report["grants"]:
        doc.heading("三、补助明细")
        doc.table(["序号", "支部", "申请人", "事由", "批准金额", "审批日期", "审批依据"], [
            [str(n), g["branch"], g["applicant"], g["reason"], format_yuan(g["amount"]),
             f"{g['decided_on']:%Y-%m-%d}", g["decision_ref"]]
            for n, g in enumerate(report["grants"], start=1)],
            widths=[0.9, 3.4, 1.3, 2.1, 1.6, 1.9, 2.6], size=SIZES["小五"],
            align=["center", "left", "center", "center", "right", "center", "left"])
    doc.heading(f"{'四' if report['grants'] else '三'}、各支部慰问")
    for group, label in (("by_kind", "慰问类别"), ("by_source", "经费来源")):
        rows = _visit_rows(report, group)
        if len(rows) > 1:
            doc.table([label, *VISIT_HEADER], [[_cell(v) for v in row] for row in rows],
                      widths=[3, 1, 1, 2, 2, 2], total_rows=1,
                      align=["left", "right", "right", "right", "right", "right"])
    if not report["visits"]["by_kind"]:
        doc.paragraph("本年各支部没有报来慰问记录。")
    for problem in report["problems"]:
        doc.note(f"注意：{problem}")
    doc.note(f"制表日期：{date_text(today or dt.date.today())}")
    doc.signatures(["会计", "出纳", "负责人"])
    return doc.build(progress)


def _ledger_rows(lines: list[LedgerLine], opening: Decimal) -> list[list[Any]]:
    """Opening line, the entries, the year's totals; money as Decimal (None when empty)."""
    income = sum((ln.income for ln in lines if ln.income is not None), ZERO)
    expense = sum((ln.expense for ln in lines if ln.expense is not None), ZERO)
    closing = lines[-1].balance if lines else opening
    return [["", None, "", "", "上年结余", None, None, opening, "", ""],
            *([ln.seq, ln.date, ln.kind, ln.branch_code, ln.summary + (
                f"（{ln.note}）" if ln.note else ""), ln.income, ln.expense, ln.balance,
               ln.entered_by, ln.reference] for ln in lines),
            ["", None, "", "", "本年合计", income, expense, closing, "", ""]]


def ledger_pdf(session: Session, year: int, progress: Progress = SILENT) -> bytes:
    """Every entry of the year with the running balance."""
    lines = ledger_lines(session, year)
    opening = balance(session, dt.date(year - 1, 12, 31))
    city = city_identity(session).name
    title = f"{year}年{FUND_NAME}台账"
    doc = Document(title, geometry=pages.landscape(), author=city)
    doc.title(title, subtitle=city)
    rows = [[_cell(v) for v in row] for row in _ledger_rows(lines, opening)]
    doc.table(LEDGER_HEADER, rows, widths=[1.1, 1.1, 1.5, 1.6, 6.2, 1.7, 1.7, 1.9, 1.3, 3],
              align=["center", "center", "center", "center", "left", "right", "right", "right",
                     "center", "left"], size=SIZES["小五"], total_rows=1)
    doc.signatures(["会计", "出纳", "负责人"])
    return doc.build(progress)


def report_xlsx(session: Session, year: int, entered_by: str,
                today: dt.date | None = None) -> bytes:
    """The report's tables and the year's ledger, one sheet each."""
    report = year_report(session, year, entered_by, today)
    book = Workbook()
    sheet = book.active
    sheet.title = "收支汇总"
    add_table(sheet, f"{year}年{FUND_NAME}收支汇总", ["项目", "金额（元）"], [
        ["上年结余", report["opening_balance"]],
        *(["收入·" + (f"{name}上缴" if code else name), amount]
          for name, code, amount in _income_rows(report)),
        ["本年收入合计", report["income_total"]],
        ["本年补助支出", report["grants_total"]],
        ["年末结余", report["closing_balance"]],
    ], [36, 16], total_rows=1)
    add_table(book.create_sheet("各支部上缴"), f"{year}年各支部上缴", ["支部代码", "支部",
                                                                 "金额（元）"],
              [*([r["code"], r["name"], r["amount"]] for r in report["income_by_branch"]),
               ["合计", "", sum((r["amount"] for r in report["income_by_branch"]), ZERO)]],
              [14, 36, 16], total_rows=1)
    add_table(book.create_sheet("补助按事由"), f"{year}年补助（按事由）",
              ["事由", "人次", "金额（元）"], [list(row) for row in _reason_rows(report)],
              [20, 10, 16], total_rows=1)
    add_table(book.create_sheet("补助明细"), f"{year}年补助明细", GRANT_HEADER,
              [[n, g["number"], g["branch"], g["applicant"], g["reason"], g["requested"],
                g["amount"], g["decided_on"], g["decision_ref"]]
               for n, g in enumerate(report["grants"], start=1)],
              [6, 18, 30, 10, 16, 12, 12, 12, 22])
    lines = ledger_lines(session, year)
    add_table(book.create_sheet("基金台账"), f"{year}年{FUND_NAME}台账", LEDGER_HEADER,
              _ledger_rows(lines, report["opening_balance"]),
              [8, 12, 10, 14, 48, 12, 12, 12, 10, 18], total_rows=1)
    add_table(book.create_sheet("各支部慰问"), f"{year}年各支部慰问", ["分组", "名称",
                                                                 *VISIT_HEADER],
              [[label, *row] for group, label in (("by_kind", "慰问类别"),
                                                  ("by_source", "经费来源"))
               for row in _visit_rows(report, group)[:-1]], [12, 16, 8, 8, 12, 12, 12])
    return workbook_bytes(book)
