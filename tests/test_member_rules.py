import datetime as dt

import pytest
from sqlalchemy.orm import Session

from app.idcard import check_character
from app.members.rules import on_roster, party_age, probation_end, voter_on
from app.members.service import (
    MemberInput,
    add_member,
    delete_member,
    list_members,
    restore_member,
    transfer,
    update_member,
)
from base.errors import ValidationError

TODAY = dt.date(2026, 11, 25)


def make_id(birth: str, seq: int = 11) -> str:
    first17 = f"320102{birth}{seq:03d}"
    return first17 + check_character(first17)


def member_input(**overrides: object) -> MemberInput:
    data = MemberInput(name="张伟", id_number=make_id("19800101"), category="正式党员",
                       join_date=dt.date(2005, 7, 1), full_date=dt.date(2006, 7, 1))
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_add_fills_birth_date_and_gender_from_the_id(session: Session) -> None:
    member, warnings = add_member(session, member_input(), today=TODAY)
    assert member.birth_date == dt.date(1980, 1, 1)
    assert member.gender == "男"
    assert warnings == []


def test_mismatched_birth_date_and_gender_are_warnings(session: Session) -> None:
    _member, warnings = add_member(
        session, member_input(birth_date=dt.date(1980, 1, 2), gender="女"), today=TODAY
    )
    assert any("出生日期" in w for w in warnings)
    assert any("性别" in w for w in warnings)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"join_date": dt.date(1979, 12, 31)}, "join_date", "晚于出生日期"),
        ({"join_date": dt.date(1980, 1, 1)}, "join_date", "晚于出生日期"),
        ({"full_date": dt.date(2005, 6, 30)}, "full_date", "不能早于入党日期"),
        ({"full_date": None}, "full_date", "请填写转正日期"),
        ({"category": "预备党员"}, "full_date", "预备党员没有转正日期"),
        ({"join_date": dt.date(2026, 11, 26), "full_date": None, "category": "预备党员"},
         "join_date", "不能晚于今天"),
        ({"id_number": make_id("19800101")[:-1] + "0"}, "id_number", "校验位"),
        ({"name": "  "}, "name", "姓名"),
    ],
)
def test_invalid_input_is_refused_per_field(session: Session, overrides: dict[str, object],
                                            field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        add_member(session, member_input(**overrides), today=TODAY)
    assert message in caught.value.fields[field]


def test_join_on_the_full_date_is_allowed(session: Session) -> None:
    add_member(session, member_input(full_date=dt.date(2005, 7, 1)), today=TODAY)


def test_duplicate_id_is_refused_even_when_deleted(session: Session) -> None:
    first, _ = add_member(session, member_input(), today=TODAY)
    with pytest.raises(ValidationError, match="重复"):
        add_member(session, member_input(name="李娜"), today=TODAY)
    delete_member(session, first.id)
    with pytest.raises(ValidationError, match="回收站"):
        add_member(session, member_input(name="李娜"), today=TODAY)


def test_editing_a_member_keeps_its_own_id_number(session: Session) -> None:
    member, _ = add_member(session, member_input(), today=TODAY)
    updated, _ = update_member(session, member.id, member_input(phone="13800000000"), today=TODAY)
    assert updated.phone == "13800000000"
    assert updated.version == 2


def test_fifteen_digit_id_is_stored_upgraded_with_a_warning(session: Session) -> None:
    member, warnings = add_member(session, member_input(id_number="320102800101011"),
                                  today=TODAY)
    assert len(member.id_number) == 18
    assert "升级" in warnings[0]


def test_party_age_counts_from_the_full_date(session: Session) -> None:
    member, _ = add_member(session, member_input(), today=TODAY)
    assert party_age(member, dt.date(2026, 6, 30)) == 19
    assert party_age(member, dt.date(2026, 7, 1)) == 20


def test_probationary_member_has_no_party_age_and_no_vote(session: Session) -> None:
    """党章第七条: 预备党员 have no 表决权; 党龄 counts from 转正."""
    member, _ = add_member(
        session, member_input(category="预备党员", join_date=dt.date(2026, 3, 1), full_date=None),
        today=TODAY,
    )
    assert party_age(member, TODAY) is None
    assert probation_end(member) == dt.date(2027, 3, 1)
    assert not voter_on(member, TODAY)


def test_member_under_probation_of_discipline_has_no_vote(session: Session) -> None:
    """党章第四十条: 留党察看 takes away 表决权、选举权和被选举权."""
    member, _ = add_member(session, member_input(membership_status="留党察看"), today=TODAY)
    assert not voter_on(member, TODAY)


def test_transfers_decide_who_is_on_the_roster(session: Session) -> None:
    member, _ = add_member(session, member_input(), today=TODAY)
    transfer(session, member.id, "转出", dt.date(2024, 5, 10), "市财政局机关党支部", "转字第1号")
    assert on_roster(member, dt.date(2024, 5, 9))
    assert not on_roster(member, dt.date(2024, 5, 10))
    assert member not in list_members(session, on=TODAY)
    assert member in list_members(session, include_left=True)


def test_member_who_came_by_transfer_is_not_on_earlier_rosters(session: Session) -> None:
    member, _ = add_member(session, member_input(), today=TODAY)
    transfer(session, member.id, "转入", dt.date(2020, 3, 1))
    assert not on_roster(member, dt.date(2020, 2, 29))
    assert on_roster(member, dt.date(2020, 3, 1))


def test_delete_is_a_tombstone_that_can_be_restored(session: Session) -> None:
    member, _ = add_member(session, member_input(), today=TODAY)
    delete_member(session, member.id)
    assert member.deleted_at is not None
    assert list_members(session, on=TODAY) == []
    restore_member(session, member.id)
    assert list_members(session, on=TODAY) == [member]


def test_recorded_death_takes_the_member_off_the_roster(session: Session) -> None:
    member, _ = add_member(session, member_input(), today=TODAY)
    update_member(session, member.id, member_input(deceased_date=dt.date(2026, 3, 2)),
                  today=TODAY)
    assert on_roster(member, dt.date(2026, 3, 1))
    assert not on_roster(member, dt.date(2026, 3, 2))
    assert member not in list_members(session, on=TODAY)


@pytest.mark.parametrize(
    ("deceased", "message"),
    [(dt.date(2005, 6, 30), "不能早于入党日期"), (dt.date(2026, 11, 26), "不能晚于今天")],
)
def test_impossible_death_dates_are_refused(session: Session, deceased: dt.date,
                                            message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        add_member(session, member_input(deceased_date=deceased), today=TODAY)
    assert message in caught.value.fields["deceased_date"]
