"""Member status history and the roster of a date (issue 15 items 1 and 8)."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app.members.history import (
    PeriodInput,
    add_period,
    confirm_history_report,
    end_period,
    history_report,
)
from app.members.posts import record_committee
from app.members.reminders import member_reminders
from app.members.rules import probation_end
from app.members.service import add_member, member_input_of, transfer, update_member
from app.members.standing import roster_on
from app.visits.lists import medal_candidates
from base.errors import ValidationError
from db.history_migration import HISTORY_REPORT_KEY
from db.models import Setting
from tests.test_member_rules import make_id, member_input

TODAY = dt.date(2026, 11, 25)


def probationary(session: Session, join: dt.date = dt.date(2025, 10, 1)):
    member, _ = add_member(session, member_input(
        name="刘预备", id_number=make_id("19900101"), category="预备党员", join_date=join,
        full_date=None), today=TODAY)
    return member


def test_one_function_answers_who_was_a_member_with_which_rights_and_posts(
        session: Session) -> None:
    """roster_on(D): joined, transferred in and out, died; 预备 → 正式 with approval;
    留党察看 periods; 委员 posts — each as on day D."""
    old, _ = add_member(session, member_input(), today=TODAY)
    newer = probationary(session)
    late, _ = add_member(session, member_input(name="王转入", id_number=make_id("19810101")),
                         today=TODAY)
    transfer(session, late.id, "转入", dt.date(2026, 3, 1), "市商务局")
    add_member(session, member_input(name="赵故", id_number=make_id("19400101"),
               deceased_date=dt.date(2026, 2, 1)), today=TODAY)
    record_committee(session, [{"post": "书记", "name": old.name}], dt.date(2024, 1, 1))
    data = member_input_of(newer)
    data.category, data.full_date = "正式党员", dt.date(2026, 10, 1)
    data.full_approved_on = dt.date(2026, 10, 20)
    update_member(session, newer.id, data, today=TODAY)

    def on(day: dt.date) -> dict[str, tuple[str, bool, tuple[str, ...]]]:
        return {s.name: (s.category, s.voter, s.posts) for s in roster_on(session, day)}

    january = on(dt.date(2026, 1, 15))
    assert january == {"张伟": ("正式党员", True, ("书记",)), "刘预备": ("预备党员", False, ()),
                       "赵故": ("正式党员", True, ())}
    october = on(dt.date(2026, 10, 10))  # 转正日期 passed, not yet approved: no vote
    assert october["刘预备"] == ("正式党员", False, ()) and "王转入" in october
    assert "赵故" not in october
    assert on(dt.date(2026, 10, 20))["刘预备"] == ("正式党员", True, ())
    assert on(dt.date(2023, 6, 1))["张伟"][2] == ()


def test_an_extension_moves_the_end_of_probation_and_its_reminder(session: Session) -> None:
    """党章第七条: the 预备期 may be extended, by at least half a year and at most one year;
    the 转正 reminder follows the extended end, not the first year."""
    member = probationary(session)
    before = [r.text for r in member_reminders(session, TODAY)]
    assert any("刘预备预备期已于2026年10月01日届满" in text for text in before)
    add_period(session, member.id, PeriodInput("延长预备期", dt.date(2026, 10, 1), months=12,
                                               reference="机关党委批复"), today=TODAY)
    assert probation_end(member) == dt.date(2027, 10, 1)
    after = [r.text for r in member_reminders(session, TODAY)]
    assert not any("预备党员刘预备" in text for text in after)
    soon = [r.text for r in member_reminders(session, dt.date(2027, 9, 1))]
    assert any("延长的预备期将于2027年10月01日届满" in text for text in soon)


@pytest.mark.parametrize(("months", "message"), [
    (13, "最长不超过一年"), (3, "不能少于半年"), (None, "不能少于半年")])
def test_an_extension_is_half_a_year_to_one_year(session: Session, months: int | None,
                                                message: str) -> None:
    """党章第七条: 延长预备期的时间不能少于半年，最长不超过一年."""
    member = probationary(session)
    with pytest.raises(ValidationError, match=message):
        add_period(session, member.id, PeriodInput("延长预备期", dt.date(2026, 10, 1),
                                                   months=months), today=TODAY)


def test_an_extension_only_for_a_probationary_member_and_only_once(session: Session) -> None:
    """党章第七条: the 预备期 of a 预备党员 may be extended, once."""
    full, _ = add_member(session, member_input(), today=TODAY)
    with pytest.raises(ValidationError, match="已转为正式党员"):
        add_period(session, full.id, PeriodInput("延长预备期", dt.date(2026, 10, 1), months=6),
                   today=TODAY)
    member = probationary(session)
    add_period(session, member.id, PeriodInput("延长预备期", dt.date(2026, 10, 1), months=6),
               today=TODAY)
    with pytest.raises(ValidationError, match="只能延长一次"):
        add_period(session, member.id, PeriodInput("延长预备期", dt.date(2026, 10, 2), months=6),
                   today=TODAY)


def test_medal_candidates_leave_out_discipline_and_say_why(session: Session) -> None:
    """光荣在党50年 needs 一贯表现良好: members under 留党察看 or 停止党籍 are left out, and
    the list says why."""
    veteran, _ = add_member(session, member_input(
        name="老党员", id_number=make_id("19450101"), join_date=dt.date(1970, 3, 1),
        full_date=dt.date(1971, 3, 1)), today=TODAY)
    watched, _ = add_member(session, member_input(
        name="老察看", id_number=make_id("19460101"), join_date=dt.date(1970, 3, 1),
        full_date=dt.date(1971, 3, 1)), today=TODAY)
    period = add_period(session, watched.id, PeriodInput("留党察看", dt.date(2026, 1, 5)),
                        today=TODAY)
    found = {c.member.name: c for c in medal_candidates(session, 2026, TODAY)}
    assert found[veteran.name].eligible
    assert not found[watched.name].eligible
    assert "留党察看期间" in found[watched.name].left_out
    end_period(session, period.id, dt.date(2026, 11, 1), "期满恢复党员权利", today=TODAY)
    assert watched.membership_status == "正常"
    assert all(c.eligible for c in medal_candidates(session, 2027, TODAY))


def test_the_upgrade_report_reminds_until_it_is_checked(session: Session) -> None:
    """Issue 15 item 1: what the upgrade could not derive is reported (and reminded on 首页)
    until the secretary has checked it; then the reminder stops."""
    session.add(Setting(key=HISTORY_REPORT_KEY, value=["张三：目前为留党察看，起始日期不详"]))
    session.flush()
    assert history_report(session) == ["张三：目前为留党察看，起始日期不详"]
    assert any("1项党员历史未能自动推出" in r.text for r in member_reminders(session, TODAY))
    assert confirm_history_report(session) == 1
    assert history_report(session) == []
    assert not any("未能自动推出" in r.text for r in member_reminders(session, TODAY))
    assert confirm_history_report(session) == 0
