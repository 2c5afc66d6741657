"""Recording a member's status history: 延长预备期, 留党察看 and 停止党籍 periods.

The roster of any date (app.members.standing) reads these periods; `membership_status`
on the member keeps the status of today for lists and exports.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.members.rules import (
    MAX_EXTENSION_MONTHS,
    MIN_EXTENSION_MONTHS,
    PERIOD_KINDS,
    MembershipStatus,
    PeriodKind,
    add_years,
    extension,
    in_period,
    live_periods,
    status_on,
)
from app.records import get_live
from base.errors import UserError, ValidationError
from db.history_migration import HISTORY_REPORT_KEY
from db.models import Meeting, Member, MemberStatusPeriod, Setting
from db.types import utcnow


@dataclass
class PeriodInput:
    kind: str  # 延长预备期 / 留党察看 / 停止党籍
    start: dt.date | None  # 延长预备期: the day the 支部大会 decided it
    end: dt.date | None = None  # first day no longer under it (留党察看 / 停止党籍)
    months: int | None = None  # 延长预备期
    meeting_id: str | None = None  # the deciding meeting
    reference: str = ""  # the approval (document number, date)


def _check(session: Session, member: Member, data: PeriodInput, today: dt.date,
           editing: MemberStatusPeriod | None = None) -> None:
    errors: dict[str, str] = {}
    if data.kind not in PERIOD_KINDS:
        errors["kind"] = "类别应为：" + "、".join(PERIOD_KINDS)
    if data.start is None:
        errors["start"] = "请填写日期"
    elif data.start > today:
        errors["start"] = "日期不能晚于今天"
    elif data.start < member.join_date:
        errors["start"] = "日期不能早于入党日期"
    if data.end is not None and data.start is not None and data.end <= data.start:
        errors["end"] = "结束日期应晚于开始日期"
    if data.meeting_id and session.get(Meeting, data.meeting_id) is None:
        errors["meeting_id"] = "找不到所选会议"
    if data.kind == PeriodKind.EXTENSION:
        if member.full_date is not None:
            errors["kind"] = f"{member.name}已转为正式党员，不能延长预备期"
        elif (found := extension(member)) is not None and found is not editing:
            errors["kind"] = f"{member.name}已延长过预备期（预备期只能延长一次）"
        if data.months is None or not MIN_EXTENSION_MONTHS <= data.months <= MAX_EXTENSION_MONTHS:
            errors["months"] = "延长预备期的时间不能少于半年，最长不超过一年（请填6—12个月）"
        if data.start and data.start > add_years(member.join_date, 1) + dt.timedelta(days=92):
            errors["start"] = "延长预备期应在预备期满时讨论决定"
    if errors:
        raise ValidationError(errors)


def _refresh_status(member: Member, today: dt.date) -> None:
    status = status_on(member, today)
    if member.membership_status != status:
        member.membership_status = status


def add_period(session: Session, member_id: str, data: PeriodInput,
               today: dt.date | None = None) -> MemberStatusPeriod:
    today = today or dt.date.today()
    member = get_live(session, Member, member_id, "找不到该党员")
    _check(session, member, data, today)
    start = data.start
    if data.kind == PeriodKind.EXTENSION:
        start = add_years(member.join_date, 1)  # the extension runs on from the first year
    period = MemberStatusPeriod(
        member_id=member.id, kind=data.kind, start=start,
        end=None if data.kind == PeriodKind.EXTENSION else data.end,
        months=data.months if data.kind == PeriodKind.EXTENSION else None,
        meeting_id=data.meeting_id,
        reference=data.reference.strip(),
        notes=f"{data.start:%Y-%m-%d}决定" if data.kind == PeriodKind.EXTENSION else "")
    member.periods.append(period)
    session.flush()
    _refresh_status(member, today)
    return period


def end_period(session: Session, period_id: str, end: dt.date, reference: str = "",
               today: dt.date | None = None) -> MemberStatusPeriod:
    """留党察看 or 停止党籍 ends (恢复党员权利 / 恢复党籍) on `end`."""
    today = today or dt.date.today()
    period = get_live(session, MemberStatusPeriod, period_id, "找不到该记录")
    if period.kind == PeriodKind.EXTENSION:
        raise UserError("延长预备期按延长的月数自动结束")
    if period.start is not None and end <= period.start:
        raise ValidationError({"end": "结束日期应晚于开始日期"})
    if end > today:
        raise ValidationError({"end": "结束日期不能晚于今天"})
    period.end = end
    if reference.strip():
        period.reference = "；".join(r for r in (period.reference, reference.strip()) if r)
    session.flush()
    _refresh_status(period.member, today)
    return period


def delete_period(session: Session, period_id: str, today: dt.date | None = None) -> None:
    period = get_live(session, MemberStatusPeriod, period_id, "找不到该记录")
    period.deleted_at = utcnow()
    session.flush()
    _refresh_status(period.member, today or dt.date.today())


def history_report(session: Session) -> list[str]:
    """What the upgrade to member history could not derive (db.history_migration), until
    the secretary has checked it."""
    row = session.get(Setting, HISTORY_REPORT_KEY)
    return list(row.value) if row is not None and row.value else []


def confirm_history_report(session: Session) -> int:
    """The secretary has checked the report: 首页 stops reminding. Returns how many items
    it held (0: nothing was waiting)."""
    row = session.get(Setting, HISTORY_REPORT_KEY)
    if row is None or not row.value:
        return 0
    count = len(row.value)
    row.value = []
    session.flush()
    return count


def set_status_from_today(session: Session, member: Member, status: str,
                          today: dt.date, *, new: bool = False) -> str:
    """The member form's 党籍状态 changed: open a period from today, or end the running
    ones today. A member entered as already under 留党察看 or 停止党籍 has it since a day
    not known yet. Returns a note for the secretary ("" when nothing changed)."""
    if status == status_on(member, today):
        return ""
    if new and status != MembershipStatus.NORMAL:
        member.periods.append(MemberStatusPeriod(member_id=member.id, kind=status, start=None))
        session.flush()
        _refresh_status(member, today)
        return f"已登记为{status}，起始日期不详；请在“党籍变化”中补填起止日期"
    if status == MembershipStatus.NORMAL:
        for period in live_periods(member):
            if period.kind != PeriodKind.EXTENSION and in_period(period, today):
                period.end = today
        _refresh_status(member, today)
        return "已从今天起恢复为正常党籍状态；如实际日期不同，请在“党籍变化”中修改"
    add_period(session, member.id, PeriodInput(status, today), today)
    return f"已登记自今天起{status}；如实际起始日期不同，请在“党籍变化”中修改"
