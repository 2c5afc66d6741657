"""When 春节 and 七一 fall, and the weeks around them when the visits are made."""

import datetime as dt

from base.errors import UserError

SPRING_FESTIVAL = "春节"
JULY_FIRST = "七一"
FESTIVALS = (SPRING_FESTIVAL, JULY_FIRST)

#: 正月初一 in the Gregorian calendar (from the Chinese calendar tables).
_NEW_YEAR = {
    2000: (2, 5), 2001: (1, 24), 2002: (2, 12), 2003: (2, 1), 2004: (1, 22), 2005: (2, 9),
    2006: (1, 29), 2007: (2, 18), 2008: (2, 7), 2009: (1, 26), 2010: (2, 14), 2011: (2, 3),
    2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19), 2016: (2, 8), 2017: (1, 28),
    2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22),
    2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13),
    2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8),
    2036: (1, 28), 2037: (2, 15), 2038: (2, 4), 2039: (1, 24), 2040: (2, 12), 2041: (2, 1),
    2042: (1, 22), 2043: (2, 10), 2044: (1, 30), 2045: (2, 17), 2046: (2, 6), 2047: (1, 26),
    2048: (2, 14), 2049: (2, 2), 2050: (1, 23),
}

#: 春节 visits run from about 腊月 to 元宵; 七一 visits through June into early July.
SPRING_BEFORE = dt.timedelta(days=45)
SPRING_AFTER = dt.timedelta(days=15)


def festival_day(festival: str, year: int) -> dt.date:
    if festival == JULY_FIRST:
        return dt.date(year, 7, 1)
    if festival != SPRING_FESTIVAL:
        raise UserError(f"未知的节日“{festival}”")
    if year not in _NEW_YEAR:
        raise UserError(f"没有{year}年的春节日期（支持 {min(_NEW_YEAR)}–{max(_NEW_YEAR)} 年）")
    return dt.date(year, *_NEW_YEAR[year])


def season(festival: str, year: int) -> tuple[dt.date, dt.date]:
    """The dates whose visits count as that festival's visits."""
    day = festival_day(festival, year)
    if festival == SPRING_FESTIVAL:
        return day - SPRING_BEFORE, day + SPRING_AFTER
    return dt.date(year, 6, 1), dt.date(year, 7, 15)


def upcoming(festival: str, today: dt.date) -> int:
    """The year of the festival whose season is now or next."""
    _start, end = season(festival, today.year)
    return today.year if today <= end else today.year + 1
