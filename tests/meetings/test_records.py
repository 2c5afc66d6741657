"""Roster, voting rights, 补录, 定稿 and amendments, sequence numbers, grades, 整改."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app import settings
from app.meetings.appraisal import member_appraisals
from app.meetings.detail import get_meeting_detail
from app.meetings.roster import roster
from app.meetings.service import (
    AgendaInput,
    FollowUpInput,
    GradeInput,
    MeetingInput,
    RectificationInput,
    SpeechInput,
    amend_meeting,
    delete_meeting,
    finalise_meeting,
    meeting_input,
    save_meeting,
)
from app.meetings.settings import BACKDATED_DAYS
from app.meetings.snapshots import version_detail
from app.meetings.templates import copy_meeting, from_template
from base.errors import UserError, ValidationError
from tests.meetings.conftest import TODAY, Branch, attendance, general_meeting

MARCH = dt.date(2026, 3, 12)


def at(day: dt.date, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).astimezone()


def save(session: Session, data: MeetingInput, entered: dt.date | None = None):
    return save_meeting(session, data, today=TODAY, now=at(entered or data.date))


def test_roster_is_the_branch_on_the_meeting_date(session: Session, branch: Branch) -> None:
    names = {e.name for e in roster(session, MARCH, ["支部党员大会"])}
    assert "杨转出" not in names  # left in January
    assert "朱新来" not in names  # joined in September
    december = {e.name for e in roster(session, dt.date(2025, 12, 1), ["支部党员大会"])}
    assert "杨转出" in december
    assert len(names) == 12 + 1  # the 预备党员 were accepted in May
    assert len(roster(session, dt.date(2026, 6, 1), ["支部党员大会"])) == 12 + 1 + 2


def test_group_meeting_offers_that_group_and_committee_its_members(
        session: Session, branch: Branch) -> None:
    group = branch.groups[0]
    offered = roster(session, MARCH, ["党小组会"], group.id)
    assert offered and all(e.group_id == group.id for e in offered)
    committee = roster(session, MARCH, ["支部委员会"])
    assert sorted(e.name for e in committee) == sorted(m.name for m in branch.committee)


def test_probationary_and_disciplined_members_do_not_vote(session: Session,
                                                          branch: Branch) -> None:
    day = dt.date(2026, 6, 10)
    meeting = save(session, general_meeting(branch, day))
    detail = get_meeting_detail(session, meeting.id)
    assert detail.expected == 15  # 12 正式 + 2 预备 + 1 留党察看
    assert detail.voters_expected == 12
    voters = {a.name for a in detail.attendees if a.voter}
    assert not voters & {"蒋预一", "沈预二", "韩察看"}


def test_a_member_made_full_later_was_not_a_voter_then(session: Session,
                                                       branch: Branch) -> None:
    # 卫十二 became 正式党员 in 2011; move that to after the meeting.
    branch.full[11].full_date = dt.date(2026, 4, 1)
    meeting = save(session, general_meeting(branch, MARCH))
    detail = get_meeting_detail(session, meeting.id)
    assert detail.voters_expected == 11
    assert next(a for a in detail.attendees if a.name == "卫十二").category == "预备党员"


def test_vote_result_is_computed_against_expected_voters(session: Session,
                                                         branch: Branch) -> None:
    # 12 voters expected; 6 present (exactly half -> warning); 6 yes is not > 6.
    away = {m.name: ("请假", "出差") for m in branch.full[6:]}
    data = general_meeting(branch, MARCH, agenda=[AgendaInput(
        "接收蒋预一为预备党员", "表决", votes_yes=6, votes_no=0, votes_abstain=0)])
    data.attendance = attendance(branch.everyone_on(MARCH), away)
    meeting = save(session, data)
    vote = get_meeting_detail(session, meeting.id).agenda[0].vote
    assert (vote.expected, vote.present, vote.result) == (12, 6, "未通过")
    assert any("恰好半数" in m for m in vote.messages)
    # One more voter present and voting yes: 7 > 12/2.
    data.attendance = attendance(branch.everyone_on(MARCH),
                                 {m.name: ("请假", "出差") for m in branch.full[7:]})
    data.agenda[0].votes_yes = 7
    save_meeting(session, data, meeting.id, today=TODAY)
    vote = get_meeting_detail(session, meeting.id).agenda[0].vote
    assert (vote.present, vote.result) == (7, "通过")


def test_probationary_presence_does_not_make_a_quorum(session: Session, branch: Branch) -> None:
    # 5 of 12 voters present plus both 预备党员 and 韩察看: 8 people but only 5 voters.
    june = dt.date(2026, 6, 10)
    away = {m.name: ("请假", "病假") for m in branch.full[5:]}
    data = general_meeting(branch, june, agenda=[AgendaInput("表彰", "表决", votes_yes=5,
                                                             votes_no=0, votes_abstain=0)])
    data.attendance = attendance(branch.everyone_on(june), away)
    detail = get_meeting_detail(session, save(session, data).id)
    assert detail.present == 8
    assert detail.agenda[0].vote.result == "无效"


def test_more_votes_than_voters_present_is_refused(session: Session, branch: Branch) -> None:
    data = general_meeting(branch, MARCH, agenda=[AgendaInput("表彰", "表决", votes_yes=13,
                                                              votes_no=0, votes_abstain=0)])
    with pytest.raises(ValidationError, match="超过实到有表决权的12人"):
        save(session, data)


def test_committee_vote_counts_committee_members(session: Session, branch: Branch) -> None:
    data = MeetingInput(types=["支部委员会"], date=MARCH, chair_name="赵一",
                        recorder_name="孙三",
                        attendance=attendance(branch.committee, {
                            "李四": ("请假", "出差"), "周五": ("请假", "出差"),
                            "孙三": ("缺席", "未请假")}),
                        agenda=[AgendaInput("研究慰问名单", "表决", votes_yes=2, votes_no=0,
                                            votes_abstain=0)])
    detail = get_meeting_detail(session, save(session, data).id)
    assert (detail.committee_expected, detail.committee_present) == (5, 2)
    assert detail.agenda[0].vote.result == "无效"
    assert "超过半数委员" in detail.agenda[0].vote.messages[0]


def test_plain_items_take_no_votes(session: Session, branch: Branch) -> None:
    data = general_meeting(branch, MARCH, agenda=[AgendaInput("学习", votes_yes=3)])
    with pytest.raises(ValidationError, match="不是表决事项"):
        save(session, data)


@pytest.mark.parametrize(("days_later", "backdated"), [(0, False), (7, False), (8, True)])
def test_late_entry_is_marked(session: Session, branch: Branch, days_later: int,
                              backdated: bool) -> None:
    data = general_meeting(branch, MARCH)
    meeting = save(session, data, MARCH + dt.timedelta(days=days_later))
    detail = get_meeting_detail(session, meeting.id)
    assert detail.backdated is backdated
    assert detail.entered_at.astimezone().date() == MARCH + dt.timedelta(days=days_later)


def test_late_entry_threshold_is_a_setting(session: Session, branch: Branch) -> None:
    settings.put(session, BACKDATED_DAYS, 3)
    meeting = save(session, general_meeting(branch, MARCH), MARCH + dt.timedelta(days=4))
    assert get_meeting_detail(session, meeting.id).backdated


def test_finalising_needs_a_reason_for_every_absentee(session: Session, branch: Branch) -> None:
    data = general_meeting(branch, MARCH)
    data.attendance = attendance(branch.everyone_on(MARCH), {
        "吴六": ("请假", ""), "郑七": ("缺席", " "), "王八": ("请假", "出差")})
    meeting = save(session, data)
    with pytest.raises(ValidationError) as caught:
        finalise_meeting(session, meeting.id)
    assert "吴六、郑七" in caught.value.fields["attendance"]
    assert get_meeting_detail(session, meeting.id).status == "草稿"
    data.attendance = attendance(branch.everyone_on(MARCH), {
        "吴六": ("请假", "病假"), "郑七": ("缺席", "临时任务"), "王八": ("请假", "出差")})
    save_meeting(session, data, meeting.id, today=TODAY)
    finalise_meeting(session, meeting.id)
    assert get_meeting_detail(session, meeting.id).status == "定稿"


def test_final_record_is_read_only(session: Session, branch: Branch) -> None:
    data = general_meeting(branch, MARCH)
    meeting = save(session, data)
    finalise_meeting(session, meeting.id)
    data.place = "别处"
    with pytest.raises(UserError, match="修订"):
        save_meeting(session, data, meeting.id, today=TODAY)
    with pytest.raises(UserError, match="不能删除"):
        delete_meeting(session, meeting.id)
    assert get_meeting_detail(session, meeting.id).place == "三楼会议室"


def test_amendments_keep_every_earlier_version(session: Session, branch: Branch) -> None:
    data = general_meeting(branch, MARCH, summary="第一稿总结",
                           speeches=[SpeechInput("钱二", "同意")])
    meeting = save(session, data)
    finalise_meeting(session, meeting.id)
    with pytest.raises(ValidationError, match="修订原因"):
        amend_meeting(session, meeting.id, data, "  ", today=TODAY)
    data.summary = "第二稿总结"
    amend_meeting(session, meeting.id, data, "补充总结", today=TODAY)
    data.speeches.append(SpeechInput("孙三", "补充发言"))
    amend_meeting(session, meeting.id, data, "补记孙三发言", today=TODAY)
    detail = get_meeting_detail(session, meeting.id)
    assert [(v.number, v.reason) for v in detail.versions] == [
        (1, "定稿"), (2, "补充总结"), (3, "补记孙三发言")]
    assert detail.amended and detail.status == "定稿"
    first, second = version_detail(session, meeting.id, 1), version_detail(session, meeting.id, 2)
    assert first.summary == "第一稿总结" and len(first.speeches) == 1
    assert second.summary == "第二稿总结" and len(second.speeches) == 1
    assert first.date == MARCH and first.attendees[0].name == detail.attendees[0].name
    assert len(detail.speeches) == 2
    with pytest.raises(UserError):
        version_detail(session, meeting.id, 9)


def test_an_amendment_still_needs_absence_reasons(session: Session, branch: Branch) -> None:
    data = general_meeting(branch, MARCH)
    meeting = save(session, data)
    finalise_meeting(session, meeting.id)
    data.attendance = attendance(branch.everyone_on(MARCH), {"吴六": ("缺席", "")})
    with pytest.raises(ValidationError, match="吴六"):
        amend_meeting(session, meeting.id, data, "更正出席情况", today=TODAY)


def test_sequence_numbers_per_type_per_year(session: Session, branch: Branch) -> None:
    def committee(day: dt.date) -> str:
        return save(session, MeetingInput(types=["支部委员会"], date=day,
                                          attendance=attendance(branch.committee))).id

    second = committee(dt.date(2026, 2, 5))
    first = committee(dt.date(2026, 1, 8))
    last_year = committee(dt.date(2025, 12, 4))
    both = save(session, general_meeting(branch, dt.date(2026, 3, 20),
                                         types=["支部党员大会", "主题党日"])).id
    assert get_meeting_detail(session, first).heading == "2026年第1次支部委员会"
    assert get_meeting_detail(session, second).heading == "2026年第2次支部委员会"
    assert get_meeting_detail(session, last_year).sequences == {"支部委员会": 1}
    assert get_meeting_detail(session, both).heading == "2026年第1次支部党员大会暨第1次主题党日"
    group_a, group_b = branch.groups[0], branch.groups[1]
    for group in (group_a, group_b, group_a):
        meeting = save(session, MeetingInput(types=["党小组会"], date=MARCH,
                                             group_id=group.id))
    assert get_meeting_detail(session, meeting.id).heading == "2026年第2次第一党小组党小组会"


def test_meeting_date_cannot_be_in_the_future(session: Session, branch: Branch) -> None:
    with pytest.raises(ValidationError, match="晚于今天"):
        save(session, general_meeting(branch, TODAY + dt.timedelta(days=1)))


def test_group_meeting_needs_its_group(session: Session, branch: Branch) -> None:
    with pytest.raises(ValidationError, match="党小组"):
        save(session, MeetingInput(types=["党小组会"], date=MARCH))


def test_grades_rules_and_member_history(session: Session, branch: Branch) -> None:
    day = dt.date(2026, 6, 15)
    members = branch.everyone_on(day)
    full = [m for m in members if m.category == "正式党员" and m.name != "韩察看"]
    assert len(full) == 12
    data = MeetingInput(types=["组织生活会", "民主评议党员"], date=day,
                        attendance=attendance(members),
                        grades=[GradeInput(m.id, "优秀" if i < 4 else "合格")
                                for i, m in enumerate(full)])
    meeting = save(session, data)
    detail = get_meeting_detail(session, meeting.id)
    assert len(detail.grades) == 12 and detail.grade_warnings == []  # 4 of 12 is exactly 1/3
    data.grades[4].grade = "优秀"  # 5 of 12
    save_meeting(session, data, meeting.id, today=TODAY)
    assert "超过参评人数" in get_meeting_detail(session, meeting.id).grade_warnings[0]
    history = member_appraisals(session, full[0].id)
    assert [(h.year, h.grade) for h in history] == [(2026, "优秀")]
    # 预备党员 take part (they are on the attendance list) but get no grade.
    assert any(a.name == "蒋预一" for a in detail.attendees)
    data.grades.append(GradeInput(branch.probationary[0].id, "合格"))
    with pytest.raises(ValidationError, match="预备党员"):
        save_meeting(session, data, meeting.id, today=TODAY)
    data.grades = [GradeInput(full[0].id, "很好")]
    with pytest.raises(ValidationError, match="等次应为"):
        save_meeting(session, data, meeting.id, today=TODAY)
    data.types = ["组织生活会"]
    data.grades = [GradeInput(full[0].id, "合格")]
    with pytest.raises(ValidationError, match="民主评议党员"):
        save_meeting(session, data, meeting.id, today=TODAY)


def test_rectification_items_are_followed_up_later(session: Session, branch: Branch) -> None:
    life = save(session, MeetingInput(
        types=["组织生活会"], date=dt.date(2025, 12, 15),
        rectifications=[RectificationInput("理论学习不系统", "制定学习计划", "赵一",
                                           dt.date(2026, 6, 30))]))
    item = get_meeting_detail(session, life.id).rectifications[0]
    assert item.status == "未开始"
    later = save(session, MeetingInput(
        types=["支部委员会"], date=dt.date(2026, 4, 8),
        followups=[FollowUpInput(item.id, "已制定计划并执行", "已完成")]))
    followed = get_meeting_detail(session, later.id).followups[0]
    assert followed.problem == "理论学习不系统"
    assert followed.origin == "2025年第1次组织生活会"
    assert get_meeting_detail(session, life.id).rectifications[0].status == "已完成"
    # Editing the 组织生活会 keeps the item's identity.
    data = meeting_input(session, life.id)
    data.rectifications[0].measure = "制定年度学习计划"
    save_meeting(session, data, life.id, today=TODAY)
    assert get_meeting_detail(session, life.id).rectifications[0].id == item.id


def test_templates_and_copies(session: Session, branch: Branch) -> None:
    theme = from_template(["主题党日", "支部党员大会"], MARCH)
    titles = [a.title for a in theme.agenda]
    assert "佩戴党徽，重温入党誓词" in titles and "集中交纳党费" in titles
    assert "讨论表决事项" in titles
    source = save(session, general_meeting(branch, MARCH, agenda=[AgendaInput(
        "表彰", "表决", votes_yes=12, votes_no=0, votes_abstain=0)],
        speeches=[SpeechInput("钱二", "同意")]))
    copy = copy_meeting(session, source.id, dt.date(2026, 6, 12))
    assert copy.date == dt.date(2026, 6, 12) and copy.place == "三楼会议室"
    assert [a.title for a in copy.agenda] == ["表彰"]
    assert copy.agenda[0].votes_yes is None and copy.speeches == [] and copy.attendance == []


def test_deleted_draft_disappears(session: Session, branch: Branch) -> None:
    meeting = save(session, general_meeting(branch, MARCH))
    delete_meeting(session, meeting.id)
    with pytest.raises(UserError, match="找不到"):
        get_meeting_detail(session, meeting.id)


def test_check_finds_records_changed_behind_the_apps_back(session: Session,
                                                          branch: Branch) -> None:
    from app.meetings.checks import meeting_problems

    data = general_meeting(branch, MARCH, agenda=[AgendaInput("表彰", "表决", votes_yes=10,
                                                              votes_no=0, votes_abstain=0)])
    meeting = save(session, data)
    finalise_meeting(session, meeting.id)
    assert meeting_problems(session) == []
    absent = meeting.attendance[0]
    absent.status = "缺席"  # as if edited outside the app
    meeting.agenda[0].votes_yes = 20
    session.flush()
    problems = meeting_problems(session)
    assert any("赵一请假或缺席未填写原因" in p for p in problems)
    assert any("议题“表彰”" in p and "超过实到" in p for p in problems)


def test_many_details_at_once_match_one_by_one(session: Session, branch: Branch) -> None:
    from app.meetings.detail import get_meeting_details

    ids = [save(session, general_meeting(branch, day)).id
           for day in (dt.date(2025, 12, 1), MARCH, dt.date(2026, 6, 1))]
    one_by_one = [get_meeting_detail(session, i) for i in ids]
    session.expire_all()
    assert get_meeting_details(session, list(reversed(ids))) == list(reversed(one_by_one))
