"""Everything the minutes show, as plain values: `get_meeting_detail(session, id)`.

Each finalised version stores this shape as a snapshot (app/meetings/snapshots.py).
"""

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload

from app.meetings import appraisal
from app.meetings.election import Ballot, election_outcome, election_style
from app.meetings.roster import category_on
from app.meetings.study import study_text
from app.meetings.types import (
    MEETING_TYPES,
    AttendanceStatus,
    ItemKind,
    MeetingType,
    RecordStatus,
    RectificationStatus,
)
from app.meetings.votes import COMMITTEE_RULE, vote_outcome, vote_rule
from app.records import get_live
from base.errors import UserError
from db.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingTypeLink,
    PartyGroup,
    Rectification,
)


@dataclass
class AttendeeLine:
    member_id: str
    name: str
    category: str  # on the meeting date
    voter: bool
    committee: bool
    status: str  # 出席 / 请假 / 缺席
    reason: str


@dataclass
class VoteLine:
    rule: str  # 党员大会 / 支委会 / 选举
    expected: int  # 应到 (有表决权 / 委员 / 有选举权)
    present: int
    yes: int | None
    no: int | None
    abstain: int | None
    result: str | None  # 通过 / 未通过 / 无效, computed
    messages: list[str]


@dataclass
class CandidateLine:
    member_id: str | None  # None for a typed name
    name: str
    yes: int | None
    no: int | None
    abstain: int | None
    result: str | None  # 当选 / 未当选 / 待定 (tied for the last seat), computed


@dataclass
class ElectionLine:
    expected: int  # 有选举权 应到
    present: int
    seats: int | None  # 应选人数
    ballots_issued: int | None
    ballots_returned: int | None
    style: str  # 差额选举 / 等额选举
    candidates: list[CandidateLine]
    result: str | None  # 有效 / 无效, computed; None while something is missing
    elected: list[str]
    tied_seats: int
    unfilled: int  # seats left to a later election
    summary: str
    messages: list[str]


@dataclass
class AgendaLine:
    number: int  # 议题一, 二… (1-based)
    title: str
    kind: str  # 一般 / 表决 / 选举
    content: str
    subject_member_id: str | None
    subject_name: str
    vote: VoteLine | None  # a 表决, or a 选举 recorded before candidates were kept
    election: ElectionLine | None = None  # a 选举 by candidate
    first_topic: bool = False  # 第一议题: the title is what was studied
    study_source: str = ""
    study_date: dt.date | None = None
    study_form: str = ""

    @property
    def study_text(self) -> str:
        """ "第一议题：…" with where and when it was said and how it was studied."""
        return study_text(self.title, self.study_source, self.study_date, self.study_form)


@dataclass
class SpeechLine:
    agenda_number: int | None
    speaker: str
    content: str
    verbatim: bool


@dataclass
class DecisionLine:
    content: str
    owner: str
    deadline: dt.date | None


@dataclass
class RectificationLine:
    id: str
    problem: str
    measure: str
    owner: str
    deadline: dt.date | None
    status: str


@dataclass
class FollowUpLine:
    rectification_id: str
    problem: str
    origin: str  # heading of the meeting that raised it
    progress: str
    status: str


@dataclass
class GradeLine:
    member_id: str
    name: str
    grade: str


@dataclass
class AttachmentLine:
    id: str
    filename: str
    sha256: str
    size: int
    caption: str


@dataclass
class VersionInfo:
    number: int
    at: dt.datetime
    actor: str
    reason: str


