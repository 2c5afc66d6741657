"""Correcting the ledger: a reversing entry that references the original (红字冲销).

Nothing is ever edited or deleted. A reversal undoes what the original did elsewhere too: a
reversed payout puts the application back to waiting for payment; a donation already passed
up, or a grant already paid out, must have the later entry reversed first.
"""

import datetime as dt

from sqlalchemy.orm import Session

from app.fund import applications, kinds
from app.fund.applications import AidStatus
from app.fund.donations import remittance_of
from app.fund.kinds import EntryKind
from app.fund.ledger import Posting, get_entry, live_entries, post, reversal_of
from base.errors import UserError
from db.models import FundEntry


def _check_reversible(session: Session, entry: FundEntry, visit_edit: bool) -> None:
    if entry.kind == EntryKind.REVERSAL:
        raise UserError(f"第 {entry.seq} 号是冲销凭证，不能再冲销；如有错误请重新登记正确的账目")
    done = reversal_of(session, entry.id)
    if done is not None:
        raise UserError(f"第 {entry.seq} 号账目已由第 {done.seq} 号冲销")
    if entry.kind == EntryKind.VISIT_PAYMENT and not visit_edit:
        raise UserError("慰问支出随慰问记录登记：请在“慰问”页修改或删除该次慰问，系统会自动冲销")
    if entry.kind == EntryKind.DONATION:
        remittance = remittance_of(session, entry.id)
        if remittance is not None:
            raise UserError(f"该笔捐款已随第 {remittance.seq} 号上缴凭证上缴，请先冲销该上缴凭证")
    if entry.application_id and entry.kind in (EntryKind.PAYOUT, EntryKind.CITY_GRANT):
        application = applications.get_application(session, entry.application_id)
        if application.status == AidStatus.ARCHIVED:
            raise UserError(f"申请 {application.number} 已归档，不能冲销其账目")
    if entry.kind == EntryKind.CITY_GRANT and entry.application_id:
        payout = session.scalar(live_entries().where(
            FundEntry.application_id == entry.application_id, FundEntry.kind == EntryKind.PAYOUT))
        if payout is not None and reversal_of(session, payout.id) is None:
            raise UserError(f"该笔补助已由第 {payout.seq} 号凭证发放，请先冲销发放")


def reverse(session: Session, entry_id: str, day: dt.date, reason: str,
            today: dt.date | None = None, *, visit_edit: bool = False) -> FundEntry:
    """Post the reversing entry of `entry_id` on `day`; refused when the balance would not
    allow it (reversing an income takes money out)."""
    reason = reason.strip()
    if not reason:
        raise UserError("请写明冲销原因")
    entry = get_entry(session, entry_id)
    _check_reversible(session, entry, visit_edit)
    if day < entry.date:
        raise UserError(f"冲销日期不能早于原账目日期（{entry.date:%Y-%m-%d}）")
    reversal = post(session, Posting(
        kind=EntryKind.REVERSAL, direction=kinds.opposite(entry.direction), date=day,
        amount=entry.amount, member_id=entry.member_id, person_name=entry.person_name,
        receipt_no=entry.receipt_no, application_id=entry.application_id,
        visit_id=entry.visit_id, reverses_id=entry.id,
        summary=f"冲销第 {entry.seq} 号（{entry.kind}）：{reason}",
    ), today)
    if entry.application_id and entry.kind in (EntryKind.PAYOUT, EntryKind.CITY_GRANT):
        application = applications.get_application(session, entry.application_id)
        applications.undo_for_reversal(session, application, entry.kind, day, reason)
    return reversal
