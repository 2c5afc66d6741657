"""The meeting list: one row per event with its heading, counts and marks."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from app.meetings.detail import heading, sequence_numbers
from app.meetings.types import MEETING_TYPES, AttendanceStatus
from db.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingTypeLink,
    MeetingVersion,
    PartyGroup,
)


@dataclass
class MeetingRow:
    id: str
    date: dt.date
    start_time: dt.time | None
    heading: str
    types: list[str]
    title: str
    place: str
    status: str
    backdated: bool
    amended: bool
    expected: int
    present: int


def meeting_years(session: Session) -> list[int]:
    days = session.scalars(select(Meeting.date).where(Meeting.deleted_at.is_(None)))
    return sorted({d.year for d in days}, reverse=True)


def list_meetings(session: Session, year: int | None = None,
                  meeting_type: str | None = None) -> list[MeetingRow]:
    """Meetings newest first, optionally of one year and/or one type."""
    chosen: list[ColumnElement[bool]] = [Meeting.deleted_at.is_(None)]
    if year is not None:
        chosen += [Meeting.date >= dt.date(year, 1, 1), Meeting.date <= dt.date(year, 12, 31)]
    if meeting_type:
        chosen.append(Meeting.id.in_(
            select(MeetingTypeLink.meeting_id).where(MeetingTypeLink.type == meeting_type,
                                                     MeetingTypeLink.deleted_at.is_(None))))
    query = select(Meeting.id, Meeting.date, Meeting.start_time, Meeting.title, Meeting.place,
                   Meeting.status, Meeting.backdated, PartyGroup.name).outerjoin(
        PartyGroup, PartyGroup.id == Meeting.group_id).where(*chosen)
    meetings = session.execute(query.order_by(Meeting.date.desc(), Meeting.start_time.desc())
                               ).all()
    # The types, attendance and versions of these meetings only (a year of a ten-year branch
    # need not count every attendance of ten years).
    scope = select(Meeting.id).where(*chosen)
    types: dict[str, list[str]] = {}
    counts: dict[str, tuple[int, int]] = {}
    versions: dict[str, int] = {}
    if meetings:
        for meeting_id, meeting_type in session.execute(
                select(MeetingTypeLink.meeting_id, MeetingTypeLink.type)
                .where(MeetingTypeLink.deleted_at.is_(None),
                       MeetingTypeLink.meeting_id.in_(scope))):
            types.setdefault(meeting_id, []).append(meeting_type)
        for meeting_id, expected, present in session.execute(
                select(Attendance.meeting_id, func.count(),
                       func.sum(case((Attendance.status == AttendanceStatus.PRESENT, 1), else_=0)))
                .where(Attendance.deleted_at.is_(None), Attendance.meeting_id.in_(scope))
                .group_by(Attendance.meeting_id)):
            counts[meeting_id] = (expected, present or 0)
        versions = dict(session.execute(
            select(MeetingVersion.meeting_id, func.count())
            .where(MeetingVersion.deleted_at.is_(None), MeetingVersion.meeting_id.in_(scope))
            .group_by(MeetingVersion.meeting_id)
        ).all())
    numbers = sequence_numbers(session, year)
    rows = []
    for m in meetings:
        kinds = sorted(types.get(m.id, []), key=MEETING_TYPES.index)
        expected, present = counts.get(m.id, (0, 0))
        rows.append(MeetingRow(
            m.id, m.date, m.start_time, heading(m.date.year, kinds, numbers.get(m.id, {}),
                                                m.name or ""),
            kinds, m.title, m.place, m.status, m.backdated, versions.get(m.id, 0) > 1,
            expected, present))
    return rows


def agenda_titles(session: Session, meeting_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Each meeting's live 议题 in order, as (id, title), read in one query."""
    found: dict[str, list[tuple[str, str]]] = {meeting_id: [] for meeting_id in meeting_ids}
    for meeting_id, item_id, title in session.execute(
            select(AgendaItem.meeting_id, AgendaItem.id, AgendaItem.title)
            .where(AgendaItem.meeting_id.in_(meeting_ids), AgendaItem.deleted_at.is_(None))
            .order_by(AgendaItem.meeting_id, AgendaItem.position)):
        found[meeting_id].append((item_id, title))
    return found
