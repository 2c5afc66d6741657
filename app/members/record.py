"""Members as the forms show them: one member's stored values, 党小组, transfers, 党籍变化
and 预备期 extension; whether they are on the roster; the deleted ones (回收站); and the 党龄
line the member form derives from what is typed."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.members.rules import (
    CATEGORIES,
    MemberCategory,
    add_months,
    extension,
    on_roster,
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
class PeriodLine:
    id: str
    kind: str  # 延长预备期 / 留党察看 / 停止党籍
    start: dt.date | None
    end: dt.date | None
    months: int | None  # 延长预备期
    reference: str
    notes: str


@dataclass(frozen=True)
class MemberRecord:
    id: str
    values: MemberInput
    group_name: str  # "" when the member is in no 党小组
    transfers: tuple[TransferLine, ...]  # the live ones, as stored
    periods: tuple[PeriodLine, ...]  # the live 党籍变化, as stored
    extension_months: int  # 延长预备期, 0 when none


def member_record(session: Session, member_id: str) -> MemberRecord:
    member = get_member(session, member_id)
    extended = extension(member)
    return MemberRecord(
        member.id, member_input_of(member), member.group.name if member.group else "",
        tuple(TransferLine(t.date, t.direction, t.organisation, t.letter_no)
              for t in member.transfers if t.deleted_at is None),
        tuple(PeriodLine(p.id, p.kind, p.start, p.end, p.months, p.reference, p.notes)
              for p in member.periods if p.deleted_at is None),
        (extended.months or 0) if extended else 0)


def on_roster_now(session: Session, member_id: str, day: dt.date) -> tuple[str, bool]:
    """The member's name, and whether they are on the branch's roster on `day`."""
    member = get_member(session, member_id)
    return member.name, on_roster(member, day)


@dataclass(frozen=True)
class DeletedMember:
    id: str
    name: str
    id_number: str
    category: str
    join_date: dt.date
    deleted_at: dt.datetime


def deleted_members(session: Session) -> list[DeletedMember]:
    """The 回收站: deleted members, the latest deleted first."""
    return [DeletedMember(m.id, m.name, m.id_number, m.category, m.join_date, m.deleted_at)
            for m in session.scalars(select(Member).where(Member.deleted_at.is_not(None))
                                     .order_by(Member.deleted_at.desc()))
            if m.deleted_at is not None]


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
