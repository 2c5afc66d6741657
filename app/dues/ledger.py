"""What each member owed and paid, month by month: the data behind the grid and arrears.

A month is owed when the member belonged to the branch that month (预备党员 from the month
of acceptance, 转入 from the month of transfer, 转出 up to and including its month, nobody
after the month before death) and a 核定 covers it. 减免 lowers or waives the amount.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import settings
from app.dues.config import DUE_DAY
from app.dues.months import Month, last_owed
from app.members.rules import TransferDirection
from base.money import ZERO
from db.models import DuesAssessment, DuesPayment, DuesRelief, Member

PAID = "已交"
UNPAID = "未交"
FUTURE = "待交"  # not owed yet: the month's 交纳截止日 has not passed
WAIVED = "免交"
UNASSESSED = "未核定"
NOT_LIABLE = ""  # not in the branch that month


@dataclass(frozen=True)
class Cell:
    state: str
    owed: Decimal = ZERO  # after 减免
    payment: DuesPayment | None = None
    relief: DuesRelief | None = None

    @property
    def paid(self) -> Decimal:
        return self.payment.amount if self.payment is not None else ZERO

    @property
    def payable(self) -> bool:
        return self.state in (UNPAID, FUTURE)


def liable_spans(member: Member) -> list[tuple[Month, Month | None]]:
    """The runs of months the member owes dues to this branch (None = still open)."""
    if member.deleted_at is not None:
        return []
    joined = Month.of(member.join_date)
    transfers = sorted((t for t in member.transfers if t.deleted_at is None), key=lambda t: t.date)
    inside = not (transfers and transfers[0].direction == TransferDirection.IN)
    start: Month | None = joined if inside else None
    spans: list[tuple[Month, Month | None]] = []
    for move in transfers:
        month = Month.of(move.date)
        if move.direction == TransferDirection.IN and not inside:
            start, inside = max(month, joined), True
        elif move.direction == TransferDirection.OUT and inside and start is not None:
            spans.append((start, month))
            inside = False
    if inside and start is not None:
        spans.append((start, None))
    if member.deceased_date is not None:
        last = Month.of(member.deceased_date).shift(-1)
        spans = [(a, last if b is None or b > last else b) for a, b in spans if a <= last]
    return spans


def is_liable(spans: list[tuple[Month, Month | None]], month: Month) -> bool:
    return any(a <= month and (b is None or month <= b) for a, b in spans)


def months_of(first: dt.date, last: dt.date) -> range:
    return range(Month.of(first).index, Month.of(last).index + 1)


class Ledger:
    """Everything needed to tell each month's state for some members over a span of months.

    Loads assessments, payments and reliefs in three queries, then answers from memory.
    """

    def __init__(self, session: Session, members: Iterable[Member], first: Month, last: Month,
                 today: dt.date) -> None:
        self.first, self.last = first, last
        #: Months after this one are not owed yet (their 交纳截止日 has not passed).
        self.owed_until = last_owed(today, settings.get(session, DUE_DAY))
        self._spans = {m.id: liable_spans(m) for m in members}
        ids = list(self._spans)
        self._assessments: dict[tuple[str, int], list[DuesAssessment]] = defaultdict(list)
        for a in session.scalars(
            select(DuesAssessment)
            .where(DuesAssessment.member_id.in_(ids), DuesAssessment.deleted_at.is_(None),
                   DuesAssessment.year.between(first.year, last.year))
            .order_by(DuesAssessment.start_month)
        ):
            self._assessments[(a.member_id, a.year)].append(a)
        self._paid: dict[tuple[str, int], DuesPayment] = {
            (p.member_id, Month.of(p.month).index): p
            for p in session.scalars(
                select(DuesPayment)
                .where(DuesPayment.member_id.in_(ids), DuesPayment.deleted_at.is_(None),
                       DuesPayment.month.between(first.first_day, last.first_day))
            )
            if p.month is not None  # the query's range leaves out the voluntary sums
        }
        self._reliefs: dict[tuple[str, int], DuesRelief] = {}
        for r in session.scalars(
            select(DuesRelief)
            .where(DuesRelief.member_id.in_(ids), DuesRelief.deleted_at.is_(None),
                   DuesRelief.first_month <= last.first_day,
                   DuesRelief.last_month >= first.first_day)
            .order_by(DuesRelief.approved_on)
        ):
            for index in months_of(r.first_month, r.last_month):
                self._reliefs[(r.member_id, index)] = r

    def assessment(self, member_id: str, month: Month) -> DuesAssessment | None:
        """The 核定 in force that month: the latest one of the year that has started."""
        found = None
        for a in self._assessments.get((member_id, month.year), ()):
            if a.start_month <= month.month:
                found = a
        return found

    def cell(self, member_id: str, month: Month) -> Cell:
        payment = self._paid.get((member_id, month.index))
        relief = self._reliefs.get((member_id, month.index))
        assessment = self.assessment(member_id, month)
        owed = ZERO
        if assessment is not None:
            owed = relief.monthly_amount if relief is not None else assessment.monthly_amount
        if payment is not None:
            return Cell(PAID, owed, payment, relief)
        if not is_liable(self._spans[member_id], month):
            return Cell(NOT_LIABLE)
        if assessment is None:
            return Cell(UNASSESSED)
        if owed == 0:
            return Cell(WAIVED, ZERO, None, relief)
        return Cell(FUTURE if month > self.owed_until else UNPAID, owed, None, relief)

    def unpaid_run(self, member_id: str, before: Month) -> list[Month]:
        """The consecutive unpaid months that end just before `before` (oldest first)."""
        run: list[Month] = []
        month = before.shift(-1)
        while month >= self.first and self.cell(member_id, month).state == UNPAID:
            run.append(month)
            month = month.shift(-1)
        return run[::-1]
