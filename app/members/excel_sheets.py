"""Finding the roster in a workbook: the sheet, the header (one row, or two under merged
cells as official forms have it) and each data row with the values of merged cells filled in.
"""

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.members.excel_columns import IGNORED_HEADERS, Column, column_for_pair, header_key
from app.members.excel_values import cell_text
from base.errors import UserError

HEADER_SEARCH_ROWS = 15
_NEEDED = {"name", "id_number"}
_EXPLAINED = (f"表头应在工作表的前{HEADER_SEARCH_ROWS}行，至少要有“姓名”和“身份证号”"
              "（或“公民身份号码”）两列")


@dataclass(frozen=True)
class Cell:
    value: Any
    number_format: str


@dataclass
class Header:
    first: int  # rows as numbered in Excel
    last: int  # the data starts below this row
    columns: dict[int, tuple[Column, str]]  # sheet column index → (column, heading as written)
    unknown: list[str]
    repeated: list[str]

    @property
    def complete(self) -> bool:
        return _NEEDED.issubset(c.key for c, _ in self.columns.values())

    @property
    def headings(self) -> list[str]:
        return [text for _c, text in self.columns.values()]

    @property
    def rows_text(self) -> str:
        return f"第{self.first}行" if self.first == self.last else f"第{self.first}–{self.last}行"

    def column_index(self, key: str) -> int | None:
        return next((i for i, (c, _t) in self.columns.items() if c.key == key), None)


@dataclass
class SheetInfo:
    """One sheet of the workbook and what was recognised in it."""

    number: int  # its place in the workbook, from 1
    title: str
    hidden: bool
    empty: bool
    header: Header | None

    @property
    def usable(self) -> bool:
        """Can be chosen without being named: visible, not empty, with a roster header."""
        return not self.hidden and not self.empty and self.header is not None

    @property
    def label(self) -> str:
        """For a sheet chooser: the title and how much of a roster it looks like."""
        count = len(self.header.columns) if self.header else 0
        return f"{self.title}（识别 {count} 列）"

    def describe(self) -> str:
        text = f"{self.number}.“{self.title}”"
        if self.empty:
            return text + "：空白"
        if self.header is None:
            return text + "：没有找到党员名册表头" + ("（隐藏的工作表）" if self.hidden else "")
        found = "、".join(self.header.headings)
        text += f"：表头在{self.header.rows_text}，识别到 {len(self.header.columns)} 列（{found}）"
        return text + ("；这是隐藏的工作表，请在 Excel 中取消隐藏" if self.hidden else "")


class UnclearSheet(UserError):
    """Several sheets look equally like the roster; `sheets` are the candidates."""

    def __init__(self, sheets: list[SheetInfo]) -> None:
        super().__init__(f"工作簿中有 {len(sheets)} 个工作表都像党员名册，请指定要导入哪一个：\n"
                         + "\n".join(s.describe() for s in sheets))
        self.sheets = sheets


def open_workbook(path: Path) -> Workbook:
    # Not read-only: merged cells and hidden sheets are only known to a fully loaded workbook.
    try:
        return load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise UserError(f"找不到文件：{path}") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError):
        raise UserError(f"无法读取“{path.name}”：只支持 .xlsx 文件；旧版 .xls 请先在 Excel 中"
                        "“另存为” .xlsx 格式") from None
    except OSError as exc:
        raise UserError(f"无法读取“{path.name}”：{exc.strerror or exc}") from None


# ---------------------------------------------------------------- the header


def _read_header(rows: list[list[str]], first: int, last: int,
                 continued: set[tuple[int, int]]) -> Header:
    header = Header(first, last, {}, [], [])
    upper, lower = rows[first - 1], rows[last - 1] if last > first else []
    for index, text in enumerate(upper):
        if all((row, index + 1) in continued or not rows[row - 1][index]
               for row in range(first, last + 1)):
            continue  # the rest of a heading merged across columns, or nothing
        column, heading = column_for_pair(text, lower[index] if index < len(lower) else "")
        if column is None:
            if heading and header_key(heading) not in IGNORED_HEADERS:
                header.unknown.append(heading)
        elif any(c is column for c, _ in header.columns.values()):
            header.repeated.append(heading)
        else:
            header.columns[index] = (column, heading)
    return header


