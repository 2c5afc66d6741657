"""Who is expected at a meeting: the roster on the meeting date (app.members.standing),
narrowed to the body that meets, with voting rights and 委员 posts as on that day."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.meetings.types import MeetingType
from app.members.rules import MembershipStatus
from app.members.standing import Standing, roster_on


@dataclass(frozen=True)
class RosterEntry:
    member_id: str
    name: str
    category: str  # on the meeting date
    voter: bool
    committee: bool
    group_id: str | None
    status: str = MembershipStatus.NORMAL  # or 留党察看 on the meeting date


def _entry(s: Standing) -> RosterEntry:
    return RosterEntry(s.member_id, s.name, s.category, s.voter, s.committee, s.group_id,
                       s.status)


def roster(session: Session, day: dt.date, types: list[str],
           group_id: str | None = None) -> list[RosterEntry]:
    """Members expected: that 党小组 for a 党小组会, the 委员 for a 支委会, else everyone.
    Members whose 党籍 is suspended (停止党籍) take no part in the branch's meetings."""
    entries = [_entry(s) for s in roster_on(session, day)
               if s.status != MembershipStatus.SUSPENDED]
    wider = [t for t in types if t not in (MeetingType.GROUP, MeetingType.COMMITTEE)]
    if wider:
        return entries
    if MeetingType.COMMITTEE in types and MeetingType.GROUP not in types:
        return [e for e in entries if e.committee]
    if MeetingType.GROUP in types and group_id:
        return [e for e in entries if e.group_id == group_id]
    return entries
