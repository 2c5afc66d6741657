"""第一议题: the meetings of a 党组织 open by studying the latest important speeches and
instructions. Which meeting types need one is a setting; the first 议题 of such a meeting
carries what was studied (title, source, date) and how (学习形式).
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import settings
from app.branch import branch_start
from app.meetings.listing import MeetingRow, list_meetings
from app.meetings.types import MEETING_TYPES, MeetingType
from app.settings import Option
from base.errors import ValidationError
from db.models import AgendaItem, Meeting, MeetingTypeLink

REQUIRED_TYPES = Option("meetings.first_topic_types",
                        [str(MeetingType.COMMITTEE), str(MeetingType.GENERAL)],
                        "须以“第一议题”开篇的会议类型")


@dataclass
class FirstTopicGap:
    meeting_id: str
    date: dt.date
    heading: str

    @property
    def text(self) -> str:
        meeting = self.heading.removeprefix(f"{self.date.year}年")
        return f"{self.date.month}月{self.date.day}日{meeting}未安排第一议题"


@dataclass
class FirstTopicCheck:
    """A year's meetings that need a 第一议题: how many, how many have one, which lack it."""

    required: int
    with_topic: int
    missing: list[FirstTopicGap]


@dataclass
class StudiedLine:
    meeting_id: str
    date: dt.date
    heading: str
    title: str
    source: str
    study_date: dt.date | None
    form: str


def required_types(session: Session) -> list[str]:
    stored: list[str] = settings.get(session, REQUIRED_TYPES)
    return list(stored)


def save_required_types(session: Session, types: list[str]) -> None:
    unknown = [t for t in types if t not in MEETING_TYPES]
    if unknown:
        raise ValidationError({"first_topic_types": "未知的会议类型：" + "、".join(unknown)})
    settings.put(session, REQUIRED_TYPES, [str(t) for t in MEETING_TYPES if t in types])


def needs_first_topic(types: list[str], required: list[str]) -> bool:
    return any(t in required for t in types)


def _topic_items(session: Session, start: dt.date, end: dt.date) -> list[AgendaItem]:
    return list(session.scalars(
        select(AgendaItem).join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.deleted_at.is_(None), AgendaItem.deleted_at.is_(None),
               AgendaItem.first_topic.is_(True), Meeting.date.between(start, end))))


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _needing(session: Session, year: int) -> dict[str, dt.date]:
    """The year's meetings of a type that needs a 第一议题, from the branch's 启用日期 on (as
    in 按期检查): id -> day."""
    required = required_types(session)
    started = branch_start(session)
    rows = session.execute(select(Meeting.id, Meeting.date).where(
        Meeting.deleted_at.is_(None), Meeting.date.between(*_year(year)),
        Meeting.id.in_(select(MeetingTypeLink.meeting_id).where(
            MeetingTypeLink.deleted_at.is_(None), MeetingTypeLink.type.in_(required)))))
    return {meeting_id: day for meeting_id, day in rows if started is None or day >= started}


def _with_topic(session: Session, year: int) -> set[str]:
    return set(session.scalars(
        select(AgendaItem.meeting_id).join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.deleted_at.is_(None), AgendaItem.deleted_at.is_(None),
               AgendaItem.first_topic.is_(True), Meeting.date.between(*_year(year)))))


def first_topic_counts(session: Session, year: int) -> tuple[int, int]:
    """How many of the year's meetings needed a 第一议题, and how many had one."""
    needing = _needing(session, year)
    return len(needing), len(needing.keys() & _with_topic(session, year))


def check_first_topics(session: Session, year: int) -> FirstTopicCheck:
    """The counts of `first_topic_counts`, and the meetings that lack one, by day."""
    needing = _needing(session, year)
    lacking = needing.keys() - _with_topic(session, year)
    rows = list_meetings(session, year) if lacking else []
    missing = [FirstTopicGap(row.id, row.date, row.heading)
               for row in sorted(rows, key=lambda r: r.date) if row.id in lacking]
    return FirstTopicCheck(len(needing), len(needing) - len(missing), missing)


def studied(session: Session, year: int) -> list[StudiedLine]:
    """What the branch studied as 第一议题 in a year, in date order."""
    rows: dict[str, MeetingRow] = {row.id: row for row in list_meetings(session, year)}
    lines = [StudiedLine(item.meeting_id, rows[item.meeting_id].date,
                         rows[item.meeting_id].heading, item.title, item.study_source,
                         item.study_date, item.study_form)
             for item in _topic_items(session, *_year(year)) if item.meeting_id in rows]
    return sorted(lines, key=lambda line: line.date)
