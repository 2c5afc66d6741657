"""A year of 发展党员 work: how many took each milestone in the year, and how many stood at
each stage on 31 December. Counts only (the branch's 情况表, the city's report); no rankings."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.meetings.snapshots import snapshot_date
from app.meetings.types import RecordStatus
from app.recruits.steps import ENDED, FULL_MEMBER, IDENTITIES
from app.recruits.track import Track, load_tracks
from db.models import Meeting, MeetingVersion, Recruit, RecruitStep

#: Milestones counted in a year: label and the step whose day it is.
MILESTONES = (("递交入党申请书", "application"), ("确定为入党积极分子", "activist"),
              ("确定为发展对象", "candidate"), ("接收为预备党员", "admission_vote"),
              ("转为正式党员", "full_approval"))
STANDING = (*dict.fromkeys(IDENTITIES), FULL_MEMBER, ENDED)


@dataclass(frozen=True)
class YearLine:
    name: str
    identity: str  # on 31 December
    events: list[tuple[str, dt.date]]  # milestones in the year, in order


class Dated(Protocol):
    """What the counts read of a track: the day of each step done, and the day it ended."""

    @property
    def ended_on(self) -> dt.date | None: ...

    def date_of(self, code: str) -> dt.date | None: ...


@dataclass
class Milestones:
    """A track as the counts read it (`load_milestones`): the day of each step done, the
    latest for a recurring one."""

    ended_on: dt.date | None
    days: dict[str, dt.date] = field(default_factory=dict)

    def date_of(self, code: str) -> dt.date | None:
        return self.days.get(code)

    def done(self, code: str, day: dt.date | None) -> None:
        if day is not None and (code not in self.days or day > self.days[code]):
            self.days[code] = day


def load_milestones(session: Session) -> list[Milestones]:
    """The live tracks' step days as `load_tracks` gives them, in three queries: a step a
    meeting decides takes the meeting's day (a finalised meeting's as its latest version
    holds it), its own day when the meeting is gone."""
    tracks = {recruit_id: Milestones(ended_on) for recruit_id, ended_on in session.execute(
        select(Recruit.id, Recruit.ended_on).where(Recruit.deleted_at.is_(None)))}
    steps = session.execute(
        select(RecruitStep.recruit_id, RecruitStep.step, RecruitStep.date, Meeting.id,
               Meeting.date, Meeting.status)
        .outerjoin(Meeting, (Meeting.id == RecruitStep.meeting_id) & Meeting.deleted_at.is_(None))
        .where(RecruitStep.deleted_at.is_(None), RecruitStep.recruit_id.in_(
            select(Recruit.id).where(Recruit.deleted_at.is_(None))))).all()
    frozen = _frozen_days(session, {meeting_id for *_s, meeting_id, _d, status in steps
                                    if status == RecordStatus.FINAL})
    for recruit_id, code, own_day, meeting_id, meeting_day, _status in steps:
        day = own_day if meeting_id is None else frozen.get(meeting_id, meeting_day)
        tracks[recruit_id].done(code, day)
    return list(tracks.values())


def _frozen_days(session: Session, meeting_ids: set[str]) -> dict[str, dt.date]:
    """The day each finalised meeting's latest stored version holds."""
    latest: dict[str, tuple[int, dt.date]] = {}
    for meeting_id, number, snapshot in session.execute(
            select(MeetingVersion.meeting_id, MeetingVersion.number, MeetingVersion.snapshot)
            .where(MeetingVersion.meeting_id.in_(meeting_ids),
                   MeetingVersion.deleted_at.is_(None))):
        if snapshot and number > latest.get(meeting_id, (0, dt.date.min))[0]:
            latest[meeting_id] = (number, snapshot_date(snapshot))
    return {meeting_id: day for meeting_id, (_n, day) in latest.items()}


def identity_on(track: Dated, day: dt.date) -> str:
    """入党申请人 … 正式党员 as the steps done by that day make them; "" before applying."""
    def done(code: str) -> bool:
        found = track.date_of(code)
        return found is not None and found <= day

    if track.ended_on is not None and track.ended_on <= day:
        return ENDED
    for code, identity in (("full_approval", FULL_MEMBER), ("approval", IDENTITIES[4]),
                           ("candidate", IDENTITIES[2]), ("activist", IDENTITIES[1]),
                           ("application", IDENTITIES[0])):
        if done(code):
            return identity
    return ""


def year_counts(tracks: Sequence[Dated], year: int) -> dict[str, int]:
    """Milestones in the year, then the people at each stage on 31 December."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts = {label: sum(1 for t in tracks if (d := t.date_of(code)) and first <= d <= last)
              for label, code in MILESTONES}
    counts["停止发展"] = sum(1 for t in tracks if t.ended_on and first <= t.ended_on <= last)
    at_end = [identity_on(t, last) for t in tracks]
    for identity in STANDING:
        counts[f"年末{identity}"] = at_end.count(identity)
    return counts


def year_lines(tracks: list[Track], year: int) -> list[YearLine]:
    """Everyone with a milestone in the year or still on the way at its end."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lines = []
    for track in tracks:
        events = sorted(((label, d) for label, code in MILESTONES
                         if (d := track.date_of(code)) and first <= d <= last),
                        key=lambda e: e[1])
        identity = identity_on(track, last)
        if events or identity in IDENTITIES:
            lines.append(YearLine(track.name, identity, events))
    return lines


def year_report(session: Session, year: int) -> tuple[dict[str, int], list[YearLine]]:
    tracks = load_tracks(session)
    return year_counts(tracks, year), year_lines(tracks, year)
