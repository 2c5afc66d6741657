"""Plain .xlsx tables for exports and registers: a title row, a ruled table
with a shaded header, money in #,##0.00, dates as dates.

Every value the program writes into a workbook goes through `append_row`, so a text that
Excel or WPS would take for a formula (a member's address typed as `=HYPERLINK(…)`) is stored
as text with Excel's quote prefix: shown and read back exactly as typed, never evaluated.
"""

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MONEY = "#,##0.00"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER = PatternFill("solid", fgColor="DDE4EE")
#: Leading characters with which a spreadsheet starts a formula or a DDE call.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: Cell) -> None:
    """Keep a cell's string a string: no formula now (openpyxl reads `=…` as one) nor when
    the user edits the cell later (the quote prefix)."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def append_row(sheet: Worksheet, values: Sequence[object]) -> tuple[Cell, ...]:
    """Append one row of plain values (never formulas); returns its cells."""
    sheet.append(list(values))
    cells = tuple(sheet[sheet.max_row])[: len(values)]
    for cell in cells:
        as_text(cell)
    return cells


def add_table(sheet: Worksheet, title: str, headers: Sequence[str],
              rows: Sequence[Sequence[object]], widths: Sequence[int],
              total_rows: int = 0) -> None:
    """Write a titled table on an empty sheet; the last `total_rows` rows are bold."""
    append_row(sheet, [title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28
    append_row(sheet, headers)
    for cell in sheet[2]:
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, values in enumerate(rows):
        cells = append_row(sheet, values)
        bold = index >= len(rows) - total_rows
        for cell, value in zip(cells, values, strict=True):
            cell.border = _BORDER
            if bold:
                cell.font = Font(bold=True)
            if isinstance(value, Decimal):
                cell.number_format = MONEY
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
