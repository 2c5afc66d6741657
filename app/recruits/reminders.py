"""首页 reminders for 发展党员: a deadline of the 细则 coming up or passed, and what the
check found. The 转正 of a 预备党员 is reminded by the roster (app.members.reminders)."""

import datetime as dt

from sqlalchemy.orm import Session

from app.recruits.checks import check_tracks
from app.recruits.listing import next_due
from app.recruits.track import load_tracks
from app.reminders import Reminder, ReminderLevel

NOTICE_DAYS = 30
PAGE = "发展党员"


def recruit_reminders(session: Session, today: dt.date) -> list[Reminder]:
    found: list[Reminder] = []
    late: set[str] = set()  # told already; the check's line on them would repeat it
    tracks = load_tracks(session)
    for track in tracks:
        step = next_due(track)
        if step is None or step.latest is None or step.code == "full_vote":
            continue
        days = (step.latest - today).days
        if days < 0:
            late.add(track.id)
            found.append(Reminder(ReminderLevel.WARNING, f"{track.name}的“{step.name}”应在"
                                  f"{step.latest:%Y年%m月%d日}前完成，已逾期", PAGE))
        elif days <= NOTICE_DAYS:
            found.append(Reminder(ReminderLevel.NOTICE, f"{track.name}的“{step.name}”请在"
                                  f"{step.latest:%Y年%m月%d日}前完成（还有{days}天）", PAGE))
    others = [v for v in check_tracks(session, today, tracks) if v.recruit_id not in late]
    if others:
        first = others[0]
        text = (f"发展党员程序检查发现{len(others)}处问题（如{first.name}：{first.message}），"
                "请在“发展党员”页查看")
        found.append(Reminder(ReminderLevel.HINT, text, PAGE))
    return found
