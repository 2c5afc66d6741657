"""Who is expected at a meeting: the roster on the meeting date, with voting rights then."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.branch import get_profile
from app.meetings.types import MeetingType
from app.members.rules import MemberCategory, has_vote
from app.members.service import list_members
from db.models import Member


@dataclass(frozen=True)
class RosterEntry:
    member_id: str
    name: str
    category: str  # on the meeting date
    voter: bool
    committee: bool
    group_id: str | None


def category_on(member: Member, day: dt.date) -> str:
    """Someone who became 正式党员 after the meeting was still 预备党员 at it."""
    if member.full_date is None or member.full_date > day:
        return MemberCategory.PROBATIONARY
    return MemberCategory.FULL


def voter_on(member: Member, day: dt.date) -> bool:
    return has_vote(member) and category_on(member, day) == MemberCategory.FULL


def committee_names(session: Session) -> set[str]:
    profile = get_profile(session)
    if profile is None:
        return set()
    return {c["name"] for c in profile.committee if c.get("name")}


def roster(session: Session, day: dt.date, types: list[str],
           group_id: str | None = None) -> list[RosterEntry]:
    """Members expected: that 党小组 for a 党小组会, the 委员 for a 支委会, else everyone."""
    committee = committee_names(session)
    entries = [
        RosterEntry(m.id, m.name, category_on(m, day), voter_on(m, day), m.name in committee,
                    m.group_id)
        for m in list_members(session, on=day)
    ]
    wider = [t for t in types if t not in (MeetingType.GROUP, MeetingType.COMMITTEE)]
    if wider:
        return entries
    if MeetingType.COMMITTEE in types and MeetingType.GROUP not in types:
        return [e for e in entries if e.committee]
    if MeetingType.GROUP in types and group_id:
        return [e for e in entries if e.group_id == group_id]
    return entries
