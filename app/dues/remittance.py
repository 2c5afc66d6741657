"""上缴: what the branch passes up to the 机关党委/工委, and what it keeps.

Regular dues pass up at the configured share; a voluntary 1000 元 or more at once passes up
entirely (for 中央). Collections count in the year they were paid.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnExpressionArgument, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.dues import config
from app.dues.ledger import ZERO
from app.records import retire
from base.errors import ValidationError
from db.models import DuesPayment, DuesRemittance


@dataclass
class RemittanceInput:
    year: int
    paid_on: dt.date | None
    amount: Decimal
    recipient: str = ""
    reference: str = ""
    to_central: bool = False
    notes: str = ""


def add_remittance(session: Session, data: RemittanceInput,
                   today: dt.date | None = None) -> DuesRemittance:
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    if data.amount <= 0:
        errors["amount"] = "上缴金额应大于零"
    if data.paid_on is None:
        errors["paid_on"] = "请填写上缴日期"
    elif data.paid_on > today:
        errors["paid_on"] = "上缴日期不能晚于今天"
    elif data.paid_on.year < data.year:
        errors["year"] = "不能在该年度开始之前上缴该年度的党费"
    recipient = data.recipient.strip() or config.recipient(session)
    if not recipient:
        errors["recipient"] = "请填写接收党费的上级党组织"
    if errors:
        raise ValidationError(errors)
    remittance = DuesRemittance(
        year=data.year, paid_on=data.paid_on, amount=data.amount, recipient=recipient,
        reference=data.reference.strip(), to_central=data.to_central, notes=data.notes.strip(),
    )
    session.add(remittance)
    session.flush()
    return remittance


def delete_remittance(session: Session, remittance_id: str) -> None:
    retire(session, DuesRemittance, remittance_id, "找不到该上缴记录")


@dataclass(frozen=True)
class RemittanceRow:
    """A sum passed up, as the 党费 page and the Excel register list it."""

    id: str
    paid_on: dt.date
    amount: Decimal
    recipient: str
    reference: str
    to_central: bool
    notes: str


def list_remittances(session: Session, year: int | None = None) -> list[RemittanceRow]:
    """The sums passed up for the dues of `year` (or all), the earliest first."""
    query = (select(DuesRemittance).where(DuesRemittance.deleted_at.is_(None))
             .order_by(DuesRemittance.paid_on))
    if year is not None:
        query = query.where(DuesRemittance.year == year)
    return [RemittanceRow(r.id, r.paid_on, r.amount, r.recipient, r.reference, r.to_central,
                          r.notes) for r in session.scalars(query)]


@dataclass(frozen=True)
class Balance:
    year: int
    collected: Decimal  # everything received in the year
    central: Decimal  # of which one-off voluntary sums for 中央
    share_percent: Decimal
    remitted: Decimal
    remitted_central: Decimal

    @property
    def due_up(self) -> Decimal:
        regular = (self.collected - self.central) * self.share_percent / 100
        return regular.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) + self.central

    @property
    def outstanding(self) -> Decimal:
        """Still to pass up (negative when more was passed up than due)."""
        return self.due_up - self.remitted

    @property
    def kept(self) -> Decimal:
        return self.collected - self.remitted


def _sum(session: Session, column: InstrumentedAttribute[Decimal],
         *where: ColumnExpressionArgument[bool]) -> Decimal:
    """A sum of a Money column, in 元 (the column type converts the 分)."""
    return session.scalar(select(func.coalesce(func.sum(column), 0)).where(*where)) or ZERO


def balance(session: Session, year: int) -> Balance:
    in_year = DuesPayment.paid_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    live = DuesPayment.deleted_at.is_(None)
    sent = (DuesRemittance.year == year, DuesRemittance.deleted_at.is_(None))
    return Balance(
        year=year,
        collected=_sum(session, DuesPayment.amount, live, in_year),
        central=_sum(session, DuesPayment.amount, live, in_year, DuesPayment.to_central),
        share_percent=config.share_percent(session, year),
        remitted=_sum(session, DuesRemittance.amount, *sent),
        remitted_central=_sum(session, DuesRemittance.amount, *sent, DuesRemittance.to_central),
    )


def branch_balance(session: Session) -> Decimal:
    """All dues ever received less all ever passed up: what the branch holds."""
    received = _sum(session, DuesPayment.amount, DuesPayment.deleted_at.is_(None))
    sent = _sum(session, DuesRemittance.amount, DuesRemittance.deleted_at.is_(None))
    return received - sent
