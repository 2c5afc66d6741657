"""Official figures come from the roster of the meeting date (issue 15): 应到, voting rights,
委员, approved exclusions and written opinions."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app.meetings.detail import get_meeting_detail
from app.meetings.minutes import minutes_pdf
from app.meetings.service import (
    AgendaInput,
    AttendanceInput,
    CandidateInput,
    MeetingInput,
    OpinionInput,
    finalise_meeting,
    save_meeting,
)
from app.meetings.types import EXCLUSION_CATEGORIES, NOT_RECORDED
from app.members.history import PeriodInput, add_period
from app.members.posts import record_committee
from app.members.service import MemberInput, add_member, transfer
from app.members.standing import roster_on
from base.errors import ValidationError
from tests import pdfcheck
from tests.meetings.conftest import TODAY, Branch, attendance, general_meeting, make_id

DAY = dt.date(2026, 10, 15)


def motion(yes: int, no: int = 0, abstain: int = 0, title: str = "审议支部工作计划",
           subject: str | None = None, opinions: list[OpinionInput] | None = None
           ) -> AgendaInput:
    return AgendaInput(title, "表决", "", subject, yes, no, abstain,
                       opinions=opinions or [])


def test_expected_is_the_roster_not_the_rows_typed(session: Session, branch: Branch) -> None:
    """支部工作条例第十一条: a motion passes with the yes votes of more than half of the
    voters expected (应到) — the roster of the date, not the number of rows typed."""
    voters = branch.full[:6]
    data = general_meeting(branch, DAY, attendance=[
        *attendance(voters[:5]), AttendanceInput(voters[5].id, "请假", "出差")],
        agenda=[motion(4)])
    meeting = save_meeting(session, data, today=TODAY)
    detail = get_meeting_detail(session, meeting.id)
    assert detail.voters_expected == 12  # the 12 正式党员 of 15 October, not the 6 typed
    assert detail.agenda[0].vote.result == "无效"  # 5 of 12 voters present: no quorum
    unrecorded = {a.name for a in detail.unrecorded}
    assert len(unrecorded) == 16 - 6 and all(a.status == NOT_RECORDED for a in detail.unrecorded)
    with pytest.raises(ValidationError, match="未登记出席情况"):
        finalise_meeting(session, meeting.id)


def test_ten_voters_six_typed_four_yes_fails(session: Session, branch: Branch) -> None:
    """The check's case: 10 voters on the roster, 6 entered (5 present), 4 yes → 应到10, the
    motion fails (支部工作条例第十一条)."""
    for member in branch.full[10:]:
        transfer(session, member.id, "转出", dt.date(2026, 8, 1), "市统计局")
    day_voters = [s for s in roster_on(session, DAY) if s.voter]
    assert len(day_voters) == 10
    data = general_meeting(branch, DAY, attendance=[
        *attendance(branch.full[:5]), AttendanceInput(branch.full[5].id, "请假", "出差")],
        agenda=[motion(4)])
    vote = get_meeting_detail(session, save_meeting(session, data, today=TODAY).id).agenda[0].vote
    assert (vote.expected, vote.present, vote.result) == (10, 5, "未通过")
    data.attendance += attendance(branch.full[6:8])  # 7 of 10 present, 6 yes: passes
    data.agenda = [motion(6)]
    vote = get_meeting_detail(session, save_meeting(session, data, today=TODAY).id).agenda[0].vote
    assert (vote.expected, vote.present, vote.result) == (10, 7, "通过")


def test_someone_not_a_member_that_day_is_refused_with_the_reason(session: Session,
                                                                  branch: Branch) -> None:
    """支部工作条例第十一条 counts the branch's members: attendance follows the roster of the
    date, so someone who transferred in after the meeting, or left before it, cannot be
    marked present, and the refusal says why."""
    late, _ = add_member(session, MemberInput(
        name="马后来", id_number=make_id(40), category="正式党员",
        join_date=dt.date(2001, 7, 1), full_date=dt.date(2002, 7, 1)), today=TODAY)
    transfer(session, late.id, "转入", dt.date(2026, 11, 1), "市商务局")
    data = general_meeting(branch, DAY)
    data.attendance.append(AttendanceInput(late.id))
    with pytest.raises(ValidationError, match="马后来于2026年11月01日转入本支部"):
        save_meeting(session, data, today=TODAY)
    data.attendance[-1] = AttendanceInput(branch.transferred_out.id)
    with pytest.raises(ValidationError, match="杨转出已于2026年01月10日转出本支部"):
        save_meeting(session, data, today=TODAY)


def test_a_probationary_member_has_no_vote_at_his_own_full_membership_vote(
        session: Session, branch: Branch) -> None:
    """党章第七条: a 预备党员 has no vote until his 转正 is approved; at the meeting that
    decides it he is still 预备党员, even when his 预备期 ended before it."""
    member = branch.probationary[0]
    member.category, member.full_date = "正式党员", dt.date(2026, 5, 1)  # 转正 recorded later
    member.full_approved_on = DAY
    session.flush()
    data = general_meeting(branch, DAY, agenda=[motion(7, title="讨论蒋预一同志预备党员转正",
                                                       subject=member.id)])
    detail = get_meeting_detail(session, save_meeting(session, data, today=TODAY).id)
    assert detail.voters_expected == 12
    assert not next(a for a in detail.attendees if a.name == "蒋预一").voter
    assert detail.agenda[0].vote.result == "通过"  # 7 of 12


def test_committee_of_the_meeting_date_not_of_today(session: Session, branch: Branch) -> None:
    """支部工作条例第十二条 counts the 委员 of the meeting date: an old 支委会 entered late,
    from before the 换届, counts the three 委员 of that time."""
    old = [{"post": p, "name": m.name} for p, m in zip(("书记", "组织委员", "宣传委员"),
                                                      branch.full[6:9], strict=True)]
    current = [{"post": p, "name": m.name} for p, m in zip(
        ("书记", "副书记", "组织委员", "宣传委员", "纪检委员"), branch.full[:5], strict=True)]
    record_committee(session, old, dt.date(2020, 1, 1))
    record_committee(session, current, dt.date(2026, 3, 1))
    data = MeetingInput(types=["支部委员会"], date=dt.date(2025, 9, 10), chair_name="郑七",
                        recorder_name="王八", attendance=attendance(branch.full[6:9]),
                        agenda=[AgendaInput("研究发展党员工作", "表决", "", None, 3, 0, 0)])
    detail = get_meeting_detail(session, save_meeting(session, data, today=TODAY).id)
    assert (detail.committee_expected, detail.committee_present) == (3, 3)
    assert detail.agenda[0].vote.result == "通过"
    data.attendance.append(AttendanceInput(branch.full[0].id))
    with pytest.raises(ValidationError, match="赵一在2025年09月10日不是支部委员"):
        save_meeting(session, data, today=TODAY)


def test_approved_exclusions_leave_expected(session: Session, branch: Branch) -> None:
    """中组部组织局's answer on 应到会人数: with the higher level's approval, the listed cases
    (e.g. 自费出国半年以上) are left out of 应到. 21 on the roster, 2 excluded and 16
    present: the election is valid (16 > 4/5 of 19)."""
    for index in range(9):
        add_member(session, MemberInput(
            name=f"新增{index}", id_number=make_id(50 + index), category="正式党员",
            join_date=dt.date(2005, 7, 1), full_date=dt.date(2006, 7, 1)), today=TODAY)
    voters = [s for s in roster_on(session, DAY) if s.voter]
    assert len(voters) == 21
    far, ill = voters[-1], voters[-2]
    rows = [AttendanceInput(s.member_id) for s in voters[:16]]
    rows += [AttendanceInput(s.member_id, "请假", "出差") for s in voters[16:19]]
    rows += [AttendanceInput(far.member_id, "不计入", "", EXCLUSION_CATEGORIES[1],
                             "机关党委2026年9月1日同意"),
             AttendanceInput(ill.member_id, "不计入", "", EXCLUSION_CATEGORIES[3],
                             "机关党委组〔2026〕5号")]
    others = [AttendanceInput(m.id) for m in branch.everyone_on(DAY)
              if m.id not in {s.member_id for s in voters}]
    election = AgendaInput("选举支部委员会委员", "选举", seats=1, ballots_issued=16,
                           ballots_returned=16, candidates=[
                               CandidateInput("赵一", branch.full[0].id, 12, 2, 2),
                               CandidateInput("钱二", branch.full[1].id, 4, 10, 2)])
    data = general_meeting(branch, DAY, attendance=rows + others, agenda=[election])
    meeting = save_meeting(session, data, today=TODAY)
    detail = get_meeting_detail(session, meeting.id)
    assert (detail.voters_expected, detail.voters_present) == (19, 16)
    assert detail.agenda[0].election.result == "有效"
    assert detail.agenda[0].election.elected == ["赵一"]
    finalise_meeting(session, meeting.id)
    text = pdfcheck.compact(minutes_pdf(session, meeting.id))
    assert "经上级党组织同意不计入应到会人数：" in text
    assert f"{far.name}（自费出国半年以上；机关党委2026年9月1日同意）" in text


def test_an_exclusion_needs_its_category_and_approval(session: Session, branch: Branch) -> None:
    """中组部组织局's answer on 应到会人数: only the five listed cases, and only with the
    higher level's approval, leave 应到."""
    data = general_meeting(branch, DAY)
    data.attendance[0] = AttendanceInput(branch.full[0].id, "不计入", "", "工作忙", "同意")
    with pytest.raises(ValidationError, match="请选择情形"):
        save_meeting(session, data, today=TODAY)
    data.attendance[0] = AttendanceInput(branch.full[0].id, "不计入", "",
                                         EXCLUSION_CATEGORIES[1], " ")
    with pytest.raises(ValidationError, match="须经上级党组织同意"):
        save_meeting(session, data, today=TODAY)


