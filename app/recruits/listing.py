"""One line per person: who, at which stage, the next step and its window (for the list,
`recruits list` and the 首页 reminders)."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.recruits.track import NextStep, Track, load_tracks


@dataclass(frozen=True)
class TrackRow:
    id: str
    name: str
    identity: str  # 入党申请人 / 入党积极分子 / 发展对象 / 预备党员 / 正式党员 / 已停止发展
    stage: str
    application_date: dt.date | None
    next_step: str
    earliest: dt.date | None
    latest: dt.date | None
    rule: str


def next_due(track: Track) -> NextStep | None:
    """The step to do next; a half-yearly 考察 falling due first comes first."""
    found = [s for s in (track.next_step(), track.review_due()) if s is not None]
    return min(found, key=lambda s: s.latest or dt.date.max, default=None)


def row_of(track: Track) -> TrackRow:
    step = next_due(track)
    return TrackRow(track.id, track.name, track.identity, track.stage_name,
                    track.application_date, step.name if step else "",
                    step.earliest if step else None, step.latest if step else None,
                    step.rule if step else "")


def by_urgency(rows: list[TrackRow]) -> list[TrackRow]:
    """Those on the way first, soonest deadline first; finished and ended tracks last."""
    return sorted(rows, key=lambda r: (not r.next_step, r.latest or dt.date.max,
                                       r.application_date or dt.date.max))


def track_rows(session: Session) -> list[TrackRow]:
    return by_urgency([row_of(t) for t in load_tracks(session)])
