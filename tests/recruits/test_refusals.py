"""Bad input is refused in Chinese and nothing of it is kept; votes come from the meeting."""

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.meetings.service import OpinionInput
from app.members.service import MemberInput, add_member
from app.recruits.checks import VOTE, check_tracks
from app.recruits.service import StepInput, record_step
from app.recruits.track import load_track
from base.errors import UserError
from db.database import Database
from db.models import Member, Recruit, RecruitStep
from tests.meetings.conftest import make_branch
from tests.recruits.conftest import DATES, TODAY, Walker, person_id


def test_a_step_dated_before_the_one_it_follows_is_refused(
        session: Session, walker: Walker) -> None:
    with pytest.raises(UserError, match="不能早于“递交入党申请书”"):
        walker.step("talk", date=DATES["application"] - dt.timedelta(days=1))
    walker.step("talk")
    with pytest.raises(UserError, match="不能早于“党组织派人谈话”"):
        walker.dates["activist"] = DATES["talk"] - dt.timedelta(days=1)
        walker.step("activist")
    assert [s.code for s in load_track(session, walker.recruit.id).steps] == [
        "application", "talk"]


def test_a_date_in_the_future_is_refused(walker: Walker) -> None:
    with pytest.raises(UserError, match="不能晚于今天"):
        walker.step("talk", date=TODAY + dt.timedelta(days=1))


@pytest.mark.parametrize(("pick", "message"), [
    (lambda b: [b.full[1].id, b.probationary[0].id], "预备党员，入党介绍人须由正式党员担任"),
    (lambda b: [b.full[1].id], "入党介绍人应为2名正式党员"),
    (lambda b: [b.full[1].id, b.transferred_out.id], "不是本支部党员"),
    (lambda b: [b.full[1].id, b.full[1].id], "入党介绍人不能重复"),
])
def test_introducers_must_be_two_full_members(walker: Walker, pick, message: str) -> None:
    walker.walk_to("candidate_filed")
    walker.dates["introducers"] = dt.date(2026, 6, 1)  # 蒋预一 joined 2026-05-01
    with pytest.raises(UserError, match=message):
        walker.step("introducers", people=pick(walker.branch))


def test_a_deciding_meeting_of_the_wrong_kind_is_refused(
        session: Session, walker: Walker) -> None:
    walker.walk_to("pledge")
    meeting = walker.committee(DATES["admission_vote"], "讨论接收林新苗为预备党员")
    with pytest.raises(UserError, match="所选会议不是支部党员大会"):
        record_step(session, walker.recruit.id, StepInput(
            "admission_vote", meeting_id=meeting.id, agenda_item_id=meeting.agenda[0].id),
            today=TODAY)
    general = walker.general("admission_vote", DATES["admission_vote"], "讨论年度工作")
    with pytest.raises(UserError, match="不是接收预备党员的表决"):
        record_step(session, walker.recruit.id, StepInput(
            "admission_vote", meeting_id=general.id, agenda_item_id=general.agenda[0].id),
            today=TODAY)
    with pytest.raises(UserError, match="请选择会议中的表决议题"):
        record_step(session, walker.recruit.id, StepInput(
            "admission_vote", meeting_id=general.id), today=TODAY)


def test_a_vote_without_quorum_is_found_and_blocks_the_approval(
        session: Session, walker: Walker) -> None:
    away = {m.name: ("请假", "出差") for m in walker.branch.full[:7]}
    walker.absent["admission_vote"] = away  # 6 of 13 voters present
    walker.votes["admission_vote"] = (6, 0, 0)
    walker.walk_to("upper_talk")
    found = [v for v in check_tracks(session, TODAY) if v.kind == VOTE]
    assert len(found) == 1 and "无效" in found[0].message and "未超过半数" in found[0].message
    with pytest.raises(UserError, match="表决结果为“无效”"):
        walker.step("approval")
    assert walker.recruit.member_id is None


def test_written_opinions_of_absent_voters_count_in_the_vote(
        session: Session, walker: Walker) -> None:
    """13 voters, 8 present: 5 yes in the room fall short of 应到's half, 2 written
    opinions in favour carry it."""
    absent = walker.branch.full[7:12]
    walker.absent["admission_vote"] = {m.name: ("请假", "出差") for m in absent}
    walker.votes["admission_vote"] = (5, 3, 0)
    walker.opinions["admission_vote"] = [OpinionInput(absent[0].id, "赞成"),
                                         OpinionInput(absent[1].id, "赞成")]
    walker.walk_to("admission_vote")
    vote = load_track(session, walker.recruit.id).done("admission_vote")[0].vote
    assert (vote.yes, vote.expected, vote.result) == (7, 13, "通过")
    assert len(vote.written) == 2
    for code in ("upper_talk", "approval"):
        walker.step(code)
    assert walker.recruit.member is not None


def test_nothing_is_kept_when_the_hand_over_fails(database: Database) -> None:
    with database.session() as session:
        branch = make_branch(session)
        from app.recruits.service import RecruitInput, add_recruit

        recruit = add_recruit(session, RecruitInput("林新苗", person_id(1), DATES["application"]),
                              today=TODAY)
        walker = Walker(session, branch, recruit)
        walker.walk_to("upper_talk")
        recruit_id = recruit.id
        # Someone entered the same person on the roster by hand meanwhile.
        add_member(session, MemberInput(name="林新苗", id_number=person_id(1),
                                        category="预备党员", join_date=dt.date(2025, 6, 18)),
                   today=TODAY)
    with pytest.raises(UserError, match="身份证号与党员“林新苗”"), database.session() as session:
        walker.session = session
        walker.recruit = session.get(Recruit, recruit_id)
        walker.step("approval")
    with database.session() as session:
        assert session.scalar(select(RecruitStep).where(RecruitStep.step == "approval")) is None
        assert session.get(Recruit, recruit_id).member_id is None
        assert len(session.scalars(select(Member).where(Member.name == "林新苗")).all()) == 1


def test_a_deleted_deciding_meeting_is_reported(session: Session, walker: Walker) -> None:
    from app.meetings.service import delete_meeting

    walker.walk_to("admission_vote")
    step = load_track(session, walker.recruit.id).done("admission_vote")[0]
    delete_meeting(session, step.meeting_id)
    track = load_track(session, walker.recruit.id)
    assert track.done("admission_vote")[0].vote is None
    found = check_tracks(session, DATES["admission_vote"] + dt.timedelta(days=1))
    assert [v.message for v in found] == ["所关联的会议记录已删除，请重新选择作出决定的会议"]
