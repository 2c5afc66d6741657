"""The year's dues register as an .xlsx file: the member × month grid, receipts, 上缴."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from app.dues.ledger import FUTURE, NOT_LIABLE, PAID, Cell
from app.dues.payments import list_receipts
from app.dues.remittance import list_remittances
from app.dues.report import YearReport, year_report
from app.files import write_safely
from app.progress import SILENT, Progress
from app.reports.sheets import add_table, workbook_bytes

_UNPAID_FONT = Font(color="B00020")


def cell_value(cell: Cell) -> Decimal | str:
    """What a register cell shows: the sum paid, or the state (未交, 免交, …)."""
    if cell.state == PAID:
        return cell.paid
    if cell.state == NOT_LIABLE:
        return "—"
    return "" if cell.state == FUTURE else cell.state


def _mark_states(sheet: Worksheet) -> None:
    """Months not paid stand out in red; short texts (states, 是) are centred."""
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if cell.value == "未交":
                cell.font = _UNPAID_FONT
            if isinstance(cell.value, str) and len(cell.value) <= 4:
                cell.alignment = Alignment(horizontal="center")


def _register_sheet(sheet: Worksheet, report: YearReport) -> None:
    headers = ["序号", "姓名", "党费类别", "计算基数", "月交纳额",
               *[f"{m}月" for m in range(1, 13)], "应交", "实交", "自愿多交", "欠交"]
    rows: list[list[object]] = []
    for number, row in enumerate(report.rows, start=1):
        a = row.assessment
        rows.append([
            number, row.member.name, a.category if a else "未核定",
            a.base if a and a.base is not None else "",
            a.monthly_amount if a else "",
            *[cell_value(c) for c in row.cells],
            row.due, row.paid, row.voluntary, row.unpaid_owed,
        ])
    rows.append(["", "合计", "", "", "", *report.month_totals(), report.due, report.paid,
                 report.voluntary, report.unpaid_owed])
    add_table(sheet, f"{report.branch}{report.year}年党费交纳登记表", headers, rows,
              [5, 10, 9, 11, 9, *[9] * 12, 11, 11, 9, 9], total_rows=1)
    _mark_states(sheet)
    sheet.freeze_panes = sheet.cell(3, 3)


def _receipts_sheet(sheet: Worksheet, session: Session, year: int) -> None:
    headers = ["收据号", "交纳日期", "姓名", "内容", "金额", "大写", "方式", "全部上缴中央"]
    rows: list[list[object]] = [
        [r.receipt_no, r.paid_on, r.member_name, r.description, r.total, r.in_words, r.method,
         "是" if r.to_central else ""]
        for r in list_receipts(session, year)
    ]
    add_table(sheet, f"{year}年党费收据存根", headers, rows, [11, 12, 10, 44, 11, 22, 9, 12])
    _mark_states(sheet)


def _remittance_sheet(sheet: Worksheet, session: Session, report: YearReport) -> None:
    headers = ["上缴日期", "金额", "接收单位", "凭证号", "全部上缴中央", "备注"]
    b = report.balance
    rows: list[list[object]] = [
        [r.paid_on, r.amount, r.recipient, r.reference, "是" if r.to_central else "", r.notes]
        for r in list_remittances(session, report.year)
    ]
    rows += [
        ["本年收到", b.collected, "", "", "", "按交纳日期统计"],
        ["应上缴", b.due_up, "", "", "", f"上缴比例 {b.share_percent}%，一次性1000元以上全额"],
        ["已上缴", b.remitted, "", "", "", ""],
        ["尚未上缴", b.outstanding, "", "", "", ""],
    ]
    add_table(sheet, f"{report.year}年度党费上缴记录", headers, rows, [12, 12, 34, 14, 12, 40])
    _mark_states(sheet)


def export_register(session: Session, year: int, path: Path | str,
                    progress: Progress = SILENT, today: dt.date | None = None) -> Path:
    """Write the year's register, receipts and 上缴 to one workbook; returns the path."""
    path = Path(path)
    progress.step(0, 3, "正在汇总党费数据")
    report = year_report(session, year, today)
    book = Workbook()
    _register_sheet(book.active, report)
    book.active.title = "党费交纳登记表"
    progress.step(1, 3, "正在整理收据")
    _receipts_sheet(book.create_sheet("收据存根"), session, year)
    progress.step(2, 3, "正在整理上缴记录")
    _remittance_sheet(book.create_sheet("上缴记录"), session, report)
    write_safely(path, workbook_bytes(book))
    progress.step(3, 3, "导出完成")
    return path
