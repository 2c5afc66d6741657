"""A track done by the book: no violation, and the person reaches the roster as the rules say."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app.members.history import PeriodInput, add_period
from app.members.rules import MemberCategory, voter_on
from app.members.standing import roster_on
from app.recruits.checks import check_tracks
from app.recruits.service import set_papers
from app.recruits.track import load_track
from base.errors import UserError
from tests.recruits.conftest import DATES, TODAY, Walker


def test_a_track_by_the_book_has_no_violation_and_ends_on_the_roster(
        session: Session, walker: Walker) -> None:
    walker.walk_to("archive")
    assert check_tracks(session, TODAY) == []
    track = load_track(session, walker.recruit.id)
    assert track.identity == "正式党员"
    assert track.complete and track.next_step() is None
    assert len({s.code for s in track.steps}) == 25 and len(track.done("review")) == 2
    member = walker.recruit.member
    assert member is not None
    assert (member.category, member.join_date) == (MemberCategory.FULL, DATES["admission_vote"])
    assert member.full_date == dt.date(2026, 6, 18)  # 预备期满: a year after the 支部大会
    assert member.full_approved_on == DATES["full_approval"]
    assert not voter_on(member, DATES["full_approval"] - dt.timedelta(days=1))
    assert voter_on(member, DATES["full_approval"])


def test_approval_puts_a_probationary_member_on_the_roster_from_the_vote(
        session: Session, walker: Walker) -> None:
    walker.walk_to("upper_talk")
    assert walker.recruit.member_id is None
    walker.step("approval")
    member = walker.recruit.member
    assert member is not None and member.category == MemberCategory.PROBATIONARY
    assert member.join_date == DATES["admission_vote"]
    names = {s.name: s for s in roster_on(session, DATES["admission_vote"])}
    assert names["林新苗"].category == MemberCategory.PROBATIONARY and not names["林新苗"].voter
    assert "林新苗" not in {s.name for s in roster_on(session, DATES["admission_vote"]
                                                      - dt.timedelta(days=1))}
    track = load_track(session, walker.recruit.id)
    assert track.identity == "预备党员"
    assert track.probation_end == dt.date(2026, 6, 18)


def test_the_vote_is_taken_from_the_meeting_record(session: Session, walker: Walker) -> None:
    walker.walk_to("admission_vote")
    step = load_track(session, walker.recruit.id).done("admission_vote")[0]
    assert step.date == DATES["admission_vote"]
    assert step.vote is not None and step.vote.result == "通过"
    assert step.vote.expected == 13  # 正式党员 with a vote on that day (杨转出 left in 2026)
    assert "支部党员大会" in step.meeting_heading


def test_an_extended_probation_moves_the_full_vote(session: Session, walker: Walker) -> None:
    """延长预备期 is kept in the member's status history; the track reads it from there."""
    walker.walk_to("full_application")
    add_period(session, walker.recruit.member_id, PeriodInput(
        "延长预备期", dt.date(2026, 6, 18), months=6), today=TODAY)
    track = load_track(session, walker.recruit.id)
    assert (track.probation_end, track.extension_months) == (dt.date(2026, 12, 18), 6)
    assert track.next_step().earliest == dt.date(2026, 12, 18)
    walker.step("full_vote")  # on 2026-06-18, the end of the first year only
    found = [v for v in check_tracks(session, TODAY) if v.kind == "过早"]
    assert len(found) == 1 and "2026年12月18日" in found[0].message


def test_papers_are_ticked_off_and_bad_ones_refused(session: Session, walker: Walker) -> None:
    walker.walk_to("talk")
    assert load_track(session, walker.recruit.id).missing_papers() == []  # the 申请书
    walker.step("activist")
    assert load_track(session, walker.recruit.id).missing_papers() == [
        ("推荐和确定入党积极分子", "入党积极分子推荐材料")]
    set_papers(session, walker.recruit.id, {"入党积极分子推荐材料": DATES["activist"]},
               today=TODAY)
    assert load_track(session, walker.recruit.id).missing_papers() == []
    with pytest.raises(UserError, match="没有“身份证复印件”这种材料"):
        set_papers(session, walker.recruit.id, {"身份证复印件": TODAY}, today=TODAY)
    with pytest.raises(UserError, match="不能晚于今天"):
        set_papers(session, walker.recruit.id, {"入党申请书": TODAY + dt.timedelta(days=1)},
                   today=TODAY)


def test_branchdesk_check_sees_the_roster_edited_against_the_track(
        session: Session, walker: Walker) -> None:
    from app.checks import all_problems

    walker.walk_to("approval")
    assert not [p for p in all_problems(session) if "发展党员" in p or "林新苗" in p]
    walker.recruit.member.join_date = dt.date(2025, 7, 1)  # typed over in the roster
    session.flush()
    assert any("林新苗的入党日期2025-07-01与支部大会通过之日2025-06-18不一致" in p
               for p in all_problems(session))
