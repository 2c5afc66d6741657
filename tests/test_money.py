from decimal import Decimal

import pytest

from base.errors import UserError
from base.money import amount_in_words, from_fen, parse_yuan, to_fen


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("76.50", "柒拾陆元伍角整"),
        ("49.00", "肆拾玖元整"),
        ("0.20", "贰角整"),
        ("0.05", "伍分"),
        ("1005.07", "壹仟零伍元零柒分"),
        ("100000.00", "壹拾万元整"),
        ("100010.00", "壹拾万零壹拾元整"),
        ("30.10", "叁拾元壹角整"),
        ("0.00", "零元整"),
    ],
)
def test_amount_in_words(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


def test_fen_round_trip_is_exact() -> None:
    assert to_fen(Decimal("34.57")) == 3457
    assert from_fen(3457) == Decimal("34.57")


def test_parse_yuan_refuses_bad_input() -> None:
    assert parse_yuan(" 1,200.5 ") == Decimal("1200.50")
    with pytest.raises(UserError, match="两位小数"):
        parse_yuan("1.234")
    with pytest.raises(UserError, match="不是有效的数字"):
        parse_yuan("十元")
