"""Recording volunteer service: the branch's 报到社区, members' 居住地社区, 志愿服务 with its
participants, 微心愿 and community problems. Each save checks everything first and writes
in the caller's transaction, so nothing is saved half-way."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.members.service import get_member
from app.records import get_live, retire
from app.service.rules import (
    DAY_MINUTES,
    ORIGINS,
    PROBLEM_STATUSES,
    WISH_STATUSES,
    ProblemStatus,
    WishStatus,
    activity_types,
    hours_text,
    minutes_of,
    was_on_roster,
)
from base.errors import UserError, ValidationError
from db.models import (
    Member,
    ServiceActivity,
    ServiceCommunity,
    ServiceHome,
    ServiceParticipant,
    ServiceProblem,
    ServiceWish,
)
from db.types import utcnow

MAX_DEEDS = 999


@dataclass
class ParticipantInput:
    member_id: str
    hours: Decimal | str | None  # hours served that day, e.g. Decimal("2.5")


@dataclass
class ActivityInput:
    date: dt.date | None
    community: str
    kind: str
    participants: list[ParticipantInput]
    content: str = ""
    deeds: int = 0  # 办实事件数


@dataclass
class WishInput:
    community: str
    resident: str
    wish: str
    member_id: str | None
    claimed_on: dt.date | None
    status: str = WishStatus.CLAIMED
    done_on: dt.date | None = None
    result: str = ""


@dataclass
class ProblemInput:
    found_on: dt.date | None
    community: str
    origin: str
    description: str
    coordinator_id: str | None = None
    status: str = ProblemStatus.WAITING
    solved_on: dt.date | None = None
    result: str = ""


@dataclass
class CommunityInput:
    community: str
    reported_on: dt.date | None
    contact: str = ""
    phone: str = ""


@dataclass
class _Checks:
    """Errors by field, collected before anything is written."""

    today: dt.date
    errors: dict[str, str] = field(default_factory=dict)

    def day(self, key: str, day: dt.date | None, what: str) -> None:
        if day is None:
            self.errors[key] = f"请填写{what}"
        elif day > self.today:
            self.errors[key] = f"{what}不能晚于今天"

    def text(self, key: str, value: str, what: str, limit: int) -> None:
        if not value.strip():
            self.errors[key] = f"请填写{what}"
        elif len(value.strip()) > limit:
            self.errors[key] = f"{what}不能超过{limit}个字"

    def member(self, session: Session, key: str, member_id: str | None, day: dt.date | None,
               role: str) -> Member | None:
        """The member, who must have been on the roster that day."""
        if not member_id:
            self.errors[key] = f"请选择{role}"
            return None
        try:
            member = get_member(session, member_id)
        except UserError:
            self.errors[key] = f"{role}不在党员名册中"
            return None
        if day is not None and not was_on_roster(member, day):
            self.errors[key] = f"{member.name}在{day:%Y-%m-%d}不在本支部名册中，不能作为{role}"
        return member

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


# --- 报到社区 and 居住地社区 -------------------------------------------------------------------

@dataclass(frozen=True)
class CommunityRow:
    id: str
    reported_on: dt.date
    community: str
    contact: str
    phone: str


def list_communities(session: Session) -> list[CommunityRow]:
    """Every 报到社区 the branch reported to, the latest first (the first is the current one)."""
    return [CommunityRow(c.id, c.reported_on, c.community, c.contact, c.phone)
            for c in session.scalars(select(ServiceCommunity)
                                     .where(ServiceCommunity.deleted_at.is_(None))
                                     .order_by(ServiceCommunity.reported_on.desc(),
                                               ServiceCommunity.created_at.desc()))]


def current_community(session: Session) -> ServiceCommunity | None:
    return session.scalars(select(ServiceCommunity).where(ServiceCommunity.deleted_at.is_(None))
                           .order_by(ServiceCommunity.reported_on.desc(),
                                     ServiceCommunity.created_at.desc())).first()


def save_community(session: Session, data: CommunityInput, today: dt.date | None = None
                   ) -> ServiceCommunity:
    """The branch reports to a (new) community; the earlier report stays in the history."""
    checks = _Checks(today or dt.date.today())
    checks.text("community", data.community, "报到社区", 100)
    checks.day("reported_on", data.reported_on, "报到日期")
    checks.raise_if_any()
    record = ServiceCommunity(community=data.community.strip(), contact=data.contact.strip(),
                              phone=data.phone.strip(), reported_on=data.reported_on)
    session.add(record)
    session.flush()
    return record


def home_communities(session: Session) -> dict[str, ServiceHome]:
    """Member id -> the latest 居住地社区 recorded."""
    homes: dict[str, ServiceHome] = {}
    for home in session.scalars(select(ServiceHome).where(ServiceHome.deleted_at.is_(None))
                                .order_by(ServiceHome.created_at)):
        homes[home.member_id] = home
    return homes


def save_home(session: Session, member_id: str, community: str, reported_on: dt.date | None,
              today: dt.date | None = None) -> ServiceHome:
    """A member's 居住地社区 (回家报到); an empty community clears it."""
    checks = _Checks(today or dt.date.today())
    if len(community.strip()) > 100:
        checks.errors["community"] = "居住地社区不能超过100个字"
    if reported_on is not None and reported_on > checks.today:
        checks.errors["reported_on"] = "报到日期不能晚于今天"
    member = checks.member(session, "member", member_id, reported_on, "报到党员")
    checks.raise_if_any()
    assert member is not None
    current = home_communities(session).get(member.id)
    if current is not None:
        current.deleted_at = utcnow()
    home = ServiceHome(member_id=member.id, community=community.strip(), reported_on=reported_on)
    session.add(home)
    session.flush()
    return home


