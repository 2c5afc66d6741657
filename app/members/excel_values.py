"""Turning the messy cell values of a hand-kept roster into text, dates and yes/no flags."""

import datetime as dt
import re
from dataclasses import dataclass

from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

from app.members.text import normalised
from base.errors import UserError

_TIME_SUFFIX = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*$")
_YMD = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YM = re.compile(r"(\d{4})(\d{2})")
_SEPARATED = re.compile(r"(\d{4})[年.\-/。、](\d{1,2})(?:月|[.\-/。、])?(?:(\d{1,2})[日号]?)?")
_DECIMALS = re.compile(r"0\.(0+)")
_YES = {"是", "√", "✓", "✔", "Y", "YES", "1", "TRUE", "有"}
_NO = {"否", "×", "✗", "N", "NO", "0", "FALSE", "无", "-", "/"}
#: Excel serial numbers of plausible roster dates (1927-05-18 … 2173-10-14).
_SERIALS = range(10_000, 100_000)


@dataclass(frozen=True)
class ParsedDate:
    day: dt.date
    month_only: bool  # the sheet gave only year and month; `day` is the 1st


def cell_text(value: object, number_format: str = "General") -> str:
    """What the cell shows, as plain text: numbers without a trailing .0, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # 2001.10 typed into a "0.00" cell is stored as 2001.1: show it as Excel does.
        decimals = _DECIMALS.search(number_format or "")
        return f"{value:.{len(decimals.group(1))}f}" if decimals else repr(value)
    return " ".join(str(value).split())


def parse_date(value: object, number_format: str = "General",
               epoch: dt.datetime = CALENDAR_WINDOWS_1900) -> ParsedDate | None:
    """A date from a real date cell, a serial number or text such as 2001.7.1 or 2001年7月.

    None for an empty cell; UserError (with the cell's text) when it is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return ParsedDate(value.date(), False)
    if isinstance(value, dt.date):
        return ParsedDate(value, False)
    shown = cell_text(value, number_format)
    text = normalised(_TIME_SUFFIX.sub("", shown))
    if not text:
        return None
    try:
        return _parse_text(text, epoch)
    except ValueError:
        raise UserError(f"“{shown}”不是有效日期") from None
    except UserError as exc:
        raise UserError(f"“{shown}”{exc.message}") from None


def _parse_text(text: str, epoch: dt.datetime) -> ParsedDate:
    if text.isdigit():
        number = int(text)
        if len(text) == 8 and (match := _YMD.fullmatch(text)):
            return ParsedDate(dt.date(*map(int, match.groups())), False)
        if len(text) == 6 and (match := _YM.fullmatch(text)):
            return ParsedDate(dt.date(int(match[1]), int(match[2]), 1), True)
        if len(text) == 4:
            raise UserError("只有年份，请补上月份（如 2001.07）")
        if number in _SERIALS:
            return ParsedDate(from_excel(number, epoch).date(), False)
        raise ValueError(text)
    if (match := _SEPARATED.fullmatch(text.rstrip(".-/"))) is None:
        raise UserError("无法识别为日期（可写作 2001-07-01、2001.7.1、2001年7月1日 或 2001.07）")
    year, month, day = int(match[1]), int(match[2]), match[3]
    if day is None:
        return ParsedDate(dt.date(year, month, 1), True)
    return ParsedDate(dt.date(year, month, int(day)), False)


def parse_flag(text: str) -> bool | None:
    """是/否 and their usual spellings; None when the text is neither."""
    key = normalised(text).upper()
    if key in _YES:
        return True
    if key in _NO or not key:
        return False
    return None
