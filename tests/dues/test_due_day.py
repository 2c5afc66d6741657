"""The current month is not owed before its 交纳截止日 (issue 15 item 9): the same in the
grid (ledger), the register and its totals, and the arrears."""

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from app import settings
from app.dues import config
from app.dues.arrears import arrears
from app.dues.ledger import FUTURE, UNPAID, Ledger
from app.dues.months import Month
from app.dues.payments import pay_months
from app.dues.report import register
from tests.dues.helpers import TODAY, assess, make_member

D = Decimal


def owing_since_september(session: Session):
    member = make_member(session, "钱七")
    assess(session, member, [2026])
    pay_months(session, member.id, Month(2026, 1), Month(2026, 8), dt.date(2026, 8, 10),
               confirmed=True, today=TODAY)
    return member


def test_the_current_month_is_not_owed_before_the_month_ends(session: Session) -> None:
    """关于党费收缴的规定: dues are paid monthly; on 7 December, December is not yet 未交 —
    not in the grid, not in the register's 欠交, not in the arrears (default deadline: the
    month's last day)."""
    member = owing_since_september(session)
    day = dt.date(2026, 12, 7)
    ledger = Ledger(session, [member], Month(2026, 1), Month(2026, 12), day)
    assert ledger.cell(member.id, Month(2026, 12)).state == FUTURE
    assert ledger.cell(member.id, Month(2026, 11)).state == UNPAID
    line = next(r for r in register(session, 2026, day) if r.member.id == member.id)
    assert line.unpaid == [9, 10, 11]
    assert line.unpaid_owed == D("76.50") * 3
    found = arrears(session, day)
    assert [(a.months, a.unpaid_owed) for a in found] == [(3, line.unpaid_owed)]
    last_day = dt.date(2026, 12, 31)
    assert next(r for r in register(session, 2026, last_day)
                if r.member.id == member.id).unpaid == [9, 10, 11]
    new_year = dt.date(2027, 1, 1)
    assert next(r for r in register(session, 2026, new_year)
                if r.member.id == member.id).unpaid == [9, 10, 11, 12]
    assert arrears(session, new_year)[0].months == 4


def test_the_deadline_is_a_setting(session: Session) -> None:
    """交纳截止日 is a setting: with the 15th, December is owed from 16 December, everywhere."""
    member = owing_since_september(session)
    settings.put(session, config.DUE_DAY, 15)
    on_15 = dt.date(2026, 12, 15)
    on_16 = dt.date(2026, 12, 16)
    assert next(r for r in register(session, 2026, on_15)
                if r.member.id == member.id).unpaid == [9, 10, 11]
    line = next(r for r in register(session, 2026, on_16) if r.member.id == member.id)
    assert line.unpaid == [9, 10, 11, 12]
    found = arrears(session, on_16)
    assert found[0].months == 4 and found[0].unpaid_owed == line.unpaid_owed
    assert Month(2026, 2).deadline(30) == dt.date(2026, 2, 28)
