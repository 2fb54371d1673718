"""Turn date phrases typed by sales reps (English or Chinese) into due dates.

Recognition is done with small tables of regular expressions, each paired with a function that
turns a match into a date, a clock time or a time span.  Dates and times found next to each other
are combined ("monday 9am", "明天下午3点"); the longest combination wins.  Chinese rules live in
``bot.dates.chinese``.  ``dateparser`` is only a last resort for whole phrases in :func:`parse_due`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import dateparser

from bot.dates import chinese as dates_zh
from bot.dates.calendar import (
    DAY,
    END_OF_DAY,
    DateFn,
    DateRule,
    Due,
    SpanFn,
    SpanRule,
    TimeFn,
    TimeRule,
    add_months,
    clock,
    day_of_month,
    future_date,
    month_end,
    shift,
    upcoming,
    week_day,
    weekend,
)

__all__ = ["Due", "extract_due", "parse_due", "warm_up"]


_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBERS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_WEEKDAYS = {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2}
_WEEKDAYS |= {"wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4}
_WEEKDAYS |= {"friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6}
_MONTHS = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4}
_MONTHS |= {"april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8}
_MONTHS |= {"august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10}
_MONTHS |= {"nov": 11, "november": 11, "dec": 12, "december": 12}
_PARTS_OF_DAY = {"morning": 9, "afternoon": 14, "evening": 18, "night": 20}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_NUM = r"\d{1,3}|" + _alternatives(_NUMBERS)
_WD = _alternatives(_WEEKDAYS)
_MON = _alternatives(_MONTHS)
_MON_NOT_MAY = _alternatives(m for m in _MONTHS if m != "may")  # "5 may" is too ambiguous
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4}))?"
# "by the 5th", "the 5th of this month"; but not "the 2nd demo"
_OF_MONTH_OR_END = r"(?:\s+of\s+(?:the|this)\s+month|(?=\s*(?:$|[,.;!)])))"
_DATE_UNIT = r"(day|week|month|year)s?"
_TIME_UNIT = r"(hour|hr|minute|min)s?"


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


_SAT_AS_VERB = re.compile(r"\s+(?:down|in|with|through|together|next\s+to)\b", re.IGNORECASE)


def _weekday(m: re.Match[str], today: date) -> date | None:
    if m.group(2).lower() == "sat" and _SAT_AS_VERB.match(m.string, m.end()):
        return None  # "sat down with the CFO" is not a Saturday
    weekday = _WEEKDAYS[m.group(2).lower()]
    if "next" in ((m.group(1) or "") + (m.group(3) or "")).lower():
        return week_day(today, weekday, 1)
    return upcoming(today, weekday)


def _relative(m: re.Match[str], today: date) -> date:
    amount, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return shift(today, _number(amount), unit.lower())


def _month_day(m: re.Match[str], today: date) -> date | None:
    year = int(m.group(3)) if m.group(3) else None
    return future_date(year, _MONTHS[m.group(1).lower()], int(m.group(2)), today)


def _day_month(m: re.Match[str], today: date) -> date | None:
    year = int(m.group(3)) if m.group(3) else None
    return future_date(year, _MONTHS[m.group(2).lower()], int(m.group(1)), today)


def _ordinal_day(m: re.Match[str], today: date) -> date | None:
    return day_of_month(int(m.group(1)), today)


def _numeric_mdy(m: re.Match[str], today: date) -> date | None:
    year = int(m.group(3)) if m.group(3) else None
    if year is not None and year < 100:
        year += 2000
    return future_date(year, int(m.group(1)), int(m.group(2)), today)


def _numeric_ymd(m: re.Match[str], today: date) -> date | None:
    return future_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)


def _twelve_hour(m: re.Match[str]) -> time | None:
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if not 1 <= hour <= 12:
        return None
    return clock(hour % 12 + (12 if m.group(3).lower() == "p" else 0), minute)


def _part_of_day(m: re.Match[str]) -> time:
    return time(_PARTS_OF_DAY[m.group(1).lower()])


def _span(m: re.Match[str]) -> timedelta:
    amount, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    minutes = _number(amount) * (60 if unit.lower().startswith("h") else 1)
    return timedelta(minutes=minutes)


_EN_DATES: list[tuple[str, DateFn]] = [
    (r"today|tonight|tdy|this(?=\s+(?:morning|afternoon|evening))", lambda m, d: d),
    (r"tomorrow|tomorow|tmrw|tmr|tmw", lambda m, d: d + DAY),
    (r"(?:the\s+)?day\s+after\s+tomorrow", lambda m, d: d + 2 * DAY),
    (r"eod|cob|end\s+of\s+(?:the\s+)?day|close\s+of\s+business", lambda m, d: d),
    (r"eow|end\s+of\s+(?:the\s+|this\s+)?week|this\s+week", lambda m, d: upcoming(d, 4)),
    (r"end\s+of\s+next\s+week", lambda m, d: week_day(d, 4, 1)),
    (r"next\s+week", lambda m, d: week_day(d, 0, 1)),
    (r"eom|end\s+of\s+(?:the\s+|this\s+)?month", lambda m, d: month_end(d)),
    (r"end\s+of\s+next\s+month", lambda m, d: month_end(add_months(d, 1))),
    (r"next\s+month", lambda m, d: add_months(d.replace(day=1), 1)),
    (r"(?:this\s+)?weekend", lambda m, d: weekend(d)),
    (r"next\s+weekend", lambda m, d: week_day(d, 5, 1)),
    (rf"(?:(this|next|coming)\s+)?({_WD})\.?(?:\s+(?:of\s+)?(this|next)\s+week)?", _weekday),
    (rf"in\s+({_NUM})\s+{_DATE_UNIT}|({_NUM})\s+{_DATE_UNIT}\s+from\s+(?:now|today)", _relative),
    (rf"({_MON})\.?\s+(\d{{1,2}}){_ORDINAL}{_YEAR}", _month_day),
    (rf"(\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?({_MON_NOT_MAY})\.?{_YEAR}", _day_month),
    (rf"the\s+(\d{{1,2}})(?:st|nd|rd|th){_OF_MONTH_OR_END}", _ordinal_day),
    (r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])", _numeric_mdy),
    (r"(?<![\d/.-])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", _numeric_ymd),
]

_EN_TIMES: list[tuple[str, TimeFn, bool]] = [
    (r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?", _twelve_hour, True),
    (r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])", lambda m: clock(int(m[1]), int(m[2])), True),
    (r"noon|midday", lambda m: time(12), True),
    (r"(?:in\s+the\s+)?(morning|afternoon|evening|night)", _part_of_day, False),
]
_EN_SPANS: list[tuple[str, SpanFn]] = [
    (rf"in\s+({_NUM})\s+{_TIME_UNIT}|({_NUM})\s+{_TIME_UNIT}\s+from\s+now", _span),
]


def _english(pattern: str) -> re.Pattern[str]:
    """Whole words only: 'fri' must not match inside 'frighten'."""
    return re.compile(rf"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])", re.IGNORECASE)


@dataclass(frozen=True)
class _Rules:
    dates: list[DateRule]
    times: list[TimeRule]
    spans: list[SpanRule]


@cache
def _rules() -> _Rules:
    return _Rules(
        dates=[(_english(p), fn) for p, fn in _EN_DATES] + dates_zh.DATES,
        times=[(_english(p), fn, alone) for p, fn, alone in _EN_TIMES] + dates_zh.TIMES,
        spans=[(_english(p), fn) for p, fn in _EN_SPANS] + dates_zh.SPANS,
    )


# --- scanning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    day: date | None = None
    clock: time | None = None
    span: timedelta | None = None
    valid: bool = True
    alone: bool = True  # a time that may stand without a date

    def rank(self) -> tuple[int, bool, int]:
        """Longest first, then the one with a time, then the earliest."""
        return (self.end - self.start, self.clock is not None, -self.start)


_DATE_THEN_TIME = re.compile(r"[\s,]*(?:(?:at|by)\s+|@\s*)?", re.IGNORECASE)
_TIME_THEN_DATE = re.compile(r"[\s,]*(?:on\s+)?", re.IGNORECASE)
_EOD_TAIL = re.compile(r"[\s,]*(?:by\s+)?(?:eod|cob|end\s+of\s+(?:the\s+)?day)\b", re.IGNORECASE)


def _find(text: str, today: date) -> list[_Hit]:
    """Every single date, time and span match in `text`, valid or not."""
    rules = _rules()
    hits: list[_Hit] = []
    for regex, date_fn in rules.dates:
        for m in regex.finditer(text):
            day = date_fn(m, today)
            hits.append(_Hit(m.start(), m.end(), day=day, valid=day is not None))
    for regex, time_fn, alone in rules.times:
        for m in regex.finditer(text):
            at = time_fn(m)
            hits.append(_Hit(m.start(), m.end(), clock=at, valid=at is not None, alone=alone))
    for regex, span_fn in rules.spans:
        for m in regex.finditer(text):
            span = span_fn(m)
            hits.append(_Hit(m.start(), m.end(), span=span, valid=span is not None))
    return hits


def _combine(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Usable phrases: dates (with an adjacent time if any), standalone times and spans."""
    dates = [h for h in hits if h.valid and h.day is not None]
    times = [h for h in hits if h.valid and h.clock is not None]
    found = [h for h in hits if h.valid and h.alone and h.day is None]  # times and spans
    for d in dates:
        tail = _EOD_TAIL.match(text, d.end)
        found.append(_Hit(d.start, tail.end() if tail else d.end, day=d.day))
        for t in times:
            if t.start >= d.end and _DATE_THEN_TIME.fullmatch(text, d.end, t.start):
                found.append(_Hit(d.start, t.end, day=d.day, clock=t.clock))
            if t.end <= d.start and _TIME_THEN_DATE.fullmatch(text, t.end, d.start):
                found.append(_Hit(t.start, d.end, day=d.day, clock=t.clock))
    return found


