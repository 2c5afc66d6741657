"""A reminder on 首页: each area's reminder module makes them, app/home.py gathers them."""

from dataclasses import dataclass
from enum import StrEnum


class ReminderLevel(StrEnum):
    """In order of urgency: the first is listed first."""

    WARNING = "警告"
    NOTICE = "注意"
    HINT = "提醒"


@dataclass(frozen=True)
class Reminder:
    level: ReminderLevel
    text: str
    page: str  # the sidebar page that deals with it, e.g. "党员"


LEVEL_ORDER = {level: order for order, level in enumerate(ReminderLevel)}
