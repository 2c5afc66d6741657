"""委员 history: who held which post on the 支部委员会, from when until when.

The profile's committee (设置 → 支部信息) and finalised committee elections write it; a
meeting asks `posts_on(session, day)` for the committee of its date, never today's.
"""

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CommitteePost, Member
from db.types import utcnow

MEMBER_POST = "委员"


def held_on(post: CommitteePost, day: dt.date) -> bool:
    return (post.start is None or post.start <= day) and (post.end is None or day < post.end)


def live_posts(session: Session) -> list[CommitteePost]:
    return list(session.scalars(select(CommitteePost).where(CommitteePost.deleted_at.is_(None))
                                .order_by(CommitteePost.start, CommitteePost.name)))


def posts_on(session: Session, day: dt.date) -> dict[str, list[str]]:
    """member id (or the name, for someone not on the member list) -> posts held that day."""
    held: dict[str, list[str]] = defaultdict(list)
    for post in live_posts(session):
        if held_on(post, day):
            held[post.member_id or post.name].append(post.post)
    return dict(held)


def _member_ids(session: Session) -> dict[str, str]:
    rows = session.execute(select(Member.name, Member.id).where(Member.deleted_at.is_(None)))
    return {name: member_id for name, member_id in rows}


def record_committee(session: Session, committee: list[dict[str, Any]],
                     start: dt.date | None, meeting_id: str | None = None) -> None:
    """The committee from `start` on (None: a committee whose term start is unknown, held
    since before the records): open posts not in it end that day (a post opened that same
    day or later was a correction and is removed); new posts begin that day."""
    wanted = {(c["name"].strip(), c.get("post") or MEMBER_POST) for c in committee
              if c.get("name", "").strip()}
    ids = _member_ids(session)
    kept: set[tuple[str, str]] = set()
    for post in live_posts(session):
        if post.end is not None and (start is None or post.end <= start):  # history
            continue
        key = (post.name, post.post)
        if key in wanted and (post.start is None or (start is not None and post.start <= start)):
            kept.add(key)
            continue
        if start is None or (post.start is not None and post.start >= start):
            post.deleted_at = utcnow()
        else:
            post.end = start
    for name, post_name in sorted(wanted - kept):
        session.add(CommitteePost(member_id=ids.get(name), name=name, post=post_name,
                                  start=start, meeting_id=meeting_id))
    session.flush()
