"""The 5 stages and 25 steps of 《中国共产党发展党员工作细则》 (2014), as data.

Each step names what it needs before it (`after`), whether a meeting decides it (支委会 or
支部大会, linked to the meeting record), the papers that go into the file with it, and
whether it recurs (考察 every half year).
"""

from dataclasses import dataclass

from app.meetings.types import MeetingType

STAGES = ("入党申请", "入党积极分子的确定和培养教育", "发展对象的确定和考察",
          "预备党员的接收", "预备党员的教育考察和转正")
#: What the person is called from each stage on, and once the track is complete.
IDENTITIES = ("入党申请人", "入党积极分子", "发展对象", "发展对象", "预备党员")
FULL_MEMBER = "正式党员"
ENDED = "已停止发展"

CONTACT = "培养联系人"
INTRODUCER = "入党介绍人"


@dataclass(frozen=True)
class Step:
    code: str
    number: int  # 1–25, the order of the 细则
    name: str
    stage: int  # index into STAGES
    after: tuple[str, ...] = ()
    meeting: str = ""  # the meeting type that decides it ("" = a dated act)
    papers: tuple[str, ...] = ()
    recurs: bool = False
    role: str = ""  # the people named at this step
    detail_label: str = ""  # what the free `detail` field holds for this step


STEP_LIST = (
    Step("application", 1, "递交入党申请书", 0, papers=("入党申请书",)),
    Step("talk", 2, "党组织派人谈话", 0, ("application",), detail_label="谈话人"),
    Step("activist", 3, "推荐和确定入党积极分子", 1, ("talk",), MeetingType.COMMITTEE,
         ("入党积极分子推荐材料",), detail_label="推荐方式"),
    Step("activist_filed", 4, "入党积极分子报上级党委备案", 1, ("activist",),
         detail_label="备案文号"),
    Step("contacts", 5, "指定培养联系人", 1, ("activist",), role=CONTACT),
    Step("review", 6, "培养教育考察", 1, ("activist",), papers=("思想汇报", "培养教育考察登记表"),
         recurs=True),
    Step("candidate", 7, "确定发展对象", 2, ("activist",), MeetingType.COMMITTEE,
         ("党小组意见", "培养联系人意见", "党员和群众意见")),
    Step("candidate_filed", 8, "发展对象报上级党委备案", 2, ("candidate",),
         detail_label="备案文号"),
    Step("introducers", 9, "确定入党介绍人", 2, ("candidate",), role=INTRODUCER),
    Step("vetting", 10, "进行政治审查", 2, ("candidate",), papers=("政治审查材料",)),
    Step("training", 11, "开展集中培训", 2, ("candidate",), papers=("集中培训结业证明",)),
    Step("committee_review", 12, "支部委员会审查", 3,
         ("candidate_filed", "introducers", "vetting", "training"), MeetingType.COMMITTEE),
    Step("pre_review", 13, "上级党委预审（含公示）", 3, ("committee_review",),
         papers=("公示情况报告",), detail_label="预审意见文号"),
    Step("pledge", 14, "填写入党志愿书", 3, ("pre_review",), papers=("入党志愿书",)),
    Step("admission_vote", 15, "支部大会讨论接收预备党员", 3, ("pledge",), MeetingType.GENERAL,
         ("支部大会决议",)),
    Step("upper_talk", 16, "上级党委派人谈话", 3, ("admission_vote",), detail_label="谈话人"),
    Step("approval", 17, "上级党委审批", 3, ("upper_talk",), detail_label="批复文号"),
    Step("approval_filed", 18, "报再上级党委组织部门备案", 3, ("approval",),
         detail_label="备案文号"),
    Step("placed", 19, "编入党支部和党小组", 4, ("approval",)),
    Step("oath", 20, "入党宣誓", 4, ("approval",)),
    Step("probation_review", 21, "预备期继续教育考察", 4, ("admission_vote",),
         papers=("思想汇报",), recurs=True),
    Step("full_application", 22, "提出转正申请", 4, ("approval",), papers=("转正申请书",)),
    Step("full_vote", 23, "支部大会讨论转正", 4, ("full_application",), MeetingType.GENERAL,
         ("支部大会决议",)),
    Step("full_approval", 24, "上级党委审批转正", 4, ("full_vote",), detail_label="批复文号"),
    Step("archive", 25, "材料归档", 4, ("full_approval",)),
)
STEPS = {s.code: s for s in STEP_LIST}
