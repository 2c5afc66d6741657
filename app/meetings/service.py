"""Writing meeting records: drafts, 定稿, amendments with a reason, deletion, copying.

A 定稿 record is read-only; `amend_meeting` changes it and stores a new version, so every
earlier version stays readable (see snapshots.version_detail).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app import settings
from app.meetings import appraisal
from app.meetings.detail import computed_detail, live, load_meeting, meeting_types
from app.meetings.election import Ballot, election_problems
from app.meetings.roster import RosterEntry, roster
from app.meetings.settings import BACKDATED_DAYS
from app.meetings.snapshots import snapshot
from app.meetings.study import study_problem
from app.meetings.types import (
    ATTENDANCE_STATUSES,
    EXCLUSION_CATEGORIES,
    ITEM_KINDS,
    MEETING_TYPES,
    OPINIONS,
    RECTIFICATION_STATUSES,
    AttendanceStatus,
    ItemKind,
    MeetingType,
    RecordStatus,
    RectificationStatus,
)
from app.meetings.votes import (
    COMMITTEE_RULE,
    decides_full_membership,
    takes_written_opinions,
    vote_problem,
    vote_rule,
)
from app.meetings.yearly import year_problem
from app.members.rules import MemberCategory
from app.members.standing import not_member_reason
from base.errors import UserError, ValidationError
from db.audit import ACTOR, default_actor
from db.base import new_uuid
from db.models import (
    AgendaItem,
    AppraisalGrade,
    Attachment,
    Attendance,
    Decision,
    ElectionCandidate,
    Meeting,
    MeetingTypeLink,
    MeetingVersion,
    Member,
    PartyGroup,
    Rectification,
    RectificationFollowUp,
    Speech,
    WrittenOpinion,
)
from db.types import utcnow


@dataclass
class AttendanceInput:
    member_id: str
    status: str = AttendanceStatus.PRESENT
    reason: str = ""
    exclusion: str = ""  # 不计入: one of EXCLUSION_CATEGORIES
    approval_ref: str = ""  # 不计入: the higher level's approval (document, date)


@dataclass
class OpinionInput:
    """书面意见 of an absent voter on a 接收预备党员 or 转正 vote."""

    member_id: str
    opinion: str


@dataclass
class CandidateInput:
    """候选人: a member of the roster (member_id) or a typed name."""

    name: str
    member_id: str | None = None
    votes_yes: int | None = None
    votes_no: int | None = None
    votes_abstain: int | None = None


@dataclass
class AgendaInput:
    title: str
    kind: str = ItemKind.PLAIN
    content: str = ""
    subject_member_id: str | None = None  # e.g. the person being accepted or made full
    votes_yes: int | None = None  # a 表决 (and a 选举 recorded before candidates were kept)
    votes_no: int | None = None
    votes_abstain: int | None = None
    seats: int | None = None  # 选举: 应选人数, the ballots and the candidates
    ballots_issued: int | None = None
    ballots_returned: int | None = None
    candidates: list[CandidateInput] = field(default_factory=list)
    ballots_invalid: int | None = None
    opinions: list[OpinionInput] = field(default_factory=list)
    first_topic: bool = False  # 第一议题: the title is what was studied
    study_source: str = ""
    study_date: dt.date | None = None
    study_form: str = ""

    @property
    def by_candidate(self) -> bool:
        """An election recorded per candidate (not one count for the whole 议题)."""
        return bool(self.candidates) or any(
            v is not None for v in (self.seats, self.ballots_issued, self.ballots_returned,
                                    self.ballots_invalid))


@dataclass
class SpeechInput:
    speaker: str
    content: str
    agenda_number: int | None = None
    verbatim: bool = False


@dataclass
class DecisionInput:
    content: str
    owner: str = ""
    deadline: dt.date | None = None


@dataclass
class RectificationInput:
    problem: str
    measure: str = ""
    owner: str = ""
    deadline: dt.date | None = None
    status: str = RectificationStatus.NOT_STARTED
    id: str | None = None  # an existing item keeps its identity (follow-ups refer to it)


@dataclass
class FollowUpInput:
    rectification_id: str
    progress: str
    status: str


@dataclass
class GradeInput:
    member_id: str
    grade: str


@dataclass
class AttachmentInput:
    """A file already put in the store (attachments.store_file)."""

    sha256: str
    filename: str
    size: int
    caption: str = ""


@dataclass
class MeetingInput:
    types: list[str]
    date: dt.date | None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    title: str = ""
    place: str = ""
    group_id: str | None = None
    chair_name: str = ""
    chair_post: str = ""
    recorder_name: str = ""
    guests: list[dict[str, str]] = field(default_factory=list)  # {"name", "identity"}
    summary: str = ""
    attendance: list[AttendanceInput] = field(default_factory=list)
    agenda: list[AgendaInput] = field(default_factory=list)
    speeches: list[SpeechInput] = field(default_factory=list)
    decisions: list[DecisionInput] = field(default_factory=list)
    rectifications: list[RectificationInput] = field(default_factory=list)
    followups: list[FollowUpInput] = field(default_factory=list)
    grades: list[GradeInput] = field(default_factory=list)
    attachments: list[AttachmentInput] = field(default_factory=list)
    counts_for_year: int | None = None  # 组织生活会 / 民主评议 held for another year


# --- checks ---------------------------------------------------------------------------------

def _check_header(session: Session, data: MeetingInput, today: dt.date,
                  errors: dict[str, str]) -> None:
    if not data.types:
        errors["types"] = "请至少选择一种会议类型"
    unknown = [t for t in data.types if t not in MEETING_TYPES]
    if unknown:
        errors["types"] = "未知的会议类型：" + "、".join(unknown)
    if data.date is None:
        errors["date"] = "请填写会议日期"
    elif data.date > today:
        errors["date"] = "会议日期不能晚于今天（记录的是已召开的会议）"
    if data.start_time and data.end_time and data.end_time <= data.start_time:
        errors["end_time"] = "结束时间应晚于开始时间"
    if MeetingType.GROUP in data.types:
        if not data.group_id:
            errors["group_id"] = "党小组会请选择党小组"
        elif session.get(PartyGroup, data.group_id) is None:
            errors["group_id"] = "找不到所选党小组"
    for index, guest in enumerate(data.guests, start=1):
        if not guest.get("name", "").strip():
            errors["guests"] = f"第{index}位列席人员缺少姓名"
    if problem := year_problem(data.types, data.date, data.counts_for_year):
        errors["counts_for_year"] = problem


def expected_people(session: Session, data: MeetingInput,
                    frozen: list[Attendance] | None = None) -> dict[str, RosterEntry]:
    """Who may be entered, with their rights: the roster of the meeting date; for a 修订
    that keeps the frozen figures, those entered at 定稿 keep the rights stored then."""
    if data.date is None:
        return {}
    found = {e.member_id: e for e in roster(session, data.date, data.types, data.group_id)}
    for row in frozen or []:
        found[row.member_id] = RosterEntry(row.member_id, row.member.name, row.category,
                                           row.voter, row.committee, row.member.group_id)
    return found


def _not_expected(member: Member, day: dt.date, types: list[str]) -> str:
    reason = not_member_reason(member, day)
    if reason:
        return f"不能登记{member.name}：{reason}"
    if MeetingType.COMMITTEE in types and len(types) == 1:
        return (f"{member.name}在{day:%Y年%m月%d日}不是支部委员，"
                "可作为列席人员登记")
    if MeetingType.GROUP in types and len(types) == 1:
        return f"{member.name}不属于本党小组，可作为列席人员登记"
    return f"不能登记{member.name}：会议之日其党籍已停止"


def _check_attendance(session: Session, data: MeetingInput,
                      expected: dict[str, RosterEntry], errors: dict[str, str]) -> None:
    seen: set[str] = set()
    for entry in data.attendance:
        member = session.get(Member, entry.member_id)
        if member is None:
            errors["attendance"] = "出席名单中有找不到的党员"
            continue
        if entry.member_id in seen:
            errors["attendance"] = f"出席名单中“{member.name}”重复"
        seen.add(entry.member_id)
        if data.date is not None and entry.member_id not in expected:
            errors["attendance"] = _not_expected(member, data.date, data.types)
        if entry.status not in ATTENDANCE_STATUSES:
            errors["attendance"] = f"“{member.name}”的出席情况应为：出席、请假、缺席或不计入"
        elif entry.status == AttendanceStatus.EXCLUDED:
            if entry.exclusion not in EXCLUSION_CATEGORIES:
                errors["attendance"] = (f"{member.name}不计入应到人数，请选择情形（如“自费出国"
                                        "半年以上”）")
            elif not entry.approval_ref.strip():
                errors["attendance"] = (f"{member.name}不计入应到人数须经上级党组织同意，"
                                        "请填写批准文号或批准情况")


def _check_opinions(item: AgendaInput, data: MeetingInput,
                    expected: dict[str, RosterEntry]) -> str:
    """Written opinions: only in 接收预备党员 / 转正 votes, only from absent voters, once."""
    if not item.opinions:
        return ""
    if item.kind != ItemKind.VOTE or not takes_written_opinions(item.title):
        return "只有接收预备党员和预备党员转正的表决可以计入书面意见"
    status = {a.member_id: a.status for a in data.attendance}
    seen: set[str] = set()
    for opinion in item.opinions:
        person = expected.get(opinion.member_id)
        if person is None or not person.voter or opinion.member_id == item.subject_member_id:
            return "书面意见只能由有表决权的党员提出"
        if status.get(opinion.member_id) in (AttendanceStatus.PRESENT, AttendanceStatus.EXCLUDED):
            return f"{person.name}已到会（或不计入应到），不能再计书面意见"
        if opinion.member_id in seen:
            return f"{person.name}的书面意见重复"
        seen.add(opinion.member_id)
        if opinion.opinion not in OPINIONS:
            return f"{person.name}的书面意见应为：赞成、反对或弃权"
    return ""


def _check_agenda(session: Session, data: MeetingInput, expected: dict[str, RosterEntry],
                  errors: dict[str, str]) -> None:
    assert data.date is not None  # checked only with a date
    deciding = {a.subject_member_id for a in data.agenda
                if a.subject_member_id and decides_full_membership(a.title)}
    for number, item in enumerate(data.agenda, start=1):
        if item.first_topic:
            problem = study_problem(number - 1, item.title, item.study_form, item.study_date,
                                    data.date)
            if problem:
                errors["agenda"] = problem
                continue
        if not item.title.strip():
            errors["agenda"] = f"议题{number}缺少名称"
            continue
        if item.kind not in ITEM_KINDS:
            errors["agenda"] = f"议题“{item.title}”的类别应为：" + "、".join(ITEM_KINDS)
            continue
        has_votes = any(v is not None for v in (item.votes_yes, item.votes_no,
                                                 item.votes_abstain))
        if item.kind != ItemKind.ELECTION and item.by_candidate:
            errors["agenda"] = f"议题“{item.title}”不是选举事项，不能录入候选人和选票"
            continue
        if item.kind == ItemKind.PLAIN:
            if has_votes:
                errors["agenda"] = f"议题“{item.title}”不是表决事项，不能录入票数"
            continue
        rule = vote_rule(data.types, item.kind)
        present = sum(
            1 for a in data.attendance
            if a.status == AttendanceStatus.PRESENT and a.member_id in expected
            and (expected[a.member_id].committee if rule == COMMITTEE_RULE
                 else expected[a.member_id].voter and a.member_id not in deciding)
        )
        if item.by_candidate:
            problem = "；".join(_election_problems(session, data.date, item, present, expected))
            if has_votes:
                problem = "选举按候选人分别计票，不再录入议题的赞成、反对、弃权票"
        else:
            problem = _check_opinions(item, data, expected) or vote_problem(
                present, item.votes_yes, item.votes_no, item.votes_abstain)
        if problem:
            errors["agenda"] = f"议题“{item.title}”：{problem}"


def _election_problems(session: Session, day: dt.date, item: AgendaInput, present: int,
                       expected: dict[str, RosterEntry]) -> list[str]:
    """The figures of an election, and that each candidate from the roster may stand
    (预备党员 and members whose rights are suspended have no 被选举权)."""
    problems = election_problems(present, item.seats, item.ballots_issued,
                                 item.ballots_returned, [
                                     Ballot(_candidate_name(session, c), c.votes_yes,
                                            c.votes_no, c.votes_abstain)
                                     for c in item.candidates], item.ballots_invalid)
    for candidate in item.candidates:
        if candidate.member_id is None:
            continue
        member = session.get(Member, candidate.member_id)
        person = expected.get(candidate.member_id)
        if member is None:
            problems.append(f"候选人“{candidate.name}”不在党员名单中")
        elif person is None or not person.voter:
            problems.append(f"{member.name}在选举之日没有被选举权（预备党员、党员权利受限"
                            "或不是本支部党员）")
    return problems


def _check_grades(session: Session, data: MeetingInput, expected: dict[str, RosterEntry],
                  errors: dict[str, str]) -> None:
    if not data.grades:
        return
    if MeetingType.APPRAISAL not in data.types:
        errors["grades"] = "只有“民主评议党员”才能评定等次，请在会议类型中勾选"
        return
    choices = appraisal.grade_set(session)
    seen: set[str] = set()
    for entry in data.grades:
        member = session.get(Member, entry.member_id)
        if member is None:
            errors["grades"] = "评议名单中有找不到的党员"
            continue
        if entry.member_id in seen:
            errors["grades"] = f"“{member.name}”的评议等次重复"
        seen.add(entry.member_id)
        if data.date and entry.member_id not in expected:
            errors["grades"] = f"{member.name}在评议之日不是本支部党员，不评定等次"
        elif data.date and expected[entry.member_id].category != MemberCategory.FULL:
            errors["grades"] = f"{member.name}是预备党员，参加评议但不评定等次"
        elif entry.grade not in choices:
            errors["grades"] = f"“{member.name}”的等次应为：" + "、".join(choices)


def _check_items(session: Session, data: MeetingInput, errors: dict[str, str]) -> None:
    for index, speech in enumerate(data.speeches, start=1):
        if not speech.speaker.strip():
            errors["speeches"] = f"第{index}条发言缺少发言人（请写明谁说的）"
        elif speech.agenda_number is not None and not 1 <= speech.agenda_number <= len(
                data.agenda):
            errors["speeches"] = f"第{index}条发言对应的议题不存在"
    for index, decision in enumerate(data.decisions, start=1):
        if not decision.content.strip():
            errors["decisions"] = f"第{index}项决定缺少内容"
    for index, item in enumerate(data.rectifications, start=1):
        if not item.problem.strip():
            errors["rectifications"] = f"整改清单第{index}项缺少问题描述"
        elif item.status not in RECTIFICATION_STATUSES:
            errors["rectifications"] = "整改状态应为：" + "、".join(RECTIFICATION_STATUSES)
    for entry in data.followups:
        if session.get(Rectification, entry.rectification_id) is None:
            errors["followups"] = "跟踪的整改事项不存在"
        elif entry.status not in RECTIFICATION_STATUSES:
            errors["followups"] = "整改状态应为：" + "、".join(RECTIFICATION_STATUSES)


def check_meeting(session: Session, data: MeetingInput, today: dt.date,
                  frozen: list[Attendance] | None = None) -> dict[str, RosterEntry]:
    """Raise ValidationError with a message per field; nothing is saved half-way. Returns
    who may be entered, with their rights on the meeting date."""
    errors: dict[str, str] = {}
    _check_header(session, data, today, errors)
    expected = expected_people(session, data, frozen)
    _check_attendance(session, data, expected, errors)
    if data.date is not None:
        _check_agenda(session, data, expected, errors)
    _check_grades(session, data, expected, errors)
    _check_items(session, data, errors)
    if errors:
        raise ValidationError(errors)
    return expected


def finalise_problems(data: MeetingInput, session: Session,
                      expected: dict[str, RosterEntry]) -> dict[str, str]:
    """What stops a record from being finalised (定稿): everyone on the roster of the date
    is accounted for, and every absence has its reason."""
    errors: dict[str, str] = {}
    if not data.chair_name.strip():
        errors["chair_name"] = "定稿前请填写主持人"
    if not data.recorder_name.strip():
        errors["recorder_name"] = "定稿前请填写记录人"
    if not data.attendance:
        errors["attendance"] = "定稿前请登记出席情况"
    entered = {a.member_id for a in data.attendance}
    unrecorded = [e.name for e in expected.values() if e.member_id not in entered]
    if unrecorded:
        errors["attendance"] = ("以下人员会议之日在册、应到会，但未登记出席情况，不能定稿："
                                + "、".join(unrecorded))
    missing = [
        member.name for a in data.attendance
        if a.status in (AttendanceStatus.LEAVE, AttendanceStatus.ABSENT) and not a.reason.strip()
        and (member := session.get(Member, a.member_id)) is not None
    ]
    if missing:
        errors["attendance"] = "以下人员请假或缺席但未填写原因，不能定稿：" + "、".join(missing)
    return errors


# --- writing --------------------------------------------------------------------------------

def _sync_rows(rows: list[Any], wanted: list[dict[str, Any]], make: Callable[[], Any]) -> None:
    """Update a collection's live rows in place by position, append the extra ones and
    tombstone the surplus (appending keeps the loaded collection current)."""
    current = live(rows)
    for position, values in enumerate(wanted):
        if position < len(current):
            row = current[position]
        else:
            row = make()
            rows.append(row)
        _assign(row, {**values, "position": position})
    now = utcnow()
    for row in current[len(wanted):]:
        row.deleted_at = now


def _assign(row: Any, values: dict[str, Any]) -> None:
    """Set only what changed, so an unchanged row keeps its version."""
    for key, value in values.items():
        if getattr(row, key, None) != value:
            setattr(row, key, value)


def _apply(session: Session, meeting: Meeting, data: MeetingInput,
           expected: dict[str, RosterEntry]) -> None:
    assert data.date is not None  # check_meeting requires it
    meeting.title = data.title.strip()
    meeting.date = data.date
    meeting.start_time, meeting.end_time = data.start_time, data.end_time
    meeting.place = data.place.strip()
    meeting.group_id = data.group_id if MeetingType.GROUP in data.types else None
    meeting.chair_name = data.chair_name.strip()
    meeting.chair_post = data.chair_post.strip()
    meeting.recorder_name = data.recorder_name.strip()
    meeting.guests = [{"name": g["name"].strip(), "identity": g.get("identity", "").strip()}
                      for g in data.guests]
    meeting.summary = data.summary.strip()
    meeting.counts_for_year = data.counts_for_year
    session.add(meeting)
    mid = {"meeting_id": meeting.id}
    _sync_rows(meeting.type_links, [{**mid, "type": t} for t in data.types], MeetingTypeLink)
    _sync_attendance(session, meeting, data, expected)
    _sync_agenda(session, meeting, data)
    _sync_rows(meeting.speeches, [
        {**mid, "speaker": s.speaker.strip(), "content": s.content.strip(),
         "agenda_position": s.agenda_number, "verbatim": s.verbatim} for s in data.speeches
    ], Speech)
    _sync_rows(meeting.decisions, [
        {**mid, "content": d.content.strip(), "owner": d.owner.strip(), "deadline": d.deadline}
        for d in data.decisions
    ], Decision)
    _sync_rectifications(meeting, data)
    _sync_rows(meeting.followups, [
        {**mid, "rectification_id": f.rectification_id, "progress": f.progress.strip(),
         "status": f.status} for f in data.followups
    ], RectificationFollowUp)
    _sync_rows(meeting.grades, [
        {**mid, "member_id": g.member_id, "grade": g.grade} for g in data.grades
    ], AppraisalGrade)
    _sync_rows(meeting.attachments, [
        {**mid, "sha256": a.sha256, "filename": a.filename, "size": a.size,
         "caption": a.caption.strip()} for a in data.attachments
    ], Attachment)
    _update_rectification_status(session, data)
    session.flush()


def _sync_agenda(session: Session, meeting: Meeting, data: MeetingInput) -> None:
    """议题 by position, then each one's candidates by position (a removed 议题 takes its
    candidates with it). A new 议题 has no id before the flush: the relationship fills in
    the candidates' agenda_item_id."""
    before = live(meeting.agenda)
    _sync_rows(meeting.agenda, [
        {"meeting_id": meeting.id, "title": a.title.strip(), "kind": a.kind,
         "content": a.content.strip(), "subject_member_id": a.subject_member_id,
         "votes_yes": a.votes_yes, "votes_no": a.votes_no, "votes_abstain": a.votes_abstain,
         "seats": a.seats, "ballots_issued": a.ballots_issued,
         "ballots_returned": a.ballots_returned, "ballots_invalid": a.ballots_invalid,
         "first_topic": a.first_topic,
         "study_source": a.study_source.strip() if a.first_topic else "",
         "study_date": a.study_date if a.first_topic else None,
         "study_form": a.study_form if a.first_topic else ""} for a in data.agenda
    ], AgendaItem)
    for row in before[len(data.agenda):]:
        _sync_rows(row.candidates, [], ElectionCandidate)
        _sync_rows(row.opinions, [], WrittenOpinion)
    for row, item in zip(live(meeting.agenda), data.agenda, strict=True):
        _sync_rows(row.candidates, [
            {"member_id": c.member_id,
             "name": _candidate_name(session, c), "votes_yes": c.votes_yes,
             "votes_no": c.votes_no, "votes_abstain": c.votes_abstain}
            for c in item.candidates
        ], ElectionCandidate)
        _sync_rows(row.opinions, [{"member_id": o.member_id, "opinion": o.opinion}
                                  for o in item.opinions], WrittenOpinion)


