"""The branch ledger: append-only, reversals, a balance that is the sum and never negative."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.fund import corrections, donations, ledger
from app.fund.kinds import Direction, EntryKind
from app.fund.ledger import Posting
from base.errors import UserError
from db.database import Database
from db.models import FundEntry
from tests.conftest import copy_of
from tests.fund.helpers import TODAY, branch_fund, make_member, yuan

DAY = dt.date(2026, 3, 1)


def income(session: Session, amount: str, day: dt.date = DAY, kind: str = EntryKind.HIGHER_FUNDING
           ) -> FundEntry:
    return ledger.post(session, Posting(kind=kind, date=day, amount=yuan(amount),
                                        person_name="机关党委"), TODAY)


def spend(session: Session, amount: str, day: dt.date = DAY) -> FundEntry:
    return ledger.post(session, Posting(kind=EntryKind.VISIT_PAYMENT, date=day, amount=yuan(amount),
                                        summary="慰问"), TODAY)


def test_donation_gets_numbered_receipt_with_words(session: Session) -> None:
    member = make_member(session)
    first = donations.record_donation(session, date=DAY, amount=yuan("100.00"),
                                      member_id=member.id, today=TODAY)
    second = donations.record_donation(session, date=DAY, amount=yuan("1005.07"),
                                       donor_name="李娜", today=TODAY)
    assert (first.receipt_no, second.receipt_no) == ("2026-0001", "2026-0002")
    assert first.person_name == "张伟" and first.entered_by == "测试"
    assert donations.receipt(session, second.id).amount_words == "壹仟零伍元零柒分"
    with pytest.raises(UserError, match="收据号 2026-0001 已用于张伟"):
        donations.record_donation(session, date=DAY, amount=yuan("5.00"), donor_name="王五",
                                  receipt_no="2026-0001", today=TODAY)
    assert ledger.balance(session) == yuan("1105.07")


def test_remittance_covers_chosen_donations_once(session: Session) -> None:
    a = donations.record_donation(session, date=DAY, amount=yuan("100.00"), donor_name="甲",
                                  today=TODAY)
    b = donations.record_donation(session, date=DAY, amount=yuan("50.00"), donor_name="乙",
                                  today=TODAY)
    remittance = donations.remit(session, [a.id, b.id], DAY + dt.timedelta(days=3), "汇款单1",
                                 today=TODAY)
    assert remittance.amount == yuan("150.00") and ledger.balance(session) == 0
    assert donations.unremitted(session) == []
    with pytest.raises(UserError, match="已上缴"):
        donations.remit(session, [a.id], TODAY, today=TODAY)
    with pytest.raises(UserError, match="请先冲销该上缴凭证"):
        corrections.reverse(session, a.id, TODAY, "录错", TODAY)
    corrections.reverse(session, remittance.id, TODAY, "汇款退回", TODAY)
    assert [d.id for d in donations.unremitted(session)] == [a.id, b.id]
    assert ledger.balance(session) == yuan("150.00")


def test_outgoing_larger_than_balance_is_refused_with_the_balance(session: Session) -> None:
    branch_fund(session)
    income(session, "300.00")
    with pytest.raises(UserError, match=r"当前互助金余额为 300\.00 元，本笔支出 300\.01 元"):
        spend(session, "300.01", TODAY)
    spend(session, "300.00", TODAY)
    assert ledger.balance(session) == 0


def test_backdated_outgoing_cannot_overdraw_a_later_day(session: Session) -> None:
    """Money spent in June cannot be spent again by an entry dated in March."""
    branch_fund(session)
    income(session, "500.00", dt.date(2026, 3, 1))
    spend(session, "400.00", dt.date(2026, 6, 1))
    with pytest.raises(UserError, match=r"2026年04月01日起互助金余额为 100\.00 元"):
        spend(session, "200.00", dt.date(2026, 4, 1))


def test_reversing_an_income_that_was_spent_is_refused(session: Session) -> None:
    branch_fund(session)
    entry = income(session, "500.00")
    spend(session, "400.00")
    with pytest.raises(UserError, match="余额不足"):
        corrections.reverse(session, entry.id, TODAY, "重复登记", TODAY)


def test_reversal_rules(session: Session) -> None:
    branch_fund(session)
    entry = income(session, "80.00")
    reversal = corrections.reverse(session, entry.id, TODAY, "金额录错", TODAY)
    assert reversal.direction == Direction.OUT and reversal.reverses_id == entry.id
    assert "冲销第 1 号" in reversal.summary
    with pytest.raises(UserError, match="已由第 2 号冲销"):
        corrections.reverse(session, entry.id, TODAY, "再来一次", TODAY)
    with pytest.raises(UserError, match="冲销凭证，不能再冲销"):
        corrections.reverse(session, reversal.id, TODAY, "冲错了", TODAY)
    with pytest.raises(UserError, match="请写明冲销原因"):
        corrections.reverse(session, entry.id, TODAY, " ", TODAY)
    assert ledger.balance(session) == 0


def test_posted_entry_cannot_be_changed_or_deleted_in_the_database(database: Database) -> None:
    with database.session() as session:
        entry_id = donations.record_donation(session, date=DAY, amount=yuan("10.00"),
                                             donor_name="甲", today=TODAY).id
    with pytest.raises(IntegrityError, match="不能修改"), database.session() as session:
        session.get(FundEntry, entry_id).amount = yuan("1.00")
    with pytest.raises(IntegrityError, match="不能删除"), database.session() as session:
        session.delete(session.get(FundEntry, entry_id))
    with database.session() as session:
        assert session.get(FundEntry, entry_id).amount == yuan("10.00")


def test_confirmation_needs_a_second_person(session: Session) -> None:
    entry = donations.record_donation(session, date=DAY, amount=yuan("10.00"), donor_name="甲",
                                      today=TODAY)
    with pytest.raises(UserError, match="复核人不能是录入人本人"):
        ledger.confirm(session, entry.id, "测试")
    ledger.confirm(session, entry.id, "出纳王芳")
    assert entry.confirmed_by == "出纳王芳" and entry.confirmed_at is not None
    assert ledger.unconfirmed(session) == []
    with pytest.raises(UserError, match="已由出纳王芳复核"):
        ledger.confirm(session, entry.id, "另一人")


def test_kinds_follow_the_fund_mode(session: Session) -> None:
    with pytest.raises(UserError, match="“上级拨款”不适用于市级基金模式"):
        income(session, "10.00")
    branch_fund(session)
    a = donations.record_donation(session, date=DAY, amount=yuan("10.00"), donor_name="甲",
                                  today=TODAY)
    with pytest.raises(UserError, match="“上缴”不适用于支部基金模式"):
        donations.remit(session, [a.id], TODAY, today=TODAY)
    with pytest.raises(UserError, match="晚于今天"):
        income(session, "1.00", TODAY + dt.timedelta(days=1))


# --- the property: balance = Σ entries, never negative, whatever is posted and reversed ----

amounts = st.integers(min_value=1, max_value=50_000).map(lambda fen: Decimal(fen) / 100)
days = st.integers(min_value=0, max_value=300).map(lambda n: DAY + dt.timedelta(days=n))
operations = st.lists(st.one_of(
    st.tuples(st.just("in"), amounts, days),
    st.tuples(st.just("out"), amounts, days),
    st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=40), days),
), min_size=1, max_size=25)


def _running_minimum(entries: list[FundEntry]) -> Decimal:
    running, lowest = Decimal(0), Decimal(0)
    for entry in sorted(entries, key=lambda e: (e.date, e.seq)):
        running += ledger.signed(entry)
        lowest = min(lowest, running)
    return lowest


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_balance_is_the_sum_of_entries_and_never_negative(
        ops: list[tuple[str, object, dt.date]], tmp_path_factory: pytest.TempPathFactory,
        _migrated_template: Path) -> None:
    with copy_of(_migrated_template, tmp_path_factory.mktemp("ledger") / "b.db") as database:
        with database.session() as session:
            branch_fund(session)
        for op, value, day in ops:
            try:
                with database.session() as session:
                    before = ledger.balance(session)
                    count = len(ledger.list_entries(session))
                    if op == "in":
                        income(session, str(value), day)
                    elif op == "out":
                        spend(session, str(value), day)
                    else:
                        entries = ledger.list_entries(session)
                        target = entries[int(value) % len(entries)] if entries else None
                        if target is None:
                            continue
                        corrections.reverse(session, target.id, max(day, target.date), "更正",
                                            TODAY, visit_edit=True)
            except UserError:
                with database.session() as session:  # a refusal changed nothing
                    assert ledger.balance(session) == before
                    assert len(ledger.list_entries(session)) == count
            with database.session() as session:
                entries = ledger.list_entries(session)
                assert ledger.balance(session) == sum((ledger.signed(e) for e in entries),
                                                      Decimal(0))
                assert _running_minimum(entries) >= 0
