"""What the member forms read: one member's values, transfers, 党籍变化 and extension, the
roster state, the 回收站, the 党小组 to choose from, and the 党龄 line derived from what the
form holds."""

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app.branch import GroupChoice, chair_posts, group_choices
from app.members.history import PeriodInput, add_period
from app.members.record import (
    PeriodLine,
    TransferLine,
    deleted_members,
    derived_text,
    member_record,
    on_roster_now,
)
from app.members.service import add_member, delete_member, transfer
from app.profile import GroupInput, ProfileInput, profile_input, save_profile
from base.errors import UserError
from tests.test_member_history import TODAY, probationary
from tests.test_member_rules import member_input


def test_a_record_holds_the_values_the_live_transfers_and_the_extension(
        session: Session) -> None:
    member, _ = add_member(session, member_input(phone="13800000000"), today=TODAY)
    transfer(session, member.id, "转入", dt.date(2026, 3, 1), "市商务局", "2026-7")
    record = member_record(session, member.id)
    assert record.id == member.id and record.values.name == "张伟"
    assert record.values.phone == "13800000000" and record.group_name == ""
    assert record.transfers == (TransferLine(dt.date(2026, 3, 1), "转入", "市商务局", "2026-7"),)
    assert record.extension_months == 0

    later = probationary(session, dt.date(2025, 10, 1))
    add_period(session, later.id, PeriodInput("延长预备期", dt.date(2026, 10, 1), months=6,
                                              reference="机关党委批复"), today=TODAY)
    extended = member_record(session, later.id)
    assert extended.extension_months == 6
    assert [(p.kind, p.start, p.end, p.months, p.reference) for p in extended.periods] == [
        ("延长预备期", dt.date(2026, 10, 1), None, 6, "机关党委批复")]
    assert isinstance(extended.periods[0], PeriodLine)


def test_roster_state_and_the_recycle_bin(session: Session) -> None:
    member, _ = add_member(session, member_input(), today=TODAY)
    assert on_roster_now(session, member.id, TODAY) == ("张伟", True)
    transfer(session, member.id, "转出", dt.date(2026, 3, 1), "市商务局")
    assert on_roster_now(session, member.id, TODAY) == ("张伟", False)
    assert on_roster_now(session, member.id, dt.date(2026, 2, 1)) == ("张伟", True)
    assert deleted_members(session) == []
    delete_member(session, member.id)
    [deleted] = deleted_members(session)
    assert (deleted.id, deleted.name, deleted.category, deleted.join_date) == (
        member.id, "张伟", "正式党员", dt.date(2005, 7, 1))
    assert deleted.deleted_at is not None


def test_groups_to_choose_from_in_their_order(session: Session) -> None:
    assert group_choices(session) == []
    save_profile(session, ProfileInput(name="测试支部", code="TEST-01",
                                       groups=["第二党小组", "第一党小组"]))
    assert [g.name for g in group_choices(session)] == ["第二党小组", "第一党小组"]
    assert all(isinstance(g, GroupChoice) and g.id for g in group_choices(session))


def test_an_unknown_member_is_refused_in_chinese(session: Session) -> None:
    with pytest.raises(UserError, match="找不到该党员"):
        member_record(session, "no-such-member")


def test_the_derived_line_follows_category_dates_and_extension() -> None:
    full = member_input(category="正式党员", join_date=dt.date(2000, 7, 1),
                        full_date=dt.date(2001, 7, 1))
    assert derived_text(full, 0, TODAY) == "25 年（从转正日期算起）"
    new = member_input(category="预备党员", join_date=dt.date(2026, 1, 10), full_date=None)
    assert derived_text(new, 0, TODAY) == "预备党员没有党龄；预备期至 2027-01-10"
    assert derived_text(new, 6, TODAY) == \
        "预备党员没有党龄；预备期已延长6个月，至 2027-07-10"
    assert derived_text(member_input(category="", join_date=None), 0, TODAY) == ""


def test_the_profile_as_its_form_edits_it_and_who_chairs_as_what(session: Session) -> None:
    assert profile_input(session) is None and chair_posts(session) == {}
    save_profile(session, ProfileInput(
        name="测试支部", code="TEST-01", term_start=dt.date(2024, 5, 1),
        committee=[{"post": "书记", "name": "张伟"}, {"post": "组织委员", "name": "李红"},
                   {"post": "委员", "name": ""}], groups=["第一党小组"]))
    stored = profile_input(session)
    assert stored is not None
    assert (stored.name, stored.code, stored.term_start) == ("测试支部", "TEST-01",
                                                            dt.date(2024, 5, 1))
    assert [g.name for g in stored.groups if isinstance(g, GroupInput)] == ["第一党小组"]
    assert stored.committee == [{"post": "书记", "name": "张伟"},
                                {"post": "组织委员", "name": "李红"}]  # unnamed posts dropped
    assert chair_posts(session) == {"张伟": "支部书记", "李红": "组织委员"}