def _candidate_name(session: Session, candidate: CandidateInput) -> str:
    """A member of the roster is named as on the roster."""
    member = session.get(Member, candidate.member_id) if candidate.member_id else None
    return member.name if member else candidate.name.strip()


def _sync_attendance(session: Session, meeting: Meeting, data: MeetingInput,
                     expected: dict[str, RosterEntry]) -> None:
    """Matched by member; category, voting rights and 委员 as on the meeting date (the
    rights stored with each row are the frozen ones a 修订 keeps unless asked)."""
    assert data.date is not None  # check_meeting requires it
    existing = {a.member_id: a for a in live(meeting.attendance)}
    for position, entry in enumerate(data.attendance):
        member = session.get(Member, entry.member_id)
        assert member is not None  # check_meeting requires it
        row = existing.pop(entry.member_id, None)
        if row is None:
            row = Attendance(meeting_id=meeting.id, member_id=entry.member_id, member=member)
            meeting.attendance.append(row)
        person = expected[entry.member_id]
        excluded = entry.status == AttendanceStatus.EXCLUDED
        _assign(row, {"status": entry.status, "reason": entry.reason.strip(),
                      "category": person.category, "voter": person.voter,
                      "committee": person.committee,
                      "exclusion": entry.exclusion if excluded else "",
                      "approval_ref": entry.approval_ref.strip() if excluded else "",
                      "position": position})
    now = utcnow()
    for row in existing.values():
        row.deleted_at = now


