"""Demo branch profile, 党小组 and its members (about forty by default) with ten years of
movement."""

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.branch import list_groups
from app.demo.people import id_number, person_name, random_date
from app.members.posts import record_committee
from app.members.rules import MemberCategory, TransferDirection, add_years
from app.members.service import MemberInput, add_member, transfer
from app.profile import GroupInput, ProfileInput, save_profile
from db.models import Member

JOBS = ("科员", "副主任科员", "主任科员", "四级调研员", "副科长", "科长", "副处长", "处长")
EDUCATION = ("研究生", "大学本科", "大学本科", "大学本科", "大学专科")
STREETS = ("和平", "解放", "人民", "建设", "中山", "文化")
POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")
RETIRED_GROUP = "离退休党小组"
DEMO_YEARS = 10  # the demo's history: this year and the nine before


@dataclass(frozen=True)
class DemoBranch:
    """Who the demo branch is and how big: the city demo makes several of different sizes."""

    name: str
    code: str
    parent: str
    groups: tuple[str, ...]  # the working members' 党小组, the retired get their own; or none
    members: int
    retired: int


FGW = DemoBranch("中共市发展和改革委员会机关第一党支部", "FGW-01",
                 "中共市发展和改革委员会机关委员会", ("第一党小组", "第二党小组", "第三党小组"),
                 members=40, retired=6)


def _member_input(rng: random.Random, today: dt.date, *, retired: bool,
                  probationary: bool, group_id: str | None) -> MemberInput:
    gender = rng.choice(("男", "男", "女"))
    if retired:
        birth = random_date(rng, dt.date(1938, 1, 1), dt.date(1962, 12, 31))
    else:
        birth = random_date(rng, dt.date(1966, 1, 1), dt.date(2000, 12, 31))
    if probationary:
        join = today - dt.timedelta(days=rng.randrange(30, 330))
    else:
        join = random_date(rng, add_years(birth, 19), min(add_years(birth, 40),
                                                           today - dt.timedelta(days=800)))
    education = rng.choice(EDUCATION)
    hardship = retired and rng.random() < 0.3
    return MemberInput(
        name=person_name(rng, gender), id_number=id_number(rng, birth, gender),
        gender=gender, birth_date=birth,
        category=MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL,
        join_date=join, full_date=None if probationary else add_years(join, 1),
        ethnicity=rng.choice(("汉族",) * 9 + ("回族", "满族", "壮族")),
        education=education, degree="硕士" if education == "研究生" else "学士",
        job="退休干部" if retired else rng.choice(JOBS),
        phone=f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
        address=f"市{rng.choice('东西南北')}城区{rng.choice(STREETS)}路{rng.randrange(1, 300)}号",
        employment="离退休" if retired else "在职",
        work_start_date=add_years(birth, rng.choice((18, 22, 22, 25))),
        native_place=rng.choice(("山东济南", "河南郑州", "湖北武汉", "江苏南京", "四川成都")),
        group_id=group_id,
        hardship=hardship,
        hardship_kind="因病致困" if hardship else "",
    )


#: A 预备党员 whose 预备期 ended some weeks ago and was extended (the meetings step records
#: the 党员大会 that decided it).
EXTENDED_NAME = "钟晓平"


def _extended_member(session: Session, today: dt.date, group_id: str) -> Member:
    own = random.Random(today.toordinal())  # leaves the shared sequence as it was
    birth = dt.date(1996, 4, 18)
    member, _warnings = add_member(session, MemberInput(
        name=EXTENDED_NAME, id_number=id_number(own, birth, "男"), gender="男", birth_date=birth,
        category=MemberCategory.PROBATIONARY,
        join_date=add_years(today, -1) - dt.timedelta(days=75),
        education="大学本科", degree="学士", job="科员", phone="13912345678",
        address="市东城区和平路18号", work_start_date=dt.date(2018, 7, 1), group_id=group_id),
        today=today)
    return member


def _profile(branch: DemoBranch, today: dt.date, groups: list[str | GroupInput],
             committee: list[dict[str, str]] | None = None) -> ProfileInput:
    return ProfileInput(
        name=branch.name, code=branch.code, parent_committee=branch.parent,
        city_committee="中共市直属机关工作委员会", term_start=dt.date(today.year - 1, 3, 15),
        started_on=dt.date(today.year - DEMO_YEARS + 1, 1, 1),
        committee=committee or [], groups=groups,
    )


def populate(session: Session, rng: random.Random, today: dt.date,
             branch: DemoBranch = FGW) -> None:
    save_profile(session, _profile(
        branch, today, [*branch.groups, *([RETIRED_GROUP] if branch.groups else [])]))
    groups = list_groups(session)
    working = branch.members - branch.retired
    members = []
    for index in range(branch.members):
        retired = index >= working
        data = _member_input(rng, today, retired=retired, probationary=index % 12 == 5
                             and not retired,
                             group_id=groups[-1 if retired else index % len(branch.groups)].id
                             if groups else None)
        member, _warnings = add_member(session, data, today=today)
        members.append(member)
    if branch.groups:
        members.append(_extended_member(session, today, groups[0].id))
    # Ten years of movement: some came from elsewhere, a few have left.
    for member in rng.sample(members[:working], working // 5):
        came = random_date(rng, max(member.full_date or member.join_date,
                                    dt.date(today.year - 10, 1, 1)), today)
        transfer(session, member.id, TransferDirection.IN, came, "市财政局机关党支部",
                 f"转字第{rng.randrange(100, 999)}号")
    for member in rng.sample(members[:working], working // 10):
        if member.transfers:
            continue
        left = random_date(rng, dt.date(today.year - 3, 1, 1), today)
        if left > member.join_date:
            transfer(session, member.id, TransferDirection.OUT, left, "市商务局机关党支部",
                     f"转字第{rng.randrange(100, 999)}号")
    candidates = [m for m in members if m.category == MemberCategory.FULL and m.employment == "在职"
                  and not m.transfers]
    committee = candidates[: len(POSTS)]
    if all(m.join_date.year > today.year - 10 for m in committee):  # 支委会 from the first year
        committee[-1] = min(candidates, key=lambda m: m.join_date)
    for post, member in zip(POSTS, committee, strict=True):
        member.party_post = post if post != "书记" else "支部书记"
    posts = [{"post": p, "name": m.name} for p, m in zip(POSTS, committee, strict=True)]
    # The same people have served since the ten years began (re-elected at each 换届).
    record_committee(session, posts, dt.date(today.year - 9, 1, 1))
    save_profile(session, _profile(branch, today, [g.name for g in groups], posts))
