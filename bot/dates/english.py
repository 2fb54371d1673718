"""English date and time rules for ``bot.dates.parse``: fri 3pm, in 2 weeks, 10-August-2012 ..."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.dates import durations
from bot.dates.calendar import (
    DAY,
    DateFn,
    DateRule,
    MomentFn,
    MomentRule,
    SpanFn,
    SpanRule,
    TimeFn,
    TimeRule,
    add_months,
    clock,
    day_of_month,
    future_date,
    month_end,
    nearest_date,
    shift,
    upcoming,
    week_day,
    weekend,
)
from bot.dates.durations import NUMBERS, alternatives

__all__ = ["DATES", "MOMENTS", "NAMES", "SPANS", "TIMES"]

_WEEKDAYS = {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2}
_WEEKDAYS |= {"wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4}
_WEEKDAYS |= {"friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6}
_MONTHS = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4}
_MONTHS |= {"april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8}
_MONTHS |= {"august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10}
_MONTHS |= {"nov": 11, "november": 11, "dec": 12, "december": 12}
_PARTS_OF_DAY = {"morning": 9, "afternoon": 14, "evening": 18, "night": 20, "tonight": 20}


_NUM = r"\d{1,3}|" + alternatives(NUMBERS)
_WD = alternatives(_WEEKDAYS)
_MON = alternatives(_MONTHS)
# A lowercase "may" is a verb far more often than a month ("5 may", "may I"); "May" counts.
NAMES = f"{_MON}|{_WD}"  # month and weekday names, for a quick "could this be a date?"
_MON_NOT_MAY = alternatives(m for m in _MONTHS if m != "may")
_MON_CASED = rf"(?:{_MON_NOT_MAY}|(?-i:May|MAY))"
_ORDINAL = r"(?:st|nd|rd|th)?"
_WD_PREFIX = rf"(?:(?:{_WD})\.?,?\s*)?"  # "Thu Oct 26", "Sunday, March 6th": the date decides
# A year after a day: "Dec 5 2026", "Dec 5, 2026"; two digits only where they cannot be a time.
_YEAR = r"(?:,?\s*(\d{4})(?![\d:])|,?\s+'?(\d{2})(?![\d:.]|\s*(?:[ap]\.?m\b|h\b|o'?\s*clock)))?"
_DAY_RANGE = r"\s*(?:-|–|to|until|through)\s*(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?"
_DAY_RANGE_END = r"\s*(?:-|–|to|until|through)\s*(\d{1,2})(?:st|nd|rd|th)?(?![\d:])"
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_ORDINAL_WORDS |= {"seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11}
_ORDINAL_WORDS |= {"twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15}
_ORDINAL_WORDS |= {"sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
_ORDINAL_WORDS |= {"twentieth": 20, "thirtieth": 30}
_ORDINAL_WORDS |= {f"twenty-{w}": 20 + n for w, n in list(_ORDINAL_WORDS.items())[:9]}
_ORDINAL_WORDS |= {"thirty-first": 31}
_ORDINAL_WORD = "|".join(
    sorted((w.replace("-", "[-\\s]?") for w in _ORDINAL_WORDS), key=len, reverse=True)
)
# "you may first call": a lowercase "may" before a spelled-out ordinal is the verb
_NOT_MAY_WORD = rf"(?!(?-i:may)\s+(?:{_ORDINAL_WORD}))"
# "5", "5th", "fifth", "twenty-fourth": a day of the month
_DAY_NUM = rf"(\d{{1,2}}(?![\d:.])|{_ORDINAL_WORD})"
_OF_MONTH_OR_END = r"(?:\s+of\s+(?:the|this)\s+month|(?=\s*(?:$|[,.;!)])))"
_COUNTED = (
    r"(?:[a-z]+ish|people|persons?|users?|of|percent|times?|items?|units?|seats?|x|k|m|each"
    r"|per|apiece|dollars?|bucks|usd|eur|rmb|yuan)\b|元|块"
)
# not "at 10 - 20" (a score or a range of numbers) nor "at 3 people"
_NOT_COUNTED = rf"(?![\d:.]|\s*(?:[ap]\.?m\b|%|[-–~]\s*\d|{_COUNTED}))"
# "I'm at 10", "the price is at 10": a level, not a time
_NOT_A_LEVEL_AT = r"(?<!'m\sat\s)(?<!\bam\sat\s)(?<!\bis\sat\s)(?<!re\sat\s)(?<!as\sat\s)"


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word.lower()]


def _day(text: str) -> int:
    """'5' -> 5, 'fifth' -> 5, 'Twenty-fourth' / 'twenty fourth' -> 24."""
    if text.isdigit():
        return int(text)
    return _ORDINAL_WORDS[re.sub(r"[-\s]+", "-", text.lower())]


def _year(four: str | None, two: str | None) -> int | None:
    if four:
        return int(four)
    if two:
        return (1900 if int(two) > 50 else 2000) + int(two)
    return None


# "sat down with the CFO" is not a Saturday (and must not look like a broken date either)
_SAT_AS_VERB = r"(?!sat\s+(?:down|in|with|through|together|next\s+to)\b)"


def _weekday(m: re.Match[str], today: date) -> date:
    weekday = _WEEKDAYS[m.group(2).lower()]
    before, week = (m.group(1) or "").lower(), (m.group(3) or "").lower()
    if week:  # "Tuesday of this week" (even if it has passed), "friday next week"
        return week_day(today, weekday, {"this": 0, "next": 1, "last": -1}[week])
    if before == "next":
        return week_day(today, weekday, 1)
    if before in ("last", "past"):
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    return upcoming(today, weekday)


def _relative(m: re.Match[str], today: date) -> date:
    amount, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return shift(today, _number(amount), unit.lower())


def _month_day(m: re.Match[str], today: date) -> date | None:
    year = _year(m.group(3), m.group(4))
    return nearest_date(year, _MONTHS[m.group(1).lower()], _day(m.group(2)), today)


def _day_month(m: re.Match[str], today: date) -> date | None:
    year = _year(m.group(3), m.group(4))
    return nearest_date(year, _MONTHS[m.group(2).lower()], _day(m.group(1)), today)


def _both_days(year: int | None, month: int, first: int, last: int, today: date) -> date | None:
    start = nearest_date(year, month, first, today)
    if start is None or last <= first or nearest_date(start.year, month, last, today) is None:
        return None
    return start


def _day_range_month(m: re.Match[str], today: date) -> date | None:
    year, month = _year(m.group(4), m.group(5)), _MONTHS[m.group(3).lower()]
    return _both_days(year, month, int(m.group(1)), int(m.group(2)), today)


def _month_day_range(m: re.Match[str], today: date) -> date | None:
    year, month = _year(m.group(4), m.group(5)), _MONTHS[m.group(1).lower()]
    return _both_days(year, month, int(m.group(2)), int(m.group(3)), today)


def _year_month_day(m: re.Match[str], today: date) -> date | None:
    return future_date(int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3)), today)


def _month_of_year(m: re.Match[str], today: date) -> date | None:
    """'September 2012', '2024 Aug': the first of that month."""
    month_name, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    return future_date(int(year), _MONTHS[month_name.lower()], 1, today)


def _month_ahead(m: re.Match[str], today: date) -> date | None:
    """'in August': the first of the next August (this one if we are in it)."""
    month = _MONTHS[m.group(1).lower()]
    year = today.year if month >= today.month else today.year + 1
    return date(year, month, 1) if month != today.month else today


def _month_slash_year(m: re.Match[str], today: date) -> date | None:
    """'09/2012': the first of that month."""
    return future_date(int(m.group(2)), int(m.group(1)), 1, today)


def _ordinal_day(m: re.Match[str], today: date) -> date | None:
    return day_of_month(int(m.group(1)), today)


def _numeric(m: re.Match[str], today: date) -> date | None:
    """12/5, 12/5/2026, 07-27-2022, 25/05/2015 (a first number above 12 is the day)."""
    first, second = int(m.group(1)), int(m.group(2))
    year = int(m.group(3)) if m.group(3) else None
    if year is not None and year < 100:
        year += 2000
    month, day = (second, first) if first > 12 else (first, second)
    return nearest_date(year, month, day, today)


def _numeric_ymd(m: re.Match[str], today: date) -> date | None:
    return future_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)


def _twelve_hour(m: re.Match[str]) -> time | None:
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if not 1 <= hour <= 12:
        return None
    return clock(hour % 12 + (12 if m.group(3).lower() == "p" else 0), minute)


def _part_of_day(m: re.Match[str]) -> time:
    return time(_PARTS_OF_DAY[m.group(1).lower()])


def _bare_hour(m: re.Match[str]) -> time | None:
    """'at 8' next to a date: 1-7 are afternoon hours, 8-11 morning ones, as people mean them."""
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if 1 <= hour <= 7:
        hour += 12
    return clock(hour, minute)


def _with_part(hour: int, minute: int, part: str) -> time | None:
    """3 + 'afternoon' -> 15:00; 11 + 'morning' -> 11:00; 12 + 'night' -> 00:00."""
    if not 1 <= hour <= 12 and not (part == "morning" and hour == 0):
        return clock(hour, minute) if 13 <= hour <= 23 and part != "morning" else None
    if part == "morning":
        hour %= 12
    elif part in ("afternoon", "evening", "night", "tonight") and hour < 12:
        hour += 12 if not (part == "night" and hour <= 4) else 0
    return clock(hour, minute)


def _part_then_hour(m: re.Match[str], today: date) -> tuple[date, time] | None:
    """'tonight at 8', 'this afternoon at 3', 'tomorrow evening at 7:30'."""
    day_word, part = (m.group("day") or "").lower(), m.group("part").lower()
    day = today + DAY if day_word.startswith("tom") else today
    at = _with_part(int(m.group("h")), int(m.group("m") or 0), part)
    return None if at is None else (day, at)


def _hour_then_part(m: re.Match[str], today: date) -> tuple[date, time] | None:
    """'11 at night', '6 in the morning', '11 tonight', '8 tomorrow night'."""
    day_word, part = (m.group("day") or "").lower(), m.group("part").lower()
    day = today + DAY if day_word.startswith("tom") else today
    at = _with_part(int(m.group("h")), int(m.group("m") or 0), part)
    return None if at is None else (day, at)


def _unix_stamp(m: re.Match[str], today: date) -> tuple[date, time] | None:
    """'Thu Oct 26 11:00:09 2023' (the `date` command's shape): the year comes last."""
    found = future_date(
        int(m.group("y")), _MONTHS[m.group("mon").lower()], int(m.group("d")), today
    )
    at = clock(int(m.group("h")), int(m.group("m")))
    return None if found is None or at is None else (found, at)


_DATES: list[tuple[str, DateFn]] = [
    (r"today|tonight|tdy|this(?=\s+(?:morning|afternoon|evening))", lambda m, d: d),
    (r"tomorrow|tomorow|tmrw|tmr|tmw", lambda m, d: d + DAY),
    (r"yesterday|last\s+night", lambda m, d: d - DAY),
    (r"(?:the\s+)?day\s+before\s+yesterday", lambda m, d: d - 2 * DAY),
    (r"(?:the\s+)?day\s+after\s+tomorrow", lambda m, d: d + 2 * DAY),
    (r"eod|cob|end\s+of\s+(?:the\s+)?day|close\s+of\s+business", lambda m, d: d),
    (r"eow|end\s+of\s+(?:the\s+|this\s+)?week|this\s+week", lambda m, d: upcoming(d, 4)),
    (r"end\s+of\s+next\s+week", lambda m, d: week_day(d, 4, 1)),
    (r"next\s+week", lambda m, d: week_day(d, 0, 1)),
    (r"last\s+week", lambda m, d: week_day(d, 0, -1)),
    (r"eom|end\s+of\s+(?:the\s+|this\s+)?month", lambda m, d: month_end(d)),
    (r"end\s+of\s+next\s+month", lambda m, d: month_end(add_months(d, 1))),
    (r"next\s+month", lambda m, d: add_months(d.replace(day=1), 1)),
    (r"last\s+month", lambda m, d: add_months(d.replace(day=1), -1)),
    (r"end\s+of\s+(?:the\s+|this\s+)?year|eoy|this\s+year", lambda m, d: date(d.year, 12, 31)),
    (r"this\s+month", lambda m, d: month_end(d)),  # like "this week": by its end
    (r"next\s+year", lambda m, d: date(d.year + 1, 1, 1)),
    (r"next\s+day", lambda m, d: d + DAY),
    (r"last\s+weekend", lambda m, d: week_day(d, 5, -1)),
    (r"(?:this\s+)?weekend", lambda m, d: weekend(d)),
    (r"next\s+weekend", lambda m, d: week_day(d, 5, 1)),
    (
        rf"(?:(this|next|coming|last|past)\s+)?{_SAT_AS_VERB}({_WD})\.?"
        r"(?:,?\s+(?:of\s+)?(this|next|last)\s+week)?",
        _weekday,
    ),
    (
        rf"in\s+({_NUM})\s+(day|week|month|year)s?|({_NUM})\s+(day|week|month|year)s?\s+from\s+(?:now|today)",
        _relative,
    ),
    *durations.DATES,
    (rf"{_WD_PREFIX}{_NOT_MAY_WORD}({_MON})\.?\s*,?\s*{_DAY_NUM}{_ORDINAL}{_YEAR}", _month_day),
    # "10 - 22 August 2012", "Aug 10-12, 2027": due on the first day; both days must exist
    (rf"(\d{{1,2}}){_ORDINAL}{_DAY_RANGE}({_MON_CASED})\.?{_YEAR}", _day_range_month),
    (rf"({_MON})\.?\s*(\d{{1,2}}){_ORDINAL}{_DAY_RANGE_END}{_YEAR}", _month_day_range),
    (
        rf"(?:the\s+)?{_WD_PREFIX}{_DAY_NUM}{_ORDINAL}\s*(?:of\s+)?({_MON_CASED})\.?{_YEAR}",
        _day_month,
    ),
    (
        rf"{_WD_PREFIX}(\d{{1,2}}){_ORDINAL}[-/ ]({_MON})[-/ ,]\s*(\d{{4}})|"
        rf"{_WD_PREFIX}(\d{{1,2}})[-/]({_MON})(?:[-/](\d{{4}}))?",
        lambda m, d: _day_month_any(m, d),
    ),
    (rf"(\d{{4}})[-/ .]\s*({_MON})\.?[-/ .,]\s*(\d{{1,2}}){_ORDINAL}(?![\d:])", _year_month_day),
    (
        rf"({_MON})\.?[\s,-]+(\d{{4}})(?![\d:])|(?<![\d/-])(\d{{4}})\s+({_MON})(?![a-z])",
        _month_of_year,
    ),
    (rf"(?:in|by|until|till|during|early|mid|late|before)\s+({_MON_CASED})(?!\s*\d)", _month_ahead),
    (rf"the\s+(\d{{1,2}})(?:st|nd|rd|th){_OF_MONTH_OR_END}", _ordinal_day),
    (r"(?<![\d/.:-])(\d{1,2})/(\d{4})(?![\d/])", _month_slash_year),
    (
        rf"{_WD_PREFIX}(?<![\d/.:-])(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}|\d{{2}}))?"
        r"(?![\d/]|:(?!\d\d:\d\d)|\s+of\b)",  # "1/2 of the samples" is a fraction
        _numeric,
    ),
    (rf"{_WD_PREFIX}(?<![\d/.:-])(\d{{1,2}})-(\d{{1,2}})-(\d{{4}}|\d{{2}})(?![\d-])", _numeric),
    (
        rf"{_WD_PREFIX}(?<![\d/.-])(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?![\d/.]|-\w)",
        _numeric_ymd,
    ),
]


def _day_month_any(m: re.Match[str], today: date) -> date | None:
    """'10-August-2012', '10 August 2012', '8/Oct/2012', '15-Sep'."""
    if m.group(1):
        return nearest_date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)), today)
    year = int(m.group(6)) if m.group(6) else None
    return nearest_date(year, _MONTHS[m.group(5).lower()], int(m.group(4)), today)