def _sync_rectifications(meeting: Meeting, data: MeetingInput) -> None:
    """Matched by id where given: later follow-ups refer to these items."""
    existing = {r.id: r for r in live(meeting.rectifications)}
    for position, item in enumerate(data.rectifications):
        row = existing.pop(item.id, None) if item.id else None
        if row is None:
            row = Rectification(meeting_id=meeting.id)
            meeting.rectifications.append(row)
        _assign(row, {"problem": item.problem.strip(), "measure": item.measure.strip(),
                      "owner": item.owner.strip(), "deadline": item.deadline,
                      "status": item.status, "position": position})
    now = utcnow()
    for row in existing.values():
        row.deleted_at = now


def _update_rectification_status(session: Session, data: MeetingInput) -> None:
    """A follow-up moves the 整改 item to the status reported at that meeting."""
    for entry in data.followups:
        item = session.get(Rectification, entry.rectification_id)
        if item is not None and item.status != entry.status:
            item.status = entry.status


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone().date()


def save_meeting(session: Session, data: MeetingInput, meeting_id: str | None = None, *,
                 today: dt.date | None = None, now: dt.datetime | None = None) -> Meeting:
    """Create or change a draft. A 定稿 record refuses: use amend_meeting with a reason."""
    today = today or dt.date.today()
    expected = check_meeting(session, data, today)
    assert data.date is not None  # check_meeting requires it
    if meeting_id is None:
        entered = now or utcnow()
        late = (_local_date(entered) - data.date).days > settings.get(session, BACKDATED_DAYS)
        # An id now, so the children can refer to it without a flush (and without loading
        # the empty collections of a new record).
        meeting = Meeting(id=new_uuid(), entered_at=entered, backdated=late,
                          status=RecordStatus.DRAFT)
    else:
        meeting = load_meeting(session, meeting_id)
        if meeting.status == RecordStatus.FINAL:
            raise UserError("该记录已定稿，不能直接修改。如需更正，请使用“修订”并说明原因。")
    _apply(session, meeting, data, expected)
    return meeting