@dataclass
class MeetingDetail:
    id: str
    heading: str  # "2026年第3次支部委员会暨10月主题党日"
    types: list[str]
    sequences: dict[str, int]  # type -> 第N次 in the year (per 党小组 for 党小组会)
    title: str  # 主题
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    group_id: str | None
    group_name: str
    chair_name: str
    chair_post: str
    recorder_name: str
    expected: int  # 应到
    present: int  # 实到
    voters_expected: int  # 有表决权 应到
    voters_present: int
    committee_expected: int
    committee_present: int
    attendees: list[AttendeeLine]  # everyone expected, in roster order
    absentees: list[AttendeeLine]  # 请假 / 缺席, with the reason
    guests: list[dict[str, str]]  # 列席: {"name", "identity"}
    agenda: list[AgendaLine]
    speeches: list[SpeechLine]
    decisions: list[DecisionLine]
    summary: str
    rectifications: list[RectificationLine]  # 整改清单 raised here
    followups: list[FollowUpLine]  # earlier 整改 items reviewed here
    grades: list[GradeLine]
    grade_warnings: list[str]
    attachments: list[AttachmentLine]
    status: str  # 草稿 / 定稿
    entered_at: dt.datetime
    backdated: bool  # 补录
    finalised_at: dt.datetime | None
    versions: list[VersionInfo] = field(default_factory=list)

    @property
    def amended(self) -> bool:
        return len(self.versions) > 1

    @property
    def is_final(self) -> bool:
        return self.status == RecordStatus.FINAL


def live(rows: list[Any]) -> list[Any]:
    return [r for r in rows if r.deleted_at is None]


def meeting_types(meeting: Meeting) -> list[str]:
    found = {link.type for link in live(meeting.type_links)}
    return [t for t in MEETING_TYPES if t in found]


def sequence_numbers(session: Session, year: int | None = None) -> dict[str, dict[str, int]]:
    """meeting id -> {type: 第N次 in its year} (per 党小组 for 党小组会); all years if None."""
    query = (
        select(MeetingTypeLink.meeting_id, MeetingTypeLink.type, Meeting.group_id, Meeting.date)
        .join(Meeting, Meeting.id == MeetingTypeLink.meeting_id)
        .where(Meeting.deleted_at.is_(None), MeetingTypeLink.deleted_at.is_(None))
        .order_by(Meeting.date, Meeting.start_time, Meeting.entered_at)
    )
    if year is not None:
        query = query.where(Meeting.date >= dt.date(year, 1, 1),
                            Meeting.date <= dt.date(year, 12, 31))
    counters: Counter[tuple[int, str, str | None]] = Counter()
    numbers: dict[str, dict[str, int]] = {}
    for meeting_id, meeting_type, group_id, day in session.execute(query):
        key = (day.year, meeting_type, group_id if meeting_type == MeetingType.GROUP else None)
        counters[key] += 1
        numbers.setdefault(meeting_id, {})[meeting_type] = counters[key]
    return numbers


def heading(year: int, types: list[str], sequences: dict[str, int], group_name: str = "") -> str:
    parts = []
    for meeting_type in types:
        name = f"{group_name}{meeting_type}" if meeting_type == MeetingType.GROUP else meeting_type
        number = sequences.get(meeting_type)
        parts.append(f"第{number}次{name}" if number else name)
    return f"{year}年" + "暨".join(parts)


def _vote_line(types: list[str], kind: str, item: Any, attendance: list[Attendance]
               ) -> VoteLine:
    rule = vote_rule(types, kind)
    electors = [a for a in attendance if (a.committee if rule == COMMITTEE_RULE else a.voter)]
    expected = len(electors)
    present = sum(1 for a in electors if a.status == AttendanceStatus.PRESENT)
    outcome = vote_outcome(rule, expected, present, item.votes_yes, item.votes_no,
                           item.votes_abstain)
    return VoteLine(rule, expected, present, item.votes_yes, item.votes_no, item.votes_abstain,
                    outcome.result, outcome.messages)


def _by_candidate(item: AgendaItem) -> bool:
    """A 选举 recorded per candidate; one recorded earlier as a single count stays a vote."""
    legacy = any(v is not None for v in (item.votes_yes, item.votes_no, item.votes_abstain))
    return item.kind == ItemKind.ELECTION and not (
        legacy and item.seats is None and not live(item.candidates))


