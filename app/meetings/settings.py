"""The meeting settings: frequencies for compliance, the 补录 threshold, grades, phrases."""

from sqlalchemy.orm import Session

from app import settings
from app.meetings.types import MeetingType
from app.settings import Option
from base.errors import ValidationError

MONTHLY = "每月"
QUARTERLY = "每季度"
HALF_YEARLY = "每半年"
YEARLY = "每年"
NOT_REQUIRED = "不要求"
FREQUENCY_CHOICES = (MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY, NOT_REQUIRED)

#: domain.md §2: the 支部工作条例 (2018). 党课 quarterly is local practice (configurable).
FREQUENCIES: Option[dict[str, str]] = Option("meetings.frequencies", {
    MeetingType.GENERAL: QUARTERLY,
    MeetingType.COMMITTEE: MONTHLY,
    MeetingType.GROUP: MONTHLY,
    MeetingType.LECTURE: QUARTERLY,
    MeetingType.THEME_DAY: MONTHLY,
    MeetingType.LIFE: YEARLY,
    MeetingType.APPRAISAL: YEARLY,
    MeetingType.HEART_TO_HEART: YEARLY,
}, "各类会议的召开频次")

BACKDATED_DAYS = Option("meetings.backdated_days", 7, "会后超过多少天录入记为补录")

GRADES = Option("meetings.grades", ["优秀", "合格", "基本合格", "不合格"], "民主评议等次")
#: The first grade is the top one; more than this share of it draws a warning.
TOP_GRADE_SHARE = (1, 3)

PHRASES = Option("meetings.phrases", [
    "会议由支部书记主持。",
    "到会人数符合规定。",
    "全体党员重温入党誓词。",
    "全体党员集中交纳党费。",
    "会议传达学习了上级有关文件精神。",
    "与会党员结合自身实际逐一发言。",
    "会议要求全体党员认真落实会议精神。",
], "会议记录常用语")


def frequency_of(frequencies: dict[str, str], meeting_type: str) -> str:
    return frequencies.get(meeting_type, NOT_REQUIRED)


def save_meeting_settings(session: Session, frequencies: dict[str, str], backdated_days: int,
                          grades: list[str], phrases: list[str]) -> None:
    """Check and store the meeting settings together (nothing is saved if one is wrong)."""
    errors: dict[str, str] = {}
    wrong = [t for t, f in frequencies.items() if f not in FREQUENCY_CHOICES]
    if wrong:
        errors["frequencies"] = "频次应为：" + "、".join(FREQUENCY_CHOICES)
    if not 1 <= backdated_days <= 365:
        errors["backdated_days"] = "补录判定天数应在1到365天之间"
    grades = [g.strip() for g in grades if g.strip()]
    if len(grades) < 2:
        errors["grades"] = "评议等次至少需要两个（第一个为最高等次，如“优秀”）"
    elif len(set(grades)) != len(grades):
        errors["grades"] = "评议等次不能重复"
    if errors:
        raise ValidationError(errors)
    settings.put(session, FREQUENCIES, dict(frequencies))
    settings.put(session, BACKDATED_DAYS, backdated_days)
    settings.put(session, GRADES, grades)
    settings.put(session, PHRASES, [p.strip() for p in phrases if p.strip()])