def _record_version(session: Session, meeting: Meeting, reason: str,
                    now: dt.datetime) -> MeetingVersion:
    version = MeetingVersion(meeting_id=meeting.id, number=len(live(meeting.versions)) + 1,
                             reason=reason, actor=session.info.get(ACTOR) or default_actor(),
                             snapshot={}, created_at=now, updated_at=now)
    meeting.versions.append(version)
    session.flush()
    version.snapshot = snapshot(computed_detail(session, meeting.id))
    session.flush()
    return version


def finalise_meeting(session: Session, meeting_id: str, *, now: dt.datetime | None = None
                     ) -> Meeting:
    """草稿 → 定稿: refused while an absentee has no reason; stores version 1."""
    meeting = load_meeting(session, meeting_id)
    if meeting.status == RecordStatus.FINAL:
        raise UserError("该记录已经定稿")
    data = input_from_meeting(meeting)
    # The rights of the date, as a draft shows them, are the ones frozen now.
    expected = expected_people(session, data)
    problems = finalise_problems(data, session, expected)
    if problems:
        raise ValidationError(problems)
    _apply(session, meeting, data, check_meeting(session, data, dt.date.max))
    meeting.status = RecordStatus.FINAL
    meeting.finalised_at = now or utcnow()
    _record_version(session, meeting, "定稿", meeting.finalised_at)
    return meeting