def _election_line(item: AgendaItem, attendance: list[Attendance]) -> ElectionLine:
    electors = [a for a in attendance if a.voter]
    expected = len(electors)
    present = sum(1 for a in electors if a.status == AttendanceStatus.PRESENT)
    candidates = live(item.candidates)
    outcome = election_outcome(expected, present, item.seats, item.ballots_issued,
                               item.ballots_returned,
                               [Ballot(c.name, c.votes_yes, c.votes_no, c.votes_abstain)
                                for c in candidates])
    return ElectionLine(
        expected, present, item.seats, item.ballots_issued, item.ballots_returned,
        election_style(item.seats, len(candidates)),
        [CandidateLine(c.member_id, c.name, c.votes_yes, c.votes_no, c.votes_abstain, result)
         for c, result in zip(candidates, outcome.candidates, strict=True)],
        outcome.result, outcome.elected, outcome.tied_seats, outcome.unfilled, outcome.summary,
        outcome.messages)


def _agenda_line(number: int, item: AgendaItem, types: list[str],
                 attendance: list[Attendance]) -> AgendaLine:
    election = _election_line(item, attendance) if _by_candidate(item) else None
    vote = None if item.kind == ItemKind.PLAIN or election else \
        _vote_line(types, item.kind, item, attendance)
    return AgendaLine(number, item.title, item.kind, item.content, item.subject_member_id,
                      item.subject.name if item.subject else "", vote, election,
                      item.first_topic, item.study_source, item.study_date, item.study_form)


_COLLECTIONS = ("type_links", "attendance", "agenda", "speeches", "decisions",
                "rectifications", "followups", "grades", "attachments", "versions")


def load_meeting(session: Session, meeting_id: str) -> Meeting:
    """A meeting with all its parts; one this session already holds loads what it lacks."""
    return get_live(session, Meeting, meeting_id, "找不到该会议记录（可能已被删除）")


def _load_full(session: Session, meeting_ids: list[str]) -> list[Meeting]:
    """Meetings with all their parts, fetched in a few queries. Keep the list while using
    them: the session holds its objects only weakly."""
    mapper = inspect(Meeting)
    held = {i: session.identity_map.get(mapper.identity_key_from_primary_key((i,)))
            for i in meeting_ids}
    missing = [i for i, m in held.items()
               if m is None or inspect(m).unloaded & set(_COLLECTIONS)]
    if missing:
        for meeting in session.scalars(
                select(Meeting).where(Meeting.id.in_(missing))
                .options(*(selectinload(getattr(Meeting, name)) for name in _COLLECTIONS),
                         selectinload(Meeting.agenda).selectinload(AgendaItem.candidates))
                .execution_options(populate_existing=True)):
            held[meeting.id] = meeting
    return [load_meeting(session, i) if (found := held[i]) is None else _live_meeting(found)
            for i in meeting_ids]


def _live_meeting(meeting: Meeting) -> Meeting:
    if meeting.deleted_at is not None:
        raise UserError("找不到该会议记录（可能已被删除）")
    return meeting


def _origin_headings(session: Session, meeting: Meeting) -> dict[str, str]:
    origins: dict[str, str] = {}
    for followup in live(meeting.followups):
        origin = session.get(Meeting, followup.rectification.meeting_id)
        if origin is not None and origin.id not in origins:
            numbers = sequence_numbers(session, origin.date.year).get(origin.id, {})
            origins[origin.id] = heading(origin.date.year, meeting_types(origin), numbers)
    return origins


def get_meeting_detail(session: Session, meeting_id: str) -> MeetingDetail:
    """The current state of a meeting, with counts and vote results computed."""
    meeting = _load_full(session, [meeting_id])[0]
    return _detail(session, meeting, sequence_numbers(session, meeting.date.year),
                   appraisal.grade_set(session))


def get_meeting_details(session: Session, meeting_ids: list[str]) -> list[MeetingDetail]:
    """Many meetings at once (a yearly book): the same as get_meeting_detail for each, in
    the order given, with far fewer queries."""
    meetings = _load_full(session, meeting_ids)
    numbers = {year: sequence_numbers(session, year) for year in {m.date.year for m in meetings}}
    grades = appraisal.grade_set(session)
    return [_detail(session, m, numbers[m.date.year], grades) for m in meetings]


