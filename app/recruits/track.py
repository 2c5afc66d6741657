"""A person's track as it reads: every step done (a meeting step with the meeting's date and
vote, computed by the meetings module), the people named, the papers, and what comes next."""

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.meetings.detail import MeetingDetail, VoteLine, get_meeting_details, live
from app.members.rules import extension, probation_until
from app.recruits import timing
from app.recruits.steps import (
    ENDED,
    FULL_MEMBER,
    IDENTITIES,
    STAGES,
    STEP_LIST,
    STEPS,
)
from base.errors import UserError
from db.models import Member, Recruit, RecruitStep


@dataclass
class DoneStep:
    id: str
    code: str
    number: int
    name: str
    date: dt.date | None  # a meeting step: the meeting's date
    until: dt.date | None
    hours: int | None
    detail: str
    meeting_id: str | None
    agenda_item_id: str | None
    meeting_heading: str = ""
    meeting_types: list[str] = field(default_factory=list)
    agenda_title: str = ""
    vote: VoteLine | None = None  # computed by the meetings module
    committee_expected: int = 0
    committee_present: int = 0


@dataclass
class PersonLine:
    id: str
    role: str
    member_id: str
    name: str
    since: dt.date


@dataclass
class NextStep:
    code: str
    name: str
    earliest: dt.date | None
    latest: dt.date | None
    rule: str = ""


@dataclass
class Track:
    id: str
    name: str
    gender: str
    id_number: str
    birth_date: dt.date
    ethnicity: str
    education: str
    job: str
    phone: str
    member_id: str | None
    ended_on: dt.date | None
    ended_reason: str
    notes: str
    steps: list[DoneStep]  # in the order of the 细则, recurring ones by date
    people: list[PersonLine]
    papers: dict[str, dt.date]  # paper -> received on
    probation_end: dt.date | None  # 预备期满 (with any 延长预备期)
    extension_months: int | None
    full_date: dt.date | None  # on the roster: 转正日期

    def done(self, code: str) -> list[DoneStep]:
        return [s for s in self.steps if s.code == code]

    def date_of(self, code: str) -> dt.date | None:
        """The day a step was done (the latest, for a recurring one)."""
        dates = [s.date for s in self.done(code) if s.date is not None]
        return max(dates) if dates else None

    @property
    def application_date(self) -> dt.date | None:
        return self.date_of("application")

    @property
    def stage(self) -> int:
        reached = [STEPS[s.code].stage for s in self.steps]
        return max(reached, default=0)

    @property
    def stage_name(self) -> str:
        return STAGES[self.stage]

    @property
    def identity(self) -> str:
        if self.ended_on is not None:
            return ENDED
        if self.date_of("full_approval"):
            return FULL_MEMBER
        if self.date_of("approval"):
            return IDENTITIES[4]
        return IDENTITIES[min(self.stage, 3)]

    @property
    def complete(self) -> bool:
        return self.date_of("archive") is not None

    def people_in(self, role: str) -> list[PersonLine]:
        return [p for p in self.people if p.role == role]

    def missing_papers(self) -> list[tuple[str, str]]:
        """(step name, paper) for each paper of a step done that is not received."""
        return [(STEPS[code].name, paper) for code in dict.fromkeys(s.code for s in self.steps)
                for paper in STEPS[code].papers if paper not in self.papers]

    def next_step(self) -> NextStep | None:
        """The first step of the 细则 not done whose steps before it are done."""
        if self.ended_on is not None:
            return None
        for spec in STEP_LIST:
            if spec.recurs or self.done(spec.code):
                continue
            if all(self.date_of(code) for code in spec.after):
                return self.window_of(spec.code)
        return None

    def review_due(self) -> NextStep | None:
        """The next half-yearly 考察 of an 积极分子 (until they become a 发展对象)."""
        activist = self.date_of("activist")
        if activist is None or self.date_of("candidate") or self.ended_on is not None:
            return None
        last = max(activist, self.date_of("review") or activist)
        window = timing.review_window(last)
        return NextStep("review", STEPS["review"].name, window.earliest, window.latest,
                        window.rule)

    def window_of(self, code: str) -> NextStep:
        """The earliest and latest day of a step, from the steps before it and the rules."""
        spec = STEPS[code]
        window = self._rule_window(code) or timing.Window(None, None, "")
        bounds = [d for d in (*(self.date_of(c) for c in spec.after), window.earliest)
                  if d is not None]
        return NextStep(code, spec.name, max(bounds, default=None), window.latest, window.rule)

    def _rule_window(self, code: str) -> timing.Window | None:
        dates = {"talk": "application", "candidate": "activist", "approval": "admission_vote",
                 "full_approval": "full_vote"}
        makers = {"talk": timing.talk_window, "candidate": timing.candidate_window,
                  "approval": timing.approval_window,
                  "full_approval": timing.full_approval_window}
        if code in makers and (day := self.date_of(dates[code])) is not None:
            return makers[code](day)
        if code == "full_vote" and self.probation_end is not None:
            return timing.full_vote_window(self.probation_end)
        return None


