"""The roster on a date: who was a member of the branch on day D, with which rights and posts.

`roster_on(session, day)` is the one answer every official figure uses (应到, voters, 委员).
It reads the member's status history (预备 → 正式 and its approval, 延长预备期, 留党察看 and
停止党籍 periods, transfers, death) and the 委员 history (app.members.posts).
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.members.posts import posts_on
from app.members.rules import TransferDirection, category_on, on_roster, status_on, voter_on
from db.models import Member


@dataclass(frozen=True)
class Standing:
    member_id: str
    name: str
    category: str  # 正式党员 / 预备党员 on that day
    status: str  # 正常 / 留党察看 / 停止党籍 on that day
    voter: bool  # 表决权、选举权、被选举权
    posts: tuple[str, ...]  # posts on the 支部委员会 that day
    group_id: str | None

    @property
    def committee(self) -> bool:
        return bool(self.posts)


def standing(member: Member, day: dt.date, posts: dict[str, list[str]]) -> Standing:
    held = posts.get(member.id) or posts.get(member.name, [])  # a post typed by name only
    return Standing(member.id, member.name, category_on(member, day), status_on(member, day),
                    voter_on(member, day), tuple(held), member.group_id)


def _members(session: Session) -> list[Member]:
    return list(session.scalars(
        select(Member).where(Member.deleted_at.is_(None))
        .options(selectinload(Member.transfers), selectinload(Member.periods))
        .order_by(Member.join_date, Member.name)))


def roster_on(session: Session, day: dt.date) -> list[Standing]:
    """Everyone in the branch on `day` (joined, not yet transferred out or deceased)."""
    posts = posts_on(session, day)
    return [standing(m, day, posts) for m in _members(session) if on_roster(m, day)]


def not_member_reason(member: Member, day: dt.date) -> str:
    """Why someone was not in the branch on `day`, in words for the secretary."""
    if member.deleted_at is not None:
        return f"{member.name}已被删除"
    if member.join_date > day:
        return f"{member.name}于{member.join_date:%Y年%m月%d日}入党，{day:%Y年%m月%d日}尚不是党员"
    if member.deceased_date is not None and member.deceased_date <= day:
        return f"{member.name}已于{member.deceased_date:%Y年%m月%d日}去世"
    moves = sorted((t for t in member.transfers if t.deleted_at is None), key=lambda t: t.date)
    before = [t for t in moves if t.date <= day]
    if before and before[-1].direction == TransferDirection.OUT:
        return f"{member.name}已于{before[-1].date:%Y年%m月%d日}转出本支部"
    later_in = next((t for t in moves
                     if t.date > day and t.direction == TransferDirection.IN), None)
    if later_in is not None:
        return (f"{member.name}于{later_in.date:%Y年%m月%d日}转入本支部，"
                f"{day:%Y年%m月%d日}尚不在本支部")
    return ""
