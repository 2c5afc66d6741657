"""What the step form offers: the meetings that can decide a step, their 表决 议题 with the
result computed by the meetings module, and the 正式党员 who can be named."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.meetings.detail import get_meeting_detail, live, load_meeting
from app.meetings.listing import list_meetings
from app.meetings.types import ItemKind
from app.meetings.votes import admits_new_member
from app.members.rules import MemberCategory
from app.members.standing import roster_on
from app.recruits.steps import STEPS


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


def meeting_choices(session: Session, code: str, limit: int = 60) -> list[Choice]:
    """The latest meetings of the type that decides the step, newest first."""
    kind = STEPS[code].meeting
    return [Choice(m.id, f"{m.date:%Y-%m-%d} {m.heading}")
            for m in list_meetings(session, meeting_type=kind)[:limit]]


def vote_choices(session: Session, meeting_id: str, code: str) -> list[Choice]:
    """The meeting's 表决 议题 on this kind of decision (接收 or 转正), each with its
    computed result."""
    detail = get_meeting_detail(session, meeting_id)
    fits = admits_new_member if code == "admission_vote" else (lambda title: "转正" in title)
    found = []
    for line, item_id in zip(detail.agenda, detail_items(session, meeting_id), strict=False):
        if line.kind != ItemKind.VOTE or line.vote is None or not fits(line.title):
            continue
        vote = line.vote
        counts = (f"赞成{vote.yes}、反对{vote.no or 0}、弃权{vote.abstain or 0}，{vote.result}"
                  if vote.result else "未录入票数")
        found.append(Choice(item_id, f"{line.title}（{counts}）"))
    return found


def detail_items(session: Session, meeting_id: str) -> list[str]:
    """The ids of the meeting's live 议题, in the order the record numbers them."""
    return [item.id for item in live(load_meeting(session, meeting_id).agenda)]


def full_members_on(session: Session, day: dt.date) -> list[Choice]:
    return [Choice(s.member_id, s.name) for s in roster_on(session, day)
            if s.category == MemberCategory.FULL]
