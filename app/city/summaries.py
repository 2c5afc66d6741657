"""Each branch's figures for a year, as the branch's own rules give them, kept per branch and
year in `city_summary` so that the city's reports read them instead of computing them.

The rules run on the branch's typed store (app/city/store.py). A summary holds for the store
it came from (its stamp), the rules' version and the month it was computed for: meeting
compliance depends on the day only through the months its periods begin and end in, so a
summary of the current year holds until the month changes, and one of a past year for good.
The import computes again what the changed records bear on (`touched`, docs/city-store.md);
`RULES_VERSION` is raised when a rule they use changes, and the stale ones are computed again
when read or by `refresh` (with progress and 取消).
"""

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import BindParameter, Select, bindparam, func, select
from sqlalchemy.orm import Session, lazyload, selectinload

from app.city.store import BranchStore, keep_in_step, ready_store
from app.members.rules import MemberCategory, on_roster
from app.progress import SILENT, Progress
from db import bulk
from db.city.models import CityBranch, CitySummary
from db.types import utcnow

if TYPE_CHECKING:
    from app.recruits.yearly import Milestones
    from db.models import Member

#: Raise when a rule the summaries use changes (compliance, roster, fund totals…), or which
#: years a change bears on: 2 traces a 支委会's attendance and a 组织生活会's 所属年度, which
#: figures kept by 1 may have missed; 3 keeps the visits' persons and goods for the city
#: fund's report (`fund_visits`).
RULES_VERSION = 3
AGE_BANDS = ((0, 30, "30岁及以下"), (31, 35, "31–35岁"), (36, 40, "36–40岁"),
             (41, 45, "41–45岁"), (46, 50, "46–50岁"), (51, 55, "51–55岁"),
             (56, 60, "56–60岁"), (61, 200, "61岁及以上"))
JOIN_BANDS = ((dt.date(1949, 10, 1), "新中国成立前"), (dt.date(1978, 12, 18), "至十一届三中全会前"),
              (dt.date(2012, 11, 8), "至十八大前"), (dt.date.max, "十八大以来"))
