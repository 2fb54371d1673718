"""Chinese festivals as due dates: 元旦前, 春节后, 中秋, 国庆前 ...

`X前` is the day before the festival and `X后` the day after it; `X` alone, or `X前后`
("around X"), is the festival day itself.  Solar festivals (元旦, 劳动节, 国庆) have a fixed
Gregorian date.  Lunar ones (春节, 元宵, 端午, 中秋, 除夕) and 清明 (a solar term) move every
year, so they come from the table below of their Gregorian dates for 2024-2035; past 2035 they are
not recognised (the rule gives no date and the phrase is reported as not understood) until the
table is extended.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.dates.calendar import DAY, DateRule

__all__ = ["DATES", "festival_day"]

_FIXED = {"元旦": (1, 1), "劳动节": (5, 1), "勞動節": (5, 1), "国庆": (10, 1)}
_FIXED |= {
    "國慶": (10, 1),
    "国庆节": (10, 1),
    "國慶節": (10, 1),
    "圣诞": (12, 25),
    "聖誕": (12, 25),
}
_FIXED |= {"圣诞节": (12, 25), "聖誕節": (12, 25), "情人节": (2, 14), "情人節": (2, 14)}

# Gregorian dates of 春节 (first day of the first lunar month), 端午 (5/5), 中秋 (8/15), 清明.
_SPRING = {2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26)}
_SPRING |= {2029: (2, 13), 2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31)}
_SPRING |= {2034: (2, 19), 2035: (2, 8)}
_DRAGON_BOAT = {2024: (6, 10), 2025: (5, 31), 2026: (6, 19), 2027: (6, 9), 2028: (5, 28)}
_DRAGON_BOAT |= {2029: (6, 16), 2030: (6, 5), 2031: (6, 24), 2032: (6, 12), 2033: (6, 1)}
_DRAGON_BOAT |= {2034: (6, 20), 2035: (6, 10)}
_MID_AUTUMN = {2024: (9, 17), 2025: (10, 6), 2026: (9, 25), 2027: (9, 15), 2028: (10, 3)}
_MID_AUTUMN |= {2029: (9, 22), 2030: (9, 12), 2031: (10, 1), 2032: (9, 19), 2033: (9, 8)}
_MID_AUTUMN |= {2034: (9, 27), 2035: (9, 16)}
_QINGMING = {year: (4, 4) for year in (2024, 2025, 2028, 2029, 2032, 2033)}
_QINGMING |= {year: (4, 5) for year in (2026, 2027, 2030, 2031, 2034, 2035)}

_TABLE: dict[str, tuple[dict[int, tuple[int, int]], int]] = {
    "春节": (_SPRING, 0),
    "春節": (_SPRING, 0),
    "过年": (_SPRING, 0),
    "過年": (_SPRING, 0),
    "大年初一": (_SPRING, 0),
    "除夕": (_SPRING, -1),
    "元宵": (_SPRING, 14),
    "元宵节": (_SPRING, 14),
    "元宵節": (_SPRING, 14),
    "端午": (_DRAGON_BOAT, 0),
    "端午节": (_DRAGON_BOAT, 0),
    "端午節": (_DRAGON_BOAT, 0),
    "中秋": (_MID_AUTUMN, 0),
    "中秋节": (_MID_AUTUMN, 0),
    "中秋節": (_MID_AUTUMN, 0),
    "清明": (_QINGMING, 0),
    "清明节": (_QINGMING, 0),
    "清明節": (_QINGMING, 0),
}
_OFFSETS = {"前": -1, "之前": -1, "以前": -1, "后": 1, "後": 1, "之后": 1, "之後": 1, "以后": 1}
_OFFSETS |= {"以後": 1, "前后": 0, "前後": 0, "左右": 0, "": 0}


def festival_day(name: str, year: int) -> date | None:
    """The festival's Gregorian date in `year`; None past the table."""
    if name in _FIXED:
        return date(year, *_FIXED[name])
    table, days = _TABLE[name]
    if year not in table:
        return None
    return date(year, *table[year]) + timedelta(days=days)


def _festival(m: re.Match[str], today: date) -> date | None:
    """The next such festival whose due day (with 前/后) is today or later."""
    name, offset = m.group(1), _OFFSETS[m.group(2) or ""]
    for year in (today.year, today.year + 1):
        day = festival_day(name, year)
        if day is None:
            return None
        if day + offset * DAY >= today:
            return day + offset * DAY
    return None


_NAMES = "|".join(sorted([*_FIXED, *_TABLE], key=len, reverse=True))
_AROUND = "|".join(sorted((o for o in _OFFSETS if o), key=len, reverse=True))
DATES: list[DateRule] = [(re.compile(rf"({_NAMES})(?:节|節)?({_AROUND})?"), _festival)]
