"""Branch application → package → city decision → return file → branch pays out; the city
fund's ledger, rules and report."""

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.city import fund as city_fund
from app.city.fund import CityEntryKind
from app.city.importer import import_packages
from app.city.returns import write_return
from app.fund import applications as apps
from app.fund import donations, ledger
from app.fund.applications import AidStatus
from app.sync.export import export_package
from app.sync.receive import receive_return
from app.visits.rules import FundingSource, VisitKind
from app.visits.service import GoodsInput, PersonInput, VisitInput, save_visit
from base.errors import UserError
from db.city.database import CityDatabase
from db.database import Database
from db.models import SyncInbox
from tests.fund.helpers import TODAY, committee_item, make_member, yuan
from tests.sync.conftest import always, make_branch

APPLIED = dt.date(2026, 9, 1)


def submitted_application(session: Session) -> str:
    member = make_member(session)
    for n, amount in enumerate(("300.00", "200.00")):
        donations.record_donation(session, date=dt.date(2026, 7, 1 + n), amount=yuan(amount),
                                  member_id=member.id, today=TODAY)
    donations.remit(session, [d.id for d in donations.unremitted(session)],
                    dt.date(2026, 7, 10), "汇款凭证 0710", TODAY)
    application = apps.register(session, apps.ApplicationInput(
        member_id=member.id, reason="家属患重病", amount_requested=yuan("1500.00"),
        applied_on=APPLIED, detail="配偶住院治疗"), TODAY)
    meeting_id, item_id = committee_item(session, dt.date(2026, 9, 8))
    apps.review(session, application.id, meeting_id=meeting_id, agenda_item_id=item_id,
                approve=True, opinion="情况属实，同意上报", amount=yuan("1000.00"), today=TODAY)
    apps.submit(session, application.id, dt.date(2026, 9, 9), TODAY)
    save_visit(session, VisitInput(
        date=dt.date(2026, 6, 28), kind=VisitKind.JULY_FIRST, source=FundingSource.DUES,
        persons=[PersonInput(member.id, cash=yuan("500.00"),
                             goods=[GoodsInput("党史读物", yuan("80.00"))], signed_name="张伟")]),
        today=TODAY)
    return application.id


def send(branch: Database, city: CityDatabase, stick: Path) -> None:
    result = export_package(branch, stick)
    (imported,) = import_packages(city, [result.path], confirm_key=always)
    assert imported.ok


def test_application_round_trip_and_payout(tmp_path: Path, city: CityDatabase) -> None:
    stick = tmp_path / "stick"
    branch = make_branch(tmp_path / "b.db", "FGW-01", city)
    with branch.session() as session:
        application_id = submitted_application(session)
    send(branch, city, stick)

    with city.session() as session:
        queue = city_fund.applications(session, waiting_only=True)
        assert [(a.number, a.branch_amount, a.status) for a in queue] == [
            ("FGW-01-2026-001", yuan("1000.00"), "已上报")]
        with pytest.raises(UserError, match=r"超过单笔补助上限 2,000\.00 元"):
            city_fund.decide(session, "FGW-01-2026-001", approve=True, amount=yuan("2500.00"),
                             decided_by="工委", entered_by="工委会计", today=TODAY)
        with pytest.raises(UserError, match=r"可用余额为 500\.00 元"):
            city_fund.decide(session, "FGW-01-2026-001", approve=True, amount=yuan("800.00"),
                             decided_by="工委", entered_by="工委会计", today=TODAY)
    with city.session() as session:
        city_fund.record_income(session, CityEntryKind.DUES_ALLOCATION, dt.date(2026, 1, 5),
                                yuan("10000.00"), "工委会计", "工委党费", today=TODAY)
        decision = city_fund.decide(
            session, "FGW-01-2026-001", approve=True, amount=yuan("800.00"),
            decided_by="市直机关工委", decision_ref="2026年第9次工委会", entered_by="工委会计",
            day=dt.date(2026, 10, 10), today=TODAY)
        assert decision.entry_id is not None
        assert city_fund.balance(session) == yuan("9700.00")
        with pytest.raises(UserError, match="已于2026-10-10批准"):
            city_fund.decide(session, application_id, approve=False, reason="重复",
                             decided_by="工委", entered_by="工委会计", today=TODAY)
        returned = write_return(session, "FGW-01", stick)

    received = receive_return(branch, returned)
    assert [status for _kind, status, _text in received.messages] == ["已处理"]
    with branch.session() as session:
        application = apps.get_application(session, application_id)
        assert (application.status, application.approved_amount) == (AidStatus.APPROVED,
                                                                      yuan("800.00"))
        assert application.decision_ref == "2026年第9次工委会"
        apps.receive_grant(session, application_id, dt.date(2026, 10, 20), "工委拨款", TODAY)
        apps.pay_out(session, application_id, dt.date(2026, 10, 21), "张伟", today=TODAY)
        assert application.status == AidStatus.PAID
        assert ledger.balance(session) == 0

    # The message comes again until the branch's next package confirms it: no double step.
    receive_return(branch, returned)
    with branch.session() as session:
        assert apps.get_application(session, application_id).status == AidStatus.PAID
        assert session.get(SyncInbox, decision.message_id).status == "已处理"

    send(branch, city, stick)
    with city.session() as session:
        (item,) = city_fund.applications(session)
        assert (item.status, item.decision.amount) == (AidStatus.PAID, yuan("800.00"))
        report = city_fund.year_report(session, 2026, "工委会计", TODAY)
    assert report["income_by_branch"] == [{"code": "FGW-01", "name": "中共测试单位FGW-01党支部",
                                           "amount": yuan("500.00")}]
    assert report["grants_by_reason"] == {"家属患重病": {"count": 1, "amount": yuan("800.00")}}
    assert report["closing_balance"] == yuan("9700.00") and report["waiting"] == 0
    assert report["visits"]["by_kind"]["七一慰问"] == {
        "visits": 1, "persons": 1, "cash": yuan("500.00"), "goods": yuan("80.00")}


def test_city_refusal_reaches_the_branch(tmp_path: Path, city: CityDatabase) -> None:
    stick = tmp_path / "stick"
    branch = make_branch(tmp_path / "b.db", "FGW-02", city)
    with branch.session() as session:
        application_id = submitted_application(session)
    send(branch, city, stick)
    with city.session() as session:
        rules = city_fund.fund_rules(session)
        rules.reasons = ["本人患重病"]
        city_fund.save_rules(session, rules)
        with pytest.raises(UserError, match="不在本基金的补助范围内"):
            city_fund.decide(session, application_id, approve=True, amount=yuan("100.00"),
                             decided_by="工委", entered_by="工委会计", today=TODAY)
        with pytest.raises(UserError, match="写明理由"):
            city_fund.decide(session, application_id, approve=False, decided_by="工委",
                             entered_by="工委会计", today=TODAY)
        city_fund.decide(session, application_id, approve=False, reason="不在补助范围",
                         decided_by="市直机关工委", entered_by="工委会计", today=TODAY)
        returned = write_return(session, "FGW-02", stick)
    receive_return(branch, returned)
    with branch.session() as session:
        application = apps.get_application(session, application_id)
        assert application.status == AidStatus.REFUSED
        assert application.refusal_reason == "不在补助范围"
