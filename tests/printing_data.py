"""A small branch with one fully filled 党员大会 record, for the printing tests."""

import datetime as dt
import random

from sqlalchemy.orm import Session

from app.demo.people import id_number
from app.meetings import service
from app.meetings.types import AttendanceStatus, ItemKind, MeetingType
from app.members.service import MemberInput, add_member
from app.profile import ProfileInput, save_profile
from tests.conftest import TODAY

BRANCH = "中共测试市财政局机关第一党支部"
#: Names with characters GB2312 fonts lack (喆 堃 祎 犇 昇).
NAMES = ["王喆", "李堃", "张祎", "赵犇", "刘昇", "陈静", "周敏", "吴强", "郑洁", "孙磊"]
MEETING_DAY = dt.date(2026, 3, 12)


def make_branch(session: Session) -> list[str]:
    """The profile and ten members (the last one 预备党员); returns member ids."""
    save_profile(session, ProfileInput(
        name=BRANCH, code="CZJ-01", parent_committee="中共测试市财政局机关委员会",
        committee=[{"post": "书记", "name": "王喆"}, {"post": "组织委员", "name": "李堃"},
                   {"post": "宣传委员", "name": "张祎"}]))
    rng = random.Random(3)
    ids = []
    for n, name in enumerate(NAMES):
        birth = dt.date(1975 + n, 1 + n, 10)
        gender = "女" if name in ("陈静", "周敏", "郑洁") else "男"
        probationary = n == len(NAMES) - 1
        member, _warnings = add_member(session, MemberInput(
            name=name, id_number=id_number(rng, birth, gender), gender=gender,
            birth_date=birth, category="预备党员" if probationary else "正式党员",
            join_date=dt.date(2025, 6, 1) if probationary else dt.date(2000 + n, 7, 1),
            full_date=None if probationary else dt.date(2001 + n, 7, 1)), today=TODAY)
        ids.append(member.id)
    session.flush()
    return ids


def full_meeting_input(member_ids: list[str], speeches: int = 1) -> service.MeetingInput:
    attendance = [service.AttendanceInput(mid) for mid in member_ids]
    attendance[2] = service.AttendanceInput(member_ids[2], AttendanceStatus.LEAVE,
                                            "赴省厅参加业务培训")
    attendance[6] = service.AttendanceInput(member_ids[6], AttendanceStatus.ABSENT, "突发急病住院")
    long_text = ("结合本支部实际，对照党章党规，逐条查摆问题，明确整改方向。" * 6)
    return service.MeetingInput(
        types=[MeetingType.GENERAL, MeetingType.THEME_DAY], date=MEETING_DAY,
        start_time=dt.time(14, 30), end_time=dt.time(16, 45),
        title="学习贯彻党的二十届三中全会精神", place="局机关三楼党员活动室",
        chair_name="王喆", chair_post="书记", recorder_name="李堃",
        guests=[{"name": "钱程", "identity": "入党积极分子"},
                {"name": "冯雪", "identity": "机关党委组织员"}],
        summary="王喆总结：本次会议议题明确，讨论充分，请各位同志抓好落实。",
        attendance=attendance,
        agenda=[
            service.AgendaInput("集中学习党的二十届三中全会公报",
                                content="由宣传委员领学全会公报全文。"),
            service.AgendaInput("讨论接收孙磊同志为预备党员", kind=ItemKind.VOTE,
                                subject_member_id=member_ids[9],
                                content="介绍人介绍孙磊同志的基本情况，支部委员会报告审查情况。",
                                votes_yes=7, votes_no=0, votes_abstain=0),
        ],
        speeches=[service.SpeechInput("赵犇", long_text, agenda_number=1)
                  for _ in range(speeches)]
        + [service.SpeechInput("刘昇", "我同意接收孙磊同志为预备党员；他工作认真，群众基础好。",
                               agenda_number=2, verbatim=True),
           service.SpeechInput("陈静", "建议下季度组织一次志愿服务。")],
        decisions=[service.DecisionInput("组织全体党员开展交流研讨", "张祎",
                                         dt.date(2026, 4, 30))],
    )


def make_meeting(session: Session, member_ids: list[str], *, final: bool = True,
                 speeches: int = 1) -> str:
    meeting = service.save_meeting(session, full_meeting_input(member_ids, speeches),
                                   today=TODAY, now=dt.datetime(2026, 3, 13, 9, 0,
                                                                tzinfo=dt.UTC))
    session.flush()
    if final:
        service.finalise_meeting(session, meeting.id)
        session.flush()
    return meeting.id


PRESENT_NAMES = [n for i, n in enumerate(NAMES) if i not in (2, 6)]
