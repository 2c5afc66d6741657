"""Recording dues actually paid: months (one row each) and voluntary sums, under receipts.

The branch records what members hand over; it never pays for a member. Everything handed
over at once gets one receipt number; cancelling a receipt keeps its rows as tombstones.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.dues.config import PAY_AHEAD_LIMIT
from app.dues.ledger import NOT_LIABLE, PAID, UNASSESSED, WAIVED, ZERO, Ledger
from app.dues.months import Month, span, span_label
from app.members.service import get_member
from base.errors import UserError
from base.money import amount_in_words
from db.models import DuesPayment, Member
from db.types import utcnow


class PaymentKind(StrEnum):
    NORMAL = "正常"
    ADVANCE = "预交"
    LATE = "补交"
    EXTRA = "自愿多交"
    ONE_OFF = "一次性自愿"


MONTH_KINDS = (PaymentKind.NORMAL, PaymentKind.ADVANCE, PaymentKind.LATE)
KINDS = tuple(PaymentKind)


class PaymentMethod(StrEnum):
    CASH = "现金"
    WECHAT = "微信"
    ALIPAY = "支付宝"
    BANK_TRANSFER = "银行转账"
    OTHER = "其他"


METHODS = tuple(PaymentMethod)
#: A voluntary payment of this much or more at once goes entirely to 中央.
CENTRAL_THRESHOLD = Decimal("1000")


class ConfirmationRequired(UserError):
    """The action breaks a soft rule; the caller asks the user and repeats it confirmed."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__("；".join(warnings) + "。确认仍要登记吗？")
        self.warnings = warnings


def month_kind(month: Month, paid_on: dt.date) -> str:
    paid_month = Month.of(paid_on)
    if month < paid_month:
        return PaymentKind.LATE
    return PaymentKind.ADVANCE if month > paid_month else PaymentKind.NORMAL


def voluntary_kind(amount: Decimal) -> tuple[str, bool]:
    """(kind, goes to 中央): a voluntary sum of 1000 元 or more at once is 一次性自愿 for 中央."""
    if amount >= CENTRAL_THRESHOLD:
        return PaymentKind.ONE_OFF, True
    return PaymentKind.EXTRA, False


def reach_warnings(months: list[Month], paid_on: dt.date) -> list[str]:
    """预交 and 补交 are each capped at six months from the month of payment."""
    paid_month = Month.of(paid_on)
    warnings = []
    late = paid_month.index - min(months).index
    ahead = max(months).index - paid_month.index
    if late > PAY_AHEAD_LIMIT:
        warnings.append(f"补交到{late}个月前（{min(months).label}），超过了规定的"
                        f"{PAY_AHEAD_LIMIT}个月")
    if ahead > PAY_AHEAD_LIMIT:
        warnings.append(f"预交到{ahead}个月后（{max(months).label}），超过了规定的"
                        f"{PAY_AHEAD_LIMIT}个月")
    return warnings


@dataclass
class PaymentPlan:
    """What paying these months means, before anything is saved."""

    member: Member
    months: list[Month]
    amounts: list[Decimal]
    warnings: list[str]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, ZERO)


def _refusal(state: str, month: Month, cell_receipt: str) -> str:
    return {
        PAID: f"{month.label}已交纳（收据 {cell_receipt}）",
        NOT_LIABLE: f"{month.label}该党员不在本支部，无需交纳",
        UNASSESSED: f"{month.label}尚未核定党费，请先在“年度核定”中核定",
        WAIVED: f"{month.label}已批准免交",
    }[state]


def _check_paid_on(paid_on: dt.date, today: dt.date) -> None:
    if paid_on > today:
        raise UserError("交纳日期不能晚于今天")


def plan_payment(session: Session, member_id: str, first: Month, last: Month,
                 paid_on: dt.date, today: dt.date | None = None) -> PaymentPlan:
    today = today or dt.date.today()
    _check_paid_on(paid_on, today)
    if last < first:
        raise UserError("结束月份不能早于开始月份")
    member = get_member(session, member_id)
    ledger = Ledger(session, [member], first, last, today)
    months = span(first, last)
    amounts = []
    for month in months:
        cell = ledger.cell(member.id, month)
        if not cell.payable:
            receipt = cell.payment.receipt_no if cell.payment else ""
            raise UserError(f"{member.name}：{_refusal(cell.state, month, receipt)}")
        amounts.append(cell.owed)
    return PaymentPlan(member, months, amounts, reach_warnings(months, paid_on))


