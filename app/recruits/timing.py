"""The timings of 《发展党员工作细则》 as windows: the earliest and latest day of a step.

Each rule is a `Window` of one step computed from the dates already done; the check
(app.recruits.checks) and the reminders read the same windows, so a rule lives here once.
"""

import datetime as dt
from dataclasses import dataclass

from app.members.rules import add_months, add_years

ADULT_AGE = 18
TALK_MONTHS = 1
REVIEW_MONTHS = 6
ACTIVIST_YEARS = 1
APPROVAL_MONTHS = 3
PROBATION_YEARS = 1
TRAINING_DAYS = 3
TRAINING_HOURS = 24

AGE_RULE = "年满十八岁方可申请入党"
TALK_RULE = "党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话"
REVIEW_RULE = "党支部每半年对入党积极分子进行一次考察"
CANDIDATE_RULE = "入党积极分子经过一年以上培养教育和考察，方可列为发展对象"
APPROVAL_RULE = "上级党委应当在支部大会通过后三个月内审批"
FULL_VOTE_RULE = "预备期为一年，自支部大会通过之日算起；预备期满，党支部讨论能否转为正式党员"
FULL_APPROVAL_RULE = "上级党委应当在支部大会讨论转正后三个月内审批"
TRAINING_RULE = "发展对象集中培训时间一般不少于三天（或不少于二十四个学时）"
CONTACT_RULE = "党组织应当指定一至两名正式党员作入党积极分子的培养联系人"
INTRODUCER_RULE = "发展对象应当有两名正式党员作入党介绍人"
ORDER_RULE = "发展党员须按程序逐步进行，不能颠倒"
VOTE_RULE = ("支部大会讨论时，有表决权的到会人数须超过应到会有表决权人数的半数；"
             "赞成人数超过应到会有表决权的正式党员的半数，才能通过（因故不能到会的党员"
             "在会前正式提出的书面意见统计在票数内）")
COMMITTEE_RULE = "支部委员会讨论决定，须有半数以上委员到会"


@dataclass(frozen=True)
class Window:
    earliest: dt.date | None
    latest: dt.date | None
    rule: str


def adult_from(birth: dt.date) -> dt.date:
    return add_years(birth, ADULT_AGE)


def talk_window(application: dt.date) -> Window:
    return Window(application, add_months(application, TALK_MONTHS), TALK_RULE)


def review_window(last: dt.date) -> Window:
    """The next 考察 after the last one (or after becoming an 积极分子)."""
    return Window(None, add_months(last, REVIEW_MONTHS), REVIEW_RULE)


def candidate_window(activist: dt.date) -> Window:
    return Window(add_years(activist, ACTIVIST_YEARS), None, CANDIDATE_RULE)


def approval_window(vote: dt.date) -> Window:
    return Window(vote, add_months(vote, APPROVAL_MONTHS), APPROVAL_RULE)


def full_approval_window(vote: dt.date) -> Window:
    return Window(vote, add_months(vote, APPROVAL_MONTHS), FULL_APPROVAL_RULE)


def full_vote_window(probation_end: dt.date) -> Window:
    """Due when the 预备期 ends; not before."""
    return Window(probation_end, probation_end, FULL_VOTE_RULE)


def training_enough(first: dt.date, last: dt.date | None, hours: int | None) -> bool:
    days = ((last or first) - first).days + 1
    return days >= TRAINING_DAYS or (hours or 0) >= TRAINING_HOURS
