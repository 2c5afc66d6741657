"""Editing the branch profile and its 党小组. A group is removed only once nobody on the roster
is in it, so editing sits above the members area; reading the profile (app/branch.py) sits
below every area."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.branch import get_profile, list_groups
from app.members.posts import record_committee
from app.members.service import list_members
from base.errors import ValidationError
from db.models import BranchProfile, PartyGroup
from db.types import utcnow


@dataclass
class GroupInput:
    """A 党小组 in the profile form: `id` is set for an existing group (so it can be renamed)."""

    name: str
    id: str | None = None


@dataclass
class ProfileInput:
    name: str
    code: str
    parent_committee: str = ""
    city_committee: str = ""
    term_start: dt.date | None = None
    # 启用日期 (None: left as it is); the wizard and `branchdesk init` give the set-up day.
    started_on: dt.date | None = None
    committee: list[dict[str, Any]] = field(default_factory=list)  # {"post", "name"}
    # 党小组 in order; plain names are matched with existing groups by name. Existing groups
    # left out are removed (refused while members on the roster are in them).
    groups: Sequence[str | GroupInput] = field(default_factory=list)


def _group_inputs(data: ProfileInput) -> list[GroupInput]:
    return [g if isinstance(g, GroupInput) else GroupInput(g) for g in data.groups]


def profile_input(session: Session) -> ProfileInput | None:
    """The stored profile and its 党小组 as the form edits them; None before set-up."""
    profile = get_profile(session)
    if profile is None:
        return None
    return ProfileInput(profile.name, profile.code, profile.parent_committee,
                        profile.city_committee, profile.term_start, profile.started_on,
                        list(profile.committee),
                        [GroupInput(g.name, g.id) for g in list_groups(session)])


def check_profile(data: ProfileInput) -> None:
    """Raise ValidationError (name, code, committee, groups) without saving anything."""
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "请填写支部全称（与印章一致）"
    if not data.code.strip():
        errors["code"] = "请填写支部代码"
    elif not data.code.strip().replace("-", "").isalnum():
        errors["code"] = "支部代码只能包含字母、数字和连字符"
    if data.started_on is not None and data.started_on > dt.date.today():
        errors["started_on"] = "启用日期不能晚于今天"
    posts = [c.get("post") for c in data.committee if c.get("name", "").strip()]
    if posts and "书记" not in posts:
        errors["committee"] = "支部委员中应有书记"
    names = [g.name.strip() for g in _group_inputs(data) if g.name.strip()]
    if len(set(names)) != len(names):
        errors["groups"] = "党小组名称不能重复"
    if errors:
        raise ValidationError(errors)


def save_profile(session: Session, data: ProfileInput) -> BranchProfile:
    """Create or update the profile; 党小组 are matched by name (new ones are added)."""
    check_profile(data)
    existing = get_profile(session)
    profile = existing or BranchProfile(name="", code="")
    profile.name = data.name.strip()
    profile.code = data.code.strip().upper()
    profile.parent_committee = data.parent_committee.strip()
    profile.city_committee = data.city_committee.strip()
    profile.term_start = data.term_start
    if data.started_on is not None:
        profile.started_on = data.started_on
    profile.committee = [
        {"post": c["post"], "name": c["name"].strip()}
        for c in data.committee
        if c.get("name", "").strip()
    ]
    session.add(profile)
    # Groups named at set-up are as old as the branch; later ones count from the day added.
    added_on = dt.date.today() if existing is not None else None
    _save_groups(session, [g for g in _group_inputs(data) if g.name.strip()], added_on)
    session.flush()
    record_committee(session, profile.committee, profile.term_start)
    return profile


def _save_groups(session: Session, wanted: list[GroupInput], added_on: dt.date | None) -> None:
    existing = list_groups(session)
    by_id = {g.id: g for g in existing}
    by_name = {g.name: g for g in existing}
    kept: set[str] = set()
    for order, item in enumerate(wanted):
        group = by_id.get(item.id) if item.id else by_name.get(item.name.strip())
        group = group or PartyGroup(name=item.name.strip(), established_on=added_on)
        group.name = item.name.strip()
        group.sort_order = order
        session.add(group)
        if group.id:
            kept.add(group.id)
    for group in existing:
        if group.id in kept:
            continue
        if group_roster_count(session, group.id):
            raise ValidationError({"groups": f"“{group.name}”还有在册党员，不能删除；"
                                             "请先把他们调到其他党小组"})
        group.deleted_at = utcnow()


def group_roster_count(session: Session, group_id: str) -> int:
    """How many members of this 党小组 are on the roster today."""
    return len(list_members(session, group_id=group_id))
