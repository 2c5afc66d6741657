"""Members' donations (with numbered receipts) and their remittance to the city fund."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from app.fund.kinds import EntryKind
from app.fund.ledger import Posting, live_entries, post, unreversed
from app.members.service import get_member
from base.errors import UserError
from base.money import amount_in_words
from db.models import FundEntry, FundRemittanceItem


def next_receipt_no(session: Session, year: int) -> str:
    """Receipts are numbered per year: 2026-0001, 2026-0002 …"""
    prefix = f"{year}-"
    numbers = session.scalars(live_entries().with_only_columns(FundEntry.receipt_no).where(
        FundEntry.kind == EntryKind.DONATION, FundEntry.receipt_no.like(prefix + "%")))
    used = [int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()]
    return f"{prefix}{max(used, default=0) + 1:04d}"


def record_donation(session: Session, *, date: dt.date, amount: Decimal,
                    member_id: str | None = None, donor_name: str = "",
                    receipt_no: str = "", today: dt.date | None = None) -> FundEntry:
    """A member's donation; without a receipt number the next one of the year is given."""
    if member_id:
        donor_name = get_member(session, member_id).name
    donor_name = donor_name.strip()
    if not donor_name:
        raise UserError("请选择捐款党员或填写捐款人姓名")
    receipt_no = receipt_no.strip() or next_receipt_no(session, date.year)
    clash = session.scalar(live_entries().where(
        FundEntry.kind == EntryKind.DONATION, FundEntry.receipt_no == receipt_no))
    if clash is not None:
        raise UserError(f"收据号 {receipt_no} 已用于{clash.person_name}的捐款，请换一个号码")
    return post(session, Posting(
        kind=EntryKind.DONATION, date=date, amount=amount, member_id=member_id,
        person_name=donor_name, receipt_no=receipt_no, summary=f"{donor_name}捐款",
    ), today)


def _standing_remittances() -> Select[str]:
    return (unreversed().with_only_columns(FundEntry.id)
            .where(FundEntry.kind == EntryKind.REMITTANCE))


def unremitted(session: Session) -> list[FundEntry]:
    """Donations that stand and are not covered by a standing remittance."""
    covered = select(FundRemittanceItem.donation_id).where(
        FundRemittanceItem.deleted_at.is_(None),
        FundRemittanceItem.remittance_id.in_(_standing_remittances()))
    return list(session.scalars(
        unreversed().where(FundEntry.kind == EntryKind.DONATION, FundEntry.id.not_in(covered))
        .order_by(FundEntry.date, FundEntry.seq)))


def remittance_of(session: Session, donation_id: str) -> FundEntry | None:
    """The standing remittance that passed this donation up, if any."""
    remittance = aliased(FundEntry)
    return session.scalar(
        select(remittance)
        .join(FundRemittanceItem, FundRemittanceItem.remittance_id == remittance.id)
        .where(FundRemittanceItem.donation_id == donation_id,
               FundRemittanceItem.deleted_at.is_(None),
               remittance.id.in_(_standing_remittances())))


def remit(session: Session, donation_ids: list[str], date: dt.date, reference: str = "",
          today: dt.date | None = None) -> FundEntry:
    """Pass donations up to the city fund in one remittance of exactly their sum."""
    if not donation_ids:
        raise UserError("请选择要上缴的捐款")
    waiting = {d.id: d for d in unremitted(session)}
    chosen = []
    for donation_id in dict.fromkeys(donation_ids):
        donation = waiting.get(donation_id)
        if donation is None:
            raise UserError("所选捐款中有已上缴、已冲销或不存在的记录，请刷新后重选")
        if donation.date > date:
            raise UserError(f"收据 {donation.receipt_no} 的捐款日期晚于上缴日期")
        chosen.append(donation)
    total = sum((d.amount for d in chosen), Decimal("0.00"))
    entry = post(session, Posting(
        kind=EntryKind.REMITTANCE, date=date, amount=total, reference=reference,
        person_name="市直机关党员爱心互助基金",
        summary=f"上缴捐款 {len(chosen)} 笔（收据 {chosen[0].receipt_no} 等）",
    ), today)
    session.add_all(FundRemittanceItem(remittance_id=entry.id, donation_id=d.id) for d in chosen)
    session.flush()
    return entry


def covered_donations(session: Session, remittance_id: str) -> list[FundEntry]:
    return list(session.scalars(
        select(FundEntry)
        .join(FundRemittanceItem, FundRemittanceItem.donation_id == FundEntry.id)
        .where(FundRemittanceItem.remittance_id == remittance_id,
               FundRemittanceItem.deleted_at.is_(None))
        .order_by(FundEntry.seq)))


@dataclass(frozen=True)
class Receipt:
    """What a printed donation receipt shows."""

    number: str
    date: dt.date
    donor: str
    amount: Decimal
    amount_words: str
    seq: int
    entered_by: str


def receipt(session: Session, entry_id: str) -> Receipt:
    entry = session.get(FundEntry, entry_id)
    if entry is None or entry.kind != EntryKind.DONATION:
        raise UserError("只有捐款才有收据")
    return Receipt(entry.receipt_no, entry.date, entry.person_name, entry.amount,
                   amount_in_words(entry.amount), entry.seq, entry.entered_by)
