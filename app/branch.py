"""The branch profile and its 党小组."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import ValidationError
from db.models import BranchProfile, PartyGroup

COMMITTEE_POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "委员")


@dataclass
class ProfileInput:
    name: str
    code: str
    parent_committee: str = ""
    city_committee: str = ""
    term_start: dt.date | None = None
    committee: list[dict[str, Any]] = field(default_factory=list)  # {"post", "name"}
    groups: list[str] = field(default_factory=list)  # 党小组 names, in order


def get_profile(session: Session) -> BranchProfile | None:
    return session.scalars(
        select(BranchProfile).where(BranchProfile.deleted_at.is_(None))
    ).first()


def _validate(data: ProfileInput) -> None:
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "请填写支部全称（与印章一致）"
    if not data.code.strip():
        errors["code"] = "请填写支部代码"
    elif not data.code.strip().replace("-", "").isalnum():
        errors["code"] = "支部代码只能包含字母、数字和连字符"
    posts = [c.get("post") for c in data.committee if c.get("name", "").strip()]
    if posts and "书记" not in posts:
        errors["committee"] = "支部委员中应有书记"
    if len(set(g.strip() for g in data.groups if g.strip())) != len(
        [g for g in data.groups if g.strip()]
    ):
        errors["groups"] = "党小组名称不能重复"
    if errors:
        raise ValidationError(errors)


def save_profile(session: Session, data: ProfileInput) -> BranchProfile:
    """Create or update the profile; 党小组 are matched by name (new ones are added)."""
    _validate(data)
    profile = get_profile(session) or BranchProfile(name="", code="")
    profile.name = data.name.strip()
    profile.code = data.code.strip().upper()
    profile.parent_committee = data.parent_committee.strip()
    profile.city_committee = data.city_committee.strip()
    profile.term_start = data.term_start
    profile.committee = [
        {"post": c["post"], "name": c["name"].strip()}
        for c in data.committee
        if c.get("name", "").strip()
    ]
    session.add(profile)
    existing = {g.name: g for g in list_groups(session)}
    for order, name in enumerate(n.strip() for n in data.groups if n.strip()):
        group = existing.get(name) or PartyGroup(name=name)
        group.sort_order = order
        session.add(group)
    session.flush()
    return profile


def list_groups(session: Session) -> list[PartyGroup]:
    return list(
        session.scalars(
            select(PartyGroup)
            .where(PartyGroup.deleted_at.is_(None))
            .order_by(PartyGroup.sort_order, PartyGroup.name)
        )
    )


def term_end(profile: BranchProfile) -> dt.date | None:
    """Branches outside villages and communities serve 3-year terms."""
    if profile.term_start is None:
        return None
    start = profile.term_start
    try:
        return start.replace(year=start.year + 3)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 3, day=28)
