"""Reading the branch profile and its 党小组 (app/profile.py edits them)."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import BranchProfile, PartyGroup

COMMITTEE_POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "委员")


def get_profile(session: Session) -> BranchProfile | None:
    return session.scalars(
        select(BranchProfile).where(BranchProfile.deleted_at.is_(None))
    ).first()


def list_groups(session: Session) -> list[PartyGroup]:
    return list(
        session.scalars(
            select(PartyGroup)
            .where(PartyGroup.deleted_at.is_(None))
            .order_by(PartyGroup.sort_order, PartyGroup.name)
        )
    )


def secretary_name(profile: BranchProfile | None) -> str:
    """The 书记 named in the profile ("" when none)."""
    return next((c["name"] for c in (profile.committee if profile else [])
                 if c.get("post") == "书记"), "")


def term_end(profile: BranchProfile) -> dt.date | None:
    """Branches outside villages and communities serve 3-year terms."""
    if profile.term_start is None:
        return None
    start = profile.term_start
    try:
        return start.replace(year=start.year + 3)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 3, day=28)
