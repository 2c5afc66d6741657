"""Kinds of ledger entries, their direction, and which fund mode uses them."""

from app.fund.settings import BRANCH_FUND, CITY_FUND

IN = "收"
OUT = "支"

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

DIRECTIONS = {
    DONATION: IN, CITY_GRANT: IN, DUES_ALLOCATION: IN, HIGHER_FUNDING: IN, UNIT_FUNDING: IN,
    UNION_FUNDING: IN, REMITTANCE: OUT, PAYOUT: OUT, VISIT_PAYMENT: OUT,
}

#: Incomes a user posts directly (donations, grants and payouts have their own steps).
OTHER_INCOMES = {
    CITY_FUND: (),
    BRANCH_FUND: (DUES_ALLOCATION, HIGHER_FUNDING, UNIT_FUNDING, UNION_FUNDING),
}

MODE_KINDS = {
    CITY_FUND: (DONATION, REMITTANCE, CITY_GRANT, PAYOUT, REVERSAL),
    BRANCH_FUND: (DONATION, *OTHER_INCOMES[BRANCH_FUND], PAYOUT, VISIT_PAYMENT, REVERSAL),
}

ALL_KINDS = (DONATION, REMITTANCE, CITY_GRANT, DUES_ALLOCATION, HIGHER_FUNDING, UNIT_FUNDING,
             UNION_FUNDING, PAYOUT, VISIT_PAYMENT, REVERSAL)


def opposite(direction: str) -> str:
    return OUT if direction == IN else IN
