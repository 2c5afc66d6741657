"""公民身份号码 (GB 11643-1999): check character, birth date, gender, 15→18 upgrade."""

import datetime as dt
from dataclasses import dataclass

from base.errors import UserError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: dt.date
    gender: str  # 男 / 女
    upgraded_from_15: bool


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def _birth_date(digits: str, today: dt.date) -> dt.date:
    try:
        born = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise UserError(f"身份证号中的出生日期 {digits} 不存在") from None
    if born > today:
        raise UserError(f"身份证号中的出生日期 {born:%Y-%m-%d} 晚于今天")
    if born.year < 1900:
        raise UserError(f"身份证号中的出生日期 {born:%Y-%m-%d} 早于1900年")
    return born


def parse_id_number(text: str, today: dt.date | None = None) -> IdNumber:
    """Validate and normalise; raises UserError with a message for the user."""
    today = today or dt.date.today()
    raw = "".join(str(text).split()).translate(_FULLWIDTH).upper()
    upgraded = False
    if len(raw) == 15:
        if not raw.isdigit():
            raise UserError("15位身份证号只能由数字组成")
        first17 = raw[:6] + "19" + raw[6:]
        raw = first17 + check_character(first17)
        upgraded = True
    if len(raw) != 18:
        raise UserError(f"身份证号应为18位（现为{len(raw)}位）")
    if not raw[:17].isdigit() or not (raw[17].isdigit() or raw[17] == "X"):
        raise UserError("身份证号前17位应为数字，最后一位为数字或X")
    born = _birth_date(raw[6:14], today)
    expected = check_character(raw[:17])
    if raw[17] != expected:
        raise UserError(f"身份证号校验位错误：最后一位应为 {expected}，请核对号码")
    gender = "男" if int(raw[16]) % 2 else "女"
    return IdNumber(raw, born, gender, upgraded)
