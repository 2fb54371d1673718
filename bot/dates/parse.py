"""Turn date phrases typed by sales reps (English or Chinese) into due dates.

Recognition is done with small tables of regular expressions, each paired with a function that
turns a match into a date, a clock time or a time span.  Dates and times found next to each other
are combined ("monday 9am", "明天下午3点"); the longest combination wins.  Chinese rules live in
``bot.dates.chinese``.  ``dateparser`` is only a last resort for whole phrases in :func:`parse_due`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import dateparser

from bot.dates import chinese as dates_zh
from bot.dates import durations, festivals
from bot.dates import english as dates_en
from bot.dates.calendar import DAY, END_OF_DAY, DateRule, Due, MomentRule, SpanRule, TimeRule

__all__ = ["Due", "date_like_spans", "extract_due", "parse_due", "warm_up"]


@dataclass(frozen=True)
class _Rules:
    dates: list[DateRule]
    times: list[TimeRule]
    spans: list[SpanRule]
    moments: list[MomentRule]


@cache
def _rules() -> _Rules:
    return _Rules(
        dates=dates_en.DATES + dates_zh.DATES + festivals.DATES,
        times=dates_en.TIMES + dates_zh.TIMES,
        spans=dates_en.SPANS + dates_zh.SPANS,
        moments=dates_en.MOMENTS + dates_zh.MOMENTS,
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


_DATE_THEN_TIME = re.compile(
    r"(?:[\s,]*(?:(?:at|by|before|after|around|about|from)\s+|@\s*)?|[.:T-])", re.IGNORECASE
)
_TIME_THEN_DATE = re.compile(r"[\s,·∙•]*(?:on\s+)?", re.IGNORECASE)
# "Mon 10am - 11am", "2016年9月3号-2017年10月24号", "今晚10点至明早6点": due at the start.
_RANGE = re.compile(r"\s*(?:[-–—~ー]|to|until|till|through|thru|至|到)\s*", re.IGNORECASE)
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
    for regex, moment_fn in rules.moments:
        for m in regex.finditer(text):
            moment = moment_fn(m, today)
            day, at = moment if moment is not None else (None, None)
            hits.append(_Hit(m.start(), m.end(), day=day, clock=at, valid=moment is not None))
    return hits


def _combine(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Usable phrases: dates (with an adjacent time if any), standalone times and spans."""
    dates = [h for h in hits if h.valid and h.day is not None and h.clock is None]
    times = [h for h in hits if h.valid and h.clock is not None and h.day is None]
    found = [h for h in hits if h.valid and h.alone and (h.day is None or h.clock is not None)]
    for d in dates:
        tail = _EOD_TAIL.match(text, d.end)
        found.append(_Hit(d.start, tail.end() if tail else d.end, day=d.day))
        if d.day is not None:
            found += [
                _Hit(s, e, day=day) for s, e, day in durations.moved(text, d.start, d.end, d.day)
            ]
        for t in times:
            if t.start >= d.end and _DATE_THEN_TIME.fullmatch(text, d.end, t.start):
                found.append(_Hit(d.start, t.end, day=d.day, clock=t.clock))
            if t.end <= d.start and _TIME_THEN_DATE.fullmatch(text, t.end, d.start):
                found.append(_Hit(t.start, d.end, day=d.day, clock=t.clock))
    found += _ranges(text, found)
    # "June 10 - 31": a longer phrase that looks like a date but is none hides its parts
    broken = [h for h in hits if not h.valid]
    return [h for h in found if not any(_inside(h, b) for b in broken)]


def _inside(part: _Hit, whole: _Hit) -> bool:
    shorter = part.end - part.start < whole.end - whole.start
    return shorter and whole.start <= part.start and part.end <= whole.end


def _ranges(text: str, found: list[_Hit]) -> list[_Hit]:
    """Two phrases joined by a range word: the whole range, due at its start."""
    ranges = []
    for first in found:
        for last in found:
            if last.start >= first.end and _RANGE.fullmatch(text, first.end, last.start):
                ranges.append(replace(first, end=last.end, clock=_start_clock(text, first, last)))
    return ranges


_PM = re.compile(r"p\.?\s?m\b|下午|晚上", re.IGNORECASE)
_AM_OR_PM = re.compile(r"[ap]\.?\s?m\b|上午|下午|晚上|早上|凌晨", re.IGNORECASE)


def _start_clock(text: str, first: _Hit, last: _Hit) -> time | None:
    """'3:30-4:30pm' starts at 15:30: the start takes the end's pm when it has none of its own."""
    start, end = first.clock, last.clock
    if start is None or end is None or _AM_OR_PM.search(text, first.start, first.end):
        return start
    if _PM.search(text, last.start, last.end) and start.hour < 12 <= end.hour:
        later = time(start.hour + 12, start.minute)
        return later if later <= end else start
    return start


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

_EN_LEAD = r"(?<![A-Za-z0-9])(?:by|on|at|before|due|until|till|between|from)(?![A-Za-z0-9])\s*"
_LEAD = rf"(?:{_EN_LEAD}|(?<![现正存所实])在\s*)"  # not the 在 of 现在 ("now")
_LEADING = re.compile(rf"^[\s,.:;!?，。：；]*(?:{_LEAD}[\s,:]*)*", re.IGNORECASE)
_CONNECTOR_BEFORE = re.compile(rf"(?:{_LEAD})+$", re.IGNORECASE)
_CONNECTOR_AFTER = re.compile(r"^\s*(?:之前|以前|前)")
_PUNCTUATION_TAIL = re.compile(r"[\s,.:;!?，。：；]*$")
_BEFORE_TAIL = re.compile(r"(?:之前|以前|前)$")
_JUNK = " \t\n,;:-–—，、；：。"
_HAS_TIME = re.compile(
    r"\d\s*[:：]\s*\d|\d\s*[ap]\.?m\b|\b(?:noon|midnight|hours?|minutes?|mins?|hrs?)\b"
    r"|o'clock|[点點]|小时|分钟",
    re.IGNORECASE,
)
_DATEPARSER_HINT = re.compile(rf"\d|\b(?:{dates_en.NAMES})\b|[年月日号號周星期礼拜]", re.IGNORECASE)


def parse_due(phrase: str, *, now: datetime, tz: ZoneInfo) -> Due | None:
    """The whole string is a date phrase (e.g. a 'due' text box's content); None if not a date."""
    start = _LEADING.match(phrase)
    core_start = start.end() if start else 0
    punctuation = _PUNCTUATION_TAIL.search(phrase, core_start)
    core_end = punctuation.start() if punctuation else len(phrase)
    now_local = now.astimezone(tz)
    # 元旦前, 3天前, 半小时前 are whole phrases; only otherwise is 前 ("before") a connecting word
    for core in dict.fromkeys(
        [phrase[core_start:core_end], _BEFORE_TAIL.sub("", phrase[core_start:core_end])]
    ):
        if not core:
            return None
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


def date_like_spans(text: str, *, now: datetime, tz: ZoneInfo) -> list[tuple[int, int]]:
    """(start, end) of every stretch of `text` that reads as a date or time, or looks like one
    that does not exist ('Feb 31', '25pm', '2月30日'); overlapping ones merged, in order."""
    hits = _find(text, now.astimezone(tz).date())
    spans = sorted(
        [(h.start, h.end) for h in _combine(text, hits)]
        + [(h.start, h.end) for h in hits if not h.valid]
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


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
