"""Everything the minutes show, as plain values (app/meetings/lines.py):
`get_meeting_detail(session, id)`.

A draft is computed from the roster of its date; a finalised record reads as stored with its
latest version (app/meetings/snapshots.py), so its official figures stay as they were at 定稿.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload

from app.meetings import appraisal
from app.meetings.election import Ballot, contest_warnings, election_outcome, election_style
from app.meetings.lines import (
    AgendaLine,
    AttachmentLine,
    AttendeeLine,
    CandidateLine,
    DecisionLine,
    ElectionLine,
    FollowUpLine,
    GradeLine,
    MeetingDetail,
    OpinionLine,
    RectificationLine,
    SpeechLine,
    VersionInfo,
    VoteLine,
)
from app.meetings.roster import RosterEntry, roster
from app.meetings.snapshots import detail_from_snapshot
from app.meetings.types import (
    MEETING_TYPES,
    NOT_RECORDED,
    AttendanceStatus,
    ItemKind,
    MeetingType,
    Opinion,
    RecordStatus,
    RectificationStatus,
    type_name,
)
from app.meetings.votes import COMMITTEE_RULE, decides_full_membership, vote_outcome, vote_rule
from app.records import get_live
from base.errors import UserError
from db.models import (
    AgendaItem,
    Meeting,
    MeetingTypeLink,
    MeetingVersion,
    PartyGroup,
    Rectification,
)


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
        name = type_name(meeting_type, group_name)
        number = sequences.get(meeting_type)
        parts.append(f"第{number}次{name}" if number else name)
    return f"{year}年" + "暨".join(parts)


def _opinions(item: AgendaItem, people: list[AttendeeLine]) -> list[OpinionLine]:
    names = {p.member_id: p.name for p in people}
    return [OpinionLine(o.member_id, names.get(o.member_id, o.member.name), o.opinion)
            for o in live(item.opinions)]


def _with_written(typed: int | None, written: list[OpinionLine], opinion: str) -> int | None:
    extra = sum(1 for o in written if o.opinion == opinion)
    return typed if typed is None and not extra else (typed or 0) + extra


def _vote_line(types: list[str], item: AgendaItem, people: list[AttendeeLine]) -> VoteLine:
    rule = vote_rule(types, item.kind)
    electors = [a for a in people if a.status != AttendanceStatus.EXCLUDED
                and (a.committee if rule == COMMITTEE_RULE else a.voter)]
    expected = len(electors)
    present = sum(1 for a in electors if a.status == AttendanceStatus.PRESENT)
    written = _opinions(item, people)
    yes = _with_written(item.votes_yes, written, Opinion.YES)
    no = _with_written(item.votes_no, written, Opinion.NO)
    abstain = _with_written(item.votes_abstain, written, Opinion.ABSTAIN)
    outcome = vote_outcome(rule, expected, present + len(written), yes, no, abstain,
                           quorum_present=present)
    return VoteLine(rule, expected, present, yes, no, abstain, outcome.result, outcome.messages,
                    written)


def _by_candidate(item: AgendaItem) -> bool:
    """A 选举 recorded per candidate; one recorded earlier as a single count stays a vote."""
    legacy = any(v is not None for v in (item.votes_yes, item.votes_no, item.votes_abstain))
    return item.kind == ItemKind.ELECTION and not (
        legacy and item.seats is None and not live(item.candidates))


def _election_line(item: AgendaItem, people: list[AttendeeLine]) -> ElectionLine:
    electors = [a for a in people if a.voter and a.status != AttendanceStatus.EXCLUDED]
    expected = len(electors)
    present = sum(1 for a in electors if a.status == AttendanceStatus.PRESENT)
    candidates = live(item.candidates)
    outcome = election_outcome(expected, present, item.seats, item.ballots_issued,
                               item.ballots_returned,
                               [Ballot(c.name, c.votes_yes, c.votes_no, c.votes_abstain)
                                for c in candidates], item.ballots_invalid)
    return ElectionLine(
        expected, present, item.seats, item.ballots_issued, item.ballots_returned,
        election_style(item.seats, len(candidates)),
        [CandidateLine(c.member_id, c.name, c.votes_yes, c.votes_no, c.votes_abstain, result)
         for c, result in zip(candidates, outcome.candidates, strict=True)],
        outcome.result, outcome.elected, outcome.tied_seats, outcome.unfilled, outcome.summary,
        outcome.messages, item.ballots_invalid,
        contest_warnings(item.title, item.seats, len(candidates)))


def _agenda_line(number: int, item: AgendaItem, types: list[str],
                 people: list[AttendeeLine]) -> AgendaLine:
    election = _election_line(item, people) if _by_candidate(item) else None
    vote = None if item.kind == ItemKind.PLAIN or election else _vote_line(types, item, people)
    return AgendaLine(number, item.title, item.kind, item.content, item.subject_member_id,
                      item.subject.name if item.subject else "", vote, election,
                      item.first_topic, item.study_source, item.study_date, item.study_form)


def _people(meeting: Meeting, entries: list[RosterEntry] | None) -> list[AttendeeLine]:
    """Who was expected, with their rights. A draft follows the roster of its date (people
    not yet entered show as 未登记); a finalised record keeps the rows frozen at 定稿. The
    subject of a 转正 vote is still 预备党员 at the meeting deciding it (党章第七条)."""
    rows = {a.member_id: a for a in live(meeting.attendance)}
    deciding = {a.subject_member_id for a in live(meeting.agenda)
                if a.subject_member_id and decides_full_membership(a.title)}
    if entries is None:
        people = [AttendeeLine(a.member_id, a.member.name, a.category, a.voter, a.committee,
                               a.status, a.reason, a.exclusion, a.approval_ref)
                  for a in rows.values()]
    else:
        people = []
        for e in entries:
            row = rows.get(e.member_id)
            people.append(AttendeeLine(
                e.member_id, e.name, e.category, e.voter, e.committee,
                row.status if row else NOT_RECORDED, row.reason if row else "",
                row.exclusion if row else "", row.approval_ref if row else ""))
    for person in people:
        if person.member_id in deciding:
            person.voter = False
    return people


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
                         selectinload(Meeting.agenda).selectinload(AgendaItem.candidates),
                         selectinload(Meeting.agenda).selectinload(AgendaItem.opinions))
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
    """A meeting as it reads: a finalised record as stored with its latest version (its
    figures frozen at 定稿), a draft computed from the roster of its date."""
    return get_meeting_details(session, [meeting_id])[0]


def get_meeting_details(session: Session, meeting_ids: list[str]) -> list[MeetingDetail]:
    """Many meetings at once (a yearly book): the same as get_meeting_detail for each, in
    the order given, with far fewer queries."""
    meetings = _load_full(session, meeting_ids)
    numbers = {year: sequence_numbers(session, year) for year in {m.date.year for m in meetings}}
    finals = [m for m in meetings if m.status == RecordStatus.FINAL]
    frozen = _frozen_details(session, finals, numbers)
    grades = appraisal.grade_set(session) if len(frozen) < len(meetings) else []
    return [frozen[m.id] if m.id in frozen else
            _detail(session, m, numbers[m.date.year], grades, _roster_of(session, m))
            for m in meetings]


def computed_detail(session: Session, meeting_id: str, *, from_roster: bool = False
                    ) -> MeetingDetail:
    """The figures computed now: from the stored attendance (frozen rights) of a finalised
    record, or from the roster of the date (a draft, or `from_roster`)."""
    meeting = load_meeting(session, meeting_id)
    from_date = from_roster or meeting.status != RecordStatus.FINAL
    entries = _roster_of(session, meeting) if from_date else None
    return _detail(session, meeting, sequence_numbers(session, meeting.date.year),
                   appraisal.grade_set(session), entries)


def _roster_of(session: Session, meeting: Meeting) -> list[RosterEntry]:
    return roster(session, meeting.date, meeting_types(meeting), meeting.group_id)


def _version_infos(meeting: Meeting) -> list[VersionInfo]:
    return [VersionInfo(v.number, v.created_at, v.actor, v.reason) for v in live(meeting.versions)]


def _frozen_details(session: Session, meetings: list[Meeting],
                    numbers: dict[int, dict[str, dict[str, int]]]) -> dict[str, MeetingDetail]:
    """meeting id -> the detail stored with its latest final version. Only the 第N次
    numbering follows the records of the year as they stand (a record entered late for an
    earlier day moves it on)."""
    if not meetings:
        return {}
    by_id = {m.id: m for m in meetings}
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    for meeting_id, number, snapshot in session.execute(
            select(MeetingVersion.meeting_id, MeetingVersion.number, MeetingVersion.snapshot)
            .where(MeetingVersion.meeting_id.in_(by_id), MeetingVersion.deleted_at.is_(None))):
        if snapshot and number > latest.get(meeting_id, (0, {}))[0]:
            latest[meeting_id] = (number, snapshot)
    found = {}
    for meeting_id, (_number, snapshot) in latest.items():
        detail = detail_from_snapshot(snapshot)
        meeting = by_id[meeting_id]
        detail.status, detail.versions = meeting.status, _version_infos(meeting)
        detail.sequences = numbers[meeting.date.year].get(meeting_id, {})
        detail.heading = heading(meeting.date.year, detail.types, detail.sequences,
                                 detail.group_name)
        found[meeting_id] = detail
    return found


def _detail(session: Session, meeting: Meeting, numbers: dict[str, dict[str, int]],
            grade_choices: list[str], entries: list[RosterEntry] | None) -> MeetingDetail:
    types = meeting_types(meeting)
    sequences = numbers.get(meeting.id, {})
    group = session.get(PartyGroup, meeting.group_id) if meeting.group_id else None
    group_name = group.name if group else ""
    attendees = _people(meeting, entries)
    agenda = [_agenda_line(number, item, types, attendees)
              for number, item in enumerate(live(meeting.agenda), start=1)]
    origins = _origin_headings(session, meeting)
    grades = [GradeLine(g.member_id, g.member.name, g.grade) for g in live(meeting.grades)]
    expected = [a for a in attendees if a.status != AttendanceStatus.EXCLUDED]
    voters = [a for a in expected if a.voter]
    committee = [a for a in expected if a.committee]
    return MeetingDetail(
        id=meeting.id,
        heading=heading(meeting.date.year, types, sequences, group_name),
        types=types, sequences=sequences, title=meeting.title, date=meeting.date,
        start_time=meeting.start_time, end_time=meeting.end_time, place=meeting.place,
        group_id=meeting.group_id, group_name=group_name, chair_name=meeting.chair_name,
        chair_post=meeting.chair_post, recorder_name=meeting.recorder_name,
        expected=len(expected),
        present=sum(a.status == AttendanceStatus.PRESENT for a in expected),
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
        finalised_at=meeting.finalised_at, versions=_version_infos(meeting),
        counts_for_year=meeting.counts_for_year,
    )


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
