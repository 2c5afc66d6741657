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


def verb(meeting_type: str) -> str:
    return VERBS.get(meeting_type, "开展")


DRAFT = "草稿"
FINAL = "定稿"

PRESENT = "出席"
LEAVE = "请假"
ABSENT = "缺席"
#: Left out of 应到 with the higher level's approval (one of EXCLUSION_CATEGORIES).
EXCLUDED = "不计入"
ATTENDANCE_STATUSES = (PRESENT, LEAVE, ABSENT, EXCLUDED)
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

#: 书面意见 of an absent voter in a 接收预备党员 or 转正 vote.
OPINION_YES = "赞成"
OPINION_NO = "反对"
OPINION_ABSTAIN = "弃权"
OPINIONS = (OPINION_YES, OPINION_NO, OPINION_ABSTAIN)

PLAIN_ITEM = "一般"
VOTE_ITEM = "表决"
ELECTION_ITEM = "选举"
ITEM_KINDS = (PLAIN_ITEM, VOTE_ITEM, ELECTION_ITEM)

RECTIFICATION_STATUSES = ("未开始", "整改中", "已完成")
RECTIFICATION_DONE = "已完成"