def _due(text: str, hit: _Hit, now: datetime, tz: ZoneInfo) -> Due:
    phrase = text[hit.start : hit.end]
    now_local = now.astimezone(tz)
    if hit.span is not None:
        return Due(at=now.astimezone(UTC) + hit.span, has_time=True, phrase=phrase)
    day = hit.day or now_local.date()
    if hit.clock is None:
        local = datetime.combine(day, END_OF_DAY, tzinfo=tz)
    else:
        local = datetime.combine(day, hit.clock, tzinfo=tz)
        if hit.day is None and local <= now_local:  # a bare time already past: tomorrow
            local = datetime.combine(day + DAY, hit.clock, tzinfo=tz)
    return Due(at=local.astimezone(UTC), has_time=hit.clock is not None, phrase=phrase)


# --- public API -------------------------------------------------------------------------------

_EN_LEAD = r"(?<![A-Za-z0-9])(?:by|on|at|before|due|until|till)(?![A-Za-z0-9])\s*"
_LEAD = rf"(?:{_EN_LEAD}|(?<![现正存所实])在\s*)"  # not the 在 of 现在 ("now")
_LEADING = re.compile(rf"^[\s,.:;!?，。：；]*(?:{_LEAD}[\s,:]*)*", re.IGNORECASE)
_CONNECTOR_BEFORE = re.compile(rf"(?:{_LEAD})+$", re.IGNORECASE)
_CONNECTOR_AFTER = re.compile(r"^\s*(?:之前|以前|前)")
_TRAILING = re.compile(r"(?:之前|以前|前)?[\s,.:;!?，。：；]*$")
_JUNK = " \t\n,;:-–—，、；：。"
_HAS_TIME = re.compile(
    r"\d\s*[:：]\s*\d|\d\s*[ap]\.?m\b|\b(?:noon|midnight|hours?|minutes?|mins?|hrs?)\b"
    r"|o'clock|[点點]|小时|分钟",
    re.IGNORECASE,
)
_DATEPARSER_HINT = re.compile(rf"\d|\b(?:{_MON}|{_WD})\b|[年月日号號周星期礼拜]", re.IGNORECASE)


