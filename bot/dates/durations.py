"""Spans of time typed in English: in 3 days, within 2 hours, 2 weeks later, a week after
tomorrow, 3 days ago, 1d 2hr 5min, half an hour from now, next tuesday +10 days."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from bot.dates.calendar import DAY, DateFn, SpanFn, add_months

__all__ = ["DATES", "NUMBERS", "SPANS", "alternatives", "moved"]

NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
NUMBERS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
NUMBERS |= {"fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_VAGUE: dict[str, float] = {
    "few": 3,
    "a few": 3,
    "several": 7,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
}
_VAGUE |= {"half a": 0.5, "half an": 0.5, "half": 0.5}
_UNIT_NAMES = {"s": "second", "sec": "second", "secs": "second", "second": "second"}
_UNIT_NAMES |= {"m": "minute", "min": "minute", "mins": "minute", "minute": "minute"}
_UNIT_NAMES |= {"h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour"}
_UNIT_NAMES |= {"d": "day", "day": "day", "w": "week", "wk": "week", "wks": "week", "week": "week"}
_UNIT_NAMES |= {"mo": "month", "mos": "month", "mon": "month", "month": "month"}
_UNIT_NAMES |= {"y": "year", "yr": "year", "yrs": "year", "year": "year"}


def alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len)[::-1])


# "1d 2hr 5min", "2 weeks", "half an hour", "a couple of days", "1.5 hours"
_WORD_AMOUNT = rf"(?:{alternatives(_VAGUE)}|{alternatives(NUMBERS)})"
_LONG_UNIT = rf"(?:{alternatives(u for u in _UNIT_NAMES if len(u) > 1)})s?"
# "5m", "2hr" for figures; words need a space and a spelled unit ("in am" is not a minute)
_PIECE = (
    rf"(?:\d{{1,3}}(?:\.\d+)?\s*(?:{_LONG_UNIT}|[smhdwy])|{_WORD_AMOUNT}\s+{_LONG_UNIT})"
    r"(?![A-Za-z])"
)
_DURATION = rf"(?:{_PIECE})(?:\s*,?\s*(?:and\s+)?{_PIECE}){{0,4}}"  # bounded: no runaway scans
_FORWARD = r"(?:(?:in|within|after|next)\s+|\+\s*)"
_BACK = r"(?:(?:last|past)\s+|-\s*)"
_AFTER_NOW = r"(?:from\s+(?:now|today)|later|out|hence|(?P<ago>ago|earlier))"
_BASE_DAY = r"today|now|tomorrow|tmrw|tmr|yesterday"
_ABOUT = r"(?:(?:about|around|approximately|roughly|~)\s*)*"
_PIECE_RE = re.compile(
    rf"(?<![A-Za-z0-9.])(\d{{1,3}}(?:\.\d+)?(?=\s*(?:{_LONG_UNIT}|[smhdwy])(?![A-Za-z]))|{_WORD_AMOUNT}(?=\s))"
    rf"\s*({_LONG_UNIT}|[smhdwy])(?![A-Za-z])",
    re.IGNORECASE,
)


def _duration(text: str) -> tuple[int, timedelta] | None:
    """'1 month 2 days' -> (months, the rest as a timedelta); None if an amount makes no sense."""
    months, rest = 0.0, timedelta()
    for amount_text, unit_text in _PIECE_RE.findall(text):
        amount_key = " ".join(amount_text.lower().split())
        if amount_key in _VAGUE:
            amount = _VAGUE[amount_key]
        elif amount_key in NUMBERS:
            amount = float(NUMBERS[amount_key])
        else:
            amount = float(amount_key)
        unit_key = unit_text.lower()
        unit = _UNIT_NAMES.get(unit_key) or _UNIT_NAMES[unit_key.removesuffix("s")]
        if unit in ("month", "year"):
            months += amount * (12 if unit == "year" else 1)
        else:
            rest += timedelta(**{unit + "s": amount})
    if months != int(months):
        return None
    return int(months), rest


def _has_clock_units(text: str) -> bool:
    return any(
        _UNIT_NAMES.get(u.lower(), _UNIT_NAMES.get(u.lower().removesuffix("s")))
        in ("hour", "minute", "second")
        for _, u in _PIECE_RE.findall(text)
    )


def _shift_by(day: date, text: str, sign: int) -> date | None:
    found = _duration(text)
    if found is None or _has_clock_units(text):
        return None
    months, rest = found
    if rest.seconds or rest.microseconds:
        return None
    return add_months(day, sign * months) + sign * timedelta(days=rest.days)


def _date_span(m: re.Match[str], today: date) -> date | None:
    """'in 3 days', 'within 2 weeks', '2 days later': whole days only (hours are spans)."""
    return _shift_by(today, m.group("dur"), -1 if m.groupdict().get("ago") else 1)


def _after_day(m: re.Match[str], today: date) -> date | None:
    """'a week after tomorrow', '2 days before yesterday'."""
    base_word = m.group("base").lower()
    base = today - DAY if base_word == "yesterday" else today
    if base_word.startswith("t") and base_word != "today":
        base = today + DAY
    return _shift_by(base, m.group("dur"), -1 if m.group("dir").lower() == "before" else 1)


def _clock_span(m: re.Match[str]) -> timedelta | None:
    text = m.group("dur")
    found = _duration(text)
    if found is None or found[0] or not _has_clock_units(text):
        return None
    return found[1] * (-1 if m.groupdict().get("ago") else 1)


_MOVED_BY = re.compile(
    rf"(?<![A-Za-z0-9])(?P<dur>{_DURATION})\s+(?P<dir>after|before)\s+(?:the\s+)?$", re.IGNORECASE
)
_MOVED_THEN = re.compile(rf"\s*(?P<dir>[+-])\s*(?P<dur>{_DURATION})(?![A-Za-z0-9])", re.IGNORECASE)


def moved(text: str, start: int, end: int, day: date) -> list[tuple[int, int, date]]:
    """The date phrase text[start:end] moved by whole days around it: '2 days after next Friday',
    'next tuesday +10 days', '2023-12-29 -10days'. (start, end, date) of each longer phrase."""
    found = []
    before = _MOVED_BY.search(text, max(0, start - 60), start)
    if before:
        sign = -1 if before["dir"].lower() == "before" else 1
        shifted = _shift_by(day, before["dur"], sign)
        if shifted is not None:
            found.append((before.start(), end, shifted))
    then = _MOVED_THEN.match(text, end)
    if then:
        shifted = _shift_by(day, then["dur"], -1 if then["dir"] == "-" else 1)
        if shifted is not None:
            found.append((start, then.end(), shifted))
    return found


DATES: list[tuple[str, DateFn]] = [
    (rf"{_FORWARD}{_ABOUT}(?P<dur>{_DURATION})", _date_span),
    (rf"(?P<ago>{_BACK}){_ABOUT}(?P<dur>{_DURATION})", _date_span),
    (rf"(?P<dur>{_DURATION})\s+{_AFTER_NOW}", _date_span),
    (rf"(?P<dur>{_DURATION})\s+(?P<dir>after|before)\s+(?P<base>{_BASE_DAY})", _after_day),
]
SPANS: list[tuple[str, SpanFn]] = [
    (rf"{_FORWARD}{_ABOUT}(?P<dur>{_DURATION})", _clock_span),
    (rf"(?P<ago>{_BACK}){_ABOUT}(?P<dur>{_DURATION})", _clock_span),
    (rf"(?P<dur>{_DURATION})\s+{_AFTER_NOW}", _clock_span),
    (r"next\s+hour", lambda m: timedelta(hours=1)),
]
