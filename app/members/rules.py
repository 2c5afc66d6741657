"""Derived facts about a member: 党龄, 预备期, voting rights, who is on the roster when."""

import datetime as dt
from enum import StrEnum

from db.models import Member, MemberStatusPeriod


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


class PeriodKind(StrEnum):
    """Kinds of status period in a member's history."""

    #: 党章第七条: the 预备期 may be extended once, by up to one year.
    EXTENSION = "延长预备期"
    ON_PROBATION = MembershipStatus.ON_PROBATION.value
    SUSPENDED = MembershipStatus.SUSPENDED.value


PERIOD_KINDS = tuple(PeriodKind)
MIN_EXTENSION_MONTHS = 6
MAX_EXTENSION_MONTHS = 12

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


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def whole_years(start: dt.date, on: dt.date) -> int:
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(years, 0)


def party_age(member: Member, on: dt.date) -> int | None:
    """党龄 counts from 转正日期; 预备党员 have none."""
    if member.full_date is None or member.full_date > on:
        return None
    return whole_years(member.full_date, on)


def live_periods(member: Member, kind: str | None = None) -> list[MemberStatusPeriod]:
    return [p for p in member.periods
            if p.deleted_at is None and (kind is None or p.kind == kind)]


def extension(member: Member) -> MemberStatusPeriod | None:
    """The 延长预备期 decided for this member, if any (it can be decided once)."""
    return next(iter(live_periods(member, PeriodKind.EXTENSION)), None)


def probation_end(member: Member) -> dt.date | None:
    """The day the 预备期 ends for a 预备党员: one year after 入党日期, plus any extension."""
    if member.category != MemberCategory.PROBATIONARY or member.full_date is not None:
        return None
    return probation_until(member.join_date, extension(member))


def probation_until(start: dt.date, extended: MemberStatusPeriod | None) -> dt.date:
    """预备期满: one year from the 支部大会 that accepted them, plus a 延长预备期 if any."""
    end = add_years(start, 1)
    return add_months(end, extended.months or 0) if extended else end


def in_period(period: MemberStatusPeriod, day: dt.date) -> bool:
    """A period runs from `start` (unknown: always) until the day before `end`."""
    return (period.start is None or period.start <= day) and (
        period.end is None or day < period.end)


def status_on(member: Member, day: dt.date) -> MembershipStatus:
    """正常, 留党察看 or 停止党籍 on that day (停止党籍 weighs more)."""
    running = {p.kind for p in live_periods(member)
               if p.kind != PeriodKind.EXTENSION and in_period(p, day)}
    return next((status for status in (MembershipStatus.SUSPENDED, MembershipStatus.ON_PROBATION)
                 if status in running), MembershipStatus.NORMAL)


def category_on(member: Member, day: dt.date) -> MemberCategory:
    """正式党员 from the 转正日期 on; someone made full after that day was still 预备党员."""
    if member.full_date is None or member.full_date > day:
        return MemberCategory.PROBATIONARY
    return MemberCategory.FULL


def approved_on(member: Member) -> dt.date | None:
    """The day the 转正 was approved: voting rights begin then (党章第七条)."""
    return member.full_approved_on or member.full_date


def voter_on(member: Member, day: dt.date) -> bool:
    """表决权、选举权和被选举权: 正式党员 whose 转正 was approved by that day, not under
    留党察看 or 停止党籍 then; 预备党员 have none (党章第七条)."""
    approved = approved_on(member)
    return (category_on(member, day) == MemberCategory.FULL and approved is not None
            and approved <= day and status_on(member, day) == MembershipStatus.NORMAL)


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