def _top_rows(sheet: Worksheet) -> tuple[list[list[str]], set[tuple[int, int]], set[int]]:
    """The texts of the rows the header may be in, with merged cells filled with their value;
    the cells filled from a cell on their left; the rows a merged cell reaches down from."""
    height = HEADER_SEARCH_ROWS + 1
    rows = [[cell_text(v) for v in row]
            for row in sheet.iter_rows(max_row=height, values_only=True)]
    continued: set[tuple[int, int]] = set()
    reaching_down: set[int] = set()
    for merged in sheet.merged_cells.ranges:
        if merged.min_row > len(rows):
            continue
        if merged.max_row > merged.min_row:
            reaching_down.add(merged.min_row)
        text = rows[merged.min_row - 1][merged.min_col - 1]
        for row, column in merged.cells:
            if row <= len(rows) and column <= len(rows[row - 1]):
                rows[row - 1][column - 1] = text
                if column > merged.min_col:
                    continued.add((row, column))
    return rows, continued, reaching_down


def find_header(sheet: Worksheet) -> Header | None:
    """The first row (or pair of rows) that names at least 姓名 and 身份证号.

    Two rows are one header when a heading is merged down over both, or when reading them
    together recognises more columns than either row alone.
    """
    rows, continued, reaching_down = _top_rows(sheet)
    for first in range(1, min(len(rows), HEADER_SEARCH_ROWS) + 1):
        single = _read_header(rows, first, first, continued)
        if first < len(rows):
            double = _read_header(rows, first, first + 1, continued)
            below = _read_header(rows, first + 1, first + 1, continued)
            more = len(double.columns) > max(len(single.columns), len(below.columns))
            if double.complete and (first in reaching_down or more):
                return double
        if single.complete:
            return single
    return None


# ---------------------------------------------------------------- the sheets


def _is_empty(sheet: Worksheet) -> bool:
    return not any(v is not None for row in sheet.iter_rows(values_only=True) for v in row)


def _info(number: int, sheet: Worksheet) -> SheetInfo:
    empty = _is_empty(sheet)
    return SheetInfo(number, sheet.title, sheet.sheet_state != "visible", empty,
                     None if empty else find_header(sheet))


def survey(workbook: Workbook) -> list[SheetInfo]:
    return [_info(number, sheet) for number, sheet in enumerate(workbook.worksheets, start=1)]


def _named(sheets: list[SheetInfo], wanted: str) -> SheetInfo:
    wanted = wanted.strip()
    found = next((s for s in sheets if s.title.strip() == wanted), None)
    if found is None and wanted.isascii() and wanted.isdigit():
        found = next((s for s in sheets if s.number == int(wanted)), None)
    listing = "\n".join(s.describe() for s in sheets)
    if found is None:
        raise UserError(f"工作簿中没有名为“{wanted}”的工作表，也没有第 {wanted} 个工作表。"
                        f"工作簿中的工作表：\n{listing}")
    if found.header is None:
        raise UserError(f"工作表“{found.title}”中没有找到党员名册表头：{_EXPLAINED}。"
                        f"工作簿中的工作表：\n{listing}")
    return found


def pick_sheet(sheets: list[SheetInfo], wanted: str | None = None) -> SheetInfo:
    """The sheet named (title, or its number from 1), else the one that looks most like a
    roster. UnclearSheet when several look equally like one; UserError when none does."""
    if wanted:
        return _named(sheets, wanted)
    usable = [(s, s.header) for s in sheets if s.usable and s.header is not None]
    if not usable:
        raise UserError(f"工作簿中没有找到党员名册表头：{_EXPLAINED}。工作簿中的工作表：\n"
                        + "\n".join(s.describe() for s in sheets))
    most = max(len(header.columns) for _s, header in usable)
    best = [s for s, header in usable if len(header.columns) == most]
    if len(best) > 1:
        raise UnclearSheet(best)
    return best[0]


# ---------------------------------------------------------------- the data rows


def data_rows(sheet: Worksheet, header: Header) -> Iterator[tuple[int, list[Cell]]]:
    """Each row below the header as (row number, cells), with merged cells filled.

    A cell merged down over several rows (one 党小组 for several members) gives its value to
    each of them; a row merged across 姓名 and 身份证号 is a note or a section title, skipped.
    """
    name, id_number = header.column_index("name"), header.column_index("id_number")
    assert name is not None and id_number is not None  # a roster header has both
    filled: dict[tuple[int, int], Cell] = {}
    notes: set[int] = set()
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= header.last:
            continue
        if merged.min_col <= name + 1 <= merged.max_col and \
                merged.min_col <= id_number + 1 <= merged.max_col:
            notes.update(range(merged.min_row, merged.max_row + 1))
        elif merged.max_row > merged.min_row:
            source = sheet.cell(merged.min_row, merged.min_col)
            value = Cell(source.value, source.number_format or "")
            filled.update(dict.fromkeys(merged.cells, value))
    for number, cells in enumerate(sheet.iter_rows(min_row=header.last + 1),
                                   start=header.last + 1):
        if number in notes:
            continue
        yield number, [filled.get((number, index)) or Cell(cell.value, cell.number_format or "")
                       for index, cell in enumerate(cells, start=1)]
