"""Which parts of the data a save touched, so that a page refreshes only when something it
shows has changed. The areas are found from the tables the save wrote to (db/writes.py
watches them); this module stays free of SQLAlchemy, as the window imports it before its
first paint."""

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol


class Area(StrEnum):
    MEMBERS = "党员"
    MEETINGS = "会议"
    RECRUITS = "发展党员"
    DUES = "党费"
    FUND = "互助金"
    VISITS = "慰问"
    SERVICE = "志愿服务"
    SYNC = "同步"
    SETTINGS = "设置"  # the branch profile, 党小组 and every setting
    CITY = "工委"


Areas = frozenset[Area]
EVERY_AREA: Areas = frozenset(Area)

#: Table name prefixes and their areas (the first that matches counts).
_TABLES: tuple[tuple[str, Area], ...] = (
    ("member", Area.MEMBERS), ("meeting", Area.MEETINGS), ("study_text", Area.MEETINGS),
    ("recruit", Area.RECRUITS),
    ("dues_", Area.DUES),
    ("fund_", Area.FUND), ("aid_", Area.FUND), ("visit", Area.VISITS), ("service_", Area.SERVICE),
    ("sync_", Area.SYNC),
    ("city_", Area.CITY), ("branch_profile", Area.SETTINGS), ("party_group", Area.SETTINGS),
    ("setting", Area.SETTINGS),
)
#: Written along with everything else; no page shows it.
_UNSHOWN = frozenset({"audit_log"})


def areas_of(tables: Iterable[str]) -> Areas:
    """The areas of these tables; a table of no known area (or an unknown table) counts as
    every area."""
    found: set[Area] = set()
    for table in tables:
        if table in _UNSHOWN:
            continue
        area = next((a for prefix, a in _TABLES if table.startswith(prefix)), None)
        if area is None:
            return EVERY_AREA
        found.add(area)
    return frozenset(found)


class Page(Protocol):
    """A sidebar page: the areas it shows, and how it shows them anew."""

    AREAS: Areas

    def refresh(self) -> None: ...
