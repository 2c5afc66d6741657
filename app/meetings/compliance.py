"""Compliance: for each required meeting type and period of a year, held / due / overdue.

An event carrying several types counts for each of them; 党小组会 are counted per 党小组.
A 支委会 without more than half of its 委员 present (支部工作条例第十二条) is not held: its
period shows 不足法定人数. 组织生活会 and 民主评议 count for their 所属年度 (app.meetings.yearly).
Periods that began before the branch's 启用日期 (or before a 党小组 was added) are not checked.
"""

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app import settings
from app.branch import branch_start, group_start, list_groups
from app.meetings.settings import (
    FREQUENCIES,
    HALF_YEARLY,
    MONTHLY,
    NOT_REQUIRED,
    QUARTERLY,
    YEARLY,
    frequency_of,
)
from app.meetings.types import (
    MEETING_TYPES,
    AttendanceStatus,
    MeetingType,
    short_name,
    type_name,
    verb,
)
from app.meetings.yearly import LATE_REVIEW_MONTH, counted_year
from db.models import Attendance, Meeting, MeetingTypeLink

HELD = "已召开"
DUE = "本期待开"  # the period is running and nothing is recorded yet
OVERDUE = "逾期未开"
UPCOMING = "未到期"
NO_QUORUM = "不足法定人数"  # only 支委会 without a quorum were recorded in the period
BEFORE_START = "启用前"  # began before the 启用日期 (or the 党小组): not checked

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


@dataclass
class ComplianceCell:
    period: str  # "2月", "第二季度", "上半年", "2026年"
    start: dt.date
    end: dt.date
    state: str  # 已召开 / 本期待开 / 逾期未开 / 未到期 / 启用前
    meeting_ids: list[str] = field(default_factory=list)


@dataclass
class ComplianceRow:
    type: str
    group_id: str | None  # for 党小组会
    group_name: str
    label: str  # "支部委员会", "第一党小组会"
    frequency: str
    cells: list[ComplianceCell]

    def subject(self) -> str:
        """How the row reads in a sentence: "支委会", "第一党小组会"."""
        return type_name(self.type, self.group_name) if self.group_name else short_name(self.type)


@dataclass
class ComplianceReport:
    year: int
    today: dt.date
    rows: list[ComplianceRow]

    def cells(self, state: str) -> list[tuple[ComplianceRow, ComplianceCell]]:
        return [(row, cell) for row in self.rows for cell in row.cells if cell.state == state]

    def overdue_texts(self) -> list[str]:
        """Periods over with nothing valid held: not held, or 支委会 without a quorum."""
        return [overdue_text(row, cell) for row, cell in self.rows_cells()
                if cell.state == OVERDUE or (cell.state == NO_QUORUM and cell.end < self.today)]

    def rows_cells(self) -> list[tuple[ComplianceRow, ComplianceCell]]:
        return [(row, cell) for row in self.rows for cell in row.cells]


def overdue_text(row: ComplianceRow, cell: ComplianceCell, with_year: bool = False) -> str:
    """ "2月支委会未召开", "第二季度党课未开展" (with_year: "2025年12月…")."""
    period = cell.period
    if with_year and not period.startswith(f"{cell.start.year}年"):
        period = f"{cell.start.year}年{period}"
    if cell.state == NO_QUORUM:
        return (f"{period}{row.subject()}到会委员未超过半数（不足法定人数），不计为已"
                f"{verb(row.type)}")
    return f"{period}{row.subject()}未{verb(row.type)}"


def due_text(row: ComplianceRow, cell: ComplianceCell) -> str:
    """A period running now with nothing held yet: "本月主题党日尚未开展（11月30日前）"."""
    return f"{_current(row.frequency)}{row.subject()}尚未{verb(row.type)}（{cell.end:%m月%d日}前）"


