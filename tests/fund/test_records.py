"""What the 互助金 page reads: a ledger entry to reverse or confirm, and the applications
with their live steps, proofs and next step."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app.fund import applications as apps
from app.fund import donations, ledger
from app.fund.applications import AidStatus, ApplicationStep
from app.fund.ledger import Posting
from app.fund.records import (
    EntryRecord,
    StepLine,
    application_record,
    application_records,
    entry_record,
    unremitted_donations,
)
from base.errors import UserError
from tests.fund.helpers import TODAY, committee_item, yuan
from tests.fund.test_applications import APPLIED, MEETING, new_application


def test_an_entry_reads_as_the_dialogs_show_it(session: Session) -> None:
    entry = ledger.post(session, Posting(kind="捐款", date=dt.date(2026, 3, 1),
                                         amount=yuan("200.00"), person_name="张伟",
                                         summary="爱心捐款"), TODAY)
    assert entry_record(session, entry.id) == EntryRecord(
        entry.id, entry.seq, dt.date(2026, 3, 1), "捐款", "收", yuan("200.00"), "爱心捐款",
        "测试")
    with pytest.raises(UserError, match="找不到该笔账目"):
        entry_record(session, "no-such-entry")


def test_applications_carry_their_steps_and_next_step(session: Session) -> None:
    application = new_application(session)
    record = application_record(session, application.id)
    assert (record.number, record.applicant_name, record.reason, record.amount_requested,
            record.applied_on, record.status, record.next_step) == (
        "ZB-2026-001", "张伟", "本人患重病", yuan("800.00"), APPLIED, AidStatus.REGISTERED,
        ApplicationStep.REVIEW)
    assert record.detail == "住院手术，自付费用较高" and record.proofs == ()
    assert record.approved_amount is None and record.branch_amount is None
    meeting_id, item_id = committee_item(session, MEETING)
    apps.review(session, application.id, meeting_id=meeting_id, agenda_item_id=item_id,
                approve=True, opinion="情况属实，同意上报", today=TODAY)
    reviewed = application_records(session)
    assert [r.id for r in reviewed] == [application.id]
    assert reviewed[0].next_step == ApplicationStep.SUBMIT
    assert reviewed[0].steps[-1] == StepLine(
        MEETING, ApplicationStep.REVIEW, AidStatus.REGISTERED, AidStatus.REVIEWED, "测试",
        "2026-05-12支委会议题“审议党员困难补助申请”：情况属实，同意上报")
    with pytest.raises(UserError, match="找不到该补助申请"):
        application_record(session, "no-such-application")


def test_donations_waiting_for_remittance_as_rows(session: Session) -> None:
    day = dt.date(2026, 3, 1)
    first = donations.record_donation(session, date=day, amount=yuan("100.00"),
                                      donor_name="甲", today=TODAY)
    later = donations.record_donation(session, date=day + dt.timedelta(days=1),
                                      amount=yuan("50.00"), donor_name="乙", today=TODAY)
    assert [(d.id, d.date, d.donor, d.amount) for d in unremitted_donations(session)] == [
        (first.id, day, "甲", yuan("100.00")),
        (later.id, day + dt.timedelta(days=1), "乙", yuan("50.00"))]
    assert unremitted_donations(session)[0].receipt_no == first.receipt_no != ""
    donations.remit(session, [first.id], day + dt.timedelta(days=3), "汇款单1", today=TODAY)
    assert [d.id for d in unremitted_donations(session)] == [later.id]