def _detail(session: Session, meeting: Meeting, numbers: dict[str, dict[str, int]],
            grade_choices: list[str]) -> MeetingDetail:
    types = meeting_types(meeting)
    sequences = numbers.get(meeting.id, {})
    group = session.get(PartyGroup, meeting.group_id) if meeting.group_id else None
    group_name = group.name if group else ""
    attendance = live(meeting.attendance)
    attendees = [AttendeeLine(a.member_id, a.member.name, category_on(a.member, meeting.date),
                              a.voter, a.committee, a.status, a.reason) for a in attendance]
    agenda = [_agenda_line(number, item, types, attendance)
              for number, item in enumerate(live(meeting.agenda), start=1)]
    origins = _origin_headings(session, meeting)
    grades = [GradeLine(g.member_id, g.member.name, g.grade) for g in live(meeting.grades)]
    voters = [a for a in attendance if a.voter]
    committee = [a for a in attendance if a.committee]
    return MeetingDetail(
        id=meeting.id,
        heading=heading(meeting.date.year, types, sequences, group_name),
        types=types, sequences=sequences, title=meeting.title, date=meeting.date,
        start_time=meeting.start_time, end_time=meeting.end_time, place=meeting.place,
        group_id=meeting.group_id, group_name=group_name, chair_name=meeting.chair_name,
        chair_post=meeting.chair_post, recorder_name=meeting.recorder_name,
        expected=len(attendance),
        present=sum(a.status == AttendanceStatus.PRESENT for a in attendance),
        voters_expected=len(voters),
        voters_present=sum(a.status == AttendanceStatus.PRESENT for a in voters),
        committee_expected=len(committee),
        committee_present=sum(a.status == AttendanceStatus.PRESENT for a in committee),
        attendees=attendees,
        absentees=[a for a in attendees
                   if a.status in (AttendanceStatus.LEAVE, AttendanceStatus.ABSENT)],
        guests=[dict(g) for g in meeting.guests or []],
        agenda=agenda,
        speeches=[SpeechLine(s.agenda_position, s.speaker, s.content, s.verbatim)
                  for s in live(meeting.speeches)],
        decisions=[DecisionLine(d.content, d.owner, d.deadline) for d in live(meeting.decisions)],
        summary=meeting.summary,
        rectifications=[RectificationLine(r.id, r.problem, r.measure, r.owner, r.deadline,
                                          r.status) for r in live(meeting.rectifications)],
        followups=[FollowUpLine(f.rectification_id, f.rectification.problem,
                                origins.get(f.rectification.meeting_id, ""), f.progress, f.status)
                   for f in live(meeting.followups)],
        grades=grades,
        grade_warnings=appraisal.top_grade_warnings(grade_choices, [g.grade for g in grades]),
        attachments=[AttachmentLine(a.id, a.filename, a.sha256, a.size, a.caption)
                     for a in live(meeting.attachments)],
        status=meeting.status, entered_at=meeting.entered_at, backdated=meeting.backdated,
        finalised_at=meeting.finalised_at,
        versions=[VersionInfo(v.number, v.created_at, v.actor, v.reason)
                  for v in live(meeting.versions)],
    )


def to_plain(value: Any) -> Any:
    """JSON-ready values (dates as ISO text)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    return value


@dataclass
class OpenRectification:
    id: str
    problem: str
    measure: str
    owner: str
    deadline: dt.date | None
    status: str
    origin: str  # heading of the meeting that raised it
    origin_date: dt.date


def open_rectifications(session: Session, before: dt.date | None = None
                        ) -> list[OpenRectification]:
    """整改 items not yet 已完成 (raised before `before`), for follow-up at a later meeting."""
    query = (select(Rectification, Meeting).join(Meeting, Meeting.id == Rectification.meeting_id)
             .where(Rectification.deleted_at.is_(None), Meeting.deleted_at.is_(None),
                    Rectification.status != RectificationStatus.DONE)
             .order_by(Meeting.date, Rectification.position))
    if before is not None:
        query = query.where(Meeting.date < before)
    found = []
    numbers: dict[int, dict[str, dict[str, int]]] = {}
    for item, meeting in session.execute(query):
        year = meeting.date.year
        if year not in numbers:
            numbers[year] = sequence_numbers(session, year)
        found.append(OpenRectification(
            item.id, item.problem, item.measure, item.owner, item.deadline, item.status,
            heading(year, meeting_types(meeting), numbers[year].get(meeting.id, {})),
            meeting.date))
    return found
