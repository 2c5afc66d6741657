"""A small branch for meeting tests: committee of 5, 3 党小组, voters and non-voters."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from sqlalchemy.orm import Session

from app.branch import list_groups
from app.idcard import check_character
from app.meetings.service import AttendanceInput, MeetingInput
from app.members.service import MemberInput, add_member, transfer
from app.profile import ProfileInput, save_profile
from db.models import Member

TODAY = dt.date(2026, 11, 25)
COMMITTEE = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")


def make_id(index: int) -> str:
    first17 = f"320102{1970 + index % 30}0101{index:03d}"
    return first17 + check_character(first17)


@dataclass
class Branch:
    full: list[Member] = field(default_factory=list)  # 正式党员 with a vote
    probationary: list[Member] = field(default_factory=list)
    probation_watch: Member | None = None  # 留党察看
    transferred_out: Member | None = None  # left on 2026-01-10
    newcomer: Member | None = None  # joined 2026-09-01
    groups: list = field(default_factory=list)

    @property
    def committee(self) -> list[Member]:
        return self.full[:5]

    def everyone_on(self, day: dt.date) -> list[Member]:
        from app.members.rules import on_roster

        people = [*self.full, *self.probationary, self.probation_watch, self.transferred_out,
                  self.newcomer]
        return [m for m in people if m is not None and on_roster(m, day)]


def _add(session: Session, index: int, name: str, **values: object) -> Member:
    data = MemberInput(name=name, id_number=make_id(index), category="正式党员",
                       join_date=dt.date(2010, 3, 1), full_date=dt.date(2011, 3, 1))
    for key, value in values.items():
        setattr(data, key, value)
    member, _warnings = add_member(session, data, today=TODAY)
    return member


@pytest.fixture
def branch(session: Session) -> Branch:
    return make_branch(session)


def make_branch(session: Session) -> Branch:
    """12 正式党员 (first 5 form the committee), 2 预备党员, one under 留党察看, one who
    left in January 2026 and one who joined in September 2026."""
    save_profile(session, ProfileInput(name="中共测试局机关第一党支部", code="T-01",
                                       groups=["第一党小组", "第二党小组", "第三党小组"]))
    groups = list_groups(session)
    result = Branch(groups=groups)
    names = ["赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七", "王八", "冯九", "陈十",
             "褚十一", "卫十二"]
    for index, name in enumerate(names):
        result.full.append(_add(session, index + 1, name, group_id=groups[index % 3].id))
    for index, name in enumerate(["蒋预一", "沈预二"]):
        result.probationary.append(_add(
            session, 20 + index, name, category="预备党员", join_date=dt.date(2026, 5, 1),
            full_date=None, group_id=groups[0].id))
    result.probation_watch = _add(session, 30, "韩察看", membership_status="留党察看",
                                  group_id=groups[1].id)
    result.transferred_out = _add(session, 31, "杨转出", group_id=groups[2].id)
    transfer(session, result.transferred_out.id, "转出", dt.date(2026, 1, 10), "市统计局")
    result.newcomer = _add(session, 32, "朱新来", join_date=dt.date(2026, 9, 1),
                           full_date=None, category="预备党员", group_id=groups[2].id)
    save_profile(session, ProfileInput(
        name="中共测试局机关第一党支部", code="T-01",
        committee=[{"post": p, "name": m.name} for p, m in zip(COMMITTEE, result.full[:5],
                                                                strict=True)],
        groups=[g.name for g in groups]))
    for member in [*result.everyone_on(TODAY), result.transferred_out]:
        session.refresh(member, ["transfers"])  # usable after the session ends (GUI tests)
    return result


def attendance(members: list[Member], absent: dict[str, tuple[str, str]] | None = None
               ) -> list[AttendanceInput]:
    """Everyone present except `absent`: member name -> (status, reason)."""
    absent = absent or {}
    return [AttendanceInput(m.id, *absent.get(m.name, ("出席", ""))) for m in members]


def general_meeting(branch: Branch, day: dt.date, **values: object) -> MeetingInput:
    data = MeetingInput(types=["支部党员大会"], date=day, place="三楼会议室",
                        chair_name="赵一", chair_post="书记", recorder_name="孙三",
                        attendance=attendance(branch.everyone_on(day)))
    for key, value in values.items():
        setattr(data, key, value)
    return data
