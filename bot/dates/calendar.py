"""Calendar arithmetic and rule-table types shared by the English and Chinese date rules."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class Due:
    at: datetime  # timezone-aware, in UTC
    has_time: bool  # False: `at` is 23:59:59 local on that day, converted to UTC
    phrase: str  # the exact substring of the input recognised as the date phrase


DAY = timedelta(days=1)
END_OF_DAY = time(23, 59, 59)


def upcoming(today: date, weekday: int) -> date:
    """The next date with this weekday (Monday=0); today counts."""
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def week_day(today: date, weekday: int, weeks_ahead: int) -> date:
    """That weekday in the Monday-Sunday week `weeks_ahead` weeks after the current one."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=weeks_ahead, days=weekday)


def weekend(today: date) -> date:
    """Saturday of this week (today if it is already Sunday)."""
    return today if today.weekday() == 6 else upcoming(today, 5)


def add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def month_end(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def shift(today: date, amount: int, unit: str) -> date:
    """`unit` is one of day, week, month, year."""
    if unit == "month":
        return add_months(today, amount)
    if unit == "year":
        return add_months(today, 12 * amount)
    return today + timedelta(days=amount * (7 if unit == "week" else 1))


def future_date(year: int | None, month: int, day: int, today: date) -> date | None:
    """date(year, month, day); without a year, the first such date on or after today."""
    years = [year] if year is not None else list(range(today.year, today.year + 5))
    for candidate_year in years:
        try:
            found = date(candidate_year, month, day)
        except ValueError:
            continue
        if year is not None or found >= today:
            return found
    return None


def nearest_date(year: int | None, month: int, day: int, today: date) -> date | None:
    """date(year, month, day); without a year, the closest such date to today, before or after
    (a later one on a tie): "Nov 17" typed on Nov 18 is yesterday - a past date the bot warns
    about - rather than a day eleven months away that nobody would notice."""
    if year is not None:
        return future_date(year, month, day, today)
    found: list[date] = []
    for candidate_year in (today.year - 1, today.year, today.year + 1):
        try:
            found.append(date(candidate_year, month, day))
        except ValueError:
            continue
    return min(found, key=lambda d: (abs((d - today).days), d < today), default=None)


def day_of_month(day: int, today: date) -> date | None:
    """The `day`th of this month, or of the next month having one if it has passed."""
    first = today.replace(day=1)
    for months in range(3):
        start = add_months(first, months)
        found = future_date(start.year, start.month, day, today)
        if found is not None and found >= today:
            return found
    return None


def clock(hour: int, minute: int = 0) -> time | None:
    return time(hour, minute) if 0 <= hour <= 23 and 0 <= minute <= 59 else None


DateFn = Callable[[re.Match[str], date], date | None]  # (match, today) -> date; None = invalid
TimeFn = Callable[[re.Match[str]], time | None]
SpanFn = Callable[[re.Match[str]], timedelta | None]  # "in 3 hours": an offset from now
MomentFn = Callable[[re.Match[str], date], tuple[date, time] | None]  # "tonight at 8"
DateRule = tuple[re.Pattern[str], DateFn]
TimeRule = tuple[re.Pattern[str], TimeFn, bool]  # bool: may stand alone without a date
SpanRule = tuple[re.Pattern[str], SpanFn]
MomentRule = tuple[re.Pattern[str], MomentFn]
