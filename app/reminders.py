"""A reminder on 首页: each area's reminder module makes them, app/home.py gathers them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reminder:
    level: str  # 提醒 / 注意 / 警告
    text: str
    page: str  # the sidebar page that deals with it, e.g. "党员"


LEVEL_ORDER = {"警告": 0, "注意": 1, "提醒": 2}
