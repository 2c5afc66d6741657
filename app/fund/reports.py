"""The fund's year in figures: opening and closing balance, income and spending by kind (a
reversal counts against the kind it reverses), donations, applications."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import settings
from app.fund import applications as apps
from app.fund import kinds
from app.fund.donations import unremitted
from app.fund.kinds import Direction, EntryKind
from app.fund.ledger import balance, list_entries, unconfirmed
from app.fund.settings import REQUIRE_CONFIRMATION, FundMode, mode
from base.money import ZERO
from db.models import FundEntry, FundRemittanceItem


@dataclass
class LedgerLine:
    """One entry as the ledger prints it, with the running balance."""

    seq: int
    date: dt.date
    kind: str
    summary: str
    person: str
    receipt_no: str
    income: Decimal | None
    expense: Decimal | None
    balance: Decimal
    entered_by: str
    confirmed_by: str
    signed: str  # 签收人 and date of a payout
    entry_id: str = ""
    note: str = ""  # 冲销 links, which remittance passed a donation up
    struck: bool = False  # a reversal, or reversed: both cancel out


@dataclass
class FundYearReport:
    year: int
    mode: str
    opening: Decimal
    closing: Decimal
    income: dict[str, Decimal] = field(default_factory=dict)
    expense: dict[str, Decimal] = field(default_factory=dict)
    lines: list[LedgerLine] = field(default_factory=list)
    donors: int = 0
    donations: Decimal = ZERO
    unremitted: Decimal = ZERO
    applications: dict[str, int] = field(default_factory=dict)  # status -> count
    paid_out: Decimal = ZERO
    unconfirmed: int = 0

    @property
    def total_income(self) -> Decimal:
        return sum(self.income.values(), ZERO)

    @property
    def total_expense(self) -> Decimal:
        return sum(self.expense.values(), ZERO)


def _notes(session: Session) -> dict[str, str]:
    """Per entry id: what reversed it or what it reverses, and a donation's remittance."""
    entries = {e.id: e for e in list_entries(session)}
    notes: dict[str, str] = {}
    for entry in entries.values():
        original = entries.get(entry.reverses_id or "")
        if original is not None:
            notes[original.id] = f"已由第 {entry.seq} 号冲销"
            notes[entry.id] = f"冲销第 {original.seq} 号"
    standing = {e.id for e in entries.values()
                if e.kind == EntryKind.REMITTANCE and e.id not in notes}
    for item in session.scalars(select(FundRemittanceItem).where(
            FundRemittanceItem.deleted_at.is_(None))):
        if item.remittance_id in standing and item.donation_id not in notes:
            notes[item.donation_id] = f"已随第 {entries[item.remittance_id].seq} 号上缴"
    return notes


def ledger_lines(session: Session, start: dt.date, end: dt.date) -> list[LedgerLine]:
    running = balance(session, start - dt.timedelta(days=1))
    notes = _notes(session)
    lines = []
    for entry in list_entries(session, start, end):
        amount = entry.amount
        running += amount if entry.direction == Direction.IN else -amount
        signed = f"{entry.signed_name} {entry.signed_on:%Y-%m-%d}" if entry.signed_on else ""
        note = notes.get(entry.id, "")
        lines.append(LedgerLine(
            entry.seq, entry.date, entry.kind, entry.summary, entry.person_name,
            entry.receipt_no, amount if entry.direction == Direction.IN else None,
            amount if entry.direction == Direction.OUT else None, running, entry.entered_by,
            entry.confirmed_by, signed, entry.id, note, "冲销" in note))
    return lines


def kind_totals(session: Session, start: dt.date, end: dt.date
                ) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Income and spending by kind in the period, in the kinds' order; a reversal counts
    against the kind it reverses, so the two cancel out."""
    entries = session.execute(
        select(FundEntry.kind, FundEntry.direction, FundEntry.amount, FundEntry.reverses_id)
        .where(FundEntry.deleted_at.is_(None), FundEntry.date.between(start, end))).all()
    reversed_ids = {e.reverses_id for e in entries if e.reverses_id}
    reversed_kinds = {entry_id: kind for entry_id, kind in session.execute(
        select(FundEntry.id, FundEntry.kind).where(
            FundEntry.deleted_at.is_(None), FundEntry.id.in_(reversed_ids)))
    } if reversed_ids else {}
    income: dict[str, Decimal] = defaultdict(lambda: ZERO)
    expense: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        kind = reversed_kinds.get(entry.reverses_id or "", entry.kind)
        # A reversal whose entry is not held (a city lacking the package that brought it)
        # stays a 冲销 of its own direction.
        natural = kinds.DIRECTIONS.get(kind, Direction(entry.direction))
        sign = 1 if entry.direction == natural else -1
        target = income if natural == Direction.IN else expense
        target[kind] += sign * entry.amount
    order: dict[str, int] = {k: n for n, k in enumerate(kinds.ALL_KINDS)}
    return (dict(sorted(income.items(), key=lambda kv: order[kv[0]])),
            dict(sorted(expense.items(), key=lambda kv: order[kv[0]])))


def year_report(session: Session, year: int) -> FundYearReport:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    report = FundYearReport(year, mode(session), balance(session, start - dt.timedelta(days=1)),
                            balance(session, end))
    report.income, report.expense = kind_totals(session, start, end)
    report.donations = report.income.get(EntryKind.DONATION, ZERO)
    report.paid_out = report.expense.get(EntryKind.PAYOUT, ZERO)
    report.donors = len({e.member_id or e.person_name for e in list_entries(session, start, end)
                         if e.kind == EntryKind.DONATION})
    report.lines = ledger_lines(session, start, end)
    if report.mode == FundMode.CITY:
        report.unremitted = sum((d.amount for d in unremitted(session)), ZERO)
    report.applications = dict(Counter(a.status for a in apps.list_applications(session, year)))
    if settings.get(session, REQUIRE_CONFIRMATION):
        report.unconfirmed = len(unconfirmed(session))
    return report
