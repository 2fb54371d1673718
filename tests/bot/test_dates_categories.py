"""Table tests per category of date phrase (issue 8, "Dates"): text -> local date and time.

Unless a row says otherwise, "now" is Wednesday 2026-11-18 10:00 in Shanghai. An expected time
of None means a date without a time (due at the end of that local day); an expected date of
None means the text has no date at all.
"""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates.parse import Due, extract_due, parse_due

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=SHANGHAI)

Row = tuple[str, str | None, str | None]


def local(due: Due, tz: ZoneInfo) -> tuple[str, str | None]:
    at = due.at.astimezone(tz)
    return at.date().isoformat(), at.strftime("%H:%M") if due.has_time else None


def found(text: str, now: datetime = NOW, tz: ZoneInfo = SHANGHAI) -> tuple[str | None, str | None]:
    _, due = extract_due(text, now=now, tz=tz)
    return (None, None) if due is None else local(due, tz)


SPANS: list[Row] = [
    ("within 3 days", "2026-11-21", None),
    ("finish within a week", "2026-11-25", None),
    ("within 2 hours", "2026-11-18", "12:00"),
    ("within half an hour", "2026-11-18", "10:30"),
    ("in a couple of days", "2026-11-20", None),
    ("in 2hour", "2026-11-18", "12:00"),
    ("in 1.5 hours", "2026-11-18", "11:30"),
    ("in 1d 2hr 5min", "2026-11-19", "12:05"),
    ("in 1d, 2hr, and 5min", "2026-11-19", "12:05"),  # the "an" of "and" is no amount
    ("in 5m", "2026-11-18", "10:05"),
    ("3 days later", "2026-11-21", None),
    ("2 weeks later", "2026-12-02", None),
    ("25 minutes later", "2026-11-18", "10:25"),
    ("a week after tomorrow", "2026-11-26", None),
    ("2 days after today", "2026-11-20", None),
    ("2 weeks after yesterday", "2026-12-01", None),
    ("half an hour from now", "2026-11-18", "10:30"),
    ("an hour from now", "2026-11-18", "11:00"),
    ("15 mins from now", "2026-11-18", "10:15"),
    ("next 2 weeks", "2026-12-02", None),
    ("+15min", "2026-11-18", "10:15"),
    ("3 days ago", "2026-11-15", None),
    ("2 weeks ago", "2026-11-04", None),
    ("30 minutes ago", "2026-11-18", "09:30"),
    ("a week before yesterday", "2026-11-10", None),
    ("2 days after next Friday", "2026-11-29", None),
    ("next tuesday +10 days", "2026-12-04", None),
    ("2027-12-29 -10days", "2027-12-19", None),
    ("call 2 days before the 5th", "2026-12-03", None),
]

YEARS: list[Row] = [
    ("2018 March 18", "2018-03-18", None),
    ("The Deadline is 2018 March 18", "2018-03-18", None),
    ("2024 Aug", "2024-08-01", None),
    ("September 2027", "2027-09-01", None),
    ("Thu Oct 26 11:00 2023", "2023-10-26", "11:00"),
    ("Thu Oct 26 11:00:09 2023", "2023-10-26", "11:00"),
    ("Dec 5 2027", "2027-12-05", None),
    ("Dec 5, 2027", "2027-12-05", None),
    ("Aug 9, 96", "1996-08-09", None),
    ("3 Aug 96", "1996-08-03", None),
    ("09/2027", "2027-09-01", None),
    ("二〇二四年三月五日", "2024-03-05", None),
    ("二零二七年十一月廿六日", "2027-11-26", None),
    ("二零一六年，九月三号", "2016-09-03", None),
    ("2027年3月5日", "2027-03-05", None),
]

SEPARATORS: list[Row] = [
    ("10-August-2027", "2027-08-10", None),
    ("10 August 2027", "2027-08-10", None),
    ("2027/Aug/10", "2027-08-10", None),
    ("2012/aug/10", "2012-08-10", None),
    ("8/Oct/2027", "2027-10-08", None),
    ("25/05/2027", "2027-05-25", None),
    ("05/31/2027", "2027-05-31", None),
    ("Friday 12-30-16", "2016-12-30", None),
    ("07-27-2027", "2027-07-27", None),
    ("Sun 15Sep", "2026-09-15", None),
    ("SUN 15SEP", "2026-09-15", None),
    ("Sunday, March, 6th 2016", "2016-03-06", None),
    ("2027-01-05", "2027-01-05", None),
    ("Dec. 21", "2026-12-21", None),
    ("Twenty-fourth of May", "2026-05-24", None),
    ("May eighth, 2010", "2010-05-08", None),
    ("the first of March", "2027-03-01", None),
]