def _probation(recruit: Recruit, vote: dt.date | None) -> tuple[dt.date | None, int | None]:
    """预备期满 and the months of any 延长预备期 (from the member's status history)."""
    member = recruit.member
    start = member.join_date if member is not None else vote
    if start is None:
        return None, None
    extended = extension(member) if member is not None else None
    return probation_until(start, extended), extended.months if extended else None


def _done_step(row: RecruitStep, details: dict[str, MeetingDetail]) -> DoneStep:
    done = DoneStep(row.id, row.step, STEPS[row.step].number, STEPS[row.step].name, row.date,
                    row.until, row.hours, row.detail, row.meeting_id, row.agenda_item_id)
    detail = details.get(row.meeting_id or "")
    if detail is None:
        return done
    done.date = detail.date
    done.meeting_heading, done.meeting_types = detail.heading, detail.types
    done.committee_expected = detail.committee_expected
    done.committee_present = detail.committee_present
    meeting = row.meeting
    items = live(meeting.agenda) if meeting is not None else []
    index = next((i for i, item in enumerate(items) if item.id == row.agenda_item_id), None)
    if index is not None and index < len(detail.agenda):
        line = detail.agenda[index]
        done.agenda_title, done.vote = line.title, line.vote
    return done


def _order(step: DoneStep) -> tuple[int, dt.date]:
    return step.number, step.date or dt.date.min


def build_track(recruit: Recruit, details: dict[str, MeetingDetail]) -> Track:
    steps = sorted((_done_step(s, details) for s in live(recruit.steps) if s.step in STEPS),
                   key=_order)
    vote = next((s.date for s in steps if s.code == "admission_vote"), None)
    probation_end, months = _probation(recruit, vote)
    member = recruit.member
    return Track(
        recruit.id, recruit.name, recruit.gender, recruit.id_number, recruit.birth_date,
        recruit.ethnicity, recruit.education, recruit.job, recruit.phone, recruit.member_id,
        recruit.ended_on, recruit.ended_reason, recruit.notes, steps,
        sorted((PersonLine(p.id, p.role, p.member_id, _name(p.member), p.since)
                for p in live(recruit.people)), key=lambda p: (p.role, p.since, p.name)),
        {p.paper: p.received_on for p in live(recruit.papers)},
        probation_end if vote is not None else None, months,
        member.full_date if member is not None else None)


def _name(member: Member | None) -> str:
    """A 介绍人's name; a city's copy may not hold the member yet (sent in a later package)."""
    return member.name if member is not None else ""


def _recruits(session: Session, ids: list[str] | None = None) -> list[Recruit]:
    query = (select(Recruit).where(Recruit.deleted_at.is_(None))
             .options(selectinload(Recruit.steps).joinedload(RecruitStep.meeting),
                      selectinload(Recruit.people), selectinload(Recruit.papers),
                      selectinload(Recruit.member).selectinload(Member.periods))
             .order_by(Recruit.name)
             .execution_options(populate_existing=True))  # fresh after a step is added
    if ids is not None:
        query = query.where(Recruit.id.in_(ids))
    return list(session.scalars(query))


def _details(session: Session, recruits: list[Recruit]) -> dict[str, MeetingDetail]:
    """The deciding meetings as they read; one deleted (or not in a city's copy) is left
    out, and the check says so."""
    ids = sorted({s.meeting_id for r in recruits for s in live(r.steps)
                  if s.meeting_id and s.meeting is not None and s.meeting.deleted_at is None})
    return {d.id: d for d in get_meeting_details(session, ids)} if ids else {}


def load_tracks(session: Session) -> list[Track]:
    recruits = _recruits(session)
    details = _details(session, recruits)
    return sorted((build_track(r, details) for r in recruits),
                  key=lambda t: (t.application_date or dt.date.max, t.name))


def load_track(session: Session, recruit_id: str) -> Track:
    found = _recruits(session, [recruit_id])
    if not found:
        raise UserError("找不到该发展对象的记录")
    return build_track(found[0], _details(session, found))
