"""Small text helpers every printed document shares: dates, 一二三 numbering, branch name."""

import datetime as dt

from sqlalchemy.orm import Session

from app.branch import get_profile

NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1..99 as 一, 十一, 二十三 (for 议题 and section numbers)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def date_text(day: dt.date | None) -> str:
    """「2026年3月12日」 ("" for no date)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def branch_name(session: Session) -> str:
    """The branch's full name as on its seal ("" before the profile is set up)."""
    profile = get_profile(session)
    return profile.name if profile else ""