def _current(frequency: str) -> str:
    return {MONTHLY: "本月", QUARTERLY: "本季度", HALF_YEARLY: "本半年", YEARLY: "本年度"}.get(
        frequency, "")


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def periods(year: int, frequency: str) -> list[tuple[str, dt.date, dt.date]]:
    if frequency == MONTHLY:
        return [(f"{m}月", dt.date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]
    if frequency == QUARTERLY:
        return [(QUARTERS[q], dt.date(year, 3 * q + 1, 1), _month_end(year, 3 * q + 3))
                for q in range(4)]
    if frequency == HALF_YEARLY:
        return [("上半年", dt.date(year, 1, 1), dt.date(year, 6, 30)),
                ("下半年", dt.date(year, 7, 1), dt.date(year, 12, 31))]
    if frequency == YEARLY:
        return [(f"{year}年", dt.date(year, 1, 1), dt.date(year, 12, 31))]
    return []


def _state(start: dt.date, end: dt.date, held: bool, today: dt.date,
           checked_from: dt.date | None, inquorate: bool = False) -> str:
    if held:
        return HELD
    if checked_from is not None and start < checked_from:
        return BEFORE_START
    if inquorate:
        return NO_QUORUM
    if end < today:
        return OVERDUE
    if start <= today:
        return DUE
    return UPCOMING


def _inquorate_committees(session: Session, year: int) -> set[str]:
    """支委会 of the year where the 委员 present (as stored with the record) were not more
    than half of the 委员 expected (a record with no attendance entered yet is not judged)."""
    counted = case((Attendance.committee & (Attendance.status != AttendanceStatus.EXCLUDED), 1),
                   else_=0)
    present = case((Attendance.committee & (Attendance.status == AttendanceStatus.PRESENT), 1),
                   else_=0)
    rows = session.execute(
        select(Meeting.id, func.coalesce(func.sum(counted), 0),
               func.coalesce(func.sum(present), 0))
        .join(MeetingTypeLink, MeetingTypeLink.meeting_id == Meeting.id)
        .outerjoin(Attendance, (Attendance.meeting_id == Meeting.id)
                   & Attendance.deleted_at.is_(None))
        .where(Meeting.deleted_at.is_(None), MeetingTypeLink.deleted_at.is_(None),
               MeetingTypeLink.type == MeetingType.COMMITTEE,
               Meeting.date >= dt.date(year, 1, 1), Meeting.date <= dt.date(year, 12, 31))
        .group_by(Meeting.id))
    return {meeting_id for meeting_id, expected, here in rows if 0 < expected >= here * 2}


def compliance(session: Session, year: int, today: dt.date | None = None) -> ComplianceReport:
    """The year's grid: every required type (and 党小组) × its periods."""
    today = today or dt.date.today()
    frequencies = settings.get(session, FREQUENCIES)
    held: dict[tuple[str, str | None], list[tuple[dt.date, str]]] = {}
    rows = session.execute(
        select(MeetingTypeLink.type, Meeting.group_id, Meeting.date, Meeting.id,
               Meeting.counts_for_year)
        .join(Meeting, Meeting.id == MeetingTypeLink.meeting_id)
        .where(Meeting.deleted_at.is_(None), MeetingTypeLink.deleted_at.is_(None),
               Meeting.date >= dt.date(year, 1, 1),
               Meeting.date <= dt.date(year + 1, LATE_REVIEW_MONTH, 31))
        .order_by(Meeting.date)
    )
    for meeting_type, group_id, day, meeting_id, counts_for in rows:
        counted = counted_year(meeting_type, day, counts_for)
        if counted != year:
            continue
        key = (meeting_type, group_id if meeting_type == MeetingType.GROUP else None)
        # One held in the next year for this one counts on the year's last day.
        held.setdefault(key, []).append((min(day, dt.date(year, 12, 31)), meeting_id))
    inquorate = _inquorate_committees(session, year)
    started = branch_start(session)
    # type, group id, group name, checked from
    subjects: list[tuple[str, str | None, str, dt.date | None]] = []
    for meeting_type in MEETING_TYPES:
        if frequency_of(frequencies, meeting_type) == NOT_REQUIRED:
            continue
        if meeting_type == MeetingType.GROUP:
            subjects += [(meeting_type, g.id, g.name, group_start(started, g))
                         for g in list_groups(session)]
        else:
            subjects.append((meeting_type, None, "", started))
    report_rows = []
    for meeting_type, group_id, group_name, checked_from in subjects:
        frequency = frequency_of(frequencies, meeting_type)
        events = held.get((meeting_type, group_id), [])
        cells = []
        for period, start, end in periods(year, frequency):
            ids = [mid for day, mid in events if start <= day <= end]
            quorate = [i for i in ids
                       if meeting_type != MeetingType.COMMITTEE or i not in inquorate]
            state = _state(start, end, bool(quorate), today, checked_from, bool(ids))
            cells.append(ComplianceCell(period, start, end, state, ids))
        label = type_name(meeting_type, group_name)
        report_rows.append(ComplianceRow(meeting_type, group_id, group_name, label, frequency,
                                         cells))
    return ComplianceReport(year, today, report_rows)
