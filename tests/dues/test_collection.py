"""Who owes which month, paying (single, batch, 预交/补交), receipts, 减免 and arrears."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import settings
from app.dues import config
from app.dues.arrears import CHARTER_ARTICLE_9, arrears
from app.dues.assessment import AssessmentInput, propose_year, save_assessment
from app.dues.ledger import FUTURE, NOT_LIABLE, UNASSESSED, UNPAID, WAIVED, Ledger
from app.dues.months import Month
from app.dues.payments import (
    ConfirmationRequired,
    cancel_receipt,
    list_receipts,
    pay_month_for_many,
    pay_months,
    pay_voluntary,
    receipt,
)
from app.dues.relief import ReliefInput, ReliefRow, add_relief, list_reliefs
from app.members.service import transfer
from base.errors import UserError, ValidationError
from db.models import DuesPayment, Member
from tests.dues.helpers import TODAY, assess, make_member

D = Decimal


def states(session: Session, member: Member, first: Month, last: Month,
           today: dt.date = TODAY) -> list[str]:
    ledger = Ledger(session, [member], first, last, today)
    months = [Month.from_index(i) for i in range(first.index, last.index + 1)]
    return [ledger.cell(member.id, m).state for m in months]


def test_probationary_member_owes_from_the_month_of_acceptance(session: Session) -> None:
    member = make_member(session, join=dt.date(2026, 3, 20), probationary=True)
    assess(session, member, [2026])
    assert states(session, member, Month(2026, 1), Month(2026, 4)) == [
        NOT_LIABLE, NOT_LIABLE, UNPAID, UNPAID]
    assert states(session, member, Month(2026, 12), Month(2026, 12)) == [FUTURE]


def test_transfers_bound_the_months_owed(session: Session) -> None:
    came = make_member(session, "李明")
    transfer(session, came.id, "转入", dt.date(2025, 5, 18), "市财政局机关党支部")
    left = make_member(session, "王芳")
    transfer(session, left.id, "转出", dt.date(2025, 9, 3), "市商务局机关党支部")
    assess(session, came, [2025])
    assess(session, left, [2025])
    assert states(session, came, Month(2025, 4), Month(2025, 5)) == [NOT_LIABLE, UNPAID]
    assert states(session, left, Month(2025, 9), Month(2025, 10)) == [UNPAID, NOT_LIABLE]


def test_deceased_member_owes_nothing_from_the_month_of_death(session: Session) -> None:
    member = make_member(session, employment="离退休")
    assess(session, member, [2026], base="4000", category="离退休")
    member.deceased_date = dt.date(2026, 6, 14)
    session.flush()
    assert states(session, member, Month(2026, 5), Month(2026, 6)) == [UNPAID, NOT_LIABLE]


def test_months_without_assessment_are_not_owed(session: Session) -> None:
    member = make_member(session)
    assess(session, member, [2026], start_month=10)  # first year in the app: from October
    assert states(session, member, Month(2026, 9), Month(2026, 10)) == [UNASSESSED, UNPAID]
    assert arrears(session, dt.date(2026, 10, 5)) == []


def test_assessment_is_prefilled_from_last_year_and_yearly_mode_allows_one(
        session: Session) -> None:
    member = make_member(session)
    save_assessment(session, AssessmentInput(
        member.id, 2025, "在职", pay_items={"职务工资": D("3000"), "级别工资": D("2500"),
                                            "个人所得税": D("100"), "住房公积金": D("300")}))
    proposal = next(p for p in propose_year(session, 2026) if p.member.id == member.id)
    assert proposal.source == "沿用上年"
    assert proposal.input.pay_items["职务工资"] == D("3000")
    assert (proposal.base, proposal.monthly_amount) == (D("5100.00"), D("76.50"))
    assert proposal.previous_amount == D("76.50")
    save_assessment(session, proposal.input)
    with pytest.raises(UserError, match="一年只核定一次"):
        assess(session, member, [2026], base="6000", start_month=7)


def test_from_pay_change_mode_applies_a_new_base_from_its_month(session: Session) -> None:
    settings.put(session, config.MODE, config.FROM_PAY_CHANGE)
    member = make_member(session)
    assess(session, member, [2026], base="4900")
    assess(session, member, [2026], base="5100", start_month=7)
    ledger = Ledger(session, [member], Month(2026, 6), Month(2026, 7), TODAY)
    assert ledger.cell(member.id, Month(2026, 6)).owed == D("49.00")
    assert ledger.cell(member.id, Month(2026, 7)).owed == D("76.50")


def test_single_payment_with_extra_and_receipt_in_words(session: Session) -> None:
    member = make_member(session)
    assess(session, member, [2026])
    number = pay_months(session, member.id, Month(2026, 10), Month(2026, 11),
                        dt.date(2026, 11, 20), "微信", extra=D("20.00"), today=TODAY)
    issued = receipt(session, number)
    assert issued.total == D("173.00")
    assert issued.in_words == "壹佰柒拾叁元整"
    assert issued.description == "2026年10月至11月党费（补交）；自愿交纳20.00元"
    kinds = {p.kind for p in session.scalars(select(DuesPayment))}
    assert kinds == {"补交", "正常", "自愿多交"}
    with pytest.raises(UserError, match="已交纳"):
        pay_months(session, member.id, Month(2026, 11), Month(2026, 11), TODAY, today=TODAY)
    with pytest.raises(UserError, match="不能晚于今天"):
        pay_months(session, member.id, Month(2026, 12), Month(2026, 12),
                   dt.date(2026, 11, 26), today=TODAY)


def test_advance_payment_up_to_six_months_then_confirmation(session: Session) -> None:
    member = make_member(session)
    assess(session, member, [2026, 2027])
    paid_on = dt.date(2026, 11, 20)
    pay_months(session, member.id, Month(2026, 11), Month(2027, 5), paid_on, today=TODAY)
    with pytest.raises(ConfirmationRequired, match="预交到7个月后") as raised:
        pay_months(session, member.id, Month(2027, 6), Month(2027, 6), paid_on, today=TODAY)
    assert raised.value.warnings
    assert session.scalar(select(DuesPayment).where(DuesPayment.month == dt.date(2027, 6, 1))
                          ) is None
    number = pay_months(session, member.id, Month(2027, 6), Month(2027, 6), paid_on,
                        confirmed=True, today=TODAY)
    assert "已确认" in session.scalar(
        select(DuesPayment.notes).where(DuesPayment.receipt_no == number))
    assert receipt(session, number).kinds == ("预交",)


def test_late_payment_up_to_six_months_then_confirmation(session: Session) -> None:
    member = make_member(session)
    assess(session, member, [2026])
    paid_on = dt.date(2026, 11, 20)
    pay_months(session, member.id, Month(2026, 5), Month(2026, 5), paid_on, today=TODAY)
    with pytest.raises(ConfirmationRequired, match="补交到7个月前"):
        pay_months(session, member.id, Month(2026, 4), Month(2026, 4), paid_on, today=TODAY)
    with pytest.raises(ConfirmationRequired):
        pay_month_for_many(session, [member.id], Month(2026, 4), paid_on, today=TODAY)
    result = pay_month_for_many(session, [member.id], Month(2026, 4), paid_on, confirmed=True,
                                today=TODAY)
    assert result.total == 1


def test_batch_pays_many_and_lists_who_could_not(session: Session) -> None:
    a, b, c = (make_member(session, n) for n in ("甲一", "乙二", "丙三"))
    late = make_member(session, "丁四", join=dt.date(2026, 11, 21), probationary=True)
    for m in (a, b, c, late):
        assess(session, m, [2026])
    pay_months(session, c.id, Month(2026, 10), Month(2026, 10), TODAY, today=TODAY)
    result = pay_month_for_many(session, [a.id, b.id, c.id, late.id], Month(2026, 10), TODAY,
                                today=TODAY)
    assert [name for name, _ in result.paid] == ["甲一", "乙二"]
    assert dict(result.skipped) == {"丙三": "2026年10月已交纳（收据 2026-0001）",
                                    "丁四": "2026年10月该党员不在本支部，无需交纳"}
    assert [no for _, no in result.paid] == ["2026-0002", "2026-0003"]
    with pytest.raises(UserError, match="请先选择"):
        pay_month_for_many(session, [], Month(2026, 10), TODAY, today=TODAY)


def test_voluntary_one_off_of_1000_or_more_is_flagged_for_central(session: Session) -> None:
    member = make_member(session)
    small = pay_voluntary(session, member.id, D("999.99"), TODAY, today=TODAY)
    big = pay_voluntary(session, member.id, D("1000.00"), TODAY, today=TODAY)
    assert (receipt(session, small).kinds, receipt(session, small).to_central) == (
        ("自愿多交",), False)
    assert (receipt(session, big).kinds, receipt(session, big).to_central) == (
        ("一次性自愿",), True)
    assert "全部上缴中央" in receipt(session, big).description
    with pytest.raises(UserError, match="大于零"):
        pay_voluntary(session, member.id, D("0"), TODAY, today=TODAY)


def test_cancelled_receipt_frees_the_months_and_keeps_its_number(session: Session) -> None:
    member = make_member(session)
    assess(session, member, [2026])
    number = pay_months(session, member.id, Month(2026, 11), Month(2026, 11), TODAY, today=TODAY)
    with pytest.raises(UserError, match="作废原因"):
        cancel_receipt(session, number, " ")
    cancel_receipt(session, number, "登记错了人")
    # Payable again; not 未交 before its 交纳截止日 (the month's last day).
    assert states(session, member, Month(2026, 11), Month(2026, 11)) == [FUTURE]
    assert states(session, member, Month(2026, 11), Month(2026, 11),
                  dt.date(2026, 12, 1)) == [UNPAID]
    assert list_receipts(session, 2026) == []
    again = pay_months(session, member.id, Month(2026, 11), Month(2026, 11), TODAY, today=TODAY)
    assert again == "2026-0002"


def _pay_through(session: Session, member: Member, last: Month) -> None:
    pay_months(session, member.id, Month(last.year, 1), last, last.first_day, confirmed=True,
               today=TODAY)


def test_arrears_warn_at_three_and_flag_at_six_across_the_new_year(session: Session) -> None:
    member = make_member(session, "赵六")
    assess(session, member, [2025, 2026])
    _pay_through(session, member, Month(2025, 10))
    assert arrears(session, dt.date(2026, 1, 20)) == []  # Nov, Dec: two months
    found = arrears(session, dt.date(2026, 2, 1))
    assert [(a.name, a.months, a.flagged, a.level) for a in found] == [("赵六", 3, False, "注意")]
    assert found[0].run == (Month(2025, 11), Month(2025, 12), Month(2026, 1))
    assert found[0].run_owed == D("229.50")
    assert found[0].suggested_topic == ""
    found = arrears(session, dt.date(2026, 5, 31))  # Nov..Apr: six months
    assert (found[0].months, found[0].flagged, found[0].level) == (6, True, "警告")
    assert "连续6个月" in found[0].suggested_topic and "第九条" in found[0].suggested_topic
    assert "自行脱党" in CHARTER_ARTICLE_9
    assert session.get(Member, member.id).membership_status == "正常"  # never changed
    pay_months(session, member.id, Month(2025, 11), Month(2026, 4), dt.date(2026, 5, 31),
               today=TODAY)
    assert arrears(session, dt.date(2026, 5, 31)) == []


def test_warning_threshold_is_a_setting(session: Session) -> None:
    member = make_member(session)
    assess(session, member, [2026])
    _pay_through(session, member, Month(2026, 8))
    assert arrears(session, TODAY) == []  # Sep, Oct
    settings.put(session, config.WARN_MONTHS, 2)
    assert [a.months for a in arrears(session, TODAY)] == [2]


def _relief(member: Member, first: Month, last: Month, amount: str = "0.00",
            ref: str = "机党发〔2026〕8号") -> ReliefInput:
    return ReliefInput(member.id, first, last, D(amount), "重病住院", "机关党委", ref,
                       dt.date(2026, 1, 15))


def test_reliefs_are_listed_by_the_years_of_their_months(session: Session) -> None:
    member = make_member(session)
    assess(session, member, [2025, 2026])
    relief = add_relief(session, _relief(member, Month(2025, 11), Month(2026, 2), "5.00"),
                        today=TODAY)
    row = ReliefRow(relief.id, member.name, Month(2025, 11), Month(2026, 2), D("5.00"),
                    "重病住院", "机关党委", "机党发〔2026〕8号", dt.date(2026, 1, 15))
    assert list_reliefs(session, 2025) == list_reliefs(session, 2026) == [row]
    assert list_reliefs(session, 2027) == []


def test_waived_months_are_not_arrears(session: Session) -> None:
    member = make_member(session)
    assess(session, member, [2025, 2026])
    _pay_through(session, member, Month(2025, 12))
    add_relief(session, _relief(member, Month(2026, 1), Month(2026, 6)), today=TODAY)
    assert states(session, member, Month(2026, 1), Month(2026, 1)) == [WAIVED]
    assert arrears(session, dt.date(2026, 7, 10)) == []
    found = arrears(session, dt.date(2026, 10, 10))  # Jul, Aug, Sep after the waiver
    assert [a.months for a in found] == [3]


def test_reduced_months_owe_the_reduced_amount(session: Session) -> None:
    member = make_member(session)
    assess(session, member, [2026])
    add_relief(session, _relief(member, Month(2026, 3), Month(2026, 4), "10.00"), today=TODAY)
    ledger = Ledger(session, [member], Month(2026, 2), Month(2026, 3), TODAY)
    assert ledger.cell(member.id, Month(2026, 2)).owed == D("76.50")
    assert ledger.cell(member.id, Month(2026, 3)).owed == D("10.00")
    number = pay_months(session, member.id, Month(2026, 3), Month(2026, 4), dt.date(2026, 4, 5),
                        today=TODAY)
    assert receipt(session, number).total == D("20.00")


def test_relief_needs_approval_and_no_overlap_and_unpaid_months(session: Session) -> None:
    member = make_member(session)
    assess(session, member, [2026])
    with pytest.raises(ValidationError, match="批准文号"):
        add_relief(session, _relief(member, Month(2026, 1), Month(2026, 2), ref=" "),
                   today=TODAY)
    pay_months(session, member.id, Month(2026, 5), Month(2026, 5), dt.date(2026, 5, 5),
               today=TODAY)
    with pytest.raises(UserError, match="已交纳"):
        add_relief(session, _relief(member, Month(2026, 4), Month(2026, 6)), today=TODAY)
    add_relief(session, _relief(member, Month(2026, 1), Month(2026, 3)), today=TODAY)
    with pytest.raises(UserError, match="不能重叠"):
        add_relief(session, _relief(member, Month(2026, 3), Month(2026, 4)), today=TODAY)