def next_receipt_no(session: Session, year: int) -> str:
    numbers = session.scalars(
        select(DuesPayment.receipt_no).where(DuesPayment.receipt_no.like(f"{year}-%"))
    )
    last = max((int(n.split("-", 1)[1]) for n in numbers if n.split("-", 1)[1].isdigit()),
               default=0)
    return f"{year}-{last + 1:04d}"


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise UserError("交纳方式应为：" + "、".join(METHODS))


def pay_months(session: Session, member_id: str, first: Month, last: Month, paid_on: dt.date,
               method: str = "现金", *, extra: Decimal = ZERO, confirmed: bool = False,
               notes: str = "", today: dt.date | None = None) -> str:
    """Record the months first..last as paid (plus an optional voluntary extra); the receipt no."""
    _check_method(method)
    plan = plan_payment(session, member_id, first, last, paid_on, today)
    if plan.warnings and not confirmed:
        raise ConfirmationRequired(plan.warnings)
    if extra < 0:
        raise UserError("自愿多交的金额不能为负数")
    receipt_no = next_receipt_no(session, paid_on.year)
    note = notes.strip() or ("；".join(plan.warnings) + "（已确认）" if plan.warnings else "")
    for month, amount in zip(plan.months, plan.amounts, strict=True):
        session.add(DuesPayment(member_id=member_id, kind=month_kind(month, paid_on),
                                month=month.first_day, amount=amount, paid_on=paid_on,
                                method=method, receipt_no=receipt_no, notes=note))
    if extra > 0:
        _add_voluntary(session, member_id, extra, paid_on, method, receipt_no, notes)
    session.flush()
    return receipt_no


def _add_voluntary(session: Session, member_id: str, amount: Decimal, paid_on: dt.date,
                   method: str, receipt_no: str, notes: str) -> DuesPayment:
    kind, central = voluntary_kind(amount)
    payment = DuesPayment(member_id=member_id, kind=kind, month=None, amount=amount,
                          paid_on=paid_on, method=method, receipt_no=receipt_no,
                          to_central=central, notes=notes.strip())
    session.add(payment)
    return payment


def pay_voluntary(session: Session, member_id: str, amount: Decimal, paid_on: dt.date,
                  method: str = "现金", notes: str = "", today: dt.date | None = None) -> str:
    """A voluntary sum beyond the dues; 1000 元 or more at once is flagged 全部上缴中央."""
    _check_method(method)
    _check_paid_on(paid_on, today or dt.date.today())
    get_member(session, member_id)
    if amount <= 0:
        raise UserError("自愿交纳的金额应大于零")
    receipt_no = next_receipt_no(session, paid_on.year)
    _add_voluntary(session, member_id, amount, paid_on, method, receipt_no, notes)
    session.flush()
    return receipt_no


@dataclass
class BatchResult:
    paid: list[tuple[str, str]] = field(default_factory=list)  # (name, receipt no)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, why)

    @property
    def total(self) -> int:
        return len(self.paid)


def pay_month_for_many(session: Session, member_ids: list[str], month: Month, paid_on: dt.date,
                       method: str = "现金", *, confirmed: bool = False,
                       today: dt.date | None = None) -> BatchResult:
    """集中交纳: one month paid by many members at once; members who cannot are listed."""
    today = today or dt.date.today()
    _check_method(method)
    _check_paid_on(paid_on, today)
    if not member_ids:
        raise UserError("请先选择交纳党费的党员")
    warnings = reach_warnings([month], paid_on)
    if warnings and not confirmed:
        raise ConfirmationRequired(warnings)
    members = [get_member(session, i) for i in member_ids]
    ledger = Ledger(session, members, month, month, today)
    result = BatchResult()
    number = int(next_receipt_no(session, paid_on.year).split("-")[1])
    for member in members:
        cell = ledger.cell(member.id, month)
        if not cell.payable:
            receipt = cell.payment.receipt_no if cell.payment else ""
            result.skipped.append((member.name, _refusal(cell.state, month, receipt)))
            continue
        receipt_no = f"{paid_on.year}-{number:04d}"
        number += 1
        session.add(DuesPayment(member_id=member.id, kind=month_kind(month, paid_on),
                                month=month.first_day, amount=cell.owed, paid_on=paid_on,
                                method=method, receipt_no=receipt_no))
        result.paid.append((member.name, receipt_no))
    session.flush()
    return result


