"""The roster as an .xlsx file: the 16 national items in the national order, then the extras.

The file reads back through `app.members.excel.preview_roster` unchanged.
"""

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from app.branch import get_profile
from app.files import write_safely
from app.members.excel_columns import COLUMNS, Column
from app.members.service import list_members
from app.progress import SILENT, Progress
from app.reports.sheets import workbook_bytes
from db.models import Member

DATE_FORMAT = "yyyy-mm-dd"
HEADER_ROW = 2
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _value(member: Member, column: Column, branch: str) -> object:
    if column.key == "branch":
        return branch
    if column.key == "group":
        return member.group.name if member.group else ""
    value = getattr(member, column.key)
    if column.kind == "flag":
        return "是" if value else "否"
    return value


def _width(value: object) -> int:
    if isinstance(value, dt.date):
        return 11
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value or ""))


def export_roster(session: Session, path: Path | str, progress: Progress = SILENT,
                  today: dt.date | None = None) -> int:
    """Write the members on the roster today; returns how many were written."""
    path = Path(path)
    today = today or dt.date.today()
    members = list_members(session, on=today)
    profile = get_profile(session)
    branch = profile.name if profile else ""
    book = Workbook()
    sheet = book.active
    sheet.title = "党员名册"
    sheet.append([f"{branch}党员名册（{today:%Y年%m月%d日}，共{len(members)}人）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    sheet.append([c.header for c in COLUMNS])
    widths = [_width(c.header) for c in COLUMNS]
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    for done, member in enumerate(members):
        progress.step(done, len(members), f"正在导出第 {done + 1}/{len(members)} 人")
        values = [_value(member, c, branch) for c in COLUMNS]
        sheet.append(values)
        for index, (cell, value) in enumerate(zip(sheet[sheet.max_row], values, strict=True)):
            cell.border = _BORDER
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            widths[index] = max(widths[index], _width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), 40)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)  # header and names stay in view
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(members)}"
    write_safely(path, workbook_bytes(book))
    progress.step(len(members), len(members), "导出完成")
    return len(members)
