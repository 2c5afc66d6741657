"""The roster as plain rows for a list: every member with where they stand on a day."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.members.rules import MembershipStatus, on_roster, party_age, probation_end
from app.members.service import list_members
from db.models import Member

ON_ROSTER = "在册"
LEFT = "已转出"
DECEASED = "已去世"
NOT_YET = "尚未到本支部"  # 入党日期 or the first 转入 is still ahead


@dataclass(frozen=True)
class RosterRow:
    id: str
    name: str
    gender: str
    id_number: str
    category: str
    group_id: str | None
    group_name: str
    join_date: dt.date
    full_date: dt.date | None
    party_age: int | None
    party_post: str
    phone: str
    state: str  # ON_ROSTER / LEFT / DECEASED / NOT_YET
    status_text: str  # what the 状态 column shows


def _state(member: Member, day: dt.date) -> tuple[str, str]:
    if on_roster(member, day):
        end = probation_end(member)
        if end is not None:
            return ON_ROSTER, f"预备期至{end:%Y-%m-%d}"
        if member.membership_status == MembershipStatus.NORMAL:
            return ON_ROSTER, "在册"
        return ON_ROSTER, member.membership_status
    if member.deceased_date is not None and member.deceased_date <= day:
        return DECEASED, f"已去世（{member.deceased_date:%Y-%m-%d}）"
    moves = [t for t in member.transfers if t.deleted_at is None and t.date <= day]
    if member.join_date > day or not moves:
        return NOT_YET, NOT_YET
    return LEFT, f"已转出（{moves[-1].date:%Y-%m-%d}）"


def roster_rows(session: Session, day: dt.date | None = None) -> list[RosterRow]:
    """Every member not deleted, including those who left, in roster order."""
    day = day or dt.date.today()
    rows = []
    for member in list_members(session, include_left=True):
        state, text = _state(member, day)
        rows.append(RosterRow(
            id=member.id, name=member.name, gender=member.gender, id_number=member.id_number,
            category=member.category, group_id=member.group_id,
            group_name=member.group.name if member.group else "",
            join_date=member.join_date, full_date=member.full_date,
            party_age=party_age(member, day), party_post=member.party_post,
            phone=member.phone, state=state, status_text=text,
        ))
    return rows
