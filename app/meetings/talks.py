"""谈心谈话 coverage: every pair of 支委, and every 党员 with a 支委, at least once a year.

A 谈心谈话 record counts for every pair of people marked 出席 in it, so a talk between two
people is recorded as a record with those two present.
"""

import datetime as dt
from dataclasses import dataclass, field
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.branch import branch_start
from app.meetings.roster import committee_names
from app.meetings.types import AttendanceStatus, MeetingType
from app.members.service import list_members
from db.models import Attendance, Meeting, MeetingTypeLink


@dataclass
class TalkGaps:
    year: int
    checked: bool = True  # False for a year that began before the 启用日期
    committee_pairs: list[tuple[str, str]] = field(default_factory=list)  # 支委 not yet paired
    members: list[str] = field(default_factory=list)  # 党员 who have talked with no 支委

    def texts(self) -> list[str]:
        found = []
        if self.committee_pairs:
            pairs = "、".join(f"{a}与{b}" for a, b in self.committee_pairs[:5])
            more = "等" if len(self.committee_pairs) > 5 else ""
            found.append(f"{self.year}年支委之间尚有{len(self.committee_pairs)}对未谈心谈话："
                         f"{pairs}{more}")
        if self.members:
            names = "、".join(self.members[:8]) + ("等" if len(self.members) > 8 else "")
            found.append(f"{self.year}年尚有{len(self.members)}名党员未与支委谈心谈话：{names}")
        return found


def _talked_pairs(session: Session, year: int) -> set[frozenset[str]]:
    rows = session.execute(
        select(Attendance.meeting_id, Attendance.member_id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(MeetingTypeLink, MeetingTypeLink.meeting_id == Meeting.id)
        .where(MeetingTypeLink.type == MeetingType.HEART_TO_HEART,
               MeetingTypeLink.deleted_at.is_(None),
               Meeting.deleted_at.is_(None), Attendance.deleted_at.is_(None),
               Attendance.status == AttendanceStatus.PRESENT,
               Meeting.date >= dt.date(year, 1, 1), Meeting.date <= dt.date(year, 12, 31))
    )
    present: dict[str, set[str]] = {}
    for meeting_id, member_id in rows:
        present.setdefault(meeting_id, set()).add(member_id)
    return {frozenset(pair) for people in present.values()
            for pair in combinations(sorted(people), 2)}


def talk_gaps(session: Session, year: int, today: dt.date | None = None) -> TalkGaps:
    """Who still needs a 谈心谈话 this year, among those on the roster (on `today`, or on
    31 December for a past year); a year that began before the 启用日期 is not checked."""
    started = branch_start(session)
    if started is not None and dt.date(year, 1, 1) < started:
        return TalkGaps(year, checked=False)
    day = min(today or dt.date.today(), dt.date(year, 12, 31))
    members = list_members(session, on=day)
    names = committee_names(session)
    committee = [m for m in members if m.name in names]
    talked = _talked_pairs(session, year)
    gaps = TalkGaps(year)
    gaps.committee_pairs = [(a.name, b.name) for a, b in combinations(committee, 2)
                            if frozenset((a.id, b.id)) not in talked]
    if committee:
        gaps.members = [m.name for m in members if m not in committee
                        and not any(frozenset((m.id, c.id)) in talked for c in committee)]
    return gaps
