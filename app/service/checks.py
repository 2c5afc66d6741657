"""Service invariants for `branchdesk check` (records changed outside the app, restores):
hours within a day, statuses with their dates, members on the roster on the day."""

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.service.records import list_activities, live_participants
from app.service.rules import (
    DAY_MINUTES,
    WISH_STATUSES,
    ProblemStatus,
    WishStatus,
    was_on_roster,
)
from db.models import ServiceProblem, ServiceWish


def service_problems(session: Session) -> list[str]:
    problems: list[str] = []
    per_day: dict[tuple[str, object], int] = defaultdict(int)
    names: dict[str, str] = {}
    for activity in list_activities(session):
        where = f"{activity.date:%Y-%m-%d}的志愿服务（{activity.kind}）"
        for person in live_participants(activity):
            names[person.member_id] = person.member.name
            per_day[(person.member_id, activity.date)] += person.minutes
            if person.minutes <= 0:
                problems.append(f"{where}中{person.member.name}的服务时长不大于0")
            if not was_on_roster(person.member, activity.date):
                problems.append(f"{where}中{person.member.name}当天不在本支部名册中")
    problems += [f"{names[member_id]}在{day:%Y-%m-%d}的志愿服务时长合计超过24小时"
                 for (member_id, day), minutes in per_day.items() if minutes > DAY_MINUTES]
    for wish in session.scalars(select(ServiceWish).where(ServiceWish.deleted_at.is_(None))):
        if wish.status not in WISH_STATUSES:
            problems.append(f"微心愿“{wish.wish}”状态“{wish.status}”无效")
        elif (wish.status == WishStatus.DONE) != (wish.done_on is not None):
            problems.append(f"微心愿“{wish.wish}”的状态与完成日期不一致")
    for problem in session.scalars(select(ServiceProblem).where(
            ServiceProblem.deleted_at.is_(None))):
        if (problem.status == ProblemStatus.SOLVED) != (problem.solved_on is not None):
            problems.append(f"社区问题“{problem.description}”的状态与解决日期不一致")
    return problems