def cancel_receipt(session: Session, receipt_no: str, reason: str) -> None:
    """Undo a mistaken entry: the rows stay as tombstones with the reason."""
    if not reason.strip():
        raise UserError("请填写作废原因")
    rows = _receipt_rows(session, receipt_no)
    now = utcnow()
    for row in rows:
        row.deleted_at = now
        row.notes = (row.notes + "；" if row.notes else "") + f"作废：{reason.strip()}"
    session.flush()


def _receipt_rows(session: Session, receipt_no: str) -> list[DuesPayment]:
    rows = list(session.scalars(
        select(DuesPayment).where(DuesPayment.receipt_no == receipt_no,
                                  DuesPayment.deleted_at.is_(None))
    ))
    if not rows:
        raise UserError(f"找不到收据 {receipt_no}")
    return rows


# --- receipts -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Receipt:
    receipt_no: str
    member_id: str
    member_name: str
    paid_on: dt.date
    method: str
    months: tuple[Month, ...]
    dues: Decimal  # for the months
    voluntary: Decimal
    to_central: bool
    kinds: tuple[str, ...]

    @property
    def total(self) -> Decimal:
        return self.dues + self.voluntary

    @property
    def in_words(self) -> str:
        return amount_in_words(self.total)

    @property
    def months_label(self) -> str:
        if not self.months:
            return ""
        return span_label(self.months[0], self.months[-1]) if _consecutive(self.months) else (
            "、".join(m.label for m in self.months)
        )

    @property
    def description(self) -> str:
        parts = []
        if self.months:
            kinds = "、".join(k for k in MONTH_KINDS if k in self.kinds and k != PaymentKind.NORMAL)
            parts.append(f"{self.months_label}党费" + (f"（{kinds}）" if kinds else ""))
        if self.voluntary:
            parts.append(f"自愿交纳{self.voluntary:.2f}元"
                         + ("（一次性交纳1000元以上，全部上缴中央）" if self.to_central else ""))
        return "；".join(parts)


def _consecutive(months: tuple[Month, ...]) -> bool:
    return months[-1].index - months[0].index == len(months) - 1


def _group(rows: list[DuesPayment]) -> list[Receipt]:
    by_no: dict[str, list[DuesPayment]] = defaultdict(list)
    for row in rows:
        by_no[row.receipt_no].append(row)
    receipts = []
    for number, group in by_no.items():
        first = group[0]
        months = tuple(sorted(Month.of(r.month) for r in group if r.month is not None))
        receipts.append(Receipt(
            receipt_no=number, member_id=first.member_id, member_name=first.member.name,
            paid_on=first.paid_on, method=first.method, months=months,
            dues=sum((r.amount for r in group if r.month is not None), ZERO),
            voluntary=sum((r.amount for r in group if r.month is None), ZERO),
            to_central=any(r.to_central for r in group),
            kinds=tuple(sorted({r.kind for r in group}, key=KINDS.index)),
        ))
    return sorted(receipts, key=lambda r: (r.paid_on, r.receipt_no))


def receipt(session: Session, receipt_no: str) -> Receipt:
    return _group(_receipt_rows(session, receipt_no))[0]


def list_receipts(session: Session, year: int, member_id: str | None = None) -> list[Receipt]:
    """The receipts issued in a year (by date of payment), optionally for one member."""
    query = select(DuesPayment).options(joinedload(DuesPayment.member)).where(
        DuesPayment.deleted_at.is_(None),
        DuesPayment.paid_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
    )
    if member_id:
        query = query.where(DuesPayment.member_id == member_id)
    return _group(list(session.scalars(query)))
