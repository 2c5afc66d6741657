"""互助金 as the page shows it: one ledger entry (to reverse or confirm it), the donations not
yet remitted to the city, and the 补助申请 with their steps and proofs, read once and handed
to the widgets as plain values."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from app.fund.applications import get_application, list_applications, next_step
from app.fund.donations import unremitted
from app.fund.ledger import get_entry
from db.models import AidApplication


@dataclass(frozen=True)
class EntryRecord:
    id: str
    seq: int  # 凭证号
    date: dt.date
    kind: str
    direction: str  # 收 / 支
    amount: Decimal
    summary: str
    entered_by: str


def entry_record(session: Session, entry_id: str) -> EntryRecord:
    entry = get_entry(session, entry_id)
    return EntryRecord(entry.id, entry.seq, entry.date, entry.kind, entry.direction,
                       entry.amount, entry.summary, entry.entered_by)


@dataclass(frozen=True)
class DonationRow:
    id: str
    date: dt.date
    receipt_no: str
    donor: str
    amount: Decimal


def unremitted_donations(session: Session) -> list[DonationRow]:
    """Donations that stand and are not yet remitted to the city, oldest first."""
    return [DonationRow(d.id, d.date, d.receipt_no, d.person_name, d.amount)
            for d in unremitted(session)]


@dataclass(frozen=True)
class StepLine:
    date: dt.date
    action: str
    from_status: str
    to_status: str
    actor: str
    note: str


@dataclass(frozen=True)
class ApplicationRecord:
    id: str
    number: str
    fund_mode: str
    applicant_name: str
    reason: str
    detail: str  # 情况说明
    amount_requested: Decimal
    branch_amount: Decimal | None
    approved_amount: Decimal | None
    applied_on: dt.date
    status: str
    next_step: str  # "" once done
    steps: tuple[StepLine, ...]  # the live ones, in order
    proofs: tuple[str, ...]  # file names of the live proofs


def _record(application: AidApplication) -> ApplicationRecord:
    a = application
    return ApplicationRecord(
        a.id, a.number, a.fund_mode, a.applicant_name, a.reason, a.detail, a.amount_requested,
        a.branch_amount, a.approved_amount, a.applied_on, a.status, next_step(a),
        tuple(StepLine(s.date, s.action, s.from_status, s.to_status, s.actor, s.note)
              for s in a.steps if s.deleted_at is None),
        tuple(p.filename for p in a.proofs if p.deleted_at is None))


def application_records(session: Session) -> list[ApplicationRecord]:
    """Every live application, the newest first."""
    return [_record(a) for a in list_applications(session)]


def application_record(session: Session, application_id: str) -> ApplicationRecord:
    return _record(get_application(session, application_id))
