"""Chinese date and time rules for ``bot.dates.parse``: 明天下午3点, 下周三, 三天后, 月底 ..."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.dates.calendar import (
    DAY,
    DateFn,
    DateRule,
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

__all__ = ["DATES", "MOMENTS", "SPANS", "TIMES", "zh_int"]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9, "廿": 20, "卅": 30}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_UNITS = {"天": "day", "日": "day", "周": "week", "星期": "week", "礼拜": "week", "禮拜": "week"}
_UNITS |= {"週": "week", "月": "month", "年": "year"}
_PM = {"下午", "傍晚", "晚上", "晚", "下晝", "下昼", "晏晝", "晏昼", "夜晚", "夜"}
_PERIOD_ONLY = {"上午": 9, "早上": 9, "早晨": 9, "早": 9, "朝早": 9, "朝": 9, "中午": 12}
_PERIOD_ONLY |= {"下午": 14, "下晝": 14, "下昼": 14, "晏晝": 14, "晏昼": 14, "傍晚": 18}
_PERIOD_ONLY |= {"晚上": 20, "晚": 20, "夜晚": 20, "夜": 20, "凌晨": 0, "午夜": 0, "半夜": 0}

_ZH_DIGITS = "零〇一二两兩三四五六七八九十廿卅"
_ZH_NUM = rf"[{_ZH_DIGITS}]{{1,3}}"
_N = rf"(?<!\d)(\d{{1,3}}|{_ZH_NUM})"  # 3, 三, 十五, 二十
_WEEK = r"(?:周|週|星期|礼拜|禮拜)"
_AFTER = r"(?:之后|以后|过后|過後|后|之後|以後|後|之内|以内|内|之內|以內|內)"
_AGO = r"(?:之前|以前|前)"
# 早/晚/朝/夜 alone only right after a day (今晚, 明早, 聽朝): "晚一点" means "a bit later".
_PERIOD_WORD = "上午|早上|早晨|朝早|凌晨|中午|下午|下晝|下昼|晏晝|晏昼|傍晚|晚上|夜晚|午夜|半夜"
_PERIOD = (
    r"上午|早上|早晨|朝早|凌晨|中午|下午|下晝|下昼|晏晝|晏昼|傍晚|晚上|夜晚|午夜|半夜"
    r"|(?<=[今明昨天日朝聽听])[早晚朝夜]"
)
_HOUR_MARK = r"(?:[点點]|(?<!小)(?<!幾)(?<!几)[时時](?!间|間|候|期|代|刻))"
_NOT_POINTS = "(?![建意要原问問方理看内內个個多])"
_MINUTES = rf"(?:(?P<m>半|一刻|三刻|\d{{1,2}}|{_ZH_NUM})分?(?:\d{{1,2}}秒|{_ZH_NUM}秒)?)?正?"


def zh_int(text: str) -> int | None:
    """'3' -> 3, '三' -> 3, '十五' -> 15, '二十' -> 20, '九十九' -> 99; None if not a number."""
    if text.isdecimal():
        return int(text)
    if text[0] in "廿卅" and len(text) <= 2:
        last = _DIGITS.get(text[1:], -1) if len(text) == 2 else 0
        return None if last < 0 else _DIGITS[text[0]] + last
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    tens_value = _DIGITS.get(tens, -1) if tens else 1
    ones_value = _DIGITS.get(ones, -1) if ones else 0
    if tens_value < 1 or ones_value < 0:
        return None
    return tens_value * 10 + ones_value


def zh_year(text: str) -> int | None:
    """'2024' -> 2024, '二〇二四' / '二零二四' -> 2024 (read digit by digit)."""
    if text.isdecimal():
        return int(text)
    digits = [_DIGITS.get(char, -1) for char in text]
    if len(digits) != 4 or any(not 0 <= d <= 9 for d in digits):
        return None
    return int("".join(map(str, digits)))


def _weekday(m: re.Match[str], today: date) -> date:
    prefix, weekday = m.group(1) or "", _WEEKDAYS[m.group(2)]
    if prefix.startswith("下"):
        return week_day(today, weekday, len(prefix))  # 下周三, 下下周三
    if prefix.startswith("上"):
        return week_day(today, weekday, -len(prefix))  # 上周三: last week's
    if prefix:
        return week_day(today, weekday, 0)  # 这周一, 本周五: this week's, even if it has passed
    return upcoming(today, weekday)  # 周五: the coming one (today counts)


def _ago(m: re.Match[str], today: date) -> date | None:
    amount = zh_int(m.group(1))
    return None if amount is None else shift(today, -amount, _UNITS[m.group(2).lstrip("个個")])


def _relative(m: re.Match[str], today: date) -> date | None:
    amount = zh_int(m.group(1))
    return None if amount is None else shift(today, amount, _UNITS[m.group(2).lstrip("个個")])


def _month_day(m: re.Match[str], today: date) -> date | None:
    month, day = zh_int(m.group(2)), zh_int(m.group(3))
    year = zh_year(m.group(1)) if m.group(1) else None
    if month is None or day is None or (m.group(1) and year is None):
        return None
    return nearest_date(year, month, day, today)


def _next_month_day(m: re.Match[str], today: date) -> date | None:
    target, day = add_months(today.replace(day=1), 1), zh_int(m.group(1))
    return None if day is None else future_date(target.year, target.month, day, today)


def _day_of_month(m: re.Match[str], today: date) -> date | None:
    return day_of_month(int(m.group(1)), today)


_PART_DAY = {"初": 1, "上旬": 10, "中": 15, "中旬": 20}


def _month_part(m: re.Match[str], today: date) -> date | None:
    """3月底, 5月初, 下个月中旬: 初 the 1st, 上旬 the 10th, 中 15th, 中旬 20th, 下旬/底 the last."""
    if m.group(1):
        month = zh_int(m.group(1))
        if month is None or not 1 <= month <= 12:
            return None
        year = today.year if month >= today.month else today.year + 1
        first = date(year, month, 1)
    else:
        first = add_months(today.replace(day=1), 1 if m.group(2).startswith("下") else 0)
    part = m.group(3)
    return first.replace(day=_PART_DAY[part]) if part in _PART_DAY else month_end(first)


def _month_end(m: re.Match[str], today: date) -> date:
    return month_end(add_months(today, 1) if (m.group(1) or "").startswith("下") else today)


def _clock(m: re.Match[str]) -> time | None:
    parts = m.groupdict(default="")
    period, hour, minutes = parts.get("p", ""), zh_int(parts["h"]), parts.get("m", "")
    if hour is None:
        return None
    if parts.get("ap", "").lower() == "pm" and hour < 12:
        hour += 12
    elif parts.get("ap", "").lower() == "am" and hour == 12:
        hour = 0
    elif period in _PM or (period == "中午" and hour < 6):
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
    unit = m.group(2)
    seconds = 1 if unit.startswith("秒") else 60 if unit.startswith("分") else 3600
    sign = -1 if re.fullmatch(_AGO, m.group(3)) else 1
    return timedelta(seconds=sign * amount * seconds)


_WHICH_WEEK = "(下下|下|上上|上|本|这|這)"
_DAY_BEFORE = "(?:(?<![大之以])前天|前日)"
_YEAR_DIGITS = "[零〇一二三四五六七八九]{4}"
_DATES: list[tuple[str, DateFn]] = [
    (r"今天|今日|今(?=[早晚朝夜])", lambda m, d: d),
    (r"明天|明日|聽日|听日|明(?=[早晚朝夜])|[聽听](?=[朝晚夜])", lambda m, d: d + DAY),
    (r"(?<!大)(?:后天|後天|後日|后日)", lambda m, d: d + 2 * DAY),
    (r"大后天|大後天|大後日|大后日", lambda m, d: d + 3 * DAY),
    (r"昨天|昨日|琴日|尋日|寻日|昨(?=[早晚夜])", lambda m, d: d - DAY),
    (_DAY_BEFORE, lambda m, d: d - 2 * DAY),
    (r"大前天|大前日", lambda m, d: d - 3 * DAY),
    (rf"(?:{_WHICH_WEEK}[个個]?)?(?<![\d{_ZH_DIGITS}]){_WEEK}([一二三四五六日天])", _weekday),
    (rf"(下下|下)[个個]?{_WEEK}", lambda m, d: week_day(d, 0, len(m.group(1)))),
    (rf"(上上|上)[个個]?{_WEEK}", lambda m, d: week_day(d, 0, -len(m.group(1)))),
    (rf"(?:本|这|這)[个個]?{_WEEK}", lambda m, d: upcoming(d, 4)),
    (r"(?:本|这|這)?[个個]?(?:周末|週末)", lambda m, d: weekend(d)),
    (r"下[个個]?(?:周末|週末)", lambda m, d: week_day(d, 5, 1)),
    (r"(下[个個]?|本|这[个個]?|這[個个]?)?月(?:底|末)", _month_end),
    (r"今?年(?:底|末|[内內])", lambda m, d: date(d.year, 12, 31)),  # 年底, 今年底, 今年内
    # 本月内, 这个月给报价 - by the month's end; not 这个月的目标 ("this month's target")
    (r"(?:本|这[个個]?|這[個个]?)月(?:[内內]|(?![底末初中上下的]))", lambda m, d: month_end(d)),
    (r"下[个個]?月", lambda m, d: add_months(d.replace(day=1), 1)),
    (r"上[个個]?月", lambda m, d: add_months(d.replace(day=1), -1)),
    (r"明年", lambda m, d: date(d.year + 1, 1, 1)),
    (rf"下[个個]?月{_N}[日号號]", _next_month_day),
    (
        rf"(?:{_N}\s*月份?|(下[个個]?|本|这[个個]?|這[個个]?)月)(上旬|中旬|下旬|初|中|底|末)",
        _month_part,
    ),
    (rf"{_N}\s*(天|日|[个個]?(?:周|週|星期|礼拜|禮拜)|[个個]月|年){_AFTER}", _relative),
    (rf"{_N}\s*(天|日|[个個]?(?:周|週|星期|礼拜|禮拜)|[个個]月|年){_AGO}", _ago),
    (rf"(?:(\d{{4}}|{_YEAR_DIGITS})\s*年\s*[，,]?\s*)?{_N}\s*月\s*{_N}\s*[日号號]", _month_day),
    (r"(?<![\d月])(\d{1,2})[号號]", _day_of_month),
]
_TIMES: list[tuple[str, TimeFn, bool]] = [
    (rf"(?P<p>{_PERIOD})\s*(?P<h>\d{{1,2}}|{_ZH_NUM})\s*{_HOUR_MARK}{_MINUTES}", _clock, True),
    (rf"(?P<p>{_PERIOD})\s*(?P<h>\d{{1,2}})[:：](?P<m>\d{{2}})", _clock, True),
    (rf"(?<!\d)(?P<h>\d{{1,2}})\s*{_HOUR_MARK}{_MINUTES}(?:\s*(?P<ap>[AaPp][Mm]))?", _clock, True),
    # 一点 / 两点 alone are usually "a bit" / "two points": only a time right after a date.
    (rf"(?P<h>[一两兩])(?:{_HOUR_MARK}){_MINUTES}", _clock, False),
    # 三点 .. 十二点 alone, but not "三点建议" (three points of advice)
    (
        rf"(?<![{_ZH_DIGITS}第])(?P<h>十[一二]|[三四五六七八九十]){_HOUR_MARK}{_MINUTES}{_NOT_POINTS}",
        _clock,
        True,
    ),
    (rf"(?P<p>{_PERIOD})", lambda m: time(_PERIOD_ONLY.get(m.group("p"), 0)), False),
    # 下午 alone is this afternoon; a lone 早/晚 is not ("晚一点": "a bit later")
    (rf"(?P<p>{_PERIOD_WORD})", lambda m: time(_PERIOD_ONLY.get(m.group("p"), 0)), True),
]
_SPANS: list[tuple[str, SpanFn]] = [
    (
        rf"(?<!\d)(\d{{1,3}}|{_ZH_NUM}|半)\s*[个個]?(小时|小時|钟头|鐘頭|钟|鐘|分钟|分鐘|秒钟|秒鐘|秒)"
        rf"({_AFTER}|{_AGO})",
        _span,
    ),
]

DATES: list[DateRule] = [(re.compile(p), fn) for p, fn in _DATES]
TIMES: list[TimeRule] = [(re.compile(p), fn, alone) for p, fn, alone in _TIMES]
SPANS: list[SpanRule] = [(re.compile(p), fn) for p, fn in _SPANS]
MOMENTS: list[MomentRule] = []