TIME_AND_DATE: list[Row] = [
    ("8:23 AM · Jul 9", "2026-07-09", "08:23"),
    ("8:23 AM ∙ Jul 9", "2026-07-09", "08:23"),
    ("8:23 AM, Jul 9", "2026-07-09", "08:23"),
    ("07-27-2022, 02:00 AM", "2022-07-27", "02:00"),
    ("5 May 12:00", "2027-05-05", "12:00"),  # not May 12
    ("7 May 11:00", "2027-05-07", "11:00"),
    ("12th of July at 19:00", "2026-07-12", "19:00"),
    ("Dec 5 at 3pm", "2026-12-05", "15:00"),
    ("2027-01-05 14:30", "2027-01-05", "14:30"),
    ("2027-01-05T14:30:00", "2027-01-05", "14:30"),
    ("05/31/2027 14:15", "2027-05-31", "14:15"),
    ("tomorrow 10am - 11am", "2026-11-19", "10:00"),  # a range is due at its start
    ("Dec 5 - Dec 9", "2026-12-05", None),
    ("between 3:30-4:30pm", "2026-11-18", "15:30"),  # the start takes the end's pm
    ("10 - 22 August 2027", "2027-08-10", None),
    ("Aug 10-12, 2027", "2027-08-10", None),
    ("22-23 Feb at 7pm", "2027-02-22", "19:00"),
    ("1点pm到3点", "2026-11-18", "13:00"),
    ("3点 - 5点PM", "2026-11-18", "15:00"),
    ("05/31/2027:14:15", "2027-05-31", "14:15"),
    ("1994-11-05T13:15:30Z", "1994-11-05", "13:15"),
    ("noon tomorrow", "2026-11-19", "12:00"),
    ("at midnight on Dec 12", "2026-12-12", "00:00"),
]

CASUAL: list[Row] = [
    ("tomorrow before 4pm", "2026-11-19", "16:00"),
    ("tomorrow after 4pm", "2026-11-19", "16:00"),
    ("tonight at 8", "2026-11-18", "20:00"),
    ("this afternoon at 3", "2026-11-18", "15:00"),
    ("this evening at 7:30", "2026-11-18", "19:30"),
    ("tomorrow morning at 9", "2026-11-19", "09:00"),
    ("11 at night", "2026-11-18", "23:00"),
    ("6 in the afternoon", "2026-11-18", "18:00"),
    ("8 tonight", "2026-11-18", "20:00"),
    ("midnight", "2026-11-19", "00:00"),
    ("demo at 3", "2026-11-18", "15:00"),
    ("demo tomorrow at 8", "2026-11-19", "08:00"),
    ("eod", "2026-11-18", None),
    ("fri eod", "2026-11-20", None),
    ("next fri", "2026-11-27", None),
    ("last fri", "2026-11-13", None),
    ("yesterday", "2026-11-17", None),
    ("the day before yesterday", "2026-11-16", None),
    ("Tuesday, next week", "2026-11-24", None),
    ("Tuesday of this week", "2026-11-17", None),  # said so: this week's, though past
    ("Friday of last week", "2026-11-13", None),
    ("next day", "2026-11-19", None),
    ("in December", "2026-12-01", None),
    ("send invoice this month", "2026-11-30", None),  # like "this week": by its end
    ("this year", "2026-12-31", None),
]

CHINESE: list[Row] = [
    ("今晚10时", "2026-11-18", "22:00"),
    ("明天下午3时半", "2026-11-19", "15:30"),
    ("三点", "2026-11-19", "03:00"),
    ("三點半", "2026-11-19", "03:30"),
    ("下周三", "2026-11-25", None),
    ("上周五", "2026-11-13", None),
    ("这周一", "2026-11-16", None),  # this week's Monday, though past
    ("周一", "2026-11-23", None),
    ("明天下午3点", "2026-11-19", "15:00"),
    ("今晚八点", "2026-11-18", "20:00"),
    ("昨晚8点", "2026-11-17", "20:00"),
    ("昨天", "2026-11-17", None),
    ("前天", "2026-11-16", None),
    ("3天前", "2026-11-15", None),
    ("半小时前", "2026-11-18", "09:30"),
    ("5分钟后", "2026-11-18", "10:05"),
    ("五日内", "2026-11-23", None),
    ("下午给客户打电话", "2026-11-18", "14:00"),
    ("3月底", "2027-03-31", None),
    ("下个月中旬", "2026-12-20", None),
    ("本月内给报价", "2026-11-30", None),
    ("这个月给报价", "2026-11-30", None),
    ("今年内签约", "2026-12-31", None),
    ("今晚10点至明早6点", "2026-11-18", "22:00"),
    ("2016年9月3号-2017年10月24号", "2016-09-03", None),
]

