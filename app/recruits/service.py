"""Recording a track: the person, each step (with its meeting, people and papers), the end
of a track, and the hand-over to the roster at 审批 (预备党员) and at 转正 (正式党员).

Every write checks first and raises a Chinese UserError before anything changes, so the
caller's transaction never keeps half of it.
"""

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.meetings.detail import live
from app.meetings.types import ItemKind, MeetingType
from app.meetings.votes import PASSED, admits_new_member
from app.members.rules import (
    ETHNICITIES,
    GENDERS,
    MemberCategory,
    category_on,
    on_roster,
)
from app.members.service import (
    MemberInput,
    add_member,
    member_input_of,
    name_and_id,
    update_member,
)
from app.records import get_live
from app.recruits import timing
from app.recruits.steps import CONTACT, STEPS
from app.recruits.track import Track, load_track
from base.errors import UserError, ValidationError
from db.models import AgendaItem, Meeting, Member, Recruit, RecruitPaper, RecruitPerson, RecruitStep
from db.types import utcnow

MISSING_RECRUIT = "找不到该发展对象的记录"


@dataclass
class RecruitInput:
    name: str
    id_number: str
    application_date: dt.date | None  # 递交入党申请书: the track's first step
    gender: str = ""
    ethnicity: str = "汉族"
    education: str = ""
    job: str = ""
    phone: str = ""
    notes: str = ""


@dataclass
class StepInput:
    code: str
    date: dt.date | None = None  # a meeting step takes the meeting's date instead
    until: dt.date | None = None
    hours: int | None = None
    meeting_id: str | None = None
    agenda_item_id: str | None = None
    detail: str = ""
    people: list[str] = field(default_factory=list)  # member ids (培养联系人 / 入党介绍人)


def _day(day: dt.date) -> str:
    return f"{day:%Y年%m月%d日}"


def _person_values(session: Session, data: RecruitInput, today: dt.date,
                   recruit_id: str | None = None) -> dict[str, object]:
    errors: dict[str, str] = {}
    name, parsed = name_and_id(data.name, data.id_number, today, errors)
    if parsed is not None:
        clash = session.scalar(select(Recruit).where(
            Recruit.id_number == parsed.number, Recruit.id != recruit_id,
            Recruit.deleted_at.is_(None), Recruit.ended_on.is_(None)))
        if clash is not None:
            errors["id_number"] = f"身份证号与发展对象“{clash.name}”重复"
        elif recruit_id is None and session.scalar(select(Member.id).where(
                Member.id_number == parsed.number, Member.deleted_at.is_(None))):
            errors["id_number"] = "此身份证号已在党员名册中"
    gender = data.gender or (parsed.gender if parsed else "")
    if gender not in GENDERS:
        errors["gender"] = "请选择性别"
    if data.ethnicity not in ETHNICITIES:
        errors["ethnicity"] = "民族应为56个民族之一，如：汉族"
    if data.application_date is None:
        errors["application_date"] = "请填写递交入党申请书的日期"
    elif data.application_date > today:
        errors["application_date"] = "递交入党申请书的日期不能晚于今天"
    elif parsed is not None and data.application_date < timing.adult_from(parsed.birth_date):
        errors["application_date"] = (f"{name}于{_day(parsed.birth_date)}出生，"
                                      f"{_day(data.application_date)}递交申请时未满十八岁"
                                      "（年满十八岁方可申请入党）")
    if errors:
        raise ValidationError(errors)
    assert parsed is not None
    return {"name": name, "id_number": parsed.number, "birth_date": parsed.birth_date,
            "gender": gender, "ethnicity": data.ethnicity, "education": data.education.strip(),
            "job": data.job.strip(), "phone": data.phone.strip(), "notes": data.notes.strip()}


