"""启用日期: no compliance reminder for periods before the branch started with the program,
nor for a 党小组 before it was added; existing databases get their earliest record's month."""

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.branch import branch_start, get_profile, list_groups
from app.cli import main
from app.dues.arrears import arrears
from app.dues.months import Month
from app.home import reminders
from app.meetings.compliance import BEFORE_START, DUE, HELD, OVERDUE, compliance
from app.meetings.reminders import meeting_reminders
from app.meetings.service import MeetingInput, save_meeting
from app.meetings.talks import talk_gaps
from app.profile import ProfileInput, save_profile
from base.errors import ValidationError
from db.database import Database
from db.migrate import BRANCH
from tests.dues.helpers import assess, make_member
from tests.meetings.conftest import Branch

TODAY = dt.date(2026, 11, 25)
SET_UP = dt.date(2026, 11, 18)


def states(report, meeting_type: str, group_id: str | None = None) -> list[str]:
    row = next(r for r in report.rows if r.type == meeting_type and r.group_id == group_id)
    return [c.state for c in row.cells]


def start_on(session: Session, day: dt.date) -> None:
    get_profile(session).started_on = day
    session.flush()


def test_a_branch_set_up_today_has_no_reminder(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    assert main(["--db", str(path), "init", "--name", "中共测试局机关第一党支部", "--code", "T-01",
                 "--secretary", "张三", "--group", "第一党小组", "--group", "第二党小组"]) == 0
    with Database.open(path) as database, database.session() as session:
        assert branch_start(session) == dt.date.today()
        assert [g.established_on for g in list_groups(session)] == [None, None]
        # Set up in the middle of a month: nothing of this month or before is checked…
        start_on(session, SET_UP)
        assert reminders(session, SET_UP) == []
        # …and the next month is checked as usual.
        found = [r.text for r in meeting_reminders(session, dt.date(2026, 12, 3))]
        assert "本月支委会尚未召开（12月31日前）" in found
        assert "本月第一党小组会尚未召开（12月31日前）" in found


def test_set_up_on_the_first_of_a_month_checks_that_month(session: Session,
                                                          branch: Branch) -> None:
    start_on(session, dt.date(2026, 11, 1))
    found = [r.text for r in meeting_reminders(session, TODAY)]
    assert "本月支委会尚未召开（11月30日前）" in found
    assert not any("未召开" in t and not t.startswith("本") for t in found)


def test_init_takes_an_earlier_start_date(tmp_path: Path) -> None:
    path = tmp_path / "b.db"
    assert main(["--db", str(path), "init", "--name", "中共测试局机关第一党支部", "--code", "T-01",
                 "--start-date", "2026-03-01"]) == 0
    with Database.open(path) as database, database.session() as session:
        assert branch_start(session) == dt.date(2026, 3, 1)
        report = compliance(session, 2026, TODAY)
        assert states(report, "支部委员会")[:4] == [BEFORE_START, BEFORE_START, OVERDUE, OVERDUE]
        # A quarter that began before the start date is not checked either.
        assert states(report, "支部党员大会") == [BEFORE_START, OVERDUE, OVERDUE, DUE]


def test_periods_before_the_start_are_not_checked_but_held_ones_show(
        session: Session, branch: Branch) -> None:
    save_meeting(session, MeetingInput(types=["支部委员会"], date=dt.date(2026, 2, 10)),
                 today=TODAY)
    start_on(session, dt.date(2026, 7, 15))
    report = compliance(session, 2026, TODAY)
    committee = states(report, "支部委员会")
    assert committee[:7] == [BEFORE_START, HELD, *[BEFORE_START] * 5]  # July began on the 1st
    assert committee[7:11] == [OVERDUE, OVERDUE, OVERDUE, DUE]
    assert states(report, "支部党员大会") == [BEFORE_START, BEFORE_START, BEFORE_START, DUE]
    assert states(report, "组织生活会") == [BEFORE_START]
    texts = [r.text for r in meeting_reminders(session, TODAY)]
    assert "8月支委会未召开" in texts
    assert not any(t.startswith(("6月", "7月", "第一季度", "第二季度")) for t in texts)


def test_a_group_added_later_is_checked_from_the_day_it_was_added(
        session: Session, branch: Branch) -> None:
    first = branch.groups[0]
    assert first.established_on is None  # named at set-up: as old as the branch
    save_profile(session, ProfileInput(name="中共测试局机关第一党支部", code="T-01",
                                       groups=[*(g.name for g in branch.groups), "第四党小组"]))
    added = next(g for g in list_groups(session) if g.name == "第四党小组")
    assert added.established_on == dt.date.today()
    assert first.established_on is None
    added.established_on = dt.date(2026, 9, 10)
    session.flush()
    report = compliance(session, 2026, TODAY)
    assert states(report, "党小组会", added.id)[7:11] == [BEFORE_START, BEFORE_START,
                                                          OVERDUE, DUE]
    assert states(report, "党小组会", first.id)[7:10] == [OVERDUE, OVERDUE, OVERDUE]
    texts = [r.text for r in meeting_reminders(session, TODAY)]
    assert "10月第四党小组会未召开" in texts
    assert "9月第四党小组会未召开" not in texts
    assert "9月第一党小组会未召开" in texts
    # A group is never checked before the branch itself started.
    start_on(session, dt.date(2026, 11, 1))
    report = compliance(session, 2026, TODAY)
    assert states(report, "党小组会", added.id)[9:11] == [BEFORE_START, DUE]


def test_talks_of_a_year_begun_before_the_start_are_not_checked(
        session: Session, branch: Branch) -> None:
    assert talk_gaps(session, 2026, TODAY).texts()
    start_on(session, dt.date(2026, 2, 1))
    gaps = talk_gaps(session, 2026, TODAY)
    assert (gaps.checked, gaps.texts()) == (False, [])
    assert talk_gaps(session, 2027, dt.date(2027, 11, 25)).checked


def test_unpaid_months_before_the_start_are_not_arrears(session: Session) -> None:
    save_profile(session, ProfileInput(name="中共测试局机关第一党支部", code="T-01"))
    member = make_member(session, "赵六")
    assess(session, member, [2026])
    found = arrears(session, dt.date(2026, 11, 25))
    assert [(a.name, a.months) for a in found] == [("赵六", 10)]
    start_on(session, dt.date(2026, 8, 20))
    found = arrears(session, dt.date(2026, 11, 25))
    assert [(a.run[0], a.months) for a in found] == [(Month(2026, 8), 3)]
    start_on(session, dt.date(2026, 10, 1))
    assert arrears(session, dt.date(2026, 11, 25)) == []


def test_the_start_date_cannot_lie_ahead(session: Session) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        save_profile(session, ProfileInput(name="中共测试局机关第一党支部", code="T-01",
                                           started_on=tomorrow))
    assert error.value.fields == {"started_on": "启用日期不能晚于今天"}
    assert get_profile(session) is None


def test_an_existing_database_starts_with_its_earliest_record(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Database.open(path) as database, database.session() as session:
        save_profile(session, ProfileInput(name="中共老库支部", code="OLD", groups=["第一党小组"]))
        for day in (dt.date(2019, 3, 14), dt.date(2018, 11, 20)):
            save_meeting(session, MeetingInput(types=["支部委员会"], date=day), today=TODAY)
    with Database.open(path) as database:
        BRANCH.downgrade_to(database.engine, "0006_elections")
    with Database.open(path) as database, database.session() as session:
        assert branch_start(session) == dt.date(2018, 11, 1)
        assert [g.established_on for g in list_groups(session)] == [None]


def test_an_existing_database_without_records_starts_on_its_set_up_day(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Database.open(path) as database, database.session() as session:
        save_profile(session, ProfileInput(name="中共老库支部", code="OLD"))
    with Database.open(path) as database:
        BRANCH.downgrade_to(database.engine, "0006_elections")
    with Database.open(path) as database, database.session() as session:
        # The profile was made just now (UTC): today, or yesterday early in the morning.
        assert dt.date.today() - branch_start(session) <= dt.timedelta(days=1)
