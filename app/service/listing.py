"""The 志愿服务 page's tables: a year's service records, 微心愿 and community problems as
plain rows (names resolved, participants counted)."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.service.records import list_activities, list_problems, list_wishes, live_participants


@dataclass(frozen=True)
class ActivityRow:
    id: str
    date: dt.date
    community: str
    kind: str
    people: tuple[str, ...]  # who took part, in order
    minutes: int  # all of them together
    deeds: int  # 办实事
    content: str


@dataclass(frozen=True)
class WishRow:
    id: str
    claimed_on: dt.date
    community: str
    resident: str
    wish: str
    member_name: str
    status: str
    done_on: dt.date | None
    result: str


@dataclass(frozen=True)
class ProblemRow:
    id: str
    found_on: dt.date
    community: str
    origin: str
    description: str
    coordinator_name: str  # "" when no one coordinates it
    status: str
    solved_on: dt.date | None
    result: str


def activity_rows(session: Session, year: int) -> list[ActivityRow]:
    """The year's service records, newest first."""
    rows = []
    for a in list_activities(session, year):
        people = live_participants(a)
        rows.append(ActivityRow(a.id, a.date, a.community, a.kind,
                                tuple(p.member.name for p in people),
                                sum(p.minutes for p in people), a.deeds, a.content))
    return rows


def wish_rows(session: Session, year: int) -> list[WishRow]:
    """Wishes claimed or finished in the year, newest claim first."""
    return [WishRow(w.id, w.claimed_on, w.community, w.resident, w.wish, w.member.name,
                    w.status, w.done_on, w.result) for w in list_wishes(session, year)]


def problem_rows(session: Session, year: int) -> list[ProblemRow]:
    """Problems found or solved in the year, newest first."""
    return [ProblemRow(p.id, p.found_on, p.community, p.origin, p.description,
                       p.coordinator.name if p.coordinator else "", p.status, p.solved_on,
                       p.result) for p in list_problems(session, year)]
