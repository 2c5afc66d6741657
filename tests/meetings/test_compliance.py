"""Compliance grid and 首页 reminders: held / due / overdue, multi-type events, per 党小组."""

import datetime as dt

from sqlalchemy.orm import Session

from app import settings
from app.meetings.compliance import DUE, HELD, OVERDUE, UPCOMING, compliance
from app.meetings.reminders import meeting_reminders
from app.meetings.service import MeetingInput, save_meeting
from app.meetings.settings import FREQUENCIES
from tests.meetings.conftest import Branch

TODAY = dt.date(2026, 11, 25)


def held(session: Session, day: dt.date, *types: str, group_id: str | None = None) -> str:
    return save_meeting(session, MeetingInput(types=list(types), date=day, group_id=group_id),
                        today=TODAY).id


def row(report, meeting_type: str, group_id: str | None = None):
    return next(r for r in report.rows if r.type == meeting_type and r.group_id == group_id)


def states(report, meeting_type: str, group_id: str | None = None) -> list[str]:
    return [c.state for c in row(report, meeting_type, group_id).cells]


def test_monthly_states_around_today(session: Session, branch: Branch) -> None:
    held(session, dt.date(2026, 1, 8), "支部委员会")
    held(session, dt.date(2026, 3, 5), "支部委员会")
    report = compliance(session, 2026, TODAY)
    committee = states(report, "支部委员会")
    assert committee[:3] == [HELD, OVERDUE, HELD]
    assert committee[10] == DUE  # November, today
    assert committee[11] == UPCOMING
    assert "2月支委会未召开" in report.overdue_texts()


def test_one_event_counts_for_each_of_its_types(session: Session, branch: Branch) -> None:
    meeting_id = held(session, dt.date(2026, 6, 26), "支部党员大会", "主题党日")
    report = compliance(session, 2026, TODAY)
    general = row(report, "支部党员大会").cells[1]  # 第二季度
    theme = row(report, "主题党日").cells[5]  # 6月
    assert (general.state, general.meeting_ids) == (HELD, [meeting_id])
    assert (theme.state, theme.meeting_ids) == (HELD, [meeting_id])
    assert states(report, "主题党日")[4] == OVERDUE  # May was missed


def test_quarterly_party_lecture_and_its_text(session: Session, branch: Branch) -> None:
    held(session, dt.date(2026, 2, 20), "党课")
    held(session, dt.date(2026, 9, 1), "党课")
    report = compliance(session, 2026, TODAY)
    assert states(report, "党课") == [HELD, OVERDUE, HELD, DUE]
    assert "第二季度党课未开展" in report.overdue_texts()


def test_group_meetings_are_counted_per_group(session: Session, branch: Branch) -> None:
    first, second, third = branch.groups
    held(session, dt.date(2026, 4, 10), "党小组会", group_id=first.id)
    report = compliance(session, 2026, TODAY)
    assert states(report, "党小组会", first.id)[3] == HELD
    assert states(report, "党小组会", second.id)[3] == OVERDUE
    assert states(report, "党小组会", third.id)[3] == OVERDUE
    assert "4月第二党小组会未召开" in report.overdue_texts()


def test_frequencies_are_settings(session: Session, branch: Branch) -> None:
    frequencies = dict(settings.get(session, FREQUENCIES))
    frequencies["党课"] = "每年"
    frequencies["主题党日"] = "不要求"
    settings.put(session, FREQUENCIES, frequencies)
    held(session, dt.date(2026, 5, 1), "党课")
    report = compliance(session, 2026, TODAY)
    assert [(c.period, c.state) for c in row(report, "党课").cells] == [("2026年", HELD)]
    assert all(r.type != "主题党日" for r in report.rows)


def test_a_past_year_has_no_due_cells(session: Session, branch: Branch) -> None:
    held(session, dt.date(2025, 12, 12), "组织生活会", "民主评议党员")
    report = compliance(session, 2025, TODAY)
    assert states(report, "组织生活会") == [HELD]
    assert states(report, "民主评议党员") == [HELD]
    assert not report.cells(DUE) and not report.cells(UPCOMING)


