"""Roster invariants for `branchdesk check`, and gaps worth a reminder."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.idcard import parse_id_number
from app.members.rules import MemberCategory
from base.errors import UserError
from db.models import Member


def member_problems(session: Session) -> list[str]:
    problems: list[str] = []
    for m in session.scalars(select(Member).where(Member.deleted_at.is_(None))):
        who = f"党员“{m.name}”"
        try:
            parse_id_number(m.id_number)
        except UserError as exc:
            problems.append(f"{who}：{exc.message}")
        if m.category == MemberCategory.PROBATIONARY and m.full_date is not None:
            problems.append(f"{who}：预备党员不应有转正日期")
        if m.category == MemberCategory.FULL and m.full_date is None:
            problems.append(f"{who}：正式党员缺少转正日期")
        if m.join_date <= m.birth_date:
            problems.append(f"{who}：入党日期早于出生日期")
        if m.full_date is not None and m.full_date < m.join_date:
            problems.append(f"{who}：转正日期早于入党日期")
    return problems
