"""The fund's settings: which fund the branch works with, and its bookkeeping discipline."""

from decimal import Decimal
from enum import StrEnum

from sqlalchemy.orm import Session

from app import settings
from app.settings import Option
from base.errors import UserError
from base.money import from_fen, to_fen


class FundMode(StrEnum):
    CITY = "市级基金"
    BRANCH = "支部基金"


MODES = tuple(FundMode)

MODE: Option[str] = Option("fund.mode", FundMode.CITY,
                           "互助金模式（市级基金：捐款上缴工委、补助由工委审批；支部基金：支部自管）")
REQUIRE_CONFIRMATION = Option("fund.require_confirmation", False,
                              "会计、出纳分设：每笔账目须由另一人复核")
#: In branch-fund mode a grant above this (in 分) needs the higher level's approval.
HIGHER_APPROVAL_ABOVE = Option("fund.higher_approval_above_fen", 100000,
                               "支部基金模式下须上级审批的补助金额下限（超过此数）")


def mode(session: Session) -> FundMode:
    value = settings.get(session, MODE)
    return FundMode(value) if value in MODES else FundMode.CITY


def higher_approval_above(session: Session) -> Decimal:
    return from_fen(int(settings.get(session, HIGHER_APPROVAL_ABOVE)))


def save(session: Session, fund_mode: str, require_confirmation: bool,
         higher_above: Decimal) -> None:
    if fund_mode not in MODES:
        raise UserError("互助金模式应为：" + "、".join(MODES))
    if higher_above <= 0:
        raise UserError("须上级审批的金额应大于零")
    settings.put(session, MODE, fund_mode)
    settings.put(session, REQUIRE_CONFIRMATION, bool(require_confirmation))
    settings.put(session, HIGHER_APPROVAL_ABOVE, to_fen(higher_above))