def add_recruit(session: Session, data: RecruitInput, today: dt.date | None = None) -> Recruit:
    """A new track, with its first step (递交入党申请书) and the 入党申请书 received."""
    today = today or dt.date.today()
    values = _person_values(session, data, today)
    recruit = Recruit(**values)
    session.add(recruit)
    session.flush()
    assert data.application_date is not None
    session.add(RecruitStep(recruit_id=recruit.id, step="application",
                            date=data.application_date))
    session.add(RecruitPaper(recruit_id=recruit.id, paper="入党申请书",
                             received_on=data.application_date))
    session.flush()
    return recruit


def update_recruit(session: Session, recruit_id: str, data: RecruitInput,
                   today: dt.date | None = None) -> Recruit:
    today = today or dt.date.today()
    recruit = get_live(session, Recruit, recruit_id, MISSING_RECRUIT)
    values = _person_values(session, data, today, recruit_id)
    application = next(s for s in live(recruit.steps) if s.step == "application")
    later = [s for s in load_track(session, recruit_id).steps
             if s.code != "application" and s.date is not None]
    assert data.application_date is not None
    if later and min(s.date for s in later if s.date) < data.application_date:
        first = min(later, key=lambda s: s.date or dt.date.max)
        raise UserError(f"递交申请日期不能晚于“{first.name}”（{first.date}）")
    for key, value in values.items():
        setattr(recruit, key, value)
    application.date = data.application_date
    session.flush()
    return recruit


def end_track(session: Session, recruit_id: str, day: dt.date, reason: str,
              today: dt.date | None = None) -> None:
    """停止发展: the track stays readable and stops reminding."""
    today = today or dt.date.today()
    recruit = get_live(session, Recruit, recruit_id, MISSING_RECRUIT)
    if not reason.strip():
        raise UserError("请填写停止发展的原因")
    if day > today:
        raise UserError("停止发展的日期不能晚于今天")
    track = load_track(session, recruit_id)
    if track.application_date and day < track.application_date:
        raise UserError("停止发展的日期不能早于递交入党申请书的日期")
    if track.date_of("full_approval"):
        raise UserError(f"{recruit.name}已转为正式党员，发展工作已完成")
    recruit.ended_on, recruit.ended_reason = day, reason.strip()
    session.flush()


def _meeting_date(session: Session, recruit: Recruit, code: str, data: StepInput) -> dt.date:
    """A step decided at a meeting: the meeting of the right type, and for a 支部大会 the
    表决 议题 on this decision. Its date is the meeting's."""
    spec = STEPS[code]
    if not data.meeting_id:
        raise UserError(f"“{spec.name}”请选择作出决定的{spec.meeting}会议记录")
    meeting = get_live(session, Meeting, data.meeting_id, "找不到所选会议记录")
    if spec.meeting not in {t.type for t in live(meeting.type_links)}:
        raise UserError(f"所选会议不是{spec.meeting}，“{spec.name}”应由{spec.meeting}决定")
    if data.agenda_item_id:
        item = session.get(AgendaItem, data.agenda_item_id)
        if item is None or item.deleted_at is not None or item.meeting_id != meeting.id:
            raise UserError("所选议题不在该会议记录中")
        if code == "admission_vote" and not admits_new_member(item.title):
            raise UserError(f"议题“{item.title}”不是接收预备党员的表决")
        if code == "full_vote" and "转正" not in item.title:
            raise UserError(f"议题“{item.title}”不是预备党员转正的表决")
        if item.subject is not None and item.subject_member_id != recruit.member_id:
            raise UserError(f"议题“{item.title}”讨论的是{item.subject.name}，不是{recruit.name}")
        if spec.meeting == MeetingType.GENERAL and item.kind != ItemKind.VOTE:
            raise UserError(f"议题“{item.title}”没有表决，请在会议记录中将其设为表决议题")
    elif spec.meeting == MeetingType.GENERAL:
        raise UserError(f"“{spec.name}”请选择会议中的表决议题（票数在会议记录中登记）")
    return meeting.date