def test_reminders_list_overdue_and_due_this_month(session: Session, branch: Branch) -> None:
    for month in (1, 3, 4, 5, 6, 7, 8, 9, 10):
        held(session, dt.date(2026, month, 6), "支部委员会")
    held(session, dt.date(2026, 2, 20), "党课")
    texts = {r.text: r for r in meeting_reminders(session, TODAY)}
    assert texts["2月支委会未召开"].level == "注意"
    assert texts["2月支委会未召开"].page == "会议"
    assert "第二季度党课未开展" in texts
    assert "本月支委会尚未召开（11月30日前）" in texts
    assert not any(t.startswith("本季度党课") for t in texts)  # the quarter ends next month
    december = {r.text for r in meeting_reminders(session, dt.date(2026, 12, 2))}
    assert "本季度党课尚未开展（12月31日前）" in december


def test_january_recalls_last_years_final_periods(session: Session, branch: Branch) -> None:
    texts = {r.text for r in meeting_reminders(session, dt.date(2027, 1, 10))}
    assert "2026年组织生活会未召开" in texts
    assert "2026年12月支委会未召开" in texts
    assert "2026年11月支委会未召开" not in texts


def test_a_committee_meeting_without_quorum_is_not_held(session: Session, branch: Branch) -> None:
    """支部工作条例第十二条: a 支委会 needs more than half of the 委员 present; one with 1 of 5
    present shows as 不足法定人数 and counts as not held."""
    from app.meetings.compliance import NO_QUORUM
    from app.meetings.service import AttendanceInput

    away = [AttendanceInput(m.id, "请假", "出差") for m in branch.committee[1:]]
    save_meeting(session, MeetingInput(
        types=["支部委员会"], date=dt.date(2026, 2, 10),
        attendance=[AttendanceInput(branch.committee[0].id), *away]), today=TODAY)
    save_meeting(session, MeetingInput(
        types=["支部委员会"], date=dt.date(2026, 3, 10),
        attendance=[AttendanceInput(m.id) for m in branch.committee[:3]] + away[2:]),
        today=TODAY)
    report = compliance(session, 2026, TODAY)
    assert states(report, "支部委员会")[1:3] == [NO_QUORUM, HELD]
    texts = report.overdue_texts()
    assert "2月支委会到会委员未超过半数（不足法定人数），不计为已召开" in texts
    reminded = [r.text for r in meeting_reminders(session, TODAY)]
    assert any("2月支委会到会委员未超过半数" in text for text in reminded)
    # 首页's grid shows the month the same way.
    from app.dashboard import dashboard

    row = next(r for r in dashboard(session, TODAY).grid if r.meeting_type == "支部委员会")
    assert [c.state for c in row.cells][1:3] == [NO_QUORUM, HELD]


def test_a_yearly_review_counts_for_its_year(session: Session, branch: Branch) -> None:
    """组织生活会 and 民主评议 carry 所属年度: a 2025年度组织生活会 held in January 2026 counts
    for 2025, not 2026; the previous year is allowed only until the end of March."""
    import pytest

    from base.errors import ValidationError

    save_meeting(session, MeetingInput(types=["组织生活会"], date=dt.date(2026, 1, 20),
                                       counts_for_year=2025), today=TODAY)
    assert states(compliance(session, 2025, TODAY), "组织生活会") == [HELD]
    assert states(compliance(session, 2026, TODAY), "组织生活会") == [DUE]
    with pytest.raises(ValidationError, match="3月底前"):
        save_meeting(session, MeetingInput(types=["组织生活会"], date=dt.date(2026, 4, 2),
                                           counts_for_year=2025), today=TODAY)
    with pytest.raises(ValidationError, match="只有组织生活会和民主评议党员"):
        save_meeting(session, MeetingInput(types=["党课"], date=dt.date(2026, 1, 20),
                                           counts_for_year=2025), today=TODAY)
