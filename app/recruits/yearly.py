"""A year of 发展党员 work: how many took each milestone in the year, and how many stood at
each stage on 31 December. Counts only (the branch's 情况表, the city's report); no rankings."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.recruits.steps import ENDED, FULL_MEMBER, IDENTITIES
from app.recruits.track import Track, load_tracks

#: Milestones counted in a year: label and the step whose day it is.
MILESTONES = (("递交入党申请书", "application"), ("确定为入党积极分子", "activist"),
              ("确定为发展对象", "candidate"), ("接收为预备党员", "admission_vote"),
              ("转为正式党员", "full_approval"))
STANDING = (*dict.fromkeys(IDENTITIES), FULL_MEMBER, ENDED)


@dataclass(frozen=True)
class YearLine:
    name: str
    identity: str  # on 31 December
    events: list[tuple[str, dt.date]]  # milestones in the year, in order


def identity_on(track: Track, day: dt.date) -> str:
    """入党申请人 … 正式党员 as the steps done by that day make them; "" before applying."""
    def done(code: str) -> bool:
        found = track.date_of(code)
        return found is not None and found <= day

    if track.ended_on is not None and track.ended_on <= day:
        return ENDED
    for code, identity in (("full_approval", FULL_MEMBER), ("approval", IDENTITIES[4]),
                           ("candidate", IDENTITIES[2]), ("activist", IDENTITIES[1]),
                           ("application", IDENTITIES[0])):
        if done(code):
            return identity
    return ""


def year_counts(tracks: list[Track], year: int) -> dict[str, int]:
    """Milestones in the year, then the people at each stage on 31 December."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts = {label: sum(1 for t in tracks if (d := t.date_of(code)) and first <= d <= last)
              for label, code in MILESTONES}
    counts["停止发展"] = sum(1 for t in tracks if t.ended_on and first <= t.ended_on <= last)
    at_end = [identity_on(t, last) for t in tracks]
    for identity in STANDING:
        counts[f"年末{identity}"] = at_end.count(identity)
    return counts


def year_lines(tracks: list[Track], year: int) -> list[YearLine]:
    """Everyone with a milestone in the year or still on the way at its end."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lines = []
    for track in tracks:
        events = sorted(((label, d) for label, code in MILESTONES
                         if (d := track.date_of(code)) and first <= d <= last),
                        key=lambda e: e[1])
        identity = identity_on(track, last)
        if events or identity in IDENTITIES:
            lines.append(YearLine(track.name, identity, events))
    return lines


def year_report(session: Session, year: int) -> tuple[dict[str, int], list[YearLine]]:
    tracks = load_tracks(session)
    return year_counts(tracks, year), year_lines(tracks, year)