def amend_meeting(session: Session, meeting_id: str, data: MeetingInput, reason: str, *,
                  recompute: bool = False, today: dt.date | None = None,
                  now: dt.datetime | None = None) -> Meeting:
    """Change a 定稿 record; the reason is kept and the earlier version stays readable.

    The rights frozen at 定稿 (who was expected, who had a vote, who was 委员) stay as they
    were unless `recompute` asks for the roster of the date as the data now stands."""
    meeting = load_meeting(session, meeting_id)
    if meeting.status != RecordStatus.FINAL:
        raise UserError("只有已定稿的记录需要修订；草稿可直接修改")
    if not reason.strip():
        raise ValidationError({"reason": "请填写修订原因"})
    frozen = None if recompute else live(meeting.attendance)
    expected = check_meeting(session, data, today or dt.date.today(), frozen)
    if frozen is not None:
        # Only the people frozen at 定稿 are expected; someone new in the roster is not.
        entered = {a.member_id for a in data.attendance}
        expected = {k: v for k, v in expected.items()
                    if k in entered or k in {a.member_id for a in frozen}}
    problems = finalise_problems(data, session, expected)
    if problems:
        raise ValidationError(problems)
    _apply(session, meeting, data, expected)
    _record_version(session, meeting, reason.strip(), now or utcnow())
    return meeting