TRADITIONAL_AND_CANTONESE: list[Row] = [
    ("下週三", "2026-11-25", None),
    ("下禮拜三", "2026-11-25", None),
    ("12月5號", "2026-12-05", None),
    ("五天內", "2026-11-23", None),
    ("兩個禮拜內", "2026-12-02", None),
    ("1個月之內", "2026-12-18", None),
    ("聽日", "2026-11-19", None),
    ("聽朝", "2026-11-19", "09:00"),
    ("後日", "2026-11-20", None),
    ("大後日", "2026-11-21", None),
    ("琴日", "2026-11-17", None),
    ("下晝3點", "2026-11-18", "15:00"),
    ("大後日下晝5點", "2026-11-21", "17:00"),
    ("今晚8點正", "2026-11-18", "20:00"),
]

FESTIVALS: list[Row] = [
    ("元旦", "2027-01-01", None),
    ("元旦前", "2026-12-31", None),
    ("元旦后", "2027-01-02", None),
    ("元旦前后", "2027-01-01", None),
    ("春节", "2027-02-06", None),
    ("春节前", "2027-02-05", None),
    ("春節後", "2027-02-07", None),
    ("除夕", "2027-02-05", None),
    ("元宵", "2027-02-20", None),
    ("元宵节", "2027-02-20", None),
    ("清明", "2027-04-05", None),
    ("清明节前", "2027-04-04", None),
    ("端午", "2027-06-09", None),
    ("端午节后", "2027-06-10", None),
    ("中秋", "2027-09-15", None),
    ("中秋前", "2027-09-14", None),
    ("国庆", "2027-10-01", None),
    ("国庆前", "2027-09-30", None),
    ("國慶節前", "2027-09-30", None),
    ("劳动节", "2027-05-01", None),
    ("元旦前给报价", "2026-12-31", None),
]

NO_DATE: list[Row] = [
    ("sat down with the CFO", None, None),
    ("Sat down with him", None, None),
    ("may I ask for the deck", None, None),
    ("march forward with the pilot", None, None),
    ("upgrade to v2.3.1", None, None),
    ("version 1.2 ships", None, None),
    ("call 138-1234-5678", None, None),
    ("call +1 415 555 0100", None, None),
    ("price 3.5k", None, None),
    ("order C20240501001", None, None),
    ("room 12-30", None, None),
    ("meet in am", None, None),
    ("meet at 3 people", None, None),
    ("I'm at 10", None, None),
    ("the score is at 10 - 20", None, None),
    ("send the 2nd proposal", None, None),
    ("send the second proposal", None, None),
    ("you may first call them", None, None),
    ("10 units at 5 each", None, None),
    ("send 1/2 of the samples", None, None),
    ("SKU 2024-05-01-A", None, None),
    ("invoice INV-2024-0501", None, None),
    ("renew 12 month contract", None, None),
    ("demo takes 2 hours", None, None),
    ("讨论3个方案", None, None),
    ("两点建议", None, None),
    ("这个月的目标", None, None),
    ("今年的目标", None, None),
    ("demo at 3ish", None, None),
    ("the 31st of Feb", None, None),
    ("13/13", None, None),
    ("三点建议", None, None),
    ("有三点要注意", None, None),
    ("早一点给报价", None, None),
    ("晚一点回电", None, None),
    ("一起吃饭", None, None),
    ("二月三十日", None, None),
    ("25点", None, None),
    ("February 20 - 29, 2027", None, None),  # the range ends on a day that does not exist
    ("June 10 - 31", None, None),
]


@pytest.mark.parametrize(("text", "day", "at"), SPANS)
def test_spans(text: str, day: str | None, at: str | None) -> None:
    assert found(text) == (day, at)


@pytest.mark.parametrize(("text", "day", "at"), YEARS)
def test_years(text: str, day: str | None, at: str | None) -> None:
    assert found(text) == (day, at)


@pytest.mark.parametrize(("text", "day", "at"), SEPARATORS)
def test_separators_and_orders(text: str, day: str | None, at: str | None) -> None:
    assert found(text) == (day, at)


@pytest.mark.parametrize(("text", "day", "at"), TIME_AND_DATE)
def test_time_next_to_a_date(text: str, day: str | None, at: str | None) -> None:
    assert found(text) == (day, at)


