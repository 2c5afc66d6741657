"""谈心谈话 coverage: every pair of 支委, and every 党员 with a 支委, at least once a year.

谈心谈话 is one to one. A record with two people present counts for that pair. A record with
more people present (a group talk) counts for the talker (its 主持人; the first person
entered when no 主持人 is named) with each person talked to, never for every pair among
them, and is flagged so the secretary can see it.
"""

import datetime as dt
from dataclasses import dataclass, field
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.branch import branch_start
from app.meetings.types import AttendanceStatus, MeetingType
from app.members.posts import posts_on
from app.members.service import list_members
from db.models import Attendance, Meeting, MeetingTypeLink, Member


@dataclass
class TalkGaps:
    year: int
    checked: bool = True  # False for a year that began before the 启用日期
    committee_pairs: list[tuple[str, str]] = field(default_factory=list)  # 支委 not yet paired
    members: list[str] = field(default_factory=list)  # 党员 who have talked with no 支委
    group_talks: list[str] = field(default_factory=list)  # records with more than two people

    def texts(self) -> list[str]:
        found = list(self.group_talks)
        if self.committee_pairs:
            pairs = "、".join(f"{a}与{b}" for a, b in self.committee_pairs[:5])
            more = "等" if len(self.committee_pairs) > 5 else ""
            found.append(f"{self.year}年支委之间尚有{len(self.committee_pairs)}对未谈心谈话："
                         f"{pairs}{more}")
        if self.members:
            names = "、".join(self.members[:8]) + ("等" if len(self.members) > 8 else "")
            found.append(f"{self.year}年尚有{len(self.members)}名党员未与支委谈心谈话：{names}")
        return found


def _talked_pairs(session: Session, year: int
                  ) -> tuple[set[frozenset[str]], list[str]]:
    """One-to-one pairs talked with this year, and the flags for group records."""
    rows = session.execute(
        select(Meeting.id, Meeting.date, Meeting.chair_name, Attendance.member_id, Member.name)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .join(Member, Member.id == Attendance.member_id)
        .join(MeetingTypeLink, MeetingTypeLink.meeting_id == Meeting.id)
        .where(MeetingTypeLink.type == MeetingType.HEART_TO_HEART,
               MeetingTypeLink.deleted_at.is_(None),
               Meeting.deleted_at.is_(None), Attendance.deleted_at.is_(None),
               Attendance.status == AttendanceStatus.PRESENT,
               Meeting.date >= dt.date(year, 1, 1), Meeting.date <= dt.date(year, 12, 31))
        .order_by(Meeting.date, Attendance.position)
    )
    talks: dict[str, tuple[dt.date, str, list[tuple[str, str]]]] = {}
    for meeting_id, day, chair, member_id, name in rows:
        talks.setdefault(meeting_id, (day, chair, []))[2].append((member_id, name))
    pairs: set[frozenset[str]] = set()
    flags = []
    for day, chair, people in talks.values():
        if len(people) <= 2:
            pairs.update(frozenset(pair) for pair in combinations([p for p, _ in people], 2))
            continue
        talker = next((p for p in people if p[1] == chair.strip()), people[0])
        pairs.update(frozenset((talker[0], p)) for p, _ in people if p != talker[0])
        flags.append(f"{day:%m月%d日}的谈心谈话记录有{len(people)}人出席，按{talker[1]}与其余"
                     f"{len(people) - 1}人各谈一次计，其余人员之间不计（谈心谈话应一对一进行）")
    return pairs, flags


def talk_gaps(session: Session, year: int, today: dt.date | None = None) -> TalkGaps:
    """Who still needs a 谈心谈话 this year, among those on the roster (on `today`, or on
    31 December for a past year); a year that began before the 启用日期 is not checked."""
    started = branch_start(session)
    if started is not None and dt.date(year, 1, 1) < started:
        return TalkGaps(year, checked=False)
    day = min(today or dt.date.today(), dt.date(year, 12, 31))
    members = list_members(session, on=day)
    posts = posts_on(session, day)
    committee = [m for m in members if m.id in posts or m.name in posts]
    talked, flags = _talked_pairs(session, year)
    gaps = TalkGaps(year, group_talks=flags)
    gaps.committee_pairs = [(a.name, b.name) for a, b in combinations(committee, 2)
                            if frozenset((a.id, b.id)) not in talked]
    if committee:
        gaps.members = [m.name for m in members if m not in committee
                        and not any(frozenset((m.id, c.id)) in talked for c in committee)]
    return gaps
