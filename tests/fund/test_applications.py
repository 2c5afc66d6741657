"""Aid applications: the strict order of steps in both fund modes, 签收 before 已发放."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app import settings
from app.fund import applications as apps
from app.fund import corrections, ledger
from app.fund.applications import AidStatus
from app.fund.kinds import EntryKind
from app.fund.ledger import Posting
from app.fund.settings import HIGHER_APPROVAL_ABOVE
from app.meetings.service import MeetingInput, save_meeting
from base.errors import UserError, ValidationError
from tests.fund.helpers import TODAY, branch_fund, committee_item, make_member, yuan

APPLIED = dt.date(2026, 5, 6)
MEETING = dt.date(2026, 5, 12)


def new_application(session: Session, amount: str = "800.00") -> apps.AidApplication:
    member = make_member(session)
    return apps.register(session, apps.ApplicationInput(
        member_id=member.id, reason="本人患重病", amount_requested=yuan(amount),
        applied_on=APPLIED, detail="住院手术，自付费用较高"), TODAY)


def test_register_validates_and_numbers(session: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        apps.register(session, apps.ApplicationInput(
            member_id="nobody", reason="想要", amount_requested=yuan("0"),
            applied_on=TODAY + dt.timedelta(days=1)), TODAY)
    assert set(caught.value.fields) == {"member_id", "reason", "amount_requested",
                                        "applied_on", "detail"}
    application = new_application(session)
    assert application.number == "ZB-2026-001" and application.status == AidStatus.REGISTERED
    assert application.fund_mode == "市级基金"
    assert [s.action for s in application.steps] == ["登记申请"]


def test_city_fund_flow_cannot_skip_a_step(session: Session) -> None:
    application = new_application(session)
    with pytest.raises(UserError, match="当前为“已登记”，不能进行“上报工委”；下一步应为“支部审核”"):
        apps.submit(session, application.id, MEETING, TODAY)
    with pytest.raises(UserError, match="不能进行“发放签收”"):
        apps.pay_out(session, application.id, MEETING, "张伟", today=TODAY)
    meeting_id, item_id = committee_item(session, MEETING)
    apps.review(session, application.id, meeting_id=meeting_id, agenda_item_id=item_id,
                approve=True, opinion="情况属实，同意上报", today=TODAY)
    assert application.status == AidStatus.REVIEWED and application.meeting_id == meeting_id
    apps.submit(session, application.id, MEETING, TODAY)
    with pytest.raises(UserError, match="不能进行“补助到账”"):
        apps.receive_grant(session, application.id, TODAY, today=TODAY)
    apps.record_city_decision(session, application.id, approve=True, amount=yuan("600.00"),
                              reason="", decided_by="市直机关工委", decision_ref="第5次工委会",
                              decided_on=dt.date(2026, 6, 1))
    assert application.status == AidStatus.APPROVED
    with pytest.raises(UserError, match="不能进行“发放签收”"):
        apps.pay_out(session, application.id, TODAY, "张伟", today=TODAY)
    apps.receive_grant(session, application.id, dt.date(2026, 6, 10), "拨款单", TODAY)
    assert ledger.balance(session) == yuan("600.00")
    with pytest.raises(UserError, match="须由领款人签收"):
        apps.pay_out(session, application.id, dt.date(2026, 6, 12), " ", today=TODAY)
    assert application.status == AidStatus.FUNDED
    apps.pay_out(session, application.id, dt.date(2026, 6, 12), "张伟", today=TODAY)
    assert application.status == AidStatus.PAID and ledger.balance(session) == 0
    payout = ledger.list_entries(session)[-1]
    assert (payout.kind, payout.signed_name, payout.signed_on) == (
        EntryKind.PAYOUT, "张伟", dt.date(2026, 6, 12))
    apps.archive(session, application.id, TODAY, TODAY)
    assert [s.to_status for s in application.steps] == [
        AidStatus.REGISTERED, AidStatus.REVIEWED, AidStatus.SUBMITTED, AidStatus.APPROVED,
        AidStatus.FUNDED, AidStatus.PAID, AidStatus.ARCHIVED]
    assert all(s.actor == "测试" and s.at for s in application.steps)


def test_review_needs_a_committee_meeting_and_its_item(session: Session) -> None:
    application = new_application(session)
    other = save_meeting(session, MeetingInput(types=["党课"], date=MEETING), today=TODAY)
    with pytest.raises(UserError, match="不是支部委员会会议"):
        apps.review(session, application.id, meeting_id=other.id, agenda_item_id=None,
                    approve=True, opinion="同意", today=TODAY)
    meeting_id, _item = committee_item(session, MEETING)
    _other_meeting, foreign_item = committee_item(session, MEETING)
    with pytest.raises(UserError, match="请选择该次支委会上讨论此申请的议题"):
        apps.review(session, application.id, meeting_id=meeting_id,
                    agenda_item_id=foreign_item, approve=True, opinion="同意", today=TODAY)
    early_id, early_item = committee_item(session, APPLIED - dt.timedelta(days=1))
    with pytest.raises(UserError, match="早于申请日期"):
        apps.review(session, application.id, meeting_id=early_id, agenda_item_id=early_item,
                    approve=True, opinion="同意", today=TODAY)
    assert application.status == AidStatus.REGISTERED


def test_city_refusal_then_archive(session: Session) -> None:
    application = new_application(session)
    meeting_id, item_id = committee_item(session, MEETING)
    apps.review(session, application.id, meeting_id=meeting_id, agenda_item_id=item_id,
                approve=True, opinion="同意上报", today=TODAY)
    apps.submit(session, application.id, MEETING, TODAY)
    with pytest.raises(UserError, match="写明理由"):
        apps.record_city_decision(session, application.id, approve=False, amount=None,
                                  reason="", decided_by="工委", decision_ref="",
                                  decided_on=TODAY)
    apps.record_city_decision(session, application.id, approve=False, amount=None,
                              reason="不符合申请条件", decided_by="工委", decision_ref="",
                              decided_on=TODAY)
    assert (application.status, application.refusal_reason) == (AidStatus.REFUSED, "不符合申请条件")
    with pytest.raises(UserError, match="不能进行“补助到账”"):
        apps.receive_grant(session, application.id, TODAY, today=TODAY)
    apps.archive(session, application.id, TODAY, TODAY)


def test_branch_fund_small_grant_is_decided_by_the_branch(session: Session) -> None:
    branch_fund(session)
    ledger.post(session, Posting(kind=EntryKind.DUES_ALLOCATION, date=APPLIED,
                                 amount=yuan("2000.00")), TODAY)
    application = new_application(session, "800.00")
    meeting_id, item_id = committee_item(session, MEETING)
    with pytest.raises(UserError, match="支部基金模式下没有“上报工委”"):
        apps.submit(session, application.id, MEETING, TODAY)
    apps.review(session, application.id, meeting_id=meeting_id, agenda_item_id=item_id,
                approve=True, opinion="同意补助", amount=yuan("500.00"), today=TODAY)
    assert (application.status, application.approved_amount) == (AidStatus.APPROVED, yuan("500.00"))
    assert application.decided_by == "支部委员会"
    apps.pay_out(session, application.id, dt.date(2026, 5, 20), "张伟", today=TODAY)
    assert ledger.balance(session) == yuan("1500.00")


def test_branch_fund_above_threshold_needs_the_higher_level(session: Session) -> None:
    branch_fund(session)
    settings.put(session, HIGHER_APPROVAL_ABOVE, 100000)
    ledger.post(session, Posting(kind=EntryKind.HIGHER_FUNDING, date=APPLIED,
                                 amount=yuan("5000.00")), TODAY)
    application = new_application(session, "3000.00")
    meeting_id, item_id = committee_item(session, MEETING)
    apps.review(session, application.id, meeting_id=meeting_id, agenda_item_id=item_id,
                approve=True, opinion="同意，报机关党委审批", amount=yuan("2000.00"), today=TODAY)
    assert application.status == AidStatus.AWAITING_HIGHER
    with pytest.raises(UserError, match="下一步应为“上级审批”"):
        apps.pay_out(session, application.id, TODAY, "张伟", today=TODAY)
    with pytest.raises(UserError, match="批复文号"):
        apps.record_higher_decision(session, application.id, approve=True,
                                    amount=yuan("1500.00"), reason="", decided_by="机关党委",
                                    decision_ref="", day=TODAY, today=TODAY)
    apps.record_higher_decision(session, application.id, approve=True, amount=yuan("1500.00"),
                                reason="", decided_by="机关党委", decision_ref="机党〔2026〕9号",
                                day=dt.date(2026, 6, 1), today=TODAY)
    apps.pay_out(session, application.id, dt.date(2026, 6, 3), "张伟家属李梅", today=TODAY)
    assert ledger.balance(session) == yuan("3500.00")


def test_payout_larger_than_balance_is_refused_and_nothing_moves(session: Session) -> None:
    branch_fund(session)
    application = new_application(session, "500.00")
    meeting_id, item_id = committee_item(session, MEETING)
    apps.review(session, application.id, meeting_id=meeting_id, agenda_item_id=item_id,
                approve=True, opinion="同意", today=TODAY)
    with pytest.raises(UserError, match=r"余额为 0\.00 元"):
        apps.pay_out(session, application.id, TODAY, "张伟", today=TODAY)


def test_reversing_a_payout_steps_the_application_back(session: Session) -> None:
    branch_fund(session)
    ledger.post(session, Posting(kind=EntryKind.DUES_ALLOCATION, date=APPLIED,
                                 amount=yuan("1000.00")), TODAY)
    application = new_application(session, "500.00")
    meeting_id, item_id = committee_item(session, MEETING)
    apps.review(session, application.id, meeting_id=meeting_id, agenda_item_id=item_id,
                approve=True, opinion="同意", today=TODAY)
    apps.pay_out(session, application.id, dt.date(2026, 6, 1), "张伟", today=TODAY)
    payout = ledger.list_entries(session)[-1]
    corrections.reverse(session, payout.id, dt.date(2026, 6, 2), "签收人填错", TODAY)
    assert application.status == AidStatus.APPROVED
    apps.pay_out(session, application.id, dt.date(2026, 6, 2), "张伟", today=TODAY)
    apps.archive(session, application.id, TODAY, TODAY)
    latest = ledger.list_entries(session)[-1]
    with pytest.raises(UserError, match="已归档"):
        corrections.reverse(session, latest.id, TODAY, "再改", TODAY)


def test_withdraw_only_before_submission(session: Session) -> None:
    application = new_application(session)
    apps.withdraw(session, application.id, "本人撤回", TODAY, TODAY)
    assert application.status == AidStatus.WITHDRAWN
    with pytest.raises(UserError, match="不能进行“撤回”"):
        apps.withdraw(session, application.id, "再撤", TODAY, TODAY)
