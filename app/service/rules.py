"""The vocabularies of volunteer service, its configurable activity list, and time in hours."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from sqlalchemy.orm import Session

from app import settings
from app.members.rules import on_roster
from app.settings import Option
from base.errors import ValidationError
from db.models import Member

#: "五个一": the five kinds of activity members take part in where they live.
FIVE_ONES = ["宣讲一次政策", "参加一次社区活动", "开展一次志愿服务", "结对帮扶一户群众",
             "调解一起矛盾纠纷"]
ACTIVITY_TYPES = Option("service.activity_types", FIVE_ONES, "志愿服务活动类型（默认“五个一”）")



class WishStatus(StrEnum):
    """认领 → 完成."""

    CLAIMED = "认领"
    DONE = "完成"


WISH_STATUSES = tuple(WishStatus)


class ProblemStatus(StrEnum):
    WAITING = "待协调"
    WORKING = "协调中"
    SOLVED = "已解决"


PROBLEM_STATUSES = tuple(ProblemStatus)


class ProblemOrigin(StrEnum):
    FOUND = "党员发现"
    REPORTED = "群众反映"


ORIGINS = tuple(ProblemOrigin)

DAY_MINUTES = 24 * 60
#: From this month on, 首页 lists the members with no service yet this year.
REMINDER_MONTH = 10


def activity_types(session: Session) -> list[str]:
    stored: list[str] = settings.get(session, ACTIVITY_TYPES)
    return list(stored)


def save_activity_types(session: Session, types: list[str]) -> None:
    types = [t.strip() for t in types if t.strip()]
    if not types:
        raise ValidationError({"activity_types": "至少保留一种志愿服务活动类型"})
    if len(set(types)) != len(types):
        raise ValidationError({"activity_types": "活动类型不能重复"})
    if any(len(t) > 30 for t in types):
        raise ValidationError({"activity_types": "每种活动类型不超过30个字"})
    settings.put(session, ACTIVITY_TYPES, types)


_BEYOND_ANY_DAY = Decimal(10**6)


def minutes_of(hours: Decimal | str | None) -> int | None:
    """Hours (Decimal or text like "2.5") as whole minutes; None when not a number."""
    try:
        value = Decimal(str(hours).strip()) if hours is not None else None
    except InvalidOperation:
        return None
    if value is None or not value.is_finite():
        return None
    value = value.max(-_BEYOND_ANY_DAY).min(_BEYOND_ANY_DAY)  # 1e30 is refused as too long
    return int((value * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def hours_of(minutes: int) -> Decimal:
    """Minutes as hours with one decimal (2.5), for showing and summing."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def hours_text(minutes: int) -> str:
    return f"{hours_of(minutes).normalize():f}"


def was_on_roster(member: Member, day: dt.date) -> bool:
    """Whether the member belonged to the branch on that day: the one place service asks."""
    return on_roster(member, day)