# --- 志愿服务 ---------------------------------------------------------------------------------

def _minutes_elsewhere(session: Session, day: dt.date, activity_id: str | None
                       ) -> dict[str, int]:
    """Minutes each member already served on that day in other activities."""
    query = (select(ServiceParticipant.member_id, ServiceParticipant.minutes)
             .join(ServiceActivity, ServiceActivity.id == ServiceParticipant.activity_id)
             .where(ServiceActivity.deleted_at.is_(None), ServiceParticipant.deleted_at.is_(None),
                    ServiceActivity.date == day))
    if activity_id:
        query = query.where(ServiceActivity.id != activity_id)
    served: dict[str, int] = {}
    for member_id, minutes in session.execute(query):
        served[member_id] = served.get(member_id, 0) + minutes
    return served


def check_activity(session: Session, data: ActivityInput, activity_id: str | None = None,
                   today: dt.date | None = None) -> list[int]:
    """Raise ValidationError for what is refused; the participants' minutes otherwise."""
    checks = _Checks(today or dt.date.today())
    checks.day("date", data.date, "服务日期")
    checks.text("community", data.community, "服务社区", 100)
    if data.kind not in activity_types(session):
        checks.errors["kind"] = "活动类型应为：" + "、".join(activity_types(session))
    if len(data.content.strip()) > 2000:
        checks.errors["content"] = "服务内容不能超过2000个字"
    if not 0 <= data.deeds <= MAX_DEEDS:
        checks.errors["deeds"] = f"办实事件数应在0到{MAX_DEEDS}之间"
    if not data.participants:
        checks.errors["participants"] = "请至少选择一名参加服务的党员"
    earlier = _minutes_elsewhere(session, data.date, activity_id) if data.date else {}
    seen: set[str] = set()
    minutes: list[int] = []
    for index, entry in enumerate(data.participants, start=1):
        key = f"participants.{index}"
        member = checks.member(session, key, entry.member_id, data.date, "参加服务的党员")
        served = minutes_of(entry.hours)
        minutes.append(served or 0)
        if member is None:
            continue
        if member.id in seen:
            checks.errors[key] = f"{member.name}重复"
        seen.add(member.id)
        if served is None or served <= 0:
            checks.errors[key] = f"{member.name}的服务时长应大于0小时"
        elif served > DAY_MINUTES:
            checks.errors[key] = f"{member.name}的服务时长不能超过24小时"
        elif served + earlier.get(member.id, 0) > DAY_MINUTES:
            checks.errors[key] = (f"{member.name}在{data.date:%Y-%m-%d}的服务时长合计超过24小时"
                                  f"（当天其他服务已记 {hours_text(earlier[member.id])} 小时）")
    checks.raise_if_any()
    return minutes


