"""Money: Decimal 元 in code, integer 分 in storage, 大写 on receipts."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from base.errors import UserError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
#: No amount the branch or the city records comes near it; it keeps 分 within 64 bits and
#: Decimal arithmetic within its precision.
MAX_YUAN = Decimal("999999999.99")


def parse_yuan(text: str | int | Decimal) -> Decimal:
    """Parse an amount of 元 typed by a user; refuse more than two decimals."""
    try:
        value = Decimal(str(text).strip().replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise UserError(f"金额“{text}”不是有效的数字") from None
    if not value.is_finite():
        raise UserError(f"金额“{text}”不是有效的数字")
    if abs(value) > MAX_YUAN:
        raise UserError(f"金额“{text}”太大：最多 {MAX_YUAN:,} 元")
    if value != value.quantize(CENT):
        raise UserError(f"金额“{text}”最多保留两位小数（到分）")
    return value.quantize(CENT)


def to_fen(yuan: Decimal) -> int:
    return int((yuan * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(CENT)


def format_yuan(yuan: Decimal | None) -> str:
    """1,234.50; blank where there is no amount (a cell left empty on paper)."""
    return "" if yuan is None else f"{yuan.quantize(CENT):,.2f}"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
_BIG_UNITS = ["", "万", "亿", "万亿"]


def _four_digits(n: int) -> str:
    out, zero = "", False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
        else:
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[d] + _SMALL_UNITS[pos]
    return out


def _integer_words(n: int) -> str:
    if n == 0:
        return "零"
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, need_zero = "", False
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        if g == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or g < 1000):
            out += "零"
        out += _four_digits(g) + _BIG_UNITS[idx]
        need_zero = False
    return out


def amount_in_words(yuan: Decimal) -> str:
    """Chinese financial capitals, e.g. 76.50 → 柒拾陆元伍角整, 1005.07 → 壹仟零伍元零柒分."""
    if yuan < 0:
        return "负" + amount_in_words(-yuan)
    fen = to_fen(yuan)
    whole, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    if fen == 0:
        return "零元整"
    out = _integer_words(whole) + "元" if whole else ""
    if jiao == 0 and cents == 0:
        return out + "整"
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif whole:
        out += "零"
    if cents:
        out += _DIGITS[cents] + "分"
    else:
        out += "整"
    return out