def test_written_opinions_count_in_admission_votes(session: Session, branch: Branch) -> None:
    """发展党员工作细则第二十二条: an absent voter's written opinion given before a
    接收预备党员 vote counts in the votes; it is printed with a mark."""
    away = {m.name: ("请假", "出差") for m in branch.full[6:12]}
    data = general_meeting(branch, DAY, attendance=attendance(branch.everyone_on(DAY), away))
    opinions = [OpinionInput(branch.full[6].id, "赞成"), OpinionInput(branch.full[7].id, "赞成")]
    data.agenda = [motion(6, title="讨论接收马新同志为预备党员", opinions=opinions)]
    meeting = save_meeting(session, data, today=TODAY)  # 8 votes, 6 present: accepted
    vote = get_meeting_detail(session, meeting.id).agenda[0].vote
    assert (vote.expected, vote.present, vote.yes, vote.result) == (12, 6, 8, "通过")
    assert [(o.name, o.opinion) for o in vote.written] == [("郑七", "赞成"), ("王八", "赞成")]
    finalise_meeting(session, meeting.id)
    text = pdfcheck.compact(minutes_pdf(session, meeting.id))
    assert "赞成8票（含书面意见2票※）" in text and "※书面意见" in text and "郑七（赞成）" in text


def test_written_opinions_only_from_absent_voters_and_only_where_allowed(
        session: Session, branch: Branch) -> None:
    """发展党员工作细则 (第二十二条 for 接收预备党员, applied to 转正 as well): written
    opinions count only in those votes, and only from voters who could not attend."""
    away = {branch.full[11].name: ("请假", "出差")}
    data = general_meeting(branch, DAY, attendance=attendance(branch.everyone_on(DAY), away))
    data.agenda = [motion(11, opinions=[OpinionInput(branch.full[11].id, "赞成")])]
    with pytest.raises(ValidationError, match="只有接收预备党员和预备党员转正"):
        save_meeting(session, data, today=TODAY)
    title = "讨论接收马新同志为预备党员"
    data.agenda = [motion(11, title=title, opinions=[OpinionInput(branch.full[0].id, "赞成")])]
    with pytest.raises(ValidationError, match="已到会"):
        save_meeting(session, data, today=TODAY)
    data.agenda = [motion(11, title=title, opinions=[
        OpinionInput(branch.probation_watch.id, "赞成")])]
    with pytest.raises(ValidationError, match="有表决权的党员"):
        save_meeting(session, data, today=TODAY)


def test_discipline_periods_decide_the_vote_by_date(session: Session, branch: Branch) -> None:
    """党章第四十条: a member under 留党察看 has no 表决权、选举权和被选举权 during it; the
    period's dates decide, not today's status."""
    member = branch.full[11]
    add_period(session, member.id, PeriodInput("留党察看", dt.date(2026, 3, 1),
                                               end=dt.date(2026, 9, 1)), today=TODAY)
    during = {s.member_id: s for s in roster_on(session, dt.date(2026, 6, 1))}
    after = {s.member_id: s for s in roster_on(session, DAY)}
    assert not during[member.id].voter and during[member.id].status == "留党察看"
    assert after[member.id].voter and after[member.id].status == "正常"
    assert member.membership_status == "正常"
