"""The 支部委员会's term: the latest 换届 election, taken over into the branch profile by 设置,
and the reminders before the term ends.

A 选举 议题 counts as a committee election when its title names the committee (支部委员会,
支委); elections of delegates (代表) do not.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.branch import get_profile, term_end
from app.meetings.detail import get_meeting_detail
from app.meetings.election import VALID
from app.meetings.types import ItemKind, RecordStatus
from app.reminders import Reminder, ReminderLevel
from db.models import AgendaItem, Meeting

COMMITTEE_WORDS = ("支部委员", "支委")
MEMBER_POST = "委员"
#: The 换届 is reported to the higher 党组织 and prepared this long before the term ends.
TERM_NOTICE_DAYS = 90


@dataclass(frozen=True)
class ElectedCommittee:
    day: dt.date
    meeting: str  # its heading, e.g. "2025年第2次支部党员大会"
    names: list[str]  # in the order of the result


def is_committee_election(title: str) -> bool:
    return any(word in title for word in COMMITTEE_WORDS) and "代表" not in title


def latest_elected_committee(session: Session) -> ElectedCommittee | None:
    """The names elected by the latest finalised, valid committee election, if any."""
    meetings = session.execute(
        select(Meeting.id, Meeting.date).join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(Meeting.deleted_at.is_(None), Meeting.status == RecordStatus.FINAL,
               AgendaItem.deleted_at.is_(None), AgendaItem.kind == ItemKind.ELECTION)
        .distinct().order_by(Meeting.date.desc())
    )
    for meeting_id, _day in meetings:
        detail = get_meeting_detail(session, meeting_id)
        for item in detail.agenda:
            election = item.election
            if (election and election.result == VALID and election.elected
                    and is_committee_election(item.title)):
                return ElectedCommittee(detail.date, detail.heading, list(election.elected))
    return None


def committee_from(elected: list[str], current: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The profile's committee for the elected names: those re-elected keep their post and
    place, newcomers follow as 委员 until the 支委会 assigns them a post."""
    posts = {c.get("name", "").strip(): c.get("post", MEMBER_POST) for c in current}
    kept = [c.get("name", "").strip() for c in current]
    order = {name: kept.index(name) if name in kept else len(kept) for name in elected}
    return [{"post": posts.get(name, MEMBER_POST), "name": name}
            for name in sorted(elected, key=lambda name: order[name])]


def term_reminders(session: Session, today: dt.date) -> list[Reminder]:
    """The term ending soon or over; an election newer than the profile's term start."""
    profile = get_profile(session)
    if profile is None or profile.term_start is None:
        return []
    elected = latest_elected_committee(session)
    if elected is not None and elected.day > profile.term_start:
        return [Reminder(ReminderLevel.HINT,
                         f"{elected.day:%Y年%m月%d日}已换届选举，支部信息中的委员名单和任期"
                         "开始日期尚未更新：请在“设置 → 支部信息”中点“按最近一次换届选举填入”",
                         "设置")]
    end = term_end(profile)
    if end is None or (end - today).days > TERM_NOTICE_DAYS:
        return []
    if end < today:
        return [Reminder(ReminderLevel.WARNING,
                         f"本届支部委员会任期已于{end:%Y年%m月%d日}届满，请抓紧换届选举"
                         "（延期换届须报上级党组织批准）", "会议")]
    days = (end - today).days
    return [Reminder(ReminderLevel.NOTICE,
                     f"本届支部委员会任期将于{end:%Y年%m月%d日}届满（还有{days}天），"
                     "请向上级党组织报告，做好换届选举准备", "会议")]
