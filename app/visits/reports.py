"""Visit figures: the register (one line per person visited), sums by kind and source for a
period, and the 春节 / 七一 list the higher level asks for."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from app.visits import lists, rules
from app.visits.festivals import season
from app.visits.service import list_visits, live_goods, live_persons
from base.money import ZERO, format_yuan


@dataclass
class RegisterRow:
    date: dt.date
    kind: str
    name: str
    identity: str  # 党员 / 非党员职工
    form: str
    organiser: str
    visitors: str
    cash: Decimal
    goods: str  # "大米 100.00；食用油 80.00"
    goods_value: Decimal
    source: str
    approval_ref: str
    signed_name: str
    notes: str

    @property
    def total(self) -> Decimal:
        return self.cash + self.goods_value


def register_rows(session: Session, start: dt.date, end: dt.date,
                  kinds: tuple[str, ...] | None = None) -> list[RegisterRow]:
    rows = []
    for visit in sorted(list_visits(session, start, end), key=lambda v: v.date):
        if kinds is not None and visit.kind not in kinds:
            continue
        for person in live_persons(visit):
            goods = live_goods(person)
            rows.append(RegisterRow(
                visit.date, visit.kind, person.name, "党员" if person.member_id else "非党员职工",
                visit.form, visit.organiser, visit.visitors, person.cash,
                "；".join(f"{g.name} {format_yuan(g.value)}" for g in goods),
                sum((g.value for g in goods), ZERO), visit.source or "无",
                visit.approval_ref, person.signed_name, visit.notes))
    return rows


@dataclass
class SummaryCell:
    visits: int = 0
    persons: int = 0
    cash: Decimal = ZERO
    goods: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.cash + self.goods

    def add(self, persons: int, cash: Decimal, goods: Decimal) -> None:
        self.visits += 1
        self.persons += persons
        self.cash += cash
        self.goods += goods


@dataclass
class VisitSummary:
    start: dt.date
    end: dt.date
    by_kind: dict[str, SummaryCell] = field(default_factory=dict)
    by_source: dict[str, SummaryCell] = field(default_factory=dict)
    grid: dict[tuple[str, str], SummaryCell] = field(default_factory=dict)  # (kind, source)
    total: SummaryCell = field(default_factory=SummaryCell)


@dataclass
class VisitLine:
    """One visit with its sums, as the list of visits shows it."""

    id: str
    date: dt.date
    kind: str
    names: list[str]
    form: str
    organiser: str
    source: str
    cash: Decimal
    goods: Decimal
    unsigned: list[str]  # persons given cash who have not signed for it


def visit_lines(session: Session, start: dt.date, end: dt.date) -> list[VisitLine]:
    """The period's visits, latest first."""
    lines = []
    for visit in list_visits(session, start, end):
        persons = live_persons(visit)
        lines.append(VisitLine(
            visit.id, visit.date, visit.kind, [p.name for p in persons], visit.form,
            visit.organiser, visit.source, sum((p.cash for p in persons), ZERO),
            sum((g.value for p in persons for g in live_goods(p)), ZERO),
            [p.name for p in persons if p.cash and not p.signed_name]))
    return lines


def summary(session: Session, start: dt.date, end: dt.date) -> VisitSummary:
    return summarise(start, end, visit_lines(session, start, end))


def summarise(start: dt.date, end: dt.date, lines: list[VisitLine]) -> VisitSummary:
    """Visits, persons, cash and goods by kind, by source, and by both."""
    result = VisitSummary(start, end)
    cells: dict[str, dict[str, SummaryCell]] = {"kind": defaultdict(SummaryCell),
                                                "source": defaultdict(SummaryCell)}
    grid: dict[tuple[str, str], SummaryCell] = defaultdict(SummaryCell)
    for line in lines:
        source = line.source or "无"
        for cell in (cells["kind"][line.kind], cells["source"][source],
                     grid[(line.kind, source)], result.total):
            cell.add(len(line.names), line.cash, line.goods)
    result.by_kind = {k: cells["kind"][k] for k in rules.KINDS if k in cells["kind"]}
    result.by_source = {s: cells["source"][s] for s in (*rules.SOURCES, "无")
                        if s in cells["source"]}
    result.grid = dict(grid)
    return result


@dataclass
class FestivalReport:
    festival: str
    year: int
    start: dt.date
    end: dt.date
    rows: list[RegisterRow]
    pending: list[lists.FestivalTarget]  # 老党员 / 困难党员 not visited yet


def festival_report(session: Session, festival: str, year: int) -> FestivalReport:
    start, end = season(festival, year)
    rows = register_rows(session, start, end, lists.FESTIVAL_KINDS[festival])
    pending = [t for t in lists.festival_targets(session, festival, year) if t.visited_on is None]
    return FestivalReport(festival, year, start, end, rows, pending)