_TIMES: list[tuple[str, TimeFn, bool]] = [
    (r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\.?", _twelve_hour, True),
    (
        r"(?<![\d:/.-])(\d{1,2}):(\d{2})(?::\d{2})?(?![\d:])",
        lambda m: clock(int(m[1]), int(m[2])),
        True,
    ),
    (
        r"(?<=[\d/.:-])(\d{1,2}):(\d{2})(?::\d{2})?(?![\d:])",
        lambda m: clock(int(m[1]), int(m[2])),
        False,
    ),
    (r"(?<![\d:])(\d{1,2})\s*o'?\s*clock", _bare_hour, True),
    (r"noon|midday", lambda m: time(12), True),
    (r"midnight", lambda m: time(0), True),
    (r"(?:in\s+the\s+)?(morning|afternoon|evening|night)", _part_of_day, False),
    # "demo at 3", "tomorrow at 8": an hour without am/pm after "at", unless it counts something
    (rf"(?<=at\s){_NOT_A_LEVEL_AT}(\d{{1,2}})(?:[:.](\d{{2}}))?{_NOT_COUNTED}", _bare_hour, True),
]
_SPANS: list[tuple[str, SpanFn]] = [
    *durations.SPANS,
]
_PART = r"(?P<part>morning|afternoon|evening|night|tonight)"
_DAYWORD = r"(?:(?P<day>today|tomorrow|tmrw|tmr|this)\s+)"
_MOMENTS: list[tuple[str, MomentFn]] = [
    (
        rf"(?:{_DAYWORD}(?:in\s+the\s+)?|in\s+the\s+)?{_PART}\s+(?:at\s+|@\s*)?(?P<h>\d{{1,2}})(?:[:.](?P<m>\d{{2}}))?(?![\d:.]|\s*(?:[ap]\.?m|o'?\s*clock|h\b))",
        _part_then_hour,
    ),
    (
        rf"(?:at\s+)?(?P<h>\d{{1,2}})(?:[:.](?P<m>\d{{2}}))?(?:\s*o'?\s*clock)?\s+(?:at\s+|in\s+the\s+|this\s+|{_DAYWORD})?{_PART}",
        _hour_then_part,
    ),
    (
        rf"{_WD_PREFIX}(?P<mon>{_MON})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<h>\d{{1,2}}):(?P<m>\d{{2}})(?::\d{{2}})?(?:\s+[A-Z]{{3,4}})?\s+(?P<y>\d{{4}})",
        _unix_stamp,
    ),
]

DATES: list[DateRule] = []
TIMES: list[TimeRule] = []
SPANS: list[SpanRule] = []
MOMENTS: list[MomentRule] = []


def english(pattern: str) -> re.Pattern[str]:
    """Whole words only: 'fri' must not match inside 'frighten'."""
    end = r"(?:(?![A-Za-z0-9])|(?<=\d)(?=T\d\d:))"  # ISO 8601: "2027-01-05T14:30"
    return re.compile(rf"(?<![A-Za-z0-9])(?:{pattern}){end}", re.IGNORECASE)


DATES += [(english(p), fn) for p, fn in _DATES]
TIMES += [(english(p), fn, alone) for p, fn, alone in _TIMES]
# ISO 8601 "2027-01-05T14:30:00Z": the time right after the T (an offset, if any, is not applied)
TIMES.append(
    (
        re.compile(r"(?<=\dT)(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\d:])"),
        lambda m: clock(int(m[1]), int(m[2])),
        False,
    )
)
SPANS += [(english(p), fn) for p, fn in _SPANS]
MOMENTS += [(english(p), fn) for p, fn in _MOMENTS]
