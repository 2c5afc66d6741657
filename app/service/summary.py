"""A year of volunteer service summed: 人次, 时长, 微心愿 claimed and fulfilled, problems
solved, 办实事, by activity type; each member's own totals in roster order (a record for
the secretary, never a ranking); and who has not served yet this year."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.members.service import list_members
from app.service.records import home_communities, list_activities, live_participants
from app.service.rules import ProblemStatus, WishStatus, activity_types, hours_of
from db.models import Member, ServiceProblem, ServiceWish


@dataclass
class KindTotal:
    activities: int = 0
    person_times: int = 0  # 人次
    minutes: int = 0

    @property
    def hours(self) -> Decimal:
        return hours_of(self.minutes)


@dataclass
class ServiceSummary:
    year: int
    activities: int
    person_times: int
    minutes: int
    wishes_claimed: int
    wishes_done: int
    problems_found: int
    problems_solved: int
    deeds: int  # 办实事: things done in activities + wishes fulfilled + problems solved
    by_kind: dict[str, KindTotal] = field(default_factory=dict)

    @property
    def hours(self) -> Decimal:
        return hours_of(self.minutes)


@dataclass
class MemberTotal:
    member_id: str
    name: str
    home_community: str
    person_times: int
    minutes: int
    wishes_claimed: int
    wishes_done: int
    problems: int  # coordinated, found in the year

    @property
    def hours(self) -> Decimal:
        return hours_of(self.minutes)

    @property
    def served(self) -> bool:
        return bool(self.person_times or self.wishes_claimed or self.problems)


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _wishes(session: Session, year: int) -> tuple[list[ServiceWish], list[ServiceWish]]:
    first, last = _year(year)
    wishes = list(session.scalars(select(ServiceWish).where(
        ServiceWish.deleted_at.is_(None),
        or_(ServiceWish.claimed_on.between(first, last),
            ServiceWish.done_on.between(first, last)))))
    claimed = [w for w in wishes if first <= w.claimed_on <= last]
    done = [w for w in wishes
            if w.status == WishStatus.DONE and w.done_on and first <= w.done_on <= last]
    return claimed, done


def _problems(session: Session, year: int) -> tuple[list[ServiceProblem], list[ServiceProblem]]:
    first, last = _year(year)
    problems = list(session.scalars(select(ServiceProblem).where(
        ServiceProblem.deleted_at.is_(None),
        or_(ServiceProblem.found_on.between(first, last),
            ServiceProblem.solved_on.between(first, last)))))
    found = [p for p in problems if first <= p.found_on <= last]
    solved = [p for p in problems
              if p.status == ProblemStatus.SOLVED and p.solved_on and first <= p.solved_on <= last]
    return found, solved


def service_summary(session: Session, year: int) -> ServiceSummary:
    activities = list_activities(session, year)
    by_kind = {kind: KindTotal() for kind in activity_types(session)}
    for activity in activities:
        total = by_kind.setdefault(activity.kind, KindTotal())
        people = live_participants(activity)
        total.activities += 1
        total.person_times += len(people)
        total.minutes += sum(p.minutes for p in people)
    claimed, done = _wishes(session, year)
    found, solved = _problems(session, year)
    return ServiceSummary(
        year, len(activities), sum(k.person_times for k in by_kind.values()),
        sum(k.minutes for k in by_kind.values()), len(claimed), len(done), len(found),
        len(solved), sum(a.deeds for a in activities) + len(done) + len(solved), by_kind)


def member_totals(session: Session, year: int, today: dt.date | None = None
                  ) -> list[MemberTotal]:
    """Everyone on the roster at the year's end (or today in the current year), in roster
    order, with what they did in the year."""
    _first, last = _year(year)
    members: list[Member] = list_members(session, on=min(last, today or dt.date.today()))
    totals = {m.id: MemberTotal(m.id, m.name, "", 0, 0, 0, 0, 0) for m in members}
    for member_id, home in home_communities(session).items():
        if member_id in totals:
            totals[member_id].home_community = home.community
    for activity in list_activities(session, year):
        for person in live_participants(activity):
            if person.member_id in totals:
                totals[person.member_id].person_times += 1
                totals[person.member_id].minutes += person.minutes
    claimed, done = _wishes(session, year)
    for wish in claimed:
        if wish.member_id in totals:
            totals[wish.member_id].wishes_claimed += 1
    for wish in done:
        if wish.member_id in totals:
            totals[wish.member_id].wishes_done += 1
    found, _solved = _problems(session, year)
    for problem in found:
        if problem.coordinator_id in totals:
            totals[problem.coordinator_id].problems += 1
    return [totals[m.id] for m in members]


def not_served(session: Session, year: int, today: dt.date | None = None) -> list[MemberTotal]:
    """Members on the roster with no service recorded in the year (a private list)."""
    return [t for t in member_totals(session, year, today) if not t.served]
