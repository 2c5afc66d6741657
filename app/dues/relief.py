"""减免: a member applies, the branch discusses, the higher 党委 approves; the months are then
owed at the reduced amount (0 = 免交) and a waived month is never arrears."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.dues.ledger import PAID, Ledger
from app.dues.months import Month, span
from app.members.service import get_member
from app.records import retire
from base.errors import UserError, ValidationError
from db.models import DuesRelief


@dataclass
class ReliefInput:
    member_id: str
    first: Month
    last: Month
    monthly_amount: Decimal  # 0 = 免交
    reason: str
    approved_by: str
    approval_ref: str
    approved_on: dt.date | None


def add_relief(session: Session, data: ReliefInput, today: dt.date | None = None) -> DuesRelief:
    today = today or dt.date.today()
    member = get_member(session, data.member_id)
    errors: dict[str, str] = {}
    if data.last < data.first:
        errors["last"] = "结束月份不能早于开始月份"
    if data.monthly_amount < 0:
        errors["monthly_amount"] = "减免后的月交纳额不能为负数"
    if not data.reason.strip():
        errors["reason"] = "请填写减免原因"
    if not data.approval_ref.strip():
        errors["approval_ref"] = "请填写上级党委的批准文号或批复记录"
    if not data.approved_by.strip():
        errors["approved_by"] = "请填写批准的党组织"
    if data.approved_on is None:
        errors["approved_on"] = "请填写批准日期"
    elif data.approved_on > today:
        errors["approved_on"] = "批准日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    for other in member_reliefs(session, member.id):
        if Month.of(other.first_month) <= data.last and data.first <= Month.of(other.last_month):
            raise UserError(f"{member.name}在{Month.of(other.first_month).label}至"
                            f"{Month.of(other.last_month).label}已有减免记录，期间不能重叠")
    ledger = Ledger(session, [member], data.first, data.last, today)
    paid = [m.label for m in span(data.first, data.last) if ledger.cell(member.id, m).state == PAID]
    if paid:
        raise UserError(f"{member.name}以下月份已交纳，不能再减免：{'、'.join(paid)}")
    relief = DuesRelief(
        member_id=member.id, first_month=data.first.first_day, last_month=data.last.first_day,
        monthly_amount=data.monthly_amount, reason=data.reason.strip(),
        approved_by=data.approved_by.strip(), approval_ref=data.approval_ref.strip(),
        approved_on=data.approved_on,
    )
    session.add(relief)
    session.flush()
    return relief


def member_reliefs(session: Session, member_id: str) -> list[DuesRelief]:
    return list(session.scalars(
        select(DuesRelief)
        .where(DuesRelief.member_id == member_id, DuesRelief.deleted_at.is_(None))
        .order_by(DuesRelief.first_month)
    ))


@dataclass(frozen=True)
class ReliefRow:
    """A 减免 as the 党费 page lists it."""

    id: str
    member_name: str
    first: Month
    last: Month
    monthly_amount: Decimal
    reason: str
    approved_by: str
    approval_ref: str
    approved_on: dt.date


def list_reliefs(session: Session, year: int | None = None) -> list[ReliefRow]:
    """The reliefs standing (of the months of `year`), the earliest first."""
    query = (select(DuesRelief).options(joinedload(DuesRelief.member))
             .where(DuesRelief.deleted_at.is_(None)).order_by(DuesRelief.first_month))
    if year is not None:
        query = query.where(DuesRelief.first_month <= dt.date(year, 12, 1),
                            DuesRelief.last_month >= dt.date(year, 1, 1))
    return [ReliefRow(r.id, r.member.name, Month.of(r.first_month), Month.of(r.last_month),
                      r.monthly_amount, r.reason, r.approved_by, r.approval_ref, r.approved_on)
            for r in session.scalars(query)]


def delete_relief(session: Session, relief_id: str) -> None:
    retire(session, DuesRelief, relief_id, "找不到该减免记录")
