"""Dues invariants for `branchdesk check`."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.dues.payments import CENTRAL_THRESHOLD
from db.models import DuesAssessment, DuesPayment, Member


def dues_problems(session: Session) -> list[str]:
    problems = []
    live = DuesPayment.deleted_at.is_(None)
    for name, month, count in session.execute(
        select(Member.name, DuesPayment.month, func.count())
        .join(Member, Member.id == DuesPayment.member_id)
        .where(live, DuesPayment.month.is_not(None))
        .group_by(DuesPayment.member_id, DuesPayment.month)
        .having(func.count() > 1)
    ):
        problems.append(f"党费：{name}{month:%Y年%m月}的党费登记了{count}次")
    for name, year, start, count in session.execute(
        select(Member.name, DuesAssessment.year, DuesAssessment.start_month, func.count())
        .join(Member, Member.id == DuesAssessment.member_id)
        .where(DuesAssessment.deleted_at.is_(None))
        .group_by(DuesAssessment.member_id, DuesAssessment.year, DuesAssessment.start_month)
        .having(func.count() > 1)
    ):
        problems.append(f"党费：{name}{year}年自{start}月起的核定有{count}条")
    for name, receipt_no in session.execute(
        select(Member.name, DuesPayment.receipt_no)
        .join(Member, Member.id == DuesPayment.member_id)
        .where(live, DuesPayment.month.is_(None), DuesPayment.to_central.is_(False),
               DuesPayment.amount >= CENTRAL_THRESHOLD)
    ):
        problems.append(f"党费：{name}的收据 {receipt_no} 一次性自愿交纳1000元以上，"
                        "但未标记为全部上缴中央")
    for name, receipt_no in session.execute(
        select(Member.name, DuesPayment.receipt_no)
        .join(Member, Member.id == DuesPayment.member_id)
        .where(live, DuesPayment.amount < 0)
    ):
        problems.append(f"党费：{name}的收据 {receipt_no} 金额为负数")
    return problems
