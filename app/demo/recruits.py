"""The demo's 发展党员: someone at every stage, and one deliberate departure from the 细则.

The members admitted in the last six years get the track that led to their admission
(and 转正), linked to the 党员大会 records the meetings step wrote for them. Newcomers are
at the earlier stages. Steps decided by the 支委会 link that month's 支委会 record. One
发展对象 was decided ten months after becoming an 积极分子, not a year: `recruits check`
finds that and nothing else.
"""

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.demo.people import id_number
from app.meetings.detail import get_meeting_details
from app.meetings.types import MeetingType
from app.meetings.votes import PASSED
from app.members.rules import MemberCategory, probation_until
from app.members.standing import roster_on
from app.recruits.service import RecruitInput, StepInput, add_recruit, record_step, set_papers
from app.recruits.steps import STEPS
from app.recruits.track import load_track
from db.models import AgendaItem, Meeting, MeetingTypeLink, Member, Recruit, RecruitStep

DAY = dt.timedelta(days=1)
REVIEW_GAP = dt.timedelta(days=150)
#: The 发展对象 decided too early (the demo's deliberate violation).
EARLY_NAME = "秦雨桐"
NEWCOMERS = (("何思远", "男", dt.date(1998, 5, 12)), ("吕佳宁", "女", dt.date(2000, 9, 3)),
             ("施文博", "男", dt.date(1995, 1, 27)), ("孔令仪", "女", dt.date(1997, 11, 8)),
             (EARLY_NAME, "女", dt.date(1996, 7, 19)), ("倪子涵", "男", dt.date(1994, 2, 14)))


class _Demo:
    def __init__(self, session: Session, today: dt.date) -> None:
        self.session, self.today = session, today
        self.rng = random.Random(today.toordinal() + 19)  # leaves the shared sequence alone
        meetings = list(session.scalars(
            select(Meeting).join(MeetingTypeLink, MeetingTypeLink.meeting_id == Meeting.id)
            .where(Meeting.deleted_at.is_(None), MeetingTypeLink.deleted_at.is_(None),
                   MeetingTypeLink.type == MeetingType.COMMITTEE).order_by(Meeting.date)))
        details = get_meeting_details(session, [m.id for m in meetings])
        self.committees = [d for d in details if d.committee_present * 2 > d.committee_expected]

    def committee_from(self, day: dt.date) -> str | None:
        """The first quorate 支委会 on or after `day` (None if there is none by today)."""
        return next((d.id for d in self.committees if d.date >= day), None)

    def date_of(self, meeting_id: str) -> dt.date:
        return next(d.date for d in self.committees if d.id == meeting_id)

    def voters(self, day: dt.date, count: int) -> list[str]:
        full = [s.member_id for s in roster_on(self.session, day)
                if s.category == MemberCategory.FULL and s.voter]
        return self.rng.sample(full, count)

    def step(self, recruit: Recruit, code: str, day: dt.date | None = None, *,
             meeting_id: str | None = None, agenda_item_id: str | None = None,
             detail: str = "", people: list[str] | None = None, until: dt.date | None = None,
             hours: int | None = None) -> bool:
        """Record one step if its day has come; False once the track reaches today."""
        if day is not None and day > self.today:
            return False
        record_step(self.session, recruit.id, StepInput(
            code, day, until, hours, meeting_id, agenda_item_id, detail, people or []),
            today=self.today)
        return True

    def committee_step(self, recruit: Recruit, code: str, after: dt.date) -> dt.date | None:
        meeting_id = self.committee_from(after)
        if meeting_id is None or self.date_of(meeting_id) > self.today:
            return None
        self.step(recruit, code, meeting_id=meeting_id)
        return self.date_of(meeting_id)

    def activist_years(self, recruit: Recruit, application: dt.date, *, min_days: int = 366
                       ) -> dt.date | None:
        """Talk, 积极分子 and its 考察 every five months; then 发展对象 after `min_days`.
        Returns the day they became a 发展对象 (None if not yet)."""
        self.step(recruit, "talk", application + 18 * DAY, detail="组织委员")
        activist = self.committee_step(recruit, "activist", application + 40 * DAY)
        if activist is None:
            return None
        self.step(recruit, "activist_filed", activist + 7 * DAY, detail="机关党委备案")
        self.step(recruit, "contacts", activist, people=self.voters(activist, 2))
        earliest = activist + dt.timedelta(days=min_days)
        candidate_meeting = self.committee_from(earliest)
        candidate_day = self.date_of(candidate_meeting) if candidate_meeting else None
        review = activist + REVIEW_GAP
        while review <= self.today and (candidate_day is None or review < candidate_day):
            self.step(recruit, "review", review)
            review += REVIEW_GAP
        if candidate_day is None or candidate_day > self.today:
            return None
        self.step(recruit, "candidate", meeting_id=candidate_meeting)
        return candidate_day

    def candidate_steps(self, recruit: Recruit, candidate: dt.date) -> dt.date | None:
        """Filing, 介绍人, 政审, 集中培训; then the 支委会 审查. Returns its day."""
        self.step(recruit, "candidate_filed", candidate + 5 * DAY, detail="机关党委备案")
        self.step(recruit, "introducers", candidate + 5 * DAY,
                  people=self.voters(candidate + 5 * DAY, 2))
        self.step(recruit, "vetting", candidate + 12 * DAY)
        self.step(recruit, "training", candidate + 15 * DAY, until=candidate + 17 * DAY,
                  hours=24)
        return self.committee_step(recruit, "committee_review", candidate + 20 * DAY)

    def papers(self, recruit: Recruit) -> None:
        """Every paper of the steps done is in the file, received on the step's day."""
        received: dict[str, dt.date | None] = {}
        for step in load_track(self.session, recruit.id).steps:
            for paper in STEPS[step.code].papers:
                if step.date is not None and paper not in received:
                    received[paper] = step.date
        set_papers(self.session, recruit.id, received, today=self.today)


