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


def type_name(meeting_type: str, group_name: str = "") -> str:
    """A type as a record names it: a 党小组会 with its group ("第一党小组会", not
    "第一党小组党小组会"), the rest as they are."""
    if meeting_type != MeetingType.GROUP or not group_name:
        return meeting_type
    return f"{group_name}会" if group_name.endswith("小组") else f"{group_name}{meeting_type}"


def verb(meeting_type: str) -> str:
    return VERBS.get(meeting_type, "开展")


class RecordStatus(StrEnum):
    DRAFT = "草稿"
    FINAL = "定稿"


class AttendanceStatus(StrEnum):
    PRESENT = "出席"
    LEAVE = "请假"
    ABSENT = "缺席"
    #: Left out of 应到 with the higher level's approval (one of EXCLUSION_CATEGORIES).
    EXCLUDED = "不计入"


ATTENDANCE_STATUSES = tuple(AttendanceStatus)
#: Shown for someone on the roster of the date whose attendance is not entered yet.
NOT_RECORDED = "未登记"
#: The cases 中组部组织局 names that may, with the higher 党组织's approval, be left out of
#: 应到会人数.
EXCLUSION_CATEGORIES = (
    "患有精神病或其他疾病不能表达本人意志",
    "自费出国半年以上",
    "虽未受留党察看以上党纪处分但受刑事处罚正在服刑",
    "年老体弱卧床不起或长期生病生活不能自理",
    "工作调动、外出学习等离开本单位半年以上且组织关系未转走、确实无法参加党内活动",
)


class Opinion(StrEnum):
    """书面意见 of an absent voter in a 接收预备党员 or 转正 vote."""

    YES = "赞成"
    NO = "反对"
    ABSTAIN = "弃权"


OPINIONS = tuple(Opinion)


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
