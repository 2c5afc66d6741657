"""Dates ahead on the roster: the next 转正 and the next 政治生日 (the day a member joined
the Party, 入党日期, comes round again)."""

import datetime as dt
from dataclasses import dataclass

from app.members.rules import add_years, probation_end
from db.models import Member


@dataclass(frozen=True)
class DateAhead:
    day: dt.date
    who: str  # "李四", "张三、王五", "赵六（入党20周年）"


def next_full_membership(members: list[Member]) -> DateAhead | None:
    """The 预备党员 whose 预备期 ends first (one already over comes first)."""
    ends = [(end, m.name) for m in members if (end := probation_end(m)) is not None]
    if not ends:
        return None
    first = min(day for day, _name in ends)
    return DateAhead(first, "、".join(name for day, name in ends if day == first))


def next_political_birthday(members: list[Member], today: dt.date) -> DateAhead | None:
    """The next 入党 anniversary from today on (today included), with everyone who has it."""
    ahead: list[tuple[dt.date, str]] = []
    for member in members:
        years = max(today.year - member.join_date.year, 1)
        if add_years(member.join_date, years) < today:
            years += 1
        ahead.append((add_years(member.join_date, years), f"{member.name}（入党{years}周年）"))
    if not ahead:
        return None
    first = min(day for day, _text in ahead)
    return DateAhead(first, "、".join(text for day, text in ahead if day == first))
