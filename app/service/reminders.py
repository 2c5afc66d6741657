"""首页: from October, the members with no volunteer service recorded this year — a private
list for the secretary to follow up, not a ranking."""

import datetime as dt

from sqlalchemy.orm import Session

from app.reminders import Reminder, ReminderLevel
from app.service.rules import REMINDER_MONTH
from app.service.summary import not_served

PAGE = "志愿服务"
SHOWN = 8


def service_reminders(session: Session, today: dt.date) -> list[Reminder]:
    if today.month < REMINDER_MONTH:
        return []
    names = [t.name for t in not_served(session, today.year, today)]
    if not names:
        return []
    text = f"今年尚无志愿服务记录的党员（{len(names)}人）：" + "、".join(names[:SHOWN])
    return [Reminder(ReminderLevel.HINT, text + ("等" if len(names) > SHOWN else ""), PAGE)]
