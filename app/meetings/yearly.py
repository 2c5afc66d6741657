"""所属年度 of a 组织生活会 or 民主评议党员: the year whose work it reviews.

Both are held once a year, usually in the fourth quarter; one held by the end of March may
count for the previous year (a "2024年度组织生活会" held in January 2025 counts for 2024).
"""

import datetime as dt

from app.meetings.types import MeetingType

YEARLY_REVIEWS = (MeetingType.LIFE, MeetingType.APPRAISAL)
#: The last month in which the previous year's review may still be held.
LATE_REVIEW_MONTH = 3


def is_yearly_review(types: list[str]) -> bool:
    return any(t in YEARLY_REVIEWS for t in types)


def year_problem(types: list[str], day: dt.date | None, counts_for: int | None) -> str:
    """Why this 所属年度 cannot be right, or ""."""
    if counts_for is None or day is None:
        return ""
    if not is_yearly_review(types):
        return "只有组织生活会和民主评议党员需要填写所属年度"
    if counts_for == day.year:
        return ""
    if counts_for == day.year - 1 and day.month <= LATE_REVIEW_MONTH:
        return ""
    return (f"所属年度应为{day.year}年；上一年度的组织生活会、民主评议党员只能在次年3月底前"
            f"召开（本次会议在{day:%Y年%m月%d日}）")


def counted_year(meeting_type: str, day: dt.date, counts_for: int | None) -> int:
    """The year a meeting counts for, for this one of its types."""
    if meeting_type in YEARLY_REVIEWS and counts_for is not None:
        return counts_for
    return day.year
