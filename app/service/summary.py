"""A year of volunteer service summed: 人次, 时长, 微心愿 claimed and fulfilled, problems
solved, 办实事, by activity type; each member's own totals in roster order (a record for
the secretary, never a ranking); and who has not served yet this year."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.members.service import list_members
from app.service.records import home_communities, list_activities, live_participants
from app.service.rules import ProblemStatus, WishStatus, activity_types, hours_of
from db.models import Member, ServiceActivity, ServiceParticipant, ServiceProblem, ServiceWish


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


def _wishes(session: Session, year: int) -> tuple[list[str], list[str]]:
    """Who claimed each 微心愿 claimed in the year, and who each fulfilled in it."""
    first, last = _year(year)
    rows = session.execute(select(
        ServiceWish.member_id, ServiceWish.claimed_on, ServiceWish.status, ServiceWish.done_on)
        .where(ServiceWish.deleted_at.is_(None),
               or_(ServiceWish.claimed_on.between(first, last),
                   ServiceWish.done_on.between(first, last)))).all()
    claimed = [member for member, claimed_on, _s, _d in rows if first <= claimed_on <= last]
    done = [member for member, _c, status, done_on in rows
            if status == WishStatus.DONE and done_on and first <= done_on <= last]
    return claimed, done


def _problems(session: Session, year: int) -> tuple[list[str | None], int]:
    """The coordinator of each problem found in the year, and how many were solved in it."""
    first, last = _year(year)
    rows = session.execute(select(
        ServiceProblem.coordinator_id, ServiceProblem.found_on, ServiceProblem.status,
        ServiceProblem.solved_on)
        .where(ServiceProblem.deleted_at.is_(None),
               or_(ServiceProblem.found_on.between(first, last),
                   ServiceProblem.solved_on.between(first, last)))).all()
    found = [coordinator for coordinator, found_on, _s, _d in rows if first <= found_on <= last]
    solved = sum(1 for _c, _f, status, solved_on in rows
                 if status == ProblemStatus.SOLVED and solved_on and first <= solved_on <= last)
    return found, solved


def service_summary(session: Session, year: int) -> ServiceSummary:
    """Counted from the year's rows in a few queries (the city sums hundreds of branches)."""
    in_year = (ServiceActivity.deleted_at.is_(None),
               ServiceActivity.date.between(*_year(year)))
    served = {activity_id: (people, minutes) for activity_id, people, minutes in session.execute(
        select(ServiceParticipant.activity_id, func.count(), func.sum(ServiceParticipant.minutes))
        .join(ServiceActivity, ServiceActivity.id == ServiceParticipant.activity_id)
        .where(*in_year, ServiceParticipant.deleted_at.is_(None))
        .group_by(ServiceParticipant.activity_id))}
    by_kind = {kind: KindTotal() for kind in activity_types(session)}
    deeds = 0
    activities = session.execute(
        select(ServiceActivity.id, ServiceActivity.kind, ServiceActivity.deeds).where(*in_year)
        .order_by(ServiceActivity.date.desc(), ServiceActivity.created_at.desc())).all()
    for activity_id, kind, done in activities:
        total = by_kind.setdefault(kind, KindTotal())
        people, minutes = served.get(activity_id, (0, 0))
        total.activities += 1
        total.person_times += people
        total.minutes += minutes
        deeds += done
    claimed, fulfilled = _wishes(session, year)
    found, solved = _problems(session, year)
    return ServiceSummary(
        year, len(activities), sum(k.person_times for k in by_kind.values()),
        sum(k.minutes for k in by_kind.values()), len(claimed), len(fulfilled), len(found),
        solved, deeds + len(fulfilled) + solved, by_kind)


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
    claimed, fulfilled = _wishes(session, year)
    for member_id in claimed:
        if member_id in totals:
            totals[member_id].wishes_claimed += 1
    for member_id in fulfilled:
        if member_id in totals:
            totals[member_id].wishes_done += 1
    found, _solved = _problems(session, year)
    for coordinator_id in found:
        if coordinator_id in totals:
            totals[coordinator_id].problems += 1
    return [totals[m.id] for m in members]


def not_served(session: Session, year: int, today: dt.date | None = None) -> list[MemberTotal]:
    """Members on the roster with no service recorded in the year (a private list)."""
    return [t for t in member_totals(session, year, today) if not t.served]