def get_activity(session: Session, activity_id: str) -> ServiceActivity:
    return get_live(session, ServiceActivity, activity_id, "找不到该志愿服务记录")


def live_participants(activity: ServiceActivity) -> list[ServiceParticipant]:
    return [p for p in activity.participants if p.deleted_at is None]


def save_activity(session: Session, data: ActivityInput, activity_id: str | None = None,
                  today: dt.date | None = None) -> ServiceActivity:
    minutes = check_activity(session, data, activity_id, today)
    assert data.date is not None  # checked above
    activity = get_activity(session, activity_id) if activity_id else ServiceActivity()
    activity.date, activity.community, activity.kind = (data.date, data.community.strip(),
                                                         data.kind)
    activity.content, activity.deeds = data.content.strip(), data.deeds
    session.add(activity)
    session.flush()
    now = utcnow()
    for old in live_participants(activity):
        old.deleted_at = now
    session.add_all(ServiceParticipant(activity_id=activity.id, member_id=entry.member_id,
                                       position=position, minutes=served)
                    for position, (entry, served) in enumerate(
                        zip(data.participants, minutes, strict=True)))
    session.flush()
    session.refresh(activity, ["participants"])
    return activity


def delete_activity(session: Session, activity_id: str) -> None:
    activity = get_activity(session, activity_id)
    now = utcnow()
    for participant in live_participants(activity):
        participant.deleted_at = now
    activity.deleted_at = now
    session.flush()


def list_activities(session: Session, year: int | None = None) -> list[ServiceActivity]:
    """Newest first, with their participants."""
    query = (select(ServiceActivity).where(ServiceActivity.deleted_at.is_(None))
             .options(selectinload(ServiceActivity.participants))
             .order_by(ServiceActivity.date.desc(), ServiceActivity.created_at.desc()))
    if year is not None:
        query = query.where(ServiceActivity.date.between(dt.date(year, 1, 1),
                                                         dt.date(year, 12, 31)))
    return list(session.scalars(query))


def activity_input(activity: ServiceActivity) -> ActivityInput:
    return ActivityInput(activity.date, activity.community, activity.kind,
                         [ParticipantInput(p.member_id, Decimal(p.minutes) / 60)
                          for p in live_participants(activity)],
                         activity.content, activity.deeds)


# --- 微心愿 -----------------------------------------------------------------------------------

def save_wish(session: Session, data: WishInput, wish_id: str | None = None,
              today: dt.date | None = None) -> ServiceWish:
    """认领 → 完成: a finished wish has its date, on or after the claim, not in the future."""
    checks = _Checks(today or dt.date.today())
    checks.text("community", data.community, "社区", 100)
    checks.text("resident", data.resident, "许愿群众", 50)
    checks.text("wish", data.wish, "心愿内容", 500)
    checks.day("claimed_on", data.claimed_on, "认领日期")
    checks.member(session, "member", data.member_id, data.claimed_on, "认领党员")
    if data.status not in WISH_STATUSES:
        checks.errors["status"] = "状态应为：" + "、".join(WISH_STATUSES)
    elif data.status == WishStatus.DONE:
        checks.day("done_on", data.done_on, "完成日期")
        if data.done_on and data.claimed_on and data.done_on < data.claimed_on:
            checks.errors["done_on"] = "完成日期不能早于认领日期"
    elif data.done_on is not None:
        checks.errors["done_on"] = "尚未完成的微心愿不填写完成日期"
    checks.raise_if_any()
    assert data.member_id is not None and data.claimed_on is not None  # checked above
    wish = get_live(session, ServiceWish, wish_id, "找不到该微心愿") if wish_id else ServiceWish()
    wish.community, wish.resident, wish.wish = (data.community.strip(), data.resident.strip(),
                                                data.wish.strip())
    wish.member_id, wish.claimed_on = data.member_id, data.claimed_on
    wish.status, wish.done_on, wish.result = data.status, data.done_on, data.result.strip()
    session.add(wish)
    session.flush()
    return wish


