"""Meeting invariants for `branchdesk check` (records changed outside the app, sync imports)."""

from collections import defaultdict

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.meetings.election import Ballot, election_problems
from app.meetings.types import AttendanceStatus, ItemKind, RecordStatus
from app.meetings.votes import COMMITTEE_RULE, vote_problem, vote_rule
from db.models import (
    AgendaItem,
    AppraisalGrade,
    Attendance,
    ElectionCandidate,
    Meeting,
    MeetingTypeLink,
    Member,
    WrittenOpinion,
)


def _label(meeting: Meeting) -> str:
    return f"{meeting.date:%Y-%m-%d}的会议记录"


def meeting_problems(session: Session) -> list[str]:
    problems: list[str] = []
    live = Meeting.deleted_at.is_(None)
    for meeting, name in session.execute(
            select(Meeting, Member.name).join(Attendance, Attendance.meeting_id == Meeting.id)
            .join(Member, Member.id == Attendance.member_id)
            .where(live, Meeting.status == RecordStatus.FINAL, Attendance.deleted_at.is_(None),
                   Attendance.status.not_in((AttendanceStatus.PRESENT, AttendanceStatus.EXCLUDED)),
                   Attendance.reason == "")):
        problems.append(f"{_label(meeting)}已定稿，但{name}请假或缺席未填写原因")
    for meeting, name in session.execute(
            select(Meeting, Member.name).join(Attendance, Attendance.meeting_id == Meeting.id)
            .join(Member, Member.id == Attendance.member_id)
            .where(live, Attendance.deleted_at.is_(None),
                   Attendance.status == AttendanceStatus.EXCLUDED,
                   or_(Attendance.exclusion == "", Attendance.approval_ref == ""))):
        problems.append(f"{_label(meeting)}中{name}不计入应到人数，但缺少情形或上级批准情况")
    for meeting, name in session.execute(
            select(Meeting, Member.name).join(AppraisalGrade,
                                              AppraisalGrade.meeting_id == Meeting.id)
            .join(Member, Member.id == AppraisalGrade.member_id)
            .where(live, AppraisalGrade.deleted_at.is_(None),
                   or_(Member.full_date.is_(None), Member.full_date > Meeting.date))):
        problems.append(f"{_label(meeting)}为预备党员{name}评定了等次")
    present = _present(session)
    problems += _vote_problems(session, present)
    problems += _election_problems(session, present)
    problems += [f"{_label(m)}状态“{m.status}”无效" for m in session.scalars(
        select(Meeting).where(live, Meeting.status.not_in(tuple(RecordStatus))))]
    return problems


def _present(session: Session) -> dict[str, tuple[int, int]]:
    """meeting id -> (voters, 委员) present."""
    present: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for meeting_id, voter, committee in session.execute(
            select(Attendance.meeting_id, Attendance.voter, Attendance.committee)
            .where(Attendance.deleted_at.is_(None), Attendance.status == AttendanceStatus.PRESENT)):
        voters, members = present[meeting_id]
        present[meeting_id] = (voters + voter, members + committee)
    return present


def _vote_problems(session: Session, present: dict[str, tuple[int, int]]) -> list[str]:
    types: dict[str, list[str]] = defaultdict(list)
    for meeting_id, meeting_type in session.execute(
            select(MeetingTypeLink.meeting_id, MeetingTypeLink.type)
            .where(MeetingTypeLink.deleted_at.is_(None))):
        types[meeting_id].append(meeting_type)
    written: dict[str, int] = defaultdict(int)
    for agenda_item_id in session.scalars(
            select(WrittenOpinion.agenda_item_id).where(WrittenOpinion.deleted_at.is_(None))):
        written[agenda_item_id] += 1
    problems = []
    for item, meeting in session.execute(
            select(AgendaItem, Meeting).join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Meeting.deleted_at.is_(None), AgendaItem.deleted_at.is_(None),
                   and_(AgendaItem.kind != ItemKind.PLAIN, AgendaItem.votes_yes.is_not(None)))):
        voters, members = present[meeting.id]
        rule = vote_rule(types[meeting.id], item.kind)
        problem = vote_problem(members if rule == COMMITTEE_RULE else voters, item.votes_yes,
                               item.votes_no, item.votes_abstain, written[item.id])
        if problem:
            problems.append(f"{_label(meeting)}议题“{item.title}”：{problem}")
    return problems


def _election_problems(session: Session, present: dict[str, tuple[int, int]]) -> list[str]:
    ballots: dict[str, list[Ballot]] = defaultdict(list)
    for candidate in session.scalars(
            select(ElectionCandidate).where(ElectionCandidate.deleted_at.is_(None))
            .order_by(ElectionCandidate.position)):
        ballots[candidate.agenda_item_id].append(Ballot(
            candidate.name, candidate.votes_yes, candidate.votes_no, candidate.votes_abstain))
    problems = []
    for item, meeting in session.execute(
            select(AgendaItem, Meeting).join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Meeting.deleted_at.is_(None), AgendaItem.deleted_at.is_(None),
                   AgendaItem.kind == ItemKind.ELECTION)):
        problems += [f"{_label(meeting)}议题“{item.title}”：{problem}" for problem in
                     election_problems(present[meeting.id][0], item.seats, item.ballots_issued,
                                       item.ballots_returned, ballots[item.id],
                                       item.ballots_invalid)]
    return problems
