"""Ten years of 双报到: the branch reports to a community (and moves to another later), members
report where they live, volunteer activities of the "五个一" kinds, 微心愿 claimed and mostly
fulfilled, problems found or reported and mostly solved. A few members have done nothing yet
this year, so the October reminder has someone to name."""

import datetime as dt
import random

from sqlalchemy.orm import Session

from app.members.service import list_members
from app.service.records import (
    ActivityInput,
    CommunityInput,
    ParticipantInput,
    ProblemInput,
    WishInput,
    save_activity,
    save_community,
    save_home,
    save_problem,
    save_wish,
)
from app.service.rules import FIVE_ONES, ORIGINS, ProblemStatus, WishStatus, was_on_roster
from db.models import Member

COMMUNITIES = ("幸福里社区", "和平路社区")
HOMES = ("幸福里社区", "和平路社区", "东城社区", "南湖社区", "翠苑社区", "望江社区")
CONTENTS = {
    "宣讲一次政策": ("在社区宣讲医保新政策", "为居民讲解养老保险办理流程", "宣讲垃圾分类新规定"),
    "参加一次社区活动": ("参加社区重阳节敬老活动", "参加社区邻里节", "协助社区开展消防演练"),
    "开展一次志愿服务": ("清理楼道堆放杂物", "清扫小区公共绿地", "在路口开展文明劝导"),
    "结对帮扶一户群众": ("上门看望独居老人并帮助打扫卫生", "为困难家庭孩子辅导功课",
                         "帮助困难群众联系就业岗位"),
    "调解一起矛盾纠纷": ("调解楼上楼下漏水纠纷", "协助调解停车位争议", "调解邻里噪音矛盾"),
}
RESIDENTS = ("王奶奶", "李大爷", "张阿姨", "刘爷爷", "陈奶奶", "赵大爷", "小明家长", "孙阿姨")
WISHES = ("想要一台收音机", "希望有人帮忙修理漏水的水龙头", "孩子需要一套学习用品",
          "希望有人陪同去医院复查", "想要一床过冬的棉被", "希望学会用智能手机视频通话",
          "想要一副老花镜", "希望帮忙更换楼道坏掉的灯泡")
PROBLEMS = ("小区路灯损坏，夜间出行不便", "楼道堆放杂物存在消防隐患", "雨后小区道路积水",
            "小区健身器材损坏", "垃圾清运不及时", "小区门口占道经营影响通行")
RESULTS = ("协调物业维修，已恢复正常", "联系社区和街道处理，已清理完毕", "协调有关部门整改到位")


def _day(rng: random.Random, year: int, today: dt.date) -> dt.date | None:
    day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    return day if day <= today else None


def _on(session: Session, day: dt.date) -> list[Member]:
    return list_members(session, on=day)


def _activities(session: Session, rng: random.Random, year: int, today: dt.date,
                idle: set[str]) -> None:
    for _ in range(rng.randint(10, 16)):
        day = _day(rng, year, today)
        if day is None:
            continue
        people = [m for m in _on(session, day) if m.id not in idle]
        if not people:
            continue
        kind = rng.choice(FIVE_ONES)
        hours = rng.choice(("1", "1.5", "2", "2", "2.5", "3", "4"))
        chosen = rng.sample(people, min(len(people), rng.randint(3, 10)))
        save_activity(session, ActivityInput(
            day, COMMUNITIES[year >= today.year - 4], kind,
            [ParticipantInput(m.id, hours) for m in chosen], rng.choice(CONTENTS[kind]),
            rng.choice((0, 0, 1, 1, 2, 3))), today=today)


def _wishes(session: Session, rng: random.Random, year: int, today: dt.date,
            idle: set[str]) -> None:
    for _ in range(rng.randint(4, 10)):
        day = _day(rng, year, today)
        people = [m for m in _on(session, day) if m.id not in idle] if day else []
        if day is None or not people:
            continue
        done = day + dt.timedelta(days=rng.randint(2, 30))
        finished = rng.random() < 0.85 and done <= today
        save_wish(session, WishInput(
            rng.choice(HOMES), rng.choice(RESIDENTS), rng.choice(WISHES), rng.choice(people).id,
            day, WishStatus.DONE if finished else WishStatus.CLAIMED, done if finished else None,
            "已帮助实现" if finished else ""), today=today)


def _problems(session: Session, rng: random.Random, year: int, today: dt.date,
              idle: set[str]) -> None:
    for _ in range(rng.randint(2, 6)):
        day = _day(rng, year, today)
        people = [m for m in _on(session, day) if m.id not in idle] if day else []
        if day is None or not people:
            continue
        solved = day + dt.timedelta(days=rng.randint(3, 40))
        status = ProblemStatus.SOLVED if rng.random() < 0.8 and solved <= today \
            else ProblemStatus.WORKING
        save_problem(session, ProblemInput(
            day, COMMUNITIES[year >= today.year - 4], rng.choice(ORIGINS),
            rng.choice(PROBLEMS), rng.choice(people).id, status,
            solved if status == ProblemStatus.SOLVED else None,
            rng.choice(RESULTS) if status == ProblemStatus.SOLVED else ""), today=today)


def populate(session: Session, rng: random.Random, today: dt.date) -> None:
    # A copy of the generator: the steps after this one draw what they drew before.
    local = random.Random()
    local.setstate(rng.getstate())
    first_year = today.year - 9
    save_community(session, CommunityInput(COMMUNITIES[0], dt.date(first_year, 3, 15),
                                           "李主任", "0833-2123456"), today)
    save_community(session, CommunityInput(COMMUNITIES[1], dt.date(today.year - 4, 2, 20),
                                           "周书记", "0833-2654321"), today)
    for member in list_members(session, on=today):
        reported = max(member.join_date, dt.date(first_year, 4, 1))
        if not was_on_roster(member, reported):  # came by transfer later
            reported = today
        save_home(session, member.id, local.choice(HOMES), reported, today)
    members = list_members(session, on=today)
    idle = {m.id for m in local.sample(members, min(3, len(members)))}
    for year in range(first_year, today.year + 1):
        this_year = idle if year == today.year else set()
        _activities(session, local, year, today, this_year)
        _wishes(session, local, year, today, this_year)
        _problems(session, local, year, today, this_year)