COLLEGE = ("研究生", "大学本科", "大学专科")
#: The money figures of a summary, stored as text: (section, key) or (section, None) for
#: a mapping of amounts.
MONEY = (("dues", "collected"), ("dues", "passed_up"), ("fund", "income"), ("fund", "expense"),
         ("fund", "balance"), ("visits", None))


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _meetings(snap: Session, year: int, today: dt.date) -> dict[str, Any]:
    from app.meetings.compliance import HELD, UPCOMING, compliance
    from app.meetings.first_topic import first_topic_counts
    from db.models import Meeting, MeetingTypeLink

    first, last = _year(year)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for kind, day in snap.execute(
            select(MeetingTypeLink.type, Meeting.date)
            .join(Meeting, Meeting.id == MeetingTypeLink.meeting_id)
            .where(Meeting.deleted_at.is_(None), MeetingTypeLink.deleted_at.is_(None),
                   Meeting.date.between(first, last))):
        counts[kind][(day.month - 1) // 3] += 1
    grid = compliance(snap, year, today=min(today, last + dt.timedelta(days=1)))
    required, with_topic = first_topic_counts(snap, year)
    cells = [cell for row in grid.rows for cell in row.cells if cell.state != UPCOMING]
    return {"counts": dict(sorted(counts.items())),
            "required": len(cells), "held": sum(1 for c in cells if c.state == HELD),
            "overdue": grid.overdue_texts(),
            "first_topic": first_topic(required, with_topic)}


def first_topic(required: int, with_topic: int) -> dict[str, Any]:
    """Meetings that needed a 第一议题, how many had one, and that share (None for none)."""
    return {"required": required, "with_topic": with_topic,
            "share": round(with_topic / required, 4) if required else None}


def _sum(snap: Session, column: Any, *where: Any) -> Decimal:
    """Summed in the database: amounts are whole 分 there, turned into 元 once."""
    return snap.scalar(select(func.sum(column)).where(*where)) or Decimal("0.00")


def _dues(snap: Session, year: int) -> dict[str, Any]:
    from db.models import DuesPayment, DuesRemittance

    first, last = _year(year)
    return {
        "collected": _sum(snap, DuesPayment.amount, DuesPayment.deleted_at.is_(None),
                          DuesPayment.paid_on.between(first, last)),
        "passed_up": _sum(snap, DuesRemittance.amount, DuesRemittance.deleted_at.is_(None),
                          DuesRemittance.year == year),
    }


def _fund(snap: Session, year: int) -> dict[str, Any]:
    """Counted as the branch counts: a reversal goes against what it reverses, so the two
    cancel out instead of inflating income and spending."""
    from app.fund.ledger import balance
    from app.fund.reports import kind_totals

    first, last = _year(year)
    income, expense = kind_totals(snap, first, last)
    return {"income": sum(income.values(), Decimal("0.00")),
            "expense": sum(expense.values(), Decimal("0.00")), "balance": balance(snap, last)}


def _visits(snap: Session, year: int) -> dict[str, Any]:
    from db.models import Visit, VisitPerson

    first, last = _year(year)
    live = (Visit.deleted_at.is_(None), Visit.date.between(first, last))
    by_kind = {kind: count for kind, count in snap.execute(
        select(Visit.kind, func.count()).where(*live).group_by(Visit.kind))}
    cash: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for source, amount in snap.execute(
            select(Visit.source, VisitPerson.cash).join(VisitPerson,
                                                        VisitPerson.visit_id == Visit.id)
            .where(*live, VisitPerson.deleted_at.is_(None))):
        cash[source or "未注明"] += amount or Decimal("0.00")
    return {"by_kind": dict(sorted(by_kind.items())), "cash_by_source": dict(sorted(cash.items())),
            "fund_visits": _fund_visits(snap, year)}


def _fund_visits(snap: Session, year: int) -> dict[str, dict[str, dict[str, int]]]:
    """The year's visits by kind and by source (无 when none was given) as the city fund's
    report sums them: visits, persons, cash and goods (in 分)."""
    from db.models import Visit, VisitGoods, VisitPerson

    first, last = _year(year)
    visits = {v.id: v for v in snap.execute(select(Visit.id, Visit.kind, Visit.source).where(
        Visit.deleted_at.is_(None), Visit.date.between(first, last)))}
    persons = {p.id: p for p in snap.execute(
        select(VisitPerson.id, VisitPerson.visit_id, VisitPerson.cash)
        .join(Visit, Visit.id == VisitPerson.visit_id)
        .where(VisitPerson.deleted_at.is_(None), Visit.deleted_at.is_(None),
               Visit.date.between(first, last)))}
    figures: dict[str, dict[str, dict[str, int]]] = {"by_kind": {}, "by_source": {}}

    def add(visit_id: str, name: str, amount: int) -> None:
        visit = visits[visit_id]
        for group, key in (("by_kind", visit.kind), ("by_source", visit.source or "无")):
            row = figures[group].setdefault(key, dict.fromkeys(
                ("visits", "persons", "cash", "goods"), 0))
            row[name] += amount

    for visit_id in visits:
        add(visit_id, "visits", 1)
    for person in persons.values():
        add(person.visit_id, "persons", 1)
        add(person.visit_id, "cash", int((person.cash or 0) * 100))
    for person_id, value in snap.execute(
            select(VisitGoods.person_id, VisitGoods.value).join(
                VisitPerson, VisitPerson.id == VisitGoods.person_id).join(
                Visit, Visit.id == VisitPerson.visit_id).where(
                VisitGoods.deleted_at.is_(None), VisitPerson.deleted_at.is_(None),
                Visit.deleted_at.is_(None), Visit.date.between(first, last))):
        add(persons[person_id].visit_id, "goods", int((value or 0) * 100))
    return figures


SERVICE_FIELDS = ("activities", "person_times", "minutes", "wishes_claimed", "wishes_done",
                  "problems_found", "problems_solved", "deeds")


def _service(snap: Session, year: int) -> dict[str, Any]:
    """双报到 volunteer service as the branch sums it; hours from whole minutes."""
    from app.service.summary import service_summary

    summary = service_summary(snap, year)
    figures = {name: getattr(summary, name) for name in SERVICE_FIELDS}
    return with_hours(figures) | {"by_kind": {
        kind: with_hours({"activities": t.activities, "person_times": t.person_times,
                           "minutes": t.minutes})
        for kind, t in summary.by_kind.items() if t.activities}}


def with_hours(figures: dict[str, Any]) -> dict[str, Any]:
    return figures | {"hours": round(figures["minutes"] / 60, 1)}


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def branch_members(snap: Session) -> "list[Member]":
    """Every member the branch has had, with their transfers (who is on the roster when);
    not their 党小组, which no figure counts."""
    from db.models import Member

    return list(snap.scalars(select(Member).options(
        lazyload(Member.group), selectinload(Member.transfers))))


def member_buckets(members: "list[Member]", year: int) -> dict[str, int]:
    """The national statistics buckets as of 31 December, in the order of the forms."""
    on = dt.date(year, 12, 31)
    fixed = ["党员总数", "正式党员", "预备党员", "性别：男", "性别：女", "少数民族",
             "大专及以上学历", *(f"年龄：{label}" for _l, _h, label in AGE_BANDS),
             *(f"入党时间：{label}" for _d, label in JOIN_BANDS)]
    counts: Counter[str] = Counter(dict.fromkeys(fixed, 0))
    for member in members:
        if not on_roster(member, on):
            continue
        counts["党员总数"] += 1
        counts["正式党员" if member.category == MemberCategory.FULL else "预备党员"] += 1
        counts[f"性别：{member.gender}"] += 1
        if member.ethnicity != "汉族":
            counts["少数民族"] += 1
        if member.education in COLLEGE:
            counts["大专及以上学历"] += 1
        age = _age(member.birth_date, on)
        counts["年龄：" + next(label for low, high, label in AGE_BANDS if low <= age <= high)] += 1
        counts["入党时间：" + next(label for limit, label in JOIN_BANDS
                                   if member.join_date < limit)] += 1
        counts["职业：" + ("离退休人员" if member.employment == "离退休"
                          else "党政机关工作人员" if member.employment == "在职"
                          else member.employment)] += 1
    return dict(counts)


class Loaded:
    """What the figures of every year read whole, read once for a branch's store: the days
    of the 发展党员 tracks' steps, the members with their transfers."""

    def __init__(self, store: Session) -> None:
        self.store = store
        self._milestones: list[Milestones] | None = None
        self._members: list[Member] | None = None

    def milestones(self) -> "list[Milestones]":
        from app.recruits.yearly import load_milestones

        if self._milestones is None:
            self._milestones = load_milestones(self.store)
        return self._milestones

    def members(self) -> "list[Member]":
        if self._members is None:
            self._members = branch_members(self.store)
        return self._members


def _recruits(loaded: Loaded, year: int) -> dict[str, int]:
    """发展党员 by milestone in the year and by stage on 31 December, as the branch counts."""
    from app.recruits.yearly import year_counts

    return year_counts(loaded.milestones(), year)


SECTIONS = (("meetings", _meetings), ("dues", _dues), ("fund", _fund), ("visits", _visits),
            ("service", _service))
ALL_SECTIONS = ("meetings", "dues", "fund", "visits", "service", "recruits", "members")
#: Sections computed for every year when a package changes a table they read (`WHOLE`,
#: from what `Loaded` reads once): no rule decides which of their years a change bears on.
WHOLE = {"recruits", "members"}
#: The tables each `WHOLE` section reads. A meeting (or its stored version) bears on the
#: 发展党员 counts only when a step of a track is decided by it (`_deciding`).
WHOLE_TABLES: dict[str, tuple[str, ...]] = {
    "recruits": ("recruit", "recruit_step", "meeting", "meeting_version"),
    "members": ("member", "member_transfer")}


def as_of(year: int, today: dt.date) -> dt.date:
    """The day a year's figures are computed for: the first of today's month, or the day
    after the year when it is over (the compliance grid is the same all month long)."""
    return min(today, dt.date(year, 12, 31) + dt.timedelta(days=1)).replace(day=1)


def branch_year(store: Session, year: int, today: dt.date,
                sections: Iterable[str] = ALL_SECTIONS,
                loaded: Loaded | None = None) -> dict[str, Any]:
    """One branch's figures for the year (those sections), from its records in `store`;
    `loaded`: what was read whole for other years of the same store."""
    entry: dict[str, Any] = {}
    for name, section in SECTIONS:
        if name in sections:
            entry[name] = section(*((store, year, today) if name == "meetings"
                                    else (store, year)))
    loaded = loaded or Loaded(store)
    if "recruits" in sections:
        entry["recruits"] = _recruits(loaded, year)
    if "members" in sections:
        entry["members"] = member_buckets(loaded.members(), year)
    return entry


def _money_fields(entry: dict[str, Any], convert: Any) -> dict[str, Any]:
    data = {name: dict(part) if isinstance(part, dict) else part for name, part in entry.items()}
    for section, key in MONEY:
        if section not in data:
            continue
        if key is None:
            data[section] = {**data[section], "cash_by_source": {
                k: convert(v) for k, v in data[section]["cash_by_source"].items()}}
        else:
            data[section][key] = convert(data[section][key])
    return data


def years_of(store: Session) -> range:
    """The years the branch has meetings, dues, fund or visits of, up to this one (other
    years' figures are computed when first asked for)."""
    from db.models import DuesPayment, FundEntry, Meeting, Visit

    firsts = [store.scalar(select(func.min(column))) for column in (
        Meeting.date, DuesPayment.paid_on, FundEntry.date, Visit.date)]
    known = [day.year for day in firsts if day is not None]
    this_year = dt.date.today().year
    return range(max(min(known, default=this_year), this_year - 30), this_year + 1)


def store_summaries(session: Session, code: str, store: Session, stamp: str,
                    years: Iterable[int], today: dt.date) -> None:
    """Compute and keep the branch's figures for these years (in `session`)."""
    loaded = Loaded(store)
    for year in years:
        day = as_of(year, today)
        _keep(session, code, year, day, stamp, branch_year(store, year, day, loaded=loaded),
              None)
    session.flush()


class Touched:
    """Which sections of which years the changed records bear on: the sections of the years
    their dates fall in, of those years and later ones (a fund balance carries forward), or
    of every year (党小组, settings, the `WHOLE` sections whose tables changed)."""

    def __init__(self) -> None:
        self.years: dict[str, set[int]] = defaultdict(set)
        self.onwards: dict[str, int] = {}
        self.every: set[str] = set()

    def sections(self, year: int) -> set[str]:
        return ({s for s, years in self.years.items() if year in years} | self.every
                | {s for s, first in self.onwards.items() if year >= first})


@dataclass(frozen=True)
class Trace:
    """For a branch table the figures depend on by date: the sections its rows bear on,
    queries of the days (or years) of the rows whose ids are given as `ids`, and whether
    later years follow — a row without a day then bears on every year."""

    sections: tuple[str, ...]
    queries: tuple[Select[Any], ...]
    carried: bool = False


UNTRACED = Trace((), ())
#: The ids of the records a trace's queries (and `_deciding`'s) read, given when run.
IDS: BindParameter[str] = bindparam("ids", expanding=True)


@functools.cache
def traces() -> dict[str, Trace]:
    """The traces of the tables the yearly sections read by date, built once (their SQL is
    compiled once for every store)."""
    from db.models import (
        AgendaItem,
        Attendance,
        DuesPayment,
        DuesRemittance,
        FundEntry,
        Meeting,
        MeetingTypeLink,
        ServiceActivity,
        ServiceParticipant,
        ServiceProblem,
        ServiceWish,
        Visit,
        VisitGoods,
        VisitPerson,
    )

    def of(model: Any, *columns: Any) -> tuple[Select[Any], ...]:
        return (select(*columns).where(model.id.in_(IDS)),)

    def via(parent: Any, *columns: Any, child: Any, key: Any) -> tuple[Select[Any], ...]:
        return (select(*columns).join(child, key == parent.id).where(child.id.in_(IDS)),)

    def part_of_meeting(model: Any) -> Trace:
        """A meeting counts in the year of its day, a 组织生活会 or 民主评议 held by March
        also in the year it is for (its 所属年度)."""
        return Trace(("meetings",), via(Meeting, Meeting.date, Meeting.counts_for_year,
                                        child=model, key=model.meeting_id))

    return {
        "meeting": Trace(("meetings",), of(Meeting, Meeting.date, Meeting.counts_for_year)),
        # Its types and 议题 (第一议题), and the 委员 present (a 支委会 without a quorum).
        **{name: part_of_meeting(model) for name, model in (
            ("meeting_agenda_item", AgendaItem), ("meeting_type_link", MeetingTypeLink),
            ("meeting_attendance", Attendance))},
        "dues_payment": Trace(("dues",), of(DuesPayment, DuesPayment.paid_on)),
        "dues_remittance": Trace(("dues",), of(DuesRemittance, DuesRemittance.year)),
        "fund_entry": Trace(("fund",), of(FundEntry, FundEntry.date), carried=True),
        "visit": Trace(("visits",), of(Visit, Visit.date)),
        "visit_person": Trace(("visits",), via(Visit, Visit.date, child=VisitPerson,
                                               key=VisitPerson.visit_id)),
        "visit_goods": Trace(("visits",), (select(Visit.date).join(
            VisitPerson, VisitPerson.visit_id == Visit.id).join(
            VisitGoods, VisitGoods.person_id == VisitPerson.id).where(VisitGoods.id.in_(IDS)),)),
        "service_activity": Trace(("service",), of(ServiceActivity, ServiceActivity.date)),
        "service_participant": Trace(("service",), via(
            ServiceActivity, ServiceActivity.date, child=ServiceParticipant,
            key=ServiceParticipant.activity_id)),
        "service_wish": Trace(("service",), of(ServiceWish, ServiceWish.claimed_on,
                                               ServiceWish.done_on)),
        "service_problem": Trace(("service",), of(ServiceProblem, ServiceProblem.found_on,
                                                  ServiceProblem.solved_on)),
    }


#: Tables whose change bears on sections of every year: the 启用日期 of the branch and its
#: 党小组 decide which meeting periods are checked; the settings hold the meetings' required
#: frequencies and 第一议题 types and the 双报到 activity types.
EVERY_YEAR: dict[str, tuple[str, ...]] = {
    "party_group": ("meetings",), "branch_profile": ("meetings",),
    "setting": ("meetings", "service")}


def touched(store: Session, written: dict[str, list[dict[str, Any]]],
            into: Touched | None = None) -> Touched:
    """What these records bear on, as `store` holds them (run before and after the store
    takes them: a record moved to another year bears on both)."""
    into = into or Touched()
    for table, records in written.items():
        ids = [str(r.get("id")) for r in records]
        into.every.update(EVERY_YEAR.get(table, ()) if ids else ())
        into.every.update(section for section, tables in WHOLE_TABLES.items()
                          if ids and table in tables and section not in into.every
                          and (section != "recruits" or _deciding(store, table, records)))
        trace = traces().get(table, UNTRACED)
        for chunk in bulk.chunks(ids if trace.queries else []):
            days = [day for query in trace.queries
                    for row in store.execute(query, {"ids": chunk}) for day in row]
            years = {v if isinstance(v, int) else v.year for v in days if v is not None}
            if trace.carried and None in days:
                years.add(0)  # no day: from the first year on
            for section in trace.sections:
                if trace.carried and years:
                    into.onwards[section] = min(years | {into.onwards.get(section, 9999)})
                into.years[section] |= years
    return into


def _deciding(store: Session, table: str, records: list[dict[str, Any]]) -> bool:
    """Whether these records bear on the 发展党员 counts: a track's own, or meetings (and
    their stored versions) that decide a step of a track."""
    if table not in ("meeting", "meeting_version"):
        return True
    key = "id" if table == "meeting" else "meeting_id"
    meetings = [str(r.get(key)) for r in records]
    return any(store.scalar(_deciding_step(), {"ids": chunk}) is not None
               for chunk in bulk.chunks(meetings))


@functools.cache
def _deciding_step() -> Select[Any]:
    from db.models import RecruitStep

    return select(RecruitStep.id).where(RecruitStep.meeting_id.in_(IDS)).limit(1)


def update_branch(session: Session, store: BranchStore, code: str,
                  written: dict[str, list[dict[str, Any]]]) -> None:
    """After a package changed a branch (in `session`, not yet committed): its store follows,
    and of its figures for the years it has records of, those the changes bear on are
    computed again (all of a year whose kept figures did not hold before)."""
    branch = session.get(CityBranch, code)
    assert branch is not None
    previous = branch.store_stamp
    in_step = previous is not None and store.stamp() == previous
    bearing = Touched()
    if in_step:
        with store.session() as before:
            touched(before, written, bearing)
    stamp = keep_in_step(session, store, code, written)
    today = dt.date.today()
    with store.session() as reading:
        if in_step:  # otherwise no kept figure holds: every year is computed whole
            touched(reading, written, bearing)
        loaded = Loaded(reading)
        rows = {row.year: row for row in session.scalars(
            select(CitySummary).where(CitySummary.branch_code == code))}
        for year in years_of(reading):
            day = as_of(year, today)
            row = rows.get(year)
            held = (in_step and row is not None and row.store_stamp == previous
                    and row.rules_version == RULES_VERSION and row.as_of == day)
            sections = bearing.sections(year) if held else set(ALL_SECTIONS)
            _keep(session, code, year, day, stamp,
                  branch_year(reading, year, day, sections, loaded), row if held else None)
    session.flush()


def _keep(session: Session, code: str, year: int, day: dt.date, stamp: str,
          figures: dict[str, Any], held: CitySummary | None) -> None:
    """Store a year's figures; `held`: the row whose other sections still hold."""
    row = held or session.get(CitySummary, (code, year))
    if row is None:
        row = CitySummary(branch_code=code, year=year)
        session.add(row)
    data = {**(held.data if held else {}), **_money_fields(figures, str)}
    row.as_of, row.rules_version, row.store_stamp = day, RULES_VERSION, stamp
    row.data, row.computed_at = data, utcnow()


def held_summary(session: Session, branch: CityBranch, year: int, today: dt.date
                 ) -> dict[str, Any] | None:
    """The kept figures when they still hold, money as Decimal; None when stale or absent."""
    row = session.get(CitySummary, (branch.code, year))
    if (row is None or row.rules_version != RULES_VERSION or row.as_of != as_of(year, today)
            or row.store_stamp != branch.store_stamp):
        return None
    return _money_fields(row.data, Decimal)


def summary(session: Session, branch: CityBranch, year: int, today: dt.date) -> dict[str, Any]:
    """The branch's figures for the year: kept ones, or computed now (and kept)."""
    held = held_summary(session, branch, year, today)
    if held is not None:
        return held
    store = ready_store(session, branch.code)
    try:
        with store.session() as reading:
            store_summaries(session, branch.code, reading, branch.store_stamp or "", [year],
                            today)
        session.commit()
    finally:
        store.close()
    held = held_summary(session, branch, year, today)
    assert held is not None
    return held


def stale(session: Session, year: int, today: dt.date) -> list[CityBranch]:
    """The branches whose figures for the year must be computed again."""
    return [b for b in session.scalars(select(CityBranch).order_by(CityBranch.code))
            if held_summary(session, b, year, today) is None]


def refresh(session: Session, year: int, today: dt.date, progress: Progress = SILENT) -> int:
    """Compute the stale figures of the year (after a rules change, a new month), with
    progress and 取消 between branches; returns how many were computed."""
    branches = stale(session, year, today)
    for index, branch in enumerate(branches):
        progress.step(index, len(branches), f"正在计算：{branch.name or branch.code}")
        summary(session, branch, year, today)
    progress.step(len(branches), len(branches), "完成")
    return len(branches)