def wish_input(session: Session, wish_id: str) -> WishInput:
    """The stored wish as an editable input."""
    wish = get_live(session, ServiceWish, wish_id, "找不到该微心愿")
    return WishInput(wish.community, wish.resident, wish.wish, wish.member_id, wish.claimed_on,
                     wish.status, wish.done_on, wish.result)


def _begun_or_ended_in(session: Session, model: Any, begun: Any, ended: Any,
                       year: int | None) -> list[Any]:
    """Live rows begun or ended in the year (all when no year), newest begun first."""
    query = select(model).where(model.deleted_at.is_(None)).order_by(begun.desc())
    if year is not None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        query = query.where(begun.between(first, last) | ended.between(first, last))
    return list(session.scalars(query))


def list_wishes(session: Session, year: int | None = None) -> list[ServiceWish]:
    """Wishes claimed in the year, or finished in it, newest claim first."""
    return _begun_or_ended_in(session, ServiceWish, ServiceWish.claimed_on,
                              ServiceWish.done_on, year)


def delete_wish(session: Session, wish_id: str) -> None:
    retire(session, ServiceWish, wish_id, "找不到该微心愿")


# --- 社区问题 ---------------------------------------------------------------------------------

def save_problem(session: Session, data: ProblemInput, problem_id: str | None = None,
                 today: dt.date | None = None) -> ServiceProblem:
    checks = _Checks(today or dt.date.today())
    checks.day("found_on", data.found_on, "发现或反映日期")
    checks.text("community", data.community, "社区", 100)
    checks.text("description", data.description, "问题描述", 500)
    if data.origin not in ORIGINS:
        checks.errors["origin"] = "来源应为：" + "、".join(ORIGINS)
    if data.coordinator_id:
        checks.member(session, "coordinator", data.coordinator_id, data.found_on, "协调党员")
    if data.status not in PROBLEM_STATUSES:
        checks.errors["status"] = "状态应为：" + "、".join(PROBLEM_STATUSES)
    elif data.status == ProblemStatus.SOLVED:
        checks.day("solved_on", data.solved_on, "解决日期")
        if data.solved_on and data.found_on and data.solved_on < data.found_on:
            checks.errors["solved_on"] = "解决日期不能早于发现日期"
        if not data.result.strip():
            checks.errors["result"] = "已解决的问题请填写解决结果"
    elif data.solved_on is not None:
        checks.errors["solved_on"] = "尚未解决的问题不填写解决日期"
    checks.raise_if_any()
    assert data.found_on is not None  # checked above
    problem = get_live(session, ServiceProblem, problem_id, "找不到该问题") if problem_id \
        else ServiceProblem()
    problem.found_on, problem.community = data.found_on, data.community.strip()
    problem.origin, problem.description = data.origin, data.description.strip()
    problem.coordinator_id, problem.status = data.coordinator_id or None, data.status
    problem.solved_on, problem.result = data.solved_on, data.result.strip()
    session.add(problem)
    session.flush()
    return problem


def problem_input(session: Session, problem_id: str) -> ProblemInput:
    """The stored problem as an editable input."""
    problem = get_live(session, ServiceProblem, problem_id, "找不到该问题")
    return ProblemInput(problem.found_on, problem.community, problem.origin,
                        problem.description, problem.coordinator_id, problem.status,
                        problem.solved_on, problem.result)


def list_problems(session: Session, year: int | None = None) -> list[ServiceProblem]:
    """Problems found in the year or solved in it, newest first."""
    return _begun_or_ended_in(session, ServiceProblem, ServiceProblem.found_on,
                              ServiceProblem.solved_on, year)


def delete_problem(session: Session, problem_id: str) -> None:
    retire(session, ServiceProblem, problem_id, "找不到该问题")
