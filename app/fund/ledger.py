"""Posting to the branch ledger: append-only entries and a cash balance that never goes negative.

Every entry is posted through `post`, which checks the kind against the fund mode, the date,
the amount and the money in hand, and records who entered it (the session's actor).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from app.fund import kinds
from app.fund.kinds import Direction
from app.fund.settings import mode
from app.records import get_live
from base.errors import UserError
from base.money import ZERO, format_yuan
from db.audit import ACTOR, default_actor
from db.models import FundEntry
from db.types import utcnow


@dataclass(frozen=True)
class Posting:
    kind: str
    date: dt.date
    amount: Decimal
    direction: str = ""  # taken from the kind unless this is a reversal
    member_id: str | None = None
    person_name: str = ""
    receipt_no: str = ""
    reference: str = ""
    summary: str = ""
    application_id: str | None = None
    visit_id: str | None = None
    reverses_id: str | None = None
    signed_name: str = ""
    signed_on: dt.date | None = None


def actor(session: Session) -> str:
    return session.info.get(ACTOR) or default_actor()


def live_entries() -> Select[FundEntry]:
    return select(FundEntry).where(FundEntry.deleted_at.is_(None))


def signed(entry: FundEntry) -> Decimal:
    return entry.amount if entry.direction == Direction.IN else -entry.amount


def balance(session: Session, on: dt.date | None = None) -> Decimal:
    """Money in hand at the end of `on` (default: after every entry)."""
    totals = {}
    for direction in (Direction.IN, Direction.OUT):
        query = select(func.sum(FundEntry.amount)).where(
            FundEntry.deleted_at.is_(None), FundEntry.direction == direction)
        if on is not None:
            query = query.where(FundEntry.date <= on)
        totals[direction] = session.scalar(query) or ZERO
    return totals[Direction.IN] - totals[Direction.OUT]


def available_from(session: Session, day: dt.date) -> Decimal:
    """What can still be paid out on `day` without the balance dropping below zero then or on
    any later day that already has entries (entries may be posted for an earlier date)."""
    lowest = running = balance(session, day)
    later = session.scalars(
        live_entries().where(FundEntry.date > day).order_by(FundEntry.date, FundEntry.seq))
    for entry in later:
        running += signed(entry)
        lowest = min(lowest, running)
    return lowest


def _next_seq(session: Session) -> int:
    return (session.scalar(select(func.max(FundEntry.seq))) or 0) + 1


def _check(session: Session, posting: Posting, direction: str, today: dt.date) -> None:
    if posting.kind not in kinds.ALL_KINDS:
        raise UserError(f"未知的账目类型“{posting.kind}”")
    current = mode(session)
    if posting.kind not in kinds.MODE_KINDS[current]:
        raise UserError(f"“{posting.kind}”不适用于{current}模式")
    if posting.amount is None or posting.amount <= 0:
        raise UserError("金额应大于零")
    if posting.date > today:
        raise UserError("记账日期不能晚于今天")
    if direction == Direction.OUT:
        available = available_from(session, posting.date)
        if posting.amount > available:
            when = "当前" if posting.date >= today else f"{posting.date:%Y年%m月%d日}起"
            raise UserError(
                f"余额不足：{when}互助金余额为 {format_yuan(available)} 元，"
                f"本笔支出 {format_yuan(posting.amount)} 元，不能记账"
            )


def post(session: Session, posting: Posting, today: dt.date | None = None) -> FundEntry:
    """Write one entry after the checks; raises UserError and writes nothing when refused."""
    today = today or dt.date.today()
    direction = posting.direction or kinds.DIRECTIONS.get(posting.kind, "")
    if direction not in (Direction.IN, Direction.OUT):
        raise UserError(f"账目“{posting.kind}”缺少收支方向")
    _check(session, posting, direction, today)
    entry = FundEntry(
        seq=_next_seq(session), date=posting.date, kind=posting.kind, direction=direction,
        amount=posting.amount, member_id=posting.member_id,
        person_name=posting.person_name.strip(), receipt_no=posting.receipt_no.strip(),
        reference=posting.reference.strip(), summary=posting.summary.strip(),
        application_id=posting.application_id, visit_id=posting.visit_id,
        reverses_id=posting.reverses_id, signed_name=posting.signed_name.strip(),
        signed_on=posting.signed_on, entered_by=actor(session),
    )
    session.add(entry)
    session.flush()
    return entry


def get_entry(session: Session, entry_id: str) -> FundEntry:
    return get_live(session, FundEntry, entry_id, "找不到该笔账目")


def reversal_of(session: Session, entry_id: str) -> FundEntry | None:
    return session.scalar(live_entries().where(FundEntry.reverses_id == entry_id))


def unreversed() -> Select[FundEntry]:
    """Entries that are neither reversals nor reversed."""
    reversal = aliased(FundEntry)
    reversed_ids = select(reversal.reverses_id).where(
        reversal.reverses_id.is_not(None), reversal.deleted_at.is_(None))
    return live_entries().where(FundEntry.reverses_id.is_(None),
                                FundEntry.id.not_in(reversed_ids))


def list_entries(session: Session, start: dt.date | None = None,
                 end: dt.date | None = None) -> list[FundEntry]:
    query = live_entries().order_by(FundEntry.date, FundEntry.seq)
    if start is not None:
        query = query.where(FundEntry.date >= start)
    if end is not None:
        query = query.where(FundEntry.date <= end)
    return list(session.scalars(query))


def confirm(session: Session, entry_id: str, confirmer: str) -> FundEntry:
    """The second person's check (会计/出纳 separation); it cannot be the one who entered it."""
    entry = get_entry(session, entry_id)
    confirmer = confirmer.strip()
    if not confirmer:
        raise UserError("请填写复核人姓名")
    if entry.confirmed_by:
        raise UserError(f"第 {entry.seq} 号账目已由{entry.confirmed_by}复核")
    if confirmer == entry.entered_by:
        raise UserError(f"复核人不能是录入人本人（{entry.entered_by}）：会计、出纳须由不同的人担任")
    entry.confirmed_by = confirmer
    entry.confirmed_at = utcnow()
    session.flush()
    return entry


def unconfirmed(session: Session) -> list[FundEntry]:
    return list(session.scalars(
        live_entries().where(FundEntry.confirmed_by == "").order_by(FundEntry.seq)))
