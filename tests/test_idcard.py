import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.idcard import check_character, parse_id_number
from base.errors import UserError

TODAY = dt.date(2026, 11, 25)


def test_valid_number_gives_birth_date_and_gender() -> None:
    parsed = parse_id_number("11010519491231002X", TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender == "女"  # 17th digit 2 is even
    assert not parsed.upgraded_from_15


def test_lowercase_x_fullwidth_digits_and_spaces_are_normalised() -> None:
    assert parse_id_number(" 11010519491231002x ", TODAY).number == "11010519491231002X"
    fullwidth = "１１０１０５１９４９１２３１００２Ｘ"
    assert parse_id_number(fullwidth, TODAY).number == "11010519491231002X"


def test_wrong_check_character_names_the_expected_one() -> None:
    with pytest.raises(UserError, match="校验位错误：最后一位应为 X"):
        parse_id_number("110105194912310021", TODAY)


@pytest.mark.parametrize("birth", ["19490230", "19491301", "20010229", "19000000"])
def test_impossible_birth_dates_are_refused(birth: str) -> None:
    first17 = f"110105{birth}001"
    with pytest.raises(UserError, match="不存在"):
        parse_id_number(first17 + check_character(first17), TODAY)


def test_leap_day_exists_in_leap_years() -> None:
    first17 = "11010520000229001"
    assert parse_id_number(first17 + check_character(first17), TODAY).birth_date == dt.date(
        2000, 2, 29
    )


def test_future_birth_date_is_refused() -> None:
    first17 = "11010520261126001"
    with pytest.raises(UserError, match="晚于今天"):
        parse_id_number(first17 + check_character(first17), TODAY)


@pytest.mark.parametrize("text", ["1101051949123100", "11010519491231002XX", "A1010519491231002X"])
def test_wrong_length_or_characters(text: str) -> None:
    with pytest.raises(UserError):
        parse_id_number(text, TODAY)


def test_fifteen_digit_number_is_upgraded() -> None:
    parsed = parse_id_number("110105491231002", TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.upgraded_from_15
    assert parsed.gender == "女"


@given(st.dates(dt.date(1900, 1, 1), TODAY), st.integers(0, 999))
def test_any_generated_number_round_trips(birth: dt.date, seq: int) -> None:
    first17 = f"320102{birth:%Y%m%d}{seq:03d}"
    number = first17 + check_character(first17)
    parsed = parse_id_number(number, TODAY)
    assert parsed.birth_date == birth
    assert parsed.gender == ("男" if seq % 2 else "女")
    wrong = "0" if number[-1] != "0" else "1"
    with pytest.raises(UserError):
        parse_id_number(number[:-1] + wrong, TODAY)