@pytest.mark.parametrize(("text", "day", "at"), CASUAL)
def test_casual(text: str, day: str | None, at: str | None) -> None:
    assert found(text) == (day, at)


@pytest.mark.parametrize(("text", "day", "at"), CHINESE)
def test_chinese(text: str, day: str | None, at: str | None) -> None:
    assert found(text) == (day, at)


@pytest.mark.parametrize(("text", "day", "at"), TRADITIONAL_AND_CANTONESE)
def test_traditional_and_cantonese(text: str, day: str | None, at: str | None) -> None:
    assert found(text) == (day, at)


@pytest.mark.parametrize(("text", "day", "at"), FESTIVALS)
def test_festivals(text: str, day: str | None, at: str | None) -> None:
    assert found(text) == (day, at)


@pytest.mark.parametrize(("text", "day", "at"), NO_DATE)
def test_no_date(text: str, day: str | None, at: str | None) -> None:
    assert found(text) == (day, at)


@pytest.mark.parametrize(
    ("text", "now", "day"),
    [
        # the festival that comes next: this year's until its day (or the day before, for 前)
        ("中秋", datetime(2026, 9, 1, 9, tzinfo=SHANGHAI), "2026-09-25"),
        ("中秋", datetime(2026, 9, 25, 9, tzinfo=SHANGHAI), "2026-09-25"),
        ("中秋前", datetime(2026, 9, 25, 9, tzinfo=SHANGHAI), "2027-09-14"),
        ("春节前", datetime(2027, 1, 10, 9, tzinfo=SHANGHAI), "2027-02-05"),
        ("端午", datetime(2031, 1, 1, 9, tzinfo=SHANGHAI), "2031-06-24"),
        ("春节", datetime(2035, 3, 1, 9, tzinfo=SHANGHAI), None),  # past the table: no date
    ],
)
def test_festival_year(text: str, now: datetime, day: str | None) -> None:
    assert found(text, now=now)[0] == day


def test_zone_decides_today() -> None:
    # 2026-11-18 02:00 UTC is still the 17th in New York
    now = datetime(2026, 11, 18, 2, 0, tzinfo=ZoneInfo("UTC"))
    assert found("tonight at 8", now=now, tz=NEW_YORK) == ("2026-11-17", "20:00")
    assert found("元旦前", now=now, tz=NEW_YORK) == ("2026-12-31", None)


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("ping them yesterday", "ping them"),
        ("demo at 3", "demo"),
        ("元旦前给报价", "给报价"),
        ("send deck within 3 days", "send deck"),
        ("call back this afternoon at 3", "call back"),
        ("聽日覆客", "覆客"),
    ],
)
def test_description_loses_the_phrase(text: str, description: str) -> None:
    assert extract_due(text, now=NOW, tz=SHANGHAI)[0] == description


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # a day and month without a year: the closest one, before or after today (a past one is
        # saved with a warning; see bot.dates.checks)
        ("Nov 17", "2026-11-17"),
        ("Nov 18", "2026-11-18"),
        ("Jan 3", "2027-01-03"),
        ("Jul 9", "2026-07-09"),
        ("Apr 1", "2027-04-01"),
        ("12/5", "2026-12-05"),
        ("9月3号", "2026-09-03"),
        ("3月5日", "2027-03-05"),
        ("Feb 29", None),  # no Feb 29 within a year either side of 2026
    ],
)
def test_day_and_month_without_a_year(text: str, day: str | None) -> None:
    assert found(text)[0] == day


@pytest.mark.parametrize(
    "text", ["1d 2h 3m 4s " * 300, "明天下午3点 打电话确认 " * 150, "in 5 days " * 300]
)
def test_long_text_is_read_quickly(text: str) -> None:
    started = time.perf_counter()
    extract_due(text, now=NOW, tz=SHANGHAI)
    assert time.perf_counter() - started < 2


WHOLE_PHRASES = [
    text
    for rows in (SPANS, YEARS, SEPARATORS, TIME_AND_DATE, CASUAL, CHINESE)
    for text, day, _ in rows
    if day is not None
] + [text for text, _, _ in TRADITIONAL_AND_CANTONESE + FESTIVALS]


@pytest.mark.parametrize("text", WHOLE_PHRASES)
def test_parse_due_reads_a_whole_phrase_as_extract_due_does(text: str) -> None:
    _, due = extract_due(text, now=NOW, tz=SHANGHAI)
    assert due is not None
    if due.phrase == text:  # the text is nothing but the phrase (a "due" box's content)
        assert parse_due(text, now=NOW, tz=SHANGHAI) == due
