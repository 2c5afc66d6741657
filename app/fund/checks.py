"""`branchdesk check` for the fund: the ledger adds up and every link in it holds."""

from collections import Counter
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.fund import applications as apps
from app.fund.applications import AidStatus
from app.fund.donations import covered_donations
from app.fund.kinds import Direction, EntryKind
from app.fund.ledger import list_entries, reversal_of
from db.models import FundEntry, FundRemittanceItem, Visit


def _entry_problems(entries: list[FundEntry]) -> list[str]:
    problems = []
    by_id = {e.id: e for e in entries}
    running = Decimal(0)
    for entry in entries:
        running += entry.amount if entry.direction == Direction.IN else -entry.amount
        if running < 0:
            problems.append(f"互助金：{entry.date:%Y-%m-%d}第 {entry.seq} 号记账后余额为负"
                            f"（{running} 元）")
        if entry.amount <= 0:
            problems.append(f"互助金：第 {entry.seq} 号金额不大于零")
        original = by_id.get(entry.reverses_id or "")
        if entry.kind == EntryKind.REVERSAL and (
                original is None or original.amount != entry.amount
                or original.direction == entry.direction):
            problems.append(f"互助金：冲销凭证第 {entry.seq} 号与原账目不对应")
    twice = [seq for seq, n in Counter(by_id[e.reverses_id].seq for e in entries
                                       if e.reverses_id in by_id).items() if n > 1]
    problems += [f"互助金：第 {seq} 号账目被冲销了不止一次" for seq in twice]
    return problems


def _link_problems(session: Session, entries: list[FundEntry]) -> list[str]:
    problems = []
    for entry in entries:
        if entry.kind == EntryKind.REMITTANCE:
            covered = sum((d.amount for d in covered_donations(session, entry.id)), Decimal(0))
            if covered != entry.amount:
                problems.append(f"互助金：上缴凭证第 {entry.seq} 号金额与所含捐款合计不符")
    standing = {e.id for e in entries if e.kind == EntryKind.REMITTANCE
                and reversal_of(session, e.id) is None}
    items = session.scalars(select(FundRemittanceItem).where(
        FundRemittanceItem.deleted_at.is_(None),
        FundRemittanceItem.remittance_id.in_(standing)))
    twice = [d for d, n in Counter(i.donation_id for i in items).items() if n > 1]
    problems += [f"互助金：有捐款被重复上缴（{len(twice)} 笔）"] if twice else []
    for application in apps.list_applications(session):
        if (application.status in (AidStatus.PAID, AidStatus.ARCHIVED)
                and application.approved_amount):
            paid = [e for e in entries if e.application_id == application.id
                    and e.kind == EntryKind.PAYOUT and reversal_of(session, e.id) is None]
            if application.status == AidStatus.PAID and (not paid or not paid[0].signed_name):
                problems.append(f"互助金：申请 {application.number} 为已发放，但没有签收的发放账目")
    for entry in entries:
        if entry.kind == EntryKind.VISIT_PAYMENT and reversal_of(session, entry.id) is None:
            visit = session.get(Visit, entry.visit_id) if entry.visit_id else None
            if visit is None or visit.deleted_at is not None:
                problems.append(f"互助金：慰问支出第 {entry.seq} 号对应的慰问记录不存在")
    return problems


def fund_problems(session: Session) -> list[str]:
    entries = list_entries(session)
    return _entry_problems(entries) + _link_problems(session, entries)
