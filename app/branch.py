"""Reading the branch profile and its 党小组 (app/profile.py edits them)."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import BranchProfile, DuesPayment, FundEntry, Meeting, PartyGroup, Visit

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


@dataclass(frozen=True)
class GroupChoice:
    id: str
    name: str


def group_choices(session: Session) -> list[GroupChoice]:
    """The 党小组 in their order, to pick from."""
    return [GroupChoice(g.id, g.name) for g in list_groups(session)]


def branch_start(session: Session) -> dt.date | None:
    """The branch's 启用日期: no compliance reminder for periods before it (None: no limit)."""
    profile = get_profile(session)
    return profile.started_on if profile else None


def group_start(branch_started: dt.date | None, group: PartyGroup) -> dt.date | None:
    """From when a 党小组's meetings are checked: the branch's start, or the day the group
    was added when that is later."""
    days = [d for d in (branch_started, group.established_on) if d is not None]
    return max(days) if days else None


def earliest_record(session: Session) -> dt.date | None:
    """The first day of the month of the branch's earliest meeting, dues payment, fund entry
    or visit: a 启用日期 that covers the history entered so far."""
    columns = (Meeting.date, DuesPayment.paid_on, FundEntry.date, Visit.date)
    days = [session.scalar(select(func.min(column)).where(
        column.class_.deleted_at.is_(None))) for column in columns]
    found = [d for d in days if d is not None]
    return min(found).replace(day=1) if found else None


def secretary_name(profile: BranchProfile | None) -> str:
    """The 书记 named in the profile ("" when none)."""
    return next((c["name"] for c in (profile.committee if profile else [])
                 if c.get("post") == "书记"), "")


#: How a 委员's post reads after 主持人职务 on the record.
_CHAIR_POSTS = {"书记": "支部书记", "副书记": "支部副书记"}


def chair_post(profile: BranchProfile | None, name: str) -> str:
    """The 支委 post of `name` as 主持人职务 ("支部书记" when the 书记 chairs); "" if none."""
    post = next((c.get("post", "") for c in (profile.committee if profile else [])
                 if name and c.get("name") == name), "")
    return _CHAIR_POSTS.get(post, post)


def chair_posts(session: Session) -> dict[str, str]:
    """Each 支委's name and the post they chair a meeting as (see chair_post)."""
    profile = get_profile(session)
    return {c["name"]: chair_post(profile, c["name"])
            for c in (profile.committee if profile else []) if c.get("name")}


def term_end(profile: BranchProfile) -> dt.date | None:
    """Branches outside villages and communities serve 3-year terms."""
    if profile.term_start is None:
        return None
    start = profile.term_start
    try:
        return start.replace(year=start.year + 3)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 3, day=28)
