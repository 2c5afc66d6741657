"""首页 reminders: meetings overdue or due this month, drafts left open, 整改 past deadline."""

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.meetings.compliance import DUE, OVERDUE, compliance, due_text, overdue_text
from app.meetings.first_topic import check_first_topics
from app.meetings.talks import talk_gaps
from app.meetings.types import RecordStatus, RectificationStatus
from app.reminders import Reminder, ReminderLevel
from db.models import Meeting, Rectification

PAGE = "会议"
DRAFT_NOTICE_DAYS = 14
TALK_NOTICE_MONTH = 10  # from the fourth quarter, say who still needs a 谈心谈话


def meeting_reminders(session: Session, today: dt.date) -> list[Reminder]:
    found: list[Reminder] = []
    report = compliance(session, today.year, today)
    for text in report.overdue_texts():
        found.append(Reminder(ReminderLevel.NOTICE, text, PAGE))
    if today.month == 1:  # last year's final periods are only just over
        last = compliance(session, today.year - 1, today)
        found += [Reminder(ReminderLevel.NOTICE, overdue_text(row, cell, with_year=True), PAGE)
                  for row, cell in last.cells(OVERDUE) if cell.end.month == 12]
    for row, cell in report.cells(DUE):
        if (cell.end.year, cell.end.month) == (today.year, today.month):
            found.append(Reminder(ReminderLevel.HINT, due_text(row, cell), PAGE))
    if today.month >= TALK_NOTICE_MONTH:
        gaps = talk_gaps(session, today.year, today)
        found += [Reminder(ReminderLevel.HINT, text, PAGE) for text in gaps.texts()]
    missing = check_first_topics(session, today.year).missing
    if missing:
        found.append(Reminder(ReminderLevel.HINT, f"今年有{len(missing)}次会议未安排第一议题："
                              + "、".join(gap.text.removesuffix("未安排第一议题")
                                         for gap in missing[-3:])
                              + ("等" if len(missing) > 3 else ""), PAGE))
    drafts = session.scalar(select(func.count()).select_from(Meeting).where(
        Meeting.deleted_at.is_(None), Meeting.status == RecordStatus.DRAFT,
        Meeting.date < today - dt.timedelta(days=DRAFT_NOTICE_DAYS)))
    if drafts:
        found.append(Reminder(ReminderLevel.HINT,
                              f"有{drafts}份会议记录超过{DRAFT_NOTICE_DAYS}天仍未定稿",
                              PAGE))
    late = session.scalar(select(func.count()).select_from(Rectification).join(
        Meeting, Meeting.id == Rectification.meeting_id).where(
        Rectification.deleted_at.is_(None), Meeting.deleted_at.is_(None),
        Rectification.status != RectificationStatus.DONE, Rectification.deadline < today))
    if late:
        found.append(Reminder(ReminderLevel.NOTICE,
                              f"有{late}项整改事项已过整改期限仍未完成", PAGE))
    return found

