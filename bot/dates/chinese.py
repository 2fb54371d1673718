"""Chinese date and time rules for ``bot.dates.parse``: 明天下午3点, 下周三, 三天后, 月底 ..."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.dates.calendar import (
    DAY,
    DateFn,
    DateRule,
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

__all__ = ["DATES", "SPANS", "TIMES", "zh_int"]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_UNITS = {"天": "day", "日": "day", "周": "week", "星期": "week", "礼拜": "week", "禮拜": "week"}
_UNITS |= {"週": "week", "月": "month", "年": "year"}
_PM = {"下午", "傍晚", "晚上", "晚"}
_PERIOD_ONLY = {"上午": 9, "早上": 9, "早晨": 9, "早": 9, "中午": 12, "下午": 14, "傍晚": 18}
_PERIOD_ONLY |= {"晚上": 20, "晚": 20}

_ZH_DIGITS = "零〇一二两兩三四五六七八九十"
_ZH_NUM = rf"[{_ZH_DIGITS}]{{1,3}}"
_N = rf"(?<!\d)(\d{{1,3}}|{_ZH_NUM})"  # 3, 三, 十五, 二十
_WEEK = r"(?:周|週|星期|礼拜|禮拜)"
_AFTER = r"(?:之后|以后|后|之後|以後|後|之内|以内|内)"
# 早/晚 alone only right after 今/明 (今晚, 明早): "晚一点" means "a bit later", not a time.
_PERIOD = r"上午|早上|早晨|凌晨|中午|下午|傍晚|晚上|(?<=[今明])[早晚]"
_MINUTES = rf"(?:(?P<m>半|一刻|三刻|\d{{1,2}}|{_ZH_NUM})分?)?"


def zh_int(text: str) -> int | None:
    """'3' -> 3, '三' -> 3, '十五' -> 15, '二十' -> 20, '九十九' -> 99; None if not a number."""
    if text.isdecimal():
        return int(text)
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    tens_value = _DIGITS.get(tens, -1) if tens else 1
    ones_value = _DIGITS.get(ones, -1) if ones else 0
    if tens_value < 1 or ones_value < 0:
        return None
    return tens_value * 10 + ones_value


def _weekday(m: re.Match[str], today: date) -> date:
    prefix, weekday = m.group(1) or "", _WEEKDAYS[m.group(2)]
    if prefix.startswith("下"):
        return week_day(today, weekday, len(prefix))  # 下周三, 下下周三
    return upcoming(today, weekday)  # 周五, 本周五, 这周五: the coming one (today counts)


def _relative(m: re.Match[str], today: date) -> date | None:
    amount = zh_int(m.group(1))
    return None if amount is None else shift(today, amount, _UNITS[m.group(2).lstrip("个個")])


def _month_day(m: re.Match[str], today: date) -> date | None:
    month, day = zh_int(m.group(2)), zh_int(m.group(3))
    if month is None or day is None:
        return None
    return future_date(int(m.group(1)) if m.group(1) else None, month, day, today)


def _next_month_day(m: re.Match[str], today: date) -> date | None:
    target, day = add_months(today.replace(day=1), 1), zh_int(m.group(1))
    return None if day is None else future_date(target.year, target.month, day, today)


def _day_of_month(m: re.Match[str], today: date) -> date | None:
    return day_of_month(int(m.group(1)), today)


def _month_end(m: re.Match[str], today: date) -> date:
    return month_end(add_months(today, 1) if (m.group(1) or "").startswith("下") else today)


def _clock(m: re.Match[str]) -> time | None:
    parts = m.groupdict(default="")
    period, hour, minutes = parts.get("p", ""), zh_int(parts["h"]), parts.get("m", "")
    if hour is None:
        return None
    if period in _PM or (period == "中午" and hour < 6):
        hour += 12 if hour < 12 else 0
    elif period == "凌晨" and hour == 12:
        hour = 0
    quarters = {"": 0, "半": 30, "一刻": 15, "三刻": 45}
    minute = quarters[minutes] if minutes in quarters else zh_int(minutes)
    return None if minute is None else clock(hour, minute)


def _span(m: re.Match[str]) -> timedelta | None:
    amount = 0.5 if m.group(1) == "半" else zh_int(m.group(1))
    if amount is None:
        return None
    return timedelta(minutes=amount * (1 if m.group(2).startswith("分") else 60))


_DATES: list[tuple[str, DateFn]] = [
    (r"今天|今日|今(?=[早晚])", lambda m, d: d),
    (r"明天|明日|明(?=[早晚])", lambda m, d: d + DAY),
    (r"后天|後天", lambda m, d: d + 2 * DAY),
    (r"大后天|大後天", lambda m, d: d + 3 * DAY),
    (rf"(?:(下下|下|本|这|這)个?)?(?<![\d{_ZH_DIGITS}]){_WEEK}([一二三四五六日天])", _weekday),
    (rf"(下下|下)个?{_WEEK}", lambda m, d: week_day(d, 0, len(m.group(1)))),
    (rf"(?:本|这|這)个?{_WEEK}", lambda m, d: upcoming(d, 4)),
    (r"(?:本|这|這)?个?周末", lambda m, d: weekend(d)),
    (r"下个?周末", lambda m, d: week_day(d, 5, 1)),
    (r"(下个?|本|这个?|這個?)?月(?:底|末)", _month_end),
    (r"年底|年末", lambda m, d: date(d.year, 12, 31)),
    (r"下个?月", lambda m, d: add_months(d.replace(day=1), 1)),
    (rf"下个?月{_N}[日号號]", _next_month_day),
    (rf"{_N}\s*(天|日|[个個]?(?:周|星期|礼拜|禮拜)|[个個]月|年){_AFTER}", _relative),
    (rf"(?:(\d{{4}})\s*年\s*)?{_N}\s*月\s*{_N}\s*[日号號]", _month_day),
    (r"(?<![\d月])(\d{1,2})[号號]", _day_of_month),
]
_TIMES: list[tuple[str, TimeFn, bool]] = [
    (rf"(?P<p>{_PERIOD})\s*(?P<h>\d{{1,2}}|{_ZH_NUM})\s*[点點]{_MINUTES}", _clock, True),
    (rf"(?P<p>{_PERIOD})\s*(?P<h>\d{{1,2}})[:：](?P<m>\d{{2}})", _clock, True),
    (rf"(?<!\d)(?P<h>\d{{1,2}})\s*[点點]{_MINUTES}", _clock, True),
    # 一点 / 两点 alone are usually "a bit" / "two points": only a time right after a date.
    (rf"(?P<h>{_ZH_NUM})[点點]{_MINUTES}", _clock, False),
    (rf"(?P<p>{_PERIOD})", lambda m: time(_PERIOD_ONLY.get(m.group("p"), 0)), False),
]
_SPANS: list[tuple[str, SpanFn]] = [
    (rf"(?<!\d)(\d{{1,3}}|{_ZH_NUM}|半)\s*[个個]?(小时|小時|钟头|鐘頭|分钟|分鐘){_AFTER}", _span),
]

DATES: list[DateRule] = [(re.compile(p), fn) for p, fn in _DATES]
TIMES: list[TimeRule] = [(re.compile(p), fn, alone) for p, fn, alone in _TIMES]
SPANS: list[SpanRule] = [(re.compile(p), fn) for p, fn in _SPANS]
