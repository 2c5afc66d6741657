"""What the city window's 互助基金 tab shows, read in one go off the GUI thread: the status
line, the applications, the year's ledger and report, and what went wrong booking."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.city import fund
from app.city.fund_details import delivered
from app.city.keys import city_identity
from app.progress import SILENT, Progress


@dataclass
class FundOverview:
    year: int
    city_name: str
    balance: Decimal
    rules: fund.FundRules
    applications: list[fund.CityApplication]  # all of them, those waiting first
    delivered: set[str]  # the decisions' messages a later package confirmed
    ledger: list[fund.LedgerLine]
    report: dict[str, Any]

    @property
    def problems(self) -> list[str]:
        return list(self.report["problems"])

    @property
    def waiting(self) -> int:
        return sum(1 for a in self.applications if a.waiting)


def fund_overview(session: Session, year: int, actor: str, today: dt.date,
                  progress: Progress = SILENT) -> FundOverview:
    """Read after booking what waits (once after the upgrade: every branch's remittances,
    with progress); the report may compute branch figures not kept yet (and keep them)."""
    found = fund.applications(session)
    report = fund.year_report(session, year, actor, today, progress, found)
    return FundOverview(
        year=year, city_name=city_identity(session).name, balance=fund.balance(session),
        rules=fund.fund_rules(session), applications=found,
        delivered=delivered(session, [a.decision.message_id for a in found if a.decision]),
        ledger=fund.ledger_lines(session, year), report=report)
