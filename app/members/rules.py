"""Derived facts about a member: 党龄, 预备期, voting rights, who is on the roster when."""

import datetime as dt

from db.models import Member

FULL = "正式党员"
PROBATIONARY = "预备党员"
CATEGORIES = (FULL, PROBATIONARY)
STATUSES = ("正常", "留党察看", "停止党籍")
EMPLOYMENTS = ("在职", "离退休", "学生", "下岗失业", "农民", "其他")
GENDERS = ("男", "女")
EDUCATIONS = ("研究生", "大学本科", "大学专科", "中等专科", "高中", "初中及以下")


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def whole_years(start: dt.date, on: dt.date) -> int:
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(years, 0)


def party_age(member: Member, on: dt.date) -> int | None:
    """党龄 counts from 转正日期; 预备党员 have none."""
    if member.full_date is None or member.full_date > on:
        return None
    return whole_years(member.full_date, on)


def probation_end(member: Member) -> dt.date | None:
    """The day the one-year 预备期 ends (for 预备党员)."""
    if member.category != PROBATIONARY:
        return None
    return add_years(member.join_date, 1)


def has_vote(member: Member) -> bool:
    """正式党员 not under 留党察看 or 停止党籍 vote; 预备党员 do not."""
    return member.category == FULL and member.membership_status == "正常"


def on_roster(member: Member, on: dt.date) -> bool:
    """Was the member in this branch on that day (joined, not deceased, after transfers)?"""
    if member.deleted_at is not None or member.join_date > on:
        return False
    if member.deceased_date is not None and member.deceased_date <= on:
        return False
    transfers = sorted((t for t in member.transfers if t.deleted_at is None), key=lambda t: t.date)
    # Someone whose first move is a 转入 was elsewhere before it.
    inside = not (transfers and transfers[0].direction == "转入")
    for transfer in transfers:
        if transfer.date > on:
            break
        inside = transfer.direction == "转入"
    return inside
