"""The member form's read model: one member's values, transfers and extension, and the 党龄
line derived from what the form holds."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app.members.history import PeriodInput, add_period
from app.members.record import TransferLine, derived_text, member_record
from app.members.service import add_member, transfer
from base.errors import UserError
from tests.test_member_history import TODAY, probationary
from tests.test_member_rules import member_input


def test_a_record_holds_the_values_the_live_transfers_and_the_extension(
        session: Session) -> None:
    member, _ = add_member(session, member_input(phone="13800000000"), today=TODAY)
    transfer(session, member.id, "转入", dt.date(2026, 3, 1), "市商务局", "2026-7")
    record = member_record(session, member.id)
    assert record.id == member.id and record.values.name == "张伟"
    assert record.values.phone == "13800000000" and record.group_name == ""
    assert record.transfers == (TransferLine(dt.date(2026, 3, 1), "转入", "市商务局", "2026-7"),)
    assert record.extension_months == 0

    later = probationary(session, dt.date(2025, 10, 1))
    add_period(session, later.id, PeriodInput("延长预备期", dt.date(2026, 10, 1), months=6),
               today=TODAY)
    assert member_record(session, later.id).extension_months == 6


def test_an_unknown_member_is_refused_in_chinese(session: Session) -> None:
    with pytest.raises(UserError, match="找不到该党员"):
        member_record(session, "no-such-member")


def test_the_derived_line_follows_category_dates_and_extension() -> None:
    full = member_input(category="正式党员", join_date=dt.date(2000, 7, 1),
                        full_date=dt.date(2001, 7, 1))
    assert derived_text(full, 0, TODAY) == "25 年（从转正日期算起）"
    new = member_input(category="预备党员", join_date=dt.date(2026, 1, 10), full_date=None)
    assert derived_text(new, 0, TODAY) == "预备党员没有党龄；预备期至 2027-01-10"
    assert derived_text(new, 6, TODAY) == \
        "预备党员没有党龄；预备期已延长6个月，至 2027-07-10"
    assert derived_text(member_input(category="", join_date=None), 0, TODAY) == ""
