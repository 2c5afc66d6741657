"""The lists that drive the visiting work: 光荣在党50年 candidates, 老党员 and 困难党员 still
to be visited before 春节 / 七一, and this month's 政治生日."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import settings
from app.members.rules import MembershipStatus, party_age, status_on, whole_years
from app.members.service import list_members
from app.visits import rules
from app.visits.festivals import JULY_FIRST, SPRING_FESTIVAL, festival_day, season
from app.visits.rules import VisitKind
from app.visits.service import list_visits
from db.models import Member, Visit, VisitPerson

MEDAL_YEARS = 50

#: Visits in a festival's season that count as that festival's visits.
FESTIVAL_KINDS = {
    SPRING_FESTIVAL: (VisitKind.SPRING, VisitKind.HARDSHIP_MEMBER, VisitKind.OLD_MEMBER,
                      VisitKind.ILLNESS, VisitKind.HARDSHIP_STAFF),
    JULY_FIRST: (VisitKind.JULY_FIRST, VisitKind.HARDSHIP_MEMBER, VisitKind.OLD_MEMBER,
                 VisitKind.ILLNESS, VisitKind.MEDAL, VisitKind.HARDSHIP_STAFF),
}


def medal_cutoff(year: int) -> dt.date:
    """50 years of 党龄 by 1 July: 转正 on or before this day."""
    return dt.date(year - MEDAL_YEARS, 7, 1)


@dataclass
class MedalCandidate:
    member: Member
    full_date: dt.date
    party_years: int  # on 1 July of the year
    first_year: bool  # reaches 50 years this year
    awarded_on: dt.date | None  # a recorded 纪念章颁发 visit
    left_out: str = ""  # why the member is not proposed although 党龄 qualifies

    @property
    def eligible(self) -> bool:
        return not self.left_out


def _awarded(session: Session) -> dict[str, dt.date]:
    rows = session.execute(
        select(VisitPerson.member_id, Visit.date).join(Visit, Visit.id == VisitPerson.visit_id)
        .where(Visit.deleted_at.is_(None), VisitPerson.deleted_at.is_(None),
               Visit.kind == VisitKind.MEDAL, VisitPerson.member_id.is_not(None))
        .order_by(Visit.date))
    found: dict[str, dt.date] = {}
    for member_id, day in rows:
        if member_id is not None:  # the query keeps members only
            found.setdefault(member_id, day)
    return found


def medal_candidates(session: Session, year: int,
                     today: dt.date | None = None) -> list[MedalCandidate]:
    """Living members on the roster whose 转正日期 is on or before (year − 50)-07-01. The
    medal needs 一贯表现良好: members under 留党察看 or 停止党籍 are listed with the reason
    they are left out, not proposed."""
    today = today or dt.date.today()
    award_day = dt.date(year, 7, 1)
    day = min(award_day, today)
    cutoff = medal_cutoff(year)
    awarded = _awarded(session)
    found = []
    for member in list_members(session, on=day):
        if member.full_date is None or member.full_date > cutoff:
            continue
        status = status_on(member, day)
        left_out = "" if status == MembershipStatus.NORMAL else \
            f"{status}期间，不符合“一贯表现良好”，暂不列入"
        found.append(MedalCandidate(
            member, member.full_date, party_age(member, award_day) or 0,
            member.full_date > medal_cutoff(year - 1), awarded.get(member.id), left_out))
    return sorted(found, key=lambda c: (c.full_date, c.member.name))


def _old_member_test(session: Session) -> Callable[[Member, dt.date], bool]:
    """Whether a member counts as 老党员 on a day, by the configured party age or age (read
    once: a list of hundreds asked the settings twice per member)."""
    party_years = settings.get(session, rules.OLD_PARTY_AGE)
    age = settings.get(session, rules.OLD_AGE)
    return lambda member, on: ((party_age(member, on) or 0) >= party_years
                               or whole_years(member.birth_date, on) >= age)


@dataclass
class FestivalTarget:
    member: Member
    label: str  # 老党员 / 困难党员 / 老党员、困难党员
    visited_on: dt.date | None


def festival_visits(session: Session, festival: str, year: int) -> list[Visit]:
    start, end = season(festival, year)
    return [v for v in list_visits(session, start, end) if v.kind in FESTIVAL_KINDS[festival]]


def festival_targets(session: Session, festival: str, year: int) -> list[FestivalTarget]:
    """老党员 and 困难党员 on the roster at the festival, with their visit in its season."""
    day = festival_day(festival, year)
    visited: dict[str, dt.date] = {}
    for visit in festival_visits(session, festival, year):
        for person in visit.persons:
            if person.member_id and person.deleted_at is None:
                visited.setdefault(person.member_id, visit.date)
    targets = []
    is_old = _old_member_test(session)
    for member in list_members(session, on=day):
        label = "、".join(label for label, applies in (
            (VisitKind.OLD_MEMBER, is_old(member, day)),
            (VisitKind.HARDSHIP_MEMBER, member.hardship)) if applies)
        if label:
            targets.append(FestivalTarget(member, label, visited.get(member.id)))
    return targets


@dataclass
class PoliticalBirthday:
    member: Member
    join_date: dt.date
    years: int


def political_birthdays(session: Session, year: int, month: int) -> list[PoliticalBirthday]:
    """Members on the roster who joined the party in this month of an earlier year."""
    first = dt.date(year, month, 1)
    found = [PoliticalBirthday(m, m.join_date, year - m.join_date.year)
             for m in list_members(session, on=first)
             if m.join_date.month == month and m.join_date.year < year]
    return sorted(found, key=lambda b: (b.join_date.day, b.member.name))