def _people(session: Session, code: str, data: StepInput, day: dt.date) -> list[Member]:
    role = STEPS[code].role
    least, most = (1, 2) if role == CONTACT else (2, 2)
    if len(set(data.people)) != len(data.people):
        raise UserError(f"{role}不能重复")
    if not least <= len(data.people) <= most:
        wanted = f"{least}名" if least == most else f"{least}至{most}名"
        raise UserError(f"{role}应为{wanted}正式党员")
    found = []
    for member_id in data.people:
        member = get_live(session, Member, member_id, "找不到所选党员")
        if not on_roster(member, day):
            raise UserError(f"{member.name}在{_day(day)}不是本支部党员，不能担任{role}")
        if category_on(member, day) != MemberCategory.FULL:
            raise UserError(f"{member.name}在{_day(day)}是预备党员，{role}须由正式党员担任")
        found.append(member)
    return found


def _check_order(track: Track, code: str, day: dt.date, editing: str | None) -> None:
    spec = STEPS[code]
    for before in spec.after:
        earlier = track.date_of(before)
        if earlier is not None and day < earlier:
            raise UserError(f"“{spec.name}”的日期（{day}）不能早于“{STEPS[before].name}”"
                            f"（{earlier}）")
    for done in track.steps:
        if code in STEPS[done.code].after and done.id != editing and done.date \
                and done.date < day:
            raise UserError(f"“{spec.name}”的日期（{day}）不能晚于已登记的“{done.name}”"
                            f"（{done.date}）")


def _check_values(code: str, data: StepInput, day: dt.date, today: dt.date) -> None:
    if day > today:
        raise UserError(f"“{STEPS[code].name}”的日期不能晚于今天")
    if data.until is not None and data.until < day:
        raise UserError("结束日期不能早于开始日期")
    if data.hours is not None and not 0 <= data.hours <= 1000:
        raise UserError("学时应为0至1000之间的整数")


def _vote_passed(track: Track, code: str) -> None:
    """审批 follows a 支部大会 that passed the motion (the result computed from its votes)."""
    vote_step = next(iter(track.done(code)), None)
    name = STEPS[code].name
    if vote_step is None:
        raise UserError(f"请先登记“{name}”")
    vote = vote_step.vote
    if vote is None or vote.result != PASSED:
        result = vote.result if vote and vote.result else "未录入票数"
        reasons = "；".join(vote.messages) if vote else ""
        raise UserError(f"“{name}”的表决结果为“{result}”" + (f"（{reasons}）" if reasons else "")
                        + "，不能登记上级党委审批")


def _hand_over(session: Session, recruit: Recruit, track: Track, code: str, day: dt.date,
               today: dt.date) -> None:
    """审批: onto the roster as 预备党员 (入党日期 = the 支部大会's date); 转正审批: 正式党员
    from 预备期满 (转正日期), with voting rights from the approval."""
    if code == "approval":
        _vote_passed(track, "admission_vote")
        vote_day = track.date_of("admission_vote")
        assert vote_day is not None
        if recruit.member is not None:  # entered in the roster before the track was kept
            if recruit.member.join_date != vote_day:
                raise UserError(f"党员名册中{recruit.name}的入党日期（{recruit.member.join_date}）"
                                f"与支部大会的日期（{vote_day}）不一致，请先更正名册")
            return
        member, _warnings = add_member(session, MemberInput(
            name=recruit.name, id_number=recruit.id_number, category=MemberCategory.PROBATIONARY,
            join_date=vote_day, gender=recruit.gender, birth_date=recruit.birth_date,
            ethnicity=recruit.ethnicity, education=recruit.education, job=recruit.job,
            phone=recruit.phone), today=today)
        recruit.member = member
    elif code == "full_approval":
        _vote_passed(track, "full_vote")
        if recruit.member is None or track.probation_end is None:
            raise UserError(f"{recruit.name}尚未转入党员名册，请先登记“上级党委审批”")
        data = member_input_of(recruit.member)
        # Approved on the 转正日期 itself is stored as no separate approval date.
        data.category, data.full_date, data.full_approved_on = (
            MemberCategory.FULL, track.probation_end, None if day == track.probation_end else day)
        update_member(session, recruit.member.id, data, today=today)


