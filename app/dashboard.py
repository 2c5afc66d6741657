"""首页 at a glance: this year's 三会一课 and 主题党日 month by month, dues collected against
due, the fund, the last handover to the city, dates ahead and the reminders by page.

Everything is read in one go for a given day; 首页 only draws it.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from app.branch import branch_start, get_profile, term_end
from app.home import reminders
from app.meetings.compliance import (
    BEFORE_START,
    DUE,
    HELD,
    NO_QUORUM,
    OVERDUE,
    UPCOMING,
    ComplianceCell,
    ComplianceReport,
    compliance,
)
from app.meetings.types import MeetingType, short_name
from app.members.anniversaries import DateAhead, next_full_membership, next_political_birthday
from app.members.rules import MemberCategory
from app.members.service import list_members
from app.reminders import Reminder
from base.money import ZERO

#: The rows of the grid: 三会一课 and 主题党日.
GRID_TYPES = (MeetingType.GENERAL, MeetingType.COMMITTEE, MeetingType.GROUP, MeetingType.LECTURE,
              MeetingType.THEME_DAY)
#: For a 党小组会 period of several groups, the state that speaks for all of them.
_URGENCY = (OVERDUE, NO_QUORUM, DUE, HELD, UPCOMING, BEFORE_START)


@dataclass(frozen=True)
class GridCell:
    """One period of one type: a month, or a quarter spanning three month columns."""

    meeting_type: str
    period: str  # "3月", "第一季度"
    first_month: int
    last_month: int
    state: str  # see app.meetings.compliance
    meeting_ids: tuple[str, ...]
    held: int  # how many of the checked subjects met (党小组会: groups; else 0 or 1)
    checked: int  # how many subjects were due to meet (党小组会: groups since they exist)


@dataclass(frozen=True)
class GridRow:
    meeting_type: str
    label: str  # "支委会"
    frequency: str
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class Handover:
    seq: int
    made_at: dt.datetime  # UTC
    records: int
    confirmed_at: dt.datetime | None  # when the city's return file acknowledged it


@dataclass
class Dashboard:
    today: dt.date
    branch: str
    started_on: dt.date | None
    members: int
    full_members: int
    grid: list[GridRow]
    dues_paid: Decimal
    dues_due: Decimal  # what the year's months so far ask for
    fund_balance: Decimal
    handover: Handover | None
    term_end: dt.date | None
    next_full: DateAhead | None
    next_birthday: DateAhead | None
    reminders: list[Reminder] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        """No one on the roster yet: 首页 offers the first steps instead."""
        return self.members == 0


def _merged(meeting_type: str, cells: list[ComplianceCell]) -> GridCell:
    """Several subjects' cells of one period (党小组会 of each group) as one."""
    first = cells[0]
    states = {c.state for c in cells}
    checked = [c for c in cells if c.state != BEFORE_START]
    ids = tuple(i for c in cells for i in c.meeting_ids)
    return GridCell(meeting_type, first.period, first.start.month, first.end.month,
                    next(s for s in _URGENCY if s in states), ids,
                    sum(1 for c in checked if c.state == HELD), len(checked))


def meeting_grid(report: ComplianceReport) -> list[GridRow]:
    """The year's 三会一课 and 主题党日, one row per type (党小组 taken together)."""
    rows = []
    for meeting_type in GRID_TYPES:
        lines = [r for r in report.rows if r.type == meeting_type]
        if not lines:  # not required in 设置 → 会议, or no 党小组
            continue
        cells = tuple(_merged(meeting_type, [line.cells[i] for line in lines])
                      for i in range(len(lines[0].cells)))
        rows.append(GridRow(meeting_type, short_name(meeting_type), lines[0].frequency, cells))
    return rows


def _dues(session: Session, today: dt.date) -> tuple[Decimal, Decimal]:
    from app.dues.report import register

    rows = register(session, today.year, today)
    return sum((r.paid for r in rows), ZERO), sum((r.due for r in rows), ZERO)


def _handover(session: Session) -> Handover | None:
    from app.sync.status import last_handover

    last = last_handover(session)
    if last is None:
        return None
    return Handover(last.seq, last.created_at, last.record_count, last.acknowledged_at)


def dashboard(session: Session, today: dt.date | None = None) -> Dashboard:
    from app.fund.ledger import balance

    today = today or dt.date.today()
    profile = get_profile(session)
    members = list_members(session, on=today)
    paid, due = _dues(session, today)
    return Dashboard(
        today=today,
        branch=profile.name if profile else "",
        started_on=branch_start(session),
        members=len(members),
        full_members=sum(1 for m in members if m.category == MemberCategory.FULL),
        grid=meeting_grid(compliance(session, today.year, today)),
        dues_paid=paid,
        dues_due=due,
        fund_balance=balance(session),
        handover=_handover(session),
        term_end=term_end(profile) if profile else None,
        next_full=next_full_membership(members),
        next_birthday=next_political_birthday(members, today),
        reminders=reminders(session, today),
    )
