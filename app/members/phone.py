"""联系电话: a mainland mobile or a landline with its area code, as people write them."""

import re

from app.members.text import normalised

_MOBILE = re.compile(r"(?:\+?86|0086)?(1[3-9]\d{9})")
_LANDLINE = re.compile(r"\(?0\d{2,3}\)?-?\d{3,4}-?\d{4}(?:(?:-|转|分机|ext\.?|#)\d{1,6})?",
                       re.IGNORECASE)
#: Between two numbers in one cell: 13800000001/0531-88889999.
_SEPARATOR = re.compile(r"([/、,;])")


def _one(text: str) -> str:
    mobile = _MOBILE.fullmatch(text.replace("-", ""))
    return mobile[1] if mobile else text


def normal_phone(text: str) -> str:
    """Without spaces, in half-width digits; a mobile as its 11 digits (no +86, no dashes)."""
    parts = _SEPARATOR.split(normalised(text))
    return "".join(part if index % 2 else _one(part) for index, part in enumerate(parts))


def phone_warning(text: str) -> str | None:
    """Why the number looks wrong, or None when each number in it is a mobile or a landline."""
    numbers = _SEPARATOR.split(normal_phone(text))[::2]
    if all(_MOBILE.fullmatch(n) or _LANDLINE.fullmatch(n) for n in numbers if n):
        return None
    return (f"联系电话“{text.strip()}”不像手机号（11位，1开头）或带区号的固定电话"
            "（如 0531-88889999），请核对")
