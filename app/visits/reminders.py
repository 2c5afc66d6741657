"""首页 reminders of visits, at the right time of year: 春节 and 七一 visits still to make,
this year's 光荣在党50年 medals, this month's 政治生日."""

import datetime as dt

from sqlalchemy.orm import Session

from app.reminders import Reminder, ReminderLevel
from app.visits import lists
from app.visits.festivals import FESTIVALS, festival_day, season, upcoming

PAGE = "慰问"
#: Medals are reported and prepared in the months before 七一.
MEDAL_FROM = (4, 1)


def _names(names: list[str], limit: int = 6) -> str:
    return "、".join(names[:limit]) + (f"等{len(names)}人" if len(names) > limit else "")


def visit_reminders(session: Session, today: dt.date) -> list[Reminder]:
    found: list[Reminder] = []
    for festival in FESTIVALS:
        year = upcoming(festival, today)
        start, _end = season(festival, year)
        day = festival_day(festival, year)
        if not start <= today <= day:
            continue
        pending = [t.member.name for t in lists.festival_targets(session, festival, year)
                   if t.visited_on is None]
        if pending:
            level = ReminderLevel.WARNING if (day - today).days <= 7 else ReminderLevel.NOTICE
            found.append(Reminder(level, f"{festival}（{day:%m月%d日}）前尚有{len(pending)}名"
                                  f"老党员、困难党员未慰问：{_names(pending)}", PAGE))
    if dt.date(today.year, *MEDAL_FROM) <= today <= dt.date(today.year, 7, 1):
        new = [c.member.name for c in lists.medal_candidates(session, today.year, today)
               if c.awarded_on is None]
        if new:
            found.append(Reminder(ReminderLevel.NOTICE,
                                  f"今年七一“光荣在党50年”纪念章：{len(new)}名党员符合条件"
                                  f"尚未颁发：{_names(new)}", PAGE))
    births = lists.political_birthdays(session, today.year, today.month)
    if births:
        found.append(Reminder(ReminderLevel.HINT, f"本月政治生日（{len(births)}人）：" + _names(
            [f"{b.member.name}（{b.join_date:%m月%d日}，入党{b.years}周年）" for b in births], 4),
            PAGE))
    return found
