"""The meeting types and the fixed vocabularies of a meeting record."""

GENERAL_MEETING = "支部党员大会"
COMMITTEE_MEETING = "支部委员会"
GROUP_MEETING = "党小组会"
PARTY_LECTURE = "党课"
THEME_DAY = "主题党日"
LIFE_MEETING = "组织生活会"
APPRAISAL = "民主评议党员"
HEART_TO_HEART = "谈心谈话"
OTHER = "其他"

MEETING_TYPES = (GENERAL_MEETING, COMMITTEE_MEETING, GROUP_MEETING, PARTY_LECTURE, THEME_DAY,
                 LIFE_MEETING, APPRAISAL, HEART_TO_HEART, OTHER)

#: How secretaries say it in a sentence ("2月支委会未召开").
SHORT_NAMES = {GENERAL_MEETING: "党员大会", COMMITTEE_MEETING: "支委会"}
#: 会 are 召开; the rest are 开展.
VERBS = {GENERAL_MEETING: "召开", COMMITTEE_MEETING: "召开", GROUP_MEETING: "召开",
         LIFE_MEETING: "召开"}


def short_name(meeting_type: str) -> str:
    return SHORT_NAMES.get(meeting_type, meeting_type)


def type_name(meeting_type: str, group_name: str = "") -> str:
    """A type as a record names it: a 党小组会 with its group ("第一党小组会", not
    "第一党小组党小组会"), the rest as they are."""
    if meeting_type != GROUP_MEETING or not group_name:
        return meeting_type
    return f"{group_name}会" if group_name.endswith("小组") else f"{group_name}{meeting_type}"


def verb(meeting_type: str) -> str:
    return VERBS.get(meeting_type, "开展")


DRAFT = "草稿"
FINAL = "定稿"

PRESENT = "出席"
LEAVE = "请假"
ABSENT = "缺席"
ATTENDANCE_STATUSES = (PRESENT, LEAVE, ABSENT)

PLAIN_ITEM = "一般"
VOTE_ITEM = "表决"
ELECTION_ITEM = "选举"
ITEM_KINDS = (PLAIN_ITEM, VOTE_ITEM, ELECTION_ITEM)

RECTIFICATION_STATUSES = ("未开始", "整改中", "已完成")
RECTIFICATION_DONE = "已完成"