def record_step(session: Session, recruit_id: str, data: StepInput,
                today: dt.date | None = None, step_id: str | None = None) -> RecruitStep:
    """Add a step (or change the one `step_id` names), with its people; 审批 and 转正审批
    hand the person over to the roster."""
    today = today or dt.date.today()
    recruit = get_live(session, Recruit, recruit_id, MISSING_RECRUIT)
    if recruit.ended_on is not None:
        raise UserError(f"{recruit.name}已于{_day(recruit.ended_on)}停止发展")
    spec = STEPS.get(data.code)
    if spec is None:
        raise UserError(f"没有“{data.code}”这个步骤")
    if data.code == "application":
        raise UserError("递交入党申请书的日期请在基本信息中修改")
    track = load_track(session, recruit_id)
    row = None
    if step_id is not None:
        row = get_live(session, RecruitStep, step_id, "找不到该步骤")
        if row.recruit_id != recruit_id or row.step != data.code:
            raise UserError("找不到该步骤")
    elif track.done(data.code) and not spec.recurs:
        raise UserError(f"“{spec.name}”已登记，如需更正请修改该步骤")
    if row is not None and data.code in ("approval", "full_approval"):
        raise UserError(f"“{spec.name}”已转入党员名册，请在党员名册中更正")
    day = _meeting_date(session, recruit, data.code, data) if spec.meeting else data.date
    if day is None:
        raise UserError(f"请填写“{spec.name}”的日期")
    _check_values(data.code, data, day, today)
    _check_order(track, data.code, day, step_id)
    people = _people(session, data.code, data, day) if spec.role else []
    if row is None:
        row = RecruitStep(recruit_id=recruit_id, step=data.code)
        session.add(row)
    row.date = None if spec.meeting else day
    row.until, row.hours, row.detail = data.until, data.hours, data.detail.strip()
    row.meeting_id = data.meeting_id if spec.meeting else None
    row.agenda_item_id = data.agenda_item_id if spec.meeting else None
    if spec.role:
        for old in live(recruit.people):
            if old.role == spec.role:
                old.deleted_at = utcnow()
        for member in people:
            session.add(RecruitPerson(recruit_id=recruit_id, role=spec.role,
                                      member_id=member.id, since=day))
    session.flush()
    _hand_over(session, recruit, track, data.code, day, today)
    session.flush()
    return row


def delete_step(session: Session, recruit_id: str, step_id: str) -> None:
    row = get_live(session, RecruitStep, step_id, "找不到该步骤")
    if row.recruit_id != recruit_id:
        raise UserError("找不到该步骤")
    if row.step == "application":
        raise UserError("递交入党申请书是发展工作的起点，不能删除；如不再发展，请“停止发展”")
    if row.step in ("approval", "full_approval"):
        raise UserError(f"“{STEPS[row.step].name}”已转入党员名册，请在党员名册中更正")
    later = [s for s in load_track(session, recruit_id).steps
             if row.step in STEPS[s.code].after and not STEPS[row.step].recurs]
    if later:
        raise UserError(f"请先删除后面的步骤“{later[0].name}”")
    row.deleted_at = utcnow()
    session.flush()


def set_papers(session: Session, recruit_id: str, received: dict[str, dt.date | None],
               today: dt.date | None = None) -> None:
    """The papers received (a date) or not (None) for the member's file."""
    today = today or dt.date.today()
    recruit = get_live(session, Recruit, recruit_id, MISSING_RECRUIT)
    known = {p for s in STEPS.values() for p in s.papers}
    for paper, day in received.items():
        if paper not in known:
            raise UserError(f"没有“{paper}”这种材料")
        if day is not None and day > today:
            raise UserError(f"“{paper}”的收到日期不能晚于今天")
    current = {p.paper: p for p in live(recruit.papers)}
    for paper, day in received.items():
        row = current.get(paper)
        if day is None and row is not None:
            row.deleted_at = utcnow()
        elif day is not None and row is None:
            session.add(RecruitPaper(recruit_id=recruit_id, paper=paper, received_on=day))
        elif day is not None and row is not None:
            row.received_on = day
    session.flush()
