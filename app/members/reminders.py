"""Roster reminders: 预备党员 due for 转正 soon, members with missing data."""

import datetime as dt

from sqlalchemy.orm import Session

from app.members.history import history_report
from app.members.rules import extension, probation_end
from app.members.service import list_members
from app.reminders import Reminder, ReminderLevel

PROBATION_NOTICE_DAYS = 60


def member_reminders(session: Session, today: dt.date) -> list[Reminder]:
    found: list[Reminder] = []
    members = list_members(session, on=today)
    for member in members:
        end = probation_end(member)
        if end is None:
            continue
        days = (end - today).days
        which = "延长的预备期" if extension(member) else "预备期"
        if days < 0:
            found.append(Reminder(ReminderLevel.WARNING, f"预备党员{member.name}{which}已于"
                                  f"{end:%Y年%m月%d日}届满，请及时讨论转正", "党员"))
        elif days <= PROBATION_NOTICE_DAYS:
            found.append(Reminder(ReminderLevel.NOTICE,
                                  f"预备党员{member.name}{which}将于{end:%Y年%m月%d日}届满"
                                  f"（还有{days}天），请准备转正材料", "党员"))
    report = history_report(session)
    if report:
        found.append(Reminder(ReminderLevel.HINT,
                              f"数据升级后有{len(report)}项党员历史未能自动推出，请核对："
                              + "；".join(report[:3]) + ("等" if len(report) > 3 else ""),
                              "党员"))
    missing = [m.name for m in members if not m.phone or not m.education or m.group_id is None]
    if missing:
        names = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        text = f"{len(missing)}名党员信息不全（联系电话、学历或党小组）：{names}"
        found.append(Reminder(ReminderLevel.HINT, text, "党员"))
    return found
