"""One member as the member form shows it: the stored values, its 党小组, its transfers, its
预备期 extension, and the 党龄 line the form derives from what is typed."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.members.rules import (
    CATEGORIES,
    MemberCategory,
    add_months,
    extension,
    party_age,
    probation_until,
)
from app.members.service import MemberInput, get_member, member_input_of
from db.models import Member


@dataclass(frozen=True)
class TransferLine:
    date: dt.date
    direction: str
    organisation: str
    letter_no: str


@dataclass(frozen=True)
class MemberRecord:
    id: str
    values: MemberInput
    group_name: str  # "" when the member is in no 党小组
    transfers: tuple[TransferLine, ...]  # the live ones, as stored
    extension_months: int  # 延长预备期, 0 when none


def member_record(session: Session, member_id: str) -> MemberRecord:
    member = get_member(session, member_id)
    extended = extension(member)
    return MemberRecord(
        member.id, member_input_of(member), member.group.name if member.group else "",
        tuple(TransferLine(t.date, t.direction, t.organisation, t.letter_no)
              for t in member.transfers if t.deleted_at is None),
        (extended.months or 0) if extended else 0)


def derived_text(data: MemberInput, extension_months: int, today: dt.date) -> str:
    """The 党龄 or 预备期 line for what the form holds (extended by `extension_months`)."""
    if data.join_date is None or data.category not in CATEGORIES:
        return ""
    if data.category == MemberCategory.PROBATIONARY:
        end = probation_until(data.join_date, None)
        if extension_months:
            end = add_months(end, extension_months)
            return f"预备党员没有党龄；预备期已延长{extension_months}个月，至 {end:%Y-%m-%d}"
        return f"预备党员没有党龄；预备期至 {end:%Y-%m-%d}"
    age = party_age(Member(full_date=data.full_date), today)
    if data.category == MemberCategory.FULL and age is not None:
        return f"{age} 年（从转正日期算起）"
    return ""
