"""A finalised record is frozen (issue 15, and domain.md §2 留痕): later member changes never
alter it or its print; a 修订 recomputes only when asked, and keeps both versions."""

import datetime as dt

from sqlalchemy.orm import Session

from app.meetings.detail import get_meeting_detail
from app.meetings.figures import recompute_comparison
from app.meetings.minutes import minutes_pdf
from app.meetings.service import (
    AgendaInput,
    AttendanceInput,
    amend_meeting,
    finalise_meeting,
    input_from_meeting,
    load_meeting,
    save_meeting,
)
from app.meetings.snapshots import version_detail
from app.members.history import PeriodInput, add_period
from app.members.service import MemberInput, add_member, member_input_of, transfer, update_member
from tests import pdfcheck
from tests.meetings.conftest import TODAY, Branch, attendance, general_meeting, make_id

DAY = dt.date(2026, 10, 15)


def full_membership_meeting(session: Session, branch: Branch) -> str:
    """9 voters expected, 5 yes for a 转正: 通过 (more than half of 9)."""
    for member in branch.full[9:]:
        transfer(session, member.id, "转出", dt.date(2026, 6, 1), "市统计局")
    subject = branch.probationary[0]
    away = {m.name: ("请假", "出差") for m in branch.full[5:9]}
    data = general_meeting(branch, DAY, attendance=attendance(
        [m for m in branch.everyone_on(DAY)], away))
    data.agenda = [AgendaInput("讨论蒋预一同志预备党员转正", "表决", "", subject.id, 5, 0, 0)]
    meeting = save_meeting(session, data, today=TODAY)
    finalise_meeting(session, meeting.id)
    return meeting.id


def test_member_changes_after_definitive_never_change_the_record_or_its_print(
        session: Session, branch: Branch) -> None:
    """Frozen at 定稿: editing, transferring and approving members afterwards (even with
    dates before the meeting) leaves the figures and the printed minutes unchanged."""
    meeting_id = full_membership_meeting(session, branch)
    before = get_meeting_detail(session, meeting_id)
    printed = pdfcheck.compact(minutes_pdf(session, meeting_id))
    assert (before.voters_expected, before.agenda[0].vote.result) == (9, "通过")
    assert "应到有表决权的党员9人" in printed and "表决结果：通过" in printed
    # His 转正 recorded, back to the end of his 预备期, approved on the meeting day.
    subject = branch.probationary[0]
    data = member_input_of(subject)
    data.category, data.full_date, data.full_approved_on = "正式党员", dt.date(2026, 5, 1), DAY
    update_member(session, subject.id, data, today=TODAY)
    # Someone transferred in "before" the meeting, a voter put under 留党察看 back then,
    # one moved out, and a new member entered with an early 入党日期.
    arrival, _ = add_member(session, MemberInput(
        name="马补录", id_number=make_id(60), category="正式党员", join_date=dt.date(2001, 7, 1),
        full_date=dt.date(2002, 7, 1)), today=TODAY)
    transfer(session, arrival.id, "转入", dt.date(2026, 9, 1), "市商务局")
    add_period(session, branch.full[1].id, PeriodInput("留党察看", dt.date(2026, 8, 1)),
               today=TODAY)
    transfer(session, branch.full[2].id, "转出", dt.date(2026, 9, 30), "市统计局")
    session.flush()
    after = get_meeting_detail(session, meeting_id)
    assert after.agenda[0].vote == before.agenda[0].vote
    assert (after.expected, after.voters_expected, after.voters_present) == \
        (before.expected, before.voters_expected, before.voters_present)
    assert pdfcheck.compact(minutes_pdf(session, meeting_id)) == printed
    # An amendment that only adds a summary keeps the frozen result.
    data = input_from_meeting(load_meeting(session, meeting_id))
    data.summary = "会议要求抓好落实。"
    amend_meeting(session, meeting_id, data, "补充主持人总结", today=TODAY)
    amended = get_meeting_detail(session, meeting_id)
    assert amended.agenda[0].vote.result == "通过" and amended.voters_expected == 9
    assert len(amended.versions) == 2


def test_a_revision_recomputes_only_on_request_showing_old_and_new(
        session: Session, branch: Branch) -> None:
    """修订 recomputes from the roster of the date only when the secretary asks; the old
    and new results are shown side by side and both versions are kept."""
    meeting_id = full_membership_meeting(session, branch)
    arrival, _ = add_member(session, MemberInput(
        name="马补录", id_number=make_id(60), category="正式党员", join_date=dt.date(2001, 7, 1),
        full_date=dt.date(2002, 7, 1)), today=TODAY)
    transfer(session, arrival.id, "转入", dt.date(2026, 9, 1), "市商务局")
    changes = {c.label: c for c in recompute_comparison(session, meeting_id)}
    assert changes["有表决权应到"].frozen == "9人" and changes["有表决权应到"].recomputed == "10人"
    vote = changes["议题1“讨论蒋预一同志预备党员转正”"]
    assert vote.frozen.endswith("通过") and vote.recomputed.endswith("未通过") and vote.changed
    data = input_from_meeting(load_meeting(session, meeting_id))
    data.attendance.append(AttendanceInput(arrival.id, "请假", "出差"))
    amend_meeting(session, meeting_id, data, "补录转入党员", recompute=True, today=TODAY)
    now = get_meeting_detail(session, meeting_id)
    assert (now.voters_expected, now.agenda[0].vote.result) == (10, "未通过")
    first = version_detail(session, meeting_id, 1)
    assert (first.voters_expected, first.agenda[0].vote.result) == (9, "通过")
