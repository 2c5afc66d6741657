"""The roster as an .xlsx file: the 16 national items in the national order, then the extras.

The file reads back through `app.members.excel.preview_roster` unchanged.
"""

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from app.files import write_safely
from app.members.excel_columns import COLUMNS, Column
from app.members.service import list_members
from app.progress import SILENT, Progress
from app.reports.common import branch_name
from app.reports.sheets import add_table, workbook_bytes
from db.models import Member

HEADER_ROW = 2


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
    branch = branch_name(session)
    widths = [_width(c.header) for c in COLUMNS]
    rows: list[list[object]] = []
    for done, member in enumerate(members):
        progress.step(done, len(members), f"正在导出第 {done + 1}/{len(members)} 人")
        rows.append([_value(member, c, branch) for c in COLUMNS])
        widths = [max(w, _width(v)) for w, v in zip(widths, rows[-1], strict=True)]
    book = Workbook()
    sheet = book.active
    sheet.title = "党员名册"
    add_table(sheet, f"{branch}党员名册（{today:%Y年%m月%d日}，共{len(members)}人）",
              [c.header for c in COLUMNS], rows, [min(max(w + 2, 6), 40) for w in widths])
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)  # header and names stay in view
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(members)}"
    write_safely(path, workbook_bytes(book))
    progress.step(len(members), len(members), "导出完成")
    return len(members)
