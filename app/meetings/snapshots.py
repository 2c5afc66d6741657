"""The snapshot each finalised version of a meeting record stores: `MeetingDetail` as JSON,
under a format version.

A snapshot is read through `upgrade`, one explicit step per format change, so a later change
to MeetingDetail adds a step here instead of changing how the versions already stored read.
"""

import copy
import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.meetings.lines import MeetingDetail
from base.errors import UserError
from db.models import MeetingVersion

#: The format written now: {"version": 2, "detail": {…the fields of MeetingDetail…}}.
SNAPSHOT_VERSION = 2

Snapshot = dict[str, Any]


def to_plain(value: Any) -> Any:
    """JSON-ready values (dates as ISO text)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    return value


def snapshot(detail: MeetingDetail) -> Snapshot:
    return {"version": SNAPSHOT_VERSION, "detail": to_plain(detail)}


def _from_unversioned(data: Snapshot) -> Snapshot:
    """Up to release 0.1.0 (commit 1cef5b4) the fields of MeetingDetail were stored at the
    top level, without a version."""
    return {"version": 1, "detail": data}


def _with_official_figures(data: Snapshot) -> Snapshot:
    """Format 2 (the roster of the meeting date) records approved exclusions from 应到,
    written opinions, invalid ballots, election warnings and the 所属年度. A version stored
    before had none of them: its figures stay exactly as they were finalised."""
    detail = copy.deepcopy(data["detail"])
    for person in detail["attendees"] + detail["absentees"]:
        person.setdefault("exclusion", "")
        person.setdefault("approval_ref", "")
    for item in detail["agenda"]:
        if item.get("vote") is not None:
            item["vote"].setdefault("written", [])
        if item.get("election") is not None:
            item["election"].setdefault("ballots_invalid", None)
            item["election"].setdefault("warnings", [])
    detail.setdefault("counts_for_year", None)
    return {"version": 2, "detail": detail}


#: The step that brings a snapshot of format N to N + 1.
UPGRADES: dict[int, Callable[[Snapshot], Snapshot]] = {0: _from_unversioned,
                                                       1: _with_official_figures}


def format_version(data: Snapshot) -> int:
    return data["version"] if "detail" in data else 0


def _readable_version(data: Snapshot) -> int:
    version = format_version(data)
    if version > SNAPSHOT_VERSION:
        raise UserError("这一版记录是由较新版本的支部工作台保存的，请先升级本程序再查看")
    return version


def upgrade(data: Snapshot) -> Snapshot:
    """The snapshot in the current format (SNAPSHOT_VERSION)."""
    version = _readable_version(data)
    while version < SNAPSHOT_VERSION:
        data = UPGRADES[version](data)
        version = format_version(data)
    return data


def _from_plain(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _from_plain(inner[0], value)
    if origin is list:
        return [_from_plain(typing.get_args(hint)[0], v) for v in value]
    if hint is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if hint is dt.time:
        return dt.time.fromisoformat(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return hint(**{name: _from_plain(field_hint, value.get(name))
                       for name, field_hint in _fields(hint) if name in value})
    return value


@functools.cache
def _fields(kind: type) -> list[tuple[str, Any]]:
    """A dataclass's fields with their types (resolved once: the city reads thousands)."""
    hints = typing.get_type_hints(kind)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(kind)]


def detail_from_snapshot(data: Snapshot) -> MeetingDetail:
    """The record as a stored version holds it: its figures are the frozen ones."""
    detail: MeetingDetail = _from_plain(MeetingDetail, upgrade(data)["detail"])
    detail.frozen = True
    return detail


def snapshot_date(data: Snapshot) -> dt.date:
    """The meeting's day as a stored version holds it, without reading the rest (no format
    step has moved the day since format 0 kept the fields at the top level)."""
    _readable_version(data)
    return dt.date.fromisoformat(data.get("detail", data)["date"])


def version_detail(session: Session, meeting_id: str, number: int) -> MeetingDetail:
    """How the record read in an earlier finalised version."""
    version = session.scalars(
        select(MeetingVersion).where(MeetingVersion.meeting_id == meeting_id,
                                     MeetingVersion.number == number,
                                     MeetingVersion.deleted_at.is_(None))
    ).one_or_none()
    if version is None:
        raise UserError(f"找不到第{number}版记录")
    return detail_from_snapshot(version.snapshot)
