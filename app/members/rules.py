"""Derived facts about a member: 党龄, 预备期, voting rights, who is on the roster when."""

import datetime as dt
from enum import StrEnum

from db.models import Member


class MemberCategory(StrEnum):
    FULL = "正式党员"
    PROBATIONARY = "预备党员"


CATEGORIES = tuple(MemberCategory)


class MembershipStatus(StrEnum):
    NORMAL = "正常"
    ON_PROBATION = "留党察看"
    SUSPENDED = "停止党籍"


STATUSES = tuple(MembershipStatus)


class TransferDirection(StrEnum):
    IN = "转入"
    OUT = "转出"


EMPLOYMENTS = ("在职", "离退休", "学生", "下岗失业", "农民", "其他")
GENDERS = ("男", "女")
EDUCATIONS = ("研究生", "大学本科", "大学专科", "中等专科", "高中", "初中及以下")
DEGREES = ("博士", "硕士", "学士", "无")
#: The 56 民族 in the order of GB 3304.
ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
)


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
    if member.category != MemberCategory.PROBATIONARY:
        return None
    return add_years(member.join_date, 1)


def has_vote(member: Member) -> bool:
    """正式党员 not under 留党察看 or 停止党籍 vote; 预备党员 do not."""
    return (member.category == MemberCategory.FULL
            and member.membership_status == MembershipStatus.NORMAL)


def on_roster(member: Member, on: dt.date) -> bool:
    """Was the member in this branch on that day (joined, not deceased, after transfers)?"""
    if member.deleted_at is not None or member.join_date > on:
        return False
    if member.deceased_date is not None and member.deceased_date <= on:
        return False
    transfers = sorted((t for t in member.transfers if t.deleted_at is None), key=lambda t: t.date)
    # Someone whose first move is a 转入 was elsewhere before it.
    inside = not (transfers and transfers[0].direction == TransferDirection.IN)
    for transfer in transfers:
        if transfer.date > on:
            break
        inside = transfer.direction == TransferDirection.IN
    return inside