def delete_meeting(session: Session, meeting_id: str) -> None:
    """Only a draft can be deleted (a tombstone); a 定稿 record is part of the 留痕."""
    meeting = load_meeting(session, meeting_id)
    if meeting.status == RecordStatus.FINAL:
        raise UserError("已定稿的记录不能删除")
    meeting.deleted_at = utcnow()
    session.flush()


def input_from_meeting(meeting: Meeting) -> MeetingInput:
    """The stored record as an editable input (for the editor, amendments and copies)."""
    return MeetingInput(
        types=meeting_types(meeting), date=meeting.date, start_time=meeting.start_time,
        end_time=meeting.end_time, title=meeting.title, place=meeting.place,
        group_id=meeting.group_id, chair_name=meeting.chair_name,
        chair_post=meeting.chair_post, recorder_name=meeting.recorder_name,
        guests=[dict(g) for g in meeting.guests or []], summary=meeting.summary,
        attendance=[AttendanceInput(a.member_id, a.status, a.reason, a.exclusion,
                                    a.approval_ref) for a in live(meeting.attendance)],
        agenda=[AgendaInput(a.title, a.kind, a.content, a.subject_member_id, a.votes_yes,
                            a.votes_no, a.votes_abstain, a.seats, a.ballots_issued,
                            a.ballots_returned,
                            [CandidateInput(c.name, c.member_id, c.votes_yes, c.votes_no,
                                            c.votes_abstain) for c in live(a.candidates)],
                            a.ballots_invalid,
                            [OpinionInput(o.member_id, o.opinion) for o in live(a.opinions)],
                            a.first_topic, a.study_source, a.study_date, a.study_form)
                for a in live(meeting.agenda)],
        speeches=[SpeechInput(s.speaker, s.content, s.agenda_position, s.verbatim)
                  for s in live(meeting.speeches)],
        decisions=[DecisionInput(d.content, d.owner, d.deadline)
                   for d in live(meeting.decisions)],
        rectifications=[RectificationInput(r.problem, r.measure, r.owner, r.deadline, r.status,
                                           r.id) for r in live(meeting.rectifications)],
        followups=[FollowUpInput(f.rectification_id, f.progress, f.status)
                   for f in live(meeting.followups)],
        grades=[GradeInput(g.member_id, g.grade) for g in live(meeting.grades)],
        attachments=[AttachmentInput(a.sha256, a.filename, a.size, a.caption)
                     for a in live(meeting.attachments)],
        counts_for_year=meeting.counts_for_year,
    )


def meeting_input(session: Session, meeting_id: str) -> MeetingInput:
    return input_from_meeting(load_meeting(session, meeting_id))