def _vote_item(session: Session, member: Member, word: str) -> AgendaItem | None:
    """The 表决 on this member's 接收 or 转正 that passed, from the meetings step."""
    items = list(session.scalars(select(AgendaItem).join(Meeting).where(
        AgendaItem.subject_member_id == member.id, AgendaItem.deleted_at.is_(None),
        Meeting.deleted_at.is_(None), AgendaItem.title.contains(word),
        AgendaItem.title.not_like("%延长%"))))
    if len(items) != 1:
        return None
    detail = get_meeting_details(session, [items[0].meeting_id])[0]
    line = next((a for a in detail.agenda if a.title == items[0].title), None)
    return items[0] if line and line.vote and line.vote.result == PASSED else None


def _admitted(demo: _Demo, member: Member) -> None:
    """The track of a member the branch admitted: linked to his roster entry and votes."""
    session, today = demo.session, demo.today
    admission = _vote_item(session, member, "接收")
    if admission is None:
        return
    application = member.join_date - dt.timedelta(days=800)
    recruit = Recruit(name=member.name, gender=member.gender, id_number=member.id_number,
                      birth_date=member.birth_date, ethnicity=member.ethnicity,
                      education=member.education, job=member.job, phone=member.phone,
                      member=member)
    session.add(recruit)
    session.add(RecruitStep(recruit=recruit, step="application", date=application))
    session.flush()
    candidate = demo.activist_years(recruit, application)
    review = demo.candidate_steps(recruit, candidate) if candidate else None
    if review is None or review + 14 * DAY >= member.join_date:
        raise AssertionError(f"demo track of {member.name} does not fit before the 支部大会")
    demo.step(recruit, "pre_review", review + 7 * DAY, detail="机关党委预审，公示5个工作日无异议")
    demo.step(recruit, "pledge", review + 14 * DAY)
    demo.step(recruit, "admission_vote", meeting_id=admission.meeting_id,
              agenda_item_id=admission.id)
    approval = member.join_date + 20 * DAY
    for code, day in (("upper_talk", member.join_date + 7 * DAY), ("approval", approval),
                      ("placed", approval + 2 * DAY), ("oath", approval + 5 * DAY),
                      ("approval_filed", approval + 10 * DAY)):
        if not demo.step(recruit, code, day):
            break
    for day in (member.join_date + REVIEW_GAP, member.join_date + 2 * REVIEW_GAP):
        demo.step(recruit, "probation_review", day)
    end = probation_until(member.join_date, None)
    if member.full_date is None:
        if end - 20 * DAY <= today and not member.periods:
            demo.step(recruit, "full_application", end - 20 * DAY)
    elif (full := _vote_item(session, member, "转正")) is not None:
        demo.step(recruit, "full_application", end - 20 * DAY)
        demo.step(recruit, "full_vote", meeting_id=full.meeting_id, agenda_item_id=full.id)
        demo.step(recruit, "full_approval", member.full_date, detail="机关党委批复")
        demo.step(recruit, "archive", member.full_date + 10 * DAY)
    demo.papers(recruit)


def _newcomer(demo: _Demo, index: int, name: str, gender: str, birth: dt.date) -> None:
    """Stages by index: 入党申请人 (two), 积极分子, 发展对象, the one decided too early,
    and one awaiting the 支部大会."""
    back = (12, 50, 420, 720, 620, 760)[index]
    application = demo.today - dt.timedelta(days=back)
    recruit = add_recruit(demo.session, RecruitInput(
        name, id_number(demo.rng, birth, gender), application, gender=gender,
        education="大学本科", job="科员", phone=f"1380000{index:04d}"), today=demo.today)
    if index == 0:
        return demo.papers(recruit)
    if index == 1:
        demo.step(recruit, "talk", application + 15 * DAY, detail="组织委员")
        return demo.papers(recruit)
    # An 积极分子 not yet due to become a 发展对象; one decided ten months early.
    min_days = {2: 3650, 4: 300}.get(index, 366)
    candidate = demo.activist_years(recruit, application, min_days=min_days)
    if candidate is not None and index == 5:
        review = demo.candidate_steps(recruit, candidate)
        if review is not None:
            demo.step(recruit, "pre_review", review + 7 * DAY, detail="机关党委预审")
            demo.step(recruit, "pledge", review + 14 * DAY)
    elif candidate is not None:
        for code, offset in (("candidate_filed", 5), ("vetting", 12)):
            demo.step(recruit, code, candidate + offset * DAY, detail="机关党委备案"
                      if code == "candidate_filed" else "")
        demo.step(recruit, "introducers", candidate + 5 * DAY,
                  people=demo.voters(candidate + 5 * DAY, 2))
    demo.papers(recruit)


def populate(session: Session, rng: random.Random, today: dt.date) -> None:
    demo = _Demo(session, today)
    since = today - dt.timedelta(days=6 * 365)
    recent = session.scalars(select(Member).where(
        Member.deleted_at.is_(None), Member.join_date >= since,
        Member.join_date <= today - dt.timedelta(days=40)).order_by(Member.join_date))
    for member in list(recent):
        if not member.transfers:
            _admitted(demo, member)
    for index, (name, gender, birth) in enumerate(NEWCOMERS):
        _newcomer(demo, index, name, gender, birth)
