"""The meeting types and the fixed vocabularies of a meeting record (stored as their text)."""

from enum import StrEnum


class MeetingType(StrEnum):
    GENERAL = "支部党员大会"
    COMMITTEE = "支部委员会"
    GROUP = "党小组会"
    LECTURE = "党课"
    THEME_DAY = "主题党日"
    LIFE = "组织生活会"
    APPRAISAL = "民主评议党员"
    HEART_TO_HEART = "谈心谈话"
    OTHER = "其他"


MEETING_TYPES = tuple(MeetingType)

#: How secretaries say it in a sentence ("2月支委会未召开").
SHORT_NAMES: dict[str, str] = {MeetingType.GENERAL: "党员大会", MeetingType.COMMITTEE: "支委会"}
#: 会 are 召开; the rest are 开展.
VERBS: dict[str, str] = {MeetingType.GENERAL: "召开", MeetingType.COMMITTEE: "召开",
                         MeetingType.GROUP: "召开", MeetingType.LIFE: "召开"}


def short_name(meeting_type: str) -> str:
    return SHORT_NAMES.get(meeting_type, meeting_type)


def verb(meeting_type: str) -> str:
    return VERBS.get(meeting_type, "开展")


class RecordStatus(StrEnum):
    DRAFT = "草稿"
    FINAL = "定稿"


class AttendanceStatus(StrEnum):
    PRESENT = "出席"
    LEAVE = "请假"
    ABSENT = "缺席"


ATTENDANCE_STATUSES = tuple(AttendanceStatus)


class ItemKind(StrEnum):
    PLAIN = "一般"
    VOTE = "表决"
    ELECTION = "选举"


ITEM_KINDS = tuple(ItemKind)


class RectificationStatus(StrEnum):
    NOT_STARTED = "未开始"
    UNDER_WAY = "整改中"
    DONE = "已完成"


RECTIFICATION_STATUSES = tuple(RectificationStatus)
