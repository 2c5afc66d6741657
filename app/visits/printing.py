"""Printed visit documents: the register (登记簿) as PDF and Excel, the 春节 / 七一 list."""

import datetime as dt

from openpyxl import Workbook
from sqlalchemy.orm import Session

from app.progress import SILENT, Progress
from app.reports import SIZES, Document
from app.reports.common import branch_name
from app.reports.sheets import add_table, workbook_bytes
from app.visits.reports import RegisterRow, VisitSummary, festival_report, register_rows, summary
from base.money import ZERO, format_yuan

REGISTER_HEADER = ["日期", "类别", "慰问对象", "身份", "形式", "慰问人", "慰问金", "慰问品",
                   "物品价值", "经费来源", "批准依据", "签收"]
REGISTER_WIDTHS = [1.5, 1.7, 1.4, 1.4, 0.9, 2.2, 1.3, 3.0, 1.3, 1.3, 2.0, 1.6]


def _period(start: dt.date, end: dt.date) -> str:
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year}年"
    return f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}"


def _register_cells(row: RegisterRow) -> list[str]:
    return [f"{row.date:%Y-%m-%d}", row.kind, row.name, row.identity, row.form, row.visitors,
            format_yuan(row.cash) if row.cash else "", row.goods,
            format_yuan(row.goods_value) if row.goods_value else "", row.source,
            row.approval_ref, row.signed_name or ("未签收" if row.cash else "")]


def _totals(rows: list[RegisterRow]) -> list[str]:
    cash = sum((r.cash for r in rows), ZERO)
    goods = sum((r.goods_value for r in rows), ZERO)
    return ["合计", "", f"{len(rows)}人次", "", "", "", format_yuan(cash), "",
            format_yuan(goods), "", "", ""]


def _summary_table(doc: Document, result: VisitSummary) -> None:
    rows = [[name, str(c.visits), str(c.persons), format_yuan(c.cash), format_yuan(c.goods),
             format_yuan(c.total)] for name, c in result.by_kind.items()]
    rows.append(["合计", str(result.total.visits), str(result.total.persons),
                 format_yuan(result.total.cash), format_yuan(result.total.goods),
                 format_yuan(result.total.total)])
    header = ["类别", "次数", "人次", "慰问金", "慰问品", "合计"]
    doc.heading("按慰问类别")
    doc.table(header, rows, widths=[3, 1, 1, 2, 2, 2],
              align=["left", "right", "right", "right", "right", "right"], total_rows=1)
    rows = [[name, str(c.visits), str(c.persons), format_yuan(c.cash), format_yuan(c.goods),
             format_yuan(c.total)] for name, c in result.by_source.items()]
    doc.heading("按经费来源")
    doc.table(["经费来源", *header[1:]], rows, widths=[3, 1, 1, 2, 2, 2],
              align=["left", "right", "right", "right", "right", "right"])


def register_pdf(session: Session, start: dt.date, end: dt.date,
                 progress: Progress = SILENT) -> bytes:
    """One line per person visited, then the sums by kind and by source."""
    rows = register_rows(session, start, end)
    title = f"{_period(start, end)}慰问登记簿"
    doc = Document.for_branch(session, title, landscape=True)
    doc.title(title, subtitle=branch_name(session))
    doc.table(REGISTER_HEADER, [*(_register_cells(r) for r in rows), _totals(rows)],
              widths=REGISTER_WIDTHS, size=SIZES["小五"], total_rows=1,
              align=["center", "center", "center", "center", "center", "left", "right", "left",
                     "right", "center", "left", "center"])
    _summary_table(doc, summary(session, start, end))
    doc.signatures(["登记人", "支部书记"])
    return doc.build(progress)


def festival_pdf(session: Session, festival: str, year: int,
                 progress: Progress = SILENT) -> bytes:
    """The list the higher level asks for: who was visited for the festival, with what; and
    the 老党员 / 困难党员 not visited yet."""
    report = festival_report(session, festival, year)
    title = f"{year}年{festival}慰问情况表"
    doc = Document.for_branch(session, title, landscape=True)
    doc.title(title, subtitle=branch_name(session))
    doc.fields([[("统计期间", _period(report.start, report.end)),
                 ("慰问人次", str(len(report.rows)))]])
    doc.table(REGISTER_HEADER, [*(_register_cells(r) for r in report.rows),
                                _totals(report.rows)],
              widths=REGISTER_WIDTHS, size=SIZES["小五"], total_rows=1,
              align=["center", "center", "center", "center", "center", "left", "right", "left",
                     "right", "center", "left", "center"])
    if report.pending:
        doc.heading("尚未慰问的老党员、困难党员")
        doc.table(["序号", "姓名", "类别", "困难情况", "联系电话", "住址"],
                  [[str(n), t.member.name, t.label, t.member.hardship_kind, t.member.phone,
                    t.member.address] for n, t in enumerate(report.pending, start=1)],
                  widths=[0.8, 1.5, 2.2, 2, 2, 5], size=SIZES["小五"],
                  align=["center", "center", "center", "center", "center", "left"])
    doc.signatures(["填报人", "支部书记"])
    return doc.build(progress)


def register_xlsx(session: Session, start: dt.date, end: dt.date) -> bytes:
    rows = register_rows(session, start, end)
    book = Workbook()
    sheet = book.active
    sheet.title = "慰问登记簿"
    cash = sum((r.cash for r in rows), ZERO)
    goods = sum((r.goods_value for r in rows), ZERO)
    add_table(sheet, f"{branch_name(session)} {_period(start, end)}慰问登记簿", REGISTER_HEADER,
              [*([r.date, r.kind, r.name, r.identity, r.form, r.visitors, r.cash, r.goods,
                  r.goods_value, r.source, r.approval_ref, r.signed_name] for r in rows),
               ["合计", "", f"{len(rows)}人次", "", "", "", cash, "", goods, "", "", ""]],
              [12, 12, 10, 10, 6, 16, 10, 30, 10, 10, 18, 12], total_rows=1)
    result = summary(session, start, end)
    sheet = book.create_sheet("按类别和来源")
    add_table(sheet, f"{_period(start, end)}慰问汇总", ["类别", "经费来源", "次数", "人次",
                                                     "慰问金", "慰问品", "合计"],
              [[kind, source, c.visits, c.persons, c.cash, c.goods, c.total]
               for (kind, source), c in sorted(result.grid.items())],
              [14, 12, 8, 8, 12, 12, 12])
    return workbook_bytes(book)
