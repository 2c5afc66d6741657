"""Kinds of ledger entries, their direction, and which fund mode uses them."""

from enum import StrEnum

from app.fund.settings import FundMode


class Direction(StrEnum):
    IN = "收"
    OUT = "支"


class EntryKind(StrEnum):
    DONATION = "捐款"
    REMITTANCE = "上缴"  # donations passed up to the city fund
    CITY_GRANT = "市级补助"  # a grant the city sent for a member
    PAYOUT = "补助发放"  # paid to the member, with 签收
    DUES_ALLOCATION = "党费划拨"
    HIGHER_FUNDING = "上级拨款"
    UNIT_FUNDING = "单位拨款"
    UNION_FUNDING = "工会拨款"
    VISIT_PAYMENT = "慰问支出"
    REVERSAL = "冲销"


DIRECTIONS: dict[str, Direction] = {
    EntryKind.DONATION: Direction.IN,
    EntryKind.CITY_GRANT: Direction.IN,
    EntryKind.DUES_ALLOCATION: Direction.IN,
    EntryKind.HIGHER_FUNDING: Direction.IN,
    EntryKind.UNIT_FUNDING: Direction.IN,
    EntryKind.UNION_FUNDING: Direction.IN,
    EntryKind.REMITTANCE: Direction.OUT,
    EntryKind.PAYOUT: Direction.OUT,
    EntryKind.VISIT_PAYMENT: Direction.OUT,
}

#: Incomes a user posts directly (donations, grants and payouts have their own steps).
OTHER_INCOMES: dict[str, tuple[EntryKind, ...]] = {
    FundMode.CITY: (),
    FundMode.BRANCH: (EntryKind.DUES_ALLOCATION, EntryKind.HIGHER_FUNDING,
                      EntryKind.UNIT_FUNDING, EntryKind.UNION_FUNDING),
}

MODE_KINDS: dict[str, tuple[EntryKind, ...]] = {
    FundMode.CITY: (EntryKind.DONATION, EntryKind.REMITTANCE, EntryKind.CITY_GRANT,
                    EntryKind.PAYOUT, EntryKind.REVERSAL),
    FundMode.BRANCH: (EntryKind.DONATION, *OTHER_INCOMES[FundMode.BRANCH], EntryKind.PAYOUT,
                      EntryKind.VISIT_PAYMENT, EntryKind.REVERSAL),
}

ALL_KINDS = tuple(EntryKind)


def opposite(direction: str) -> Direction:
    return Direction.OUT if direction == Direction.IN else Direction.IN