def parse_due(phrase: str, *, now: datetime, tz: ZoneInfo) -> Due | None:
    """The whole string is a date phrase (e.g. a 'due' text box's content); None if not a date."""
    start = _LEADING.match(phrase)
    end = _TRAILING.search(phrase)
    core_start, core_end = start.end() if start else 0, end.start() if end else len(phrase)
    core = phrase[core_start:core_end]
    if not core:
        return None
    now_local = now.astimezone(tz)
    hits = _find(core, now_local.date())
    best = max(_combine(core, hits), key=_Hit.rank, default=None)
    if best is not None and (best.start, best.end) == (0, len(core)):
        return _due(core, best, now, tz)
    if any(not h.valid and (h.start, h.end) == (0, len(core)) for h in hits):
        return None  # looks like a date but is not one: "2/30", "25pm"
    return _dateparser(core, now_local, tz)


def extract_due(text: str, *, now: datetime, tz: ZoneInfo) -> tuple[str, Due | None]:
    """Find a date phrase inside a next-step text such as 'send pricing fri' or '下周三给报价'.

    Returns the description with the phrase and its connecting words removed, and the Due.
    """
    found = _combine(text, _find(text, now.astimezone(tz).date()))
    best = max(found, key=_Hit.rank, default=None)
    if best is None:
        return text.strip(), None
    before = _CONNECTOR_BEFORE.sub("", text[: best.start]).rstrip(_JUNK)
    after = _CONNECTOR_AFTER.sub("", text[best.end :]).lstrip(_JUNK)
    glue = "" if before and after and _is_cjk(before[-1]) and _is_cjk(after[0]) else " "
    description = (before + glue + after).strip()
    if not any(char.isalnum() for char in description):  # nothing left but punctuation
        description = text.strip()
    return description, _due(text, best, now, tz)


def warm_up() -> None:
    """Load dateparser's language data now (call once at start) so the first command is not slow."""
    _rules()
    now = datetime.now(UTC)
    utc = ZoneInfo("UTC")
    _dateparser("next tuesday 5pm", now.astimezone(utc), utc)
    _dateparser("下周二", now.astimezone(utc), utc)


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _dateparser(phrase: str, now_local: datetime, tz: ZoneInfo) -> Due | None:
    """Last resort for whole phrases that at least mention a number, month or weekday."""
    if phrase.isdecimal() or not _DATEPARSER_HINT.search(phrase):
        return None  # a bare "3" is not a date; nor is anything without a number or name
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now_local.replace(tzinfo=None),
        "TIMEZONE": tz.key,
        "RETURN_AS_TIMEZONE_AWARE": True,
    }
    try:
        found = dateparser.parse(phrase, languages=["en", "zh"], settings=settings)
    except Exception:  # dateparser can raise on odd input; treat it as "not a date"
        return None
    if found is None:
        return None
    local = found.astimezone(tz)
    has_time = _HAS_TIME.search(phrase) is not None
    if not has_time:
        local = datetime.combine(local.date(), END_OF_DAY, tzinfo=tz)
    return Due(at=local.astimezone(UTC), has_time=has_time, phrase=phrase)
