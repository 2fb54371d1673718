from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.dates.parse import Due, extract_due, parse_due, warm_up

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
NEW_YORK = ZoneInfo("America/New_York")

# Wednesday 2026-11-18 10:00 in Shanghai == 02:00 UTC == Tuesday 2026-11-17 18:00 in Los Angeles.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=SHANGHAI)


def local(due: Due, tz: ZoneInfo) -> tuple[str, str | None]:
    """(local date, local HH:MM or None for a date-only due) - and check the invariants."""
    assert due.at.tzinfo is UTC
    at = due.at.astimezone(tz)
    if not due.has_time:
        assert at.time() == time(23, 59, 59)
        return at.date().isoformat(), None
    return at.date().isoformat(), at.strftime("%H:%M")


PARSE_SHANGHAI = [
    # relative days
    ("today", "2026-11-18", None),
    ("tonight", "2026-11-18", None),
    ("tomorrow", "2026-11-19", None),
    ("Tomorrow", "2026-11-19", None),
    ("tmrw", "2026-11-19", None),
    ("tmr", "2026-11-19", None),
    ("day after tomorrow", "2026-11-20", None),
    ("eod", "2026-11-18", None),
    ("end of day", "2026-11-18", None),
    ("eow", "2026-11-20", None),
    ("end of week", "2026-11-20", None),
    ("end of month", "2026-11-30", None),
    ("eom", "2026-11-30", None),
    ("end of next week", "2026-11-27", None),
    ("next week", "2026-11-23", None),
    ("next month", "2026-12-01", None),
    # weekdays: the next such day, today counts
    ("fri", "2026-11-20", None),
    ("friday", "2026-11-20", None),
    ("FRI", "2026-11-20", None),
    ("mon", "2026-11-23", None),
    ("tue", "2026-11-24", None),
    ("tues", "2026-11-24", None),
    ("wed", "2026-11-18", None),
    ("thu", "2026-11-19", None),
    ("thur", "2026-11-19", None),
    ("thurs", "2026-11-19", None),
    ("sat", "2026-11-21", None),
    ("sun", "2026-11-22", None),
    ("this friday", "2026-11-20", None),
    ("next friday", "2026-11-27", None),
    ("next monday", "2026-11-23", None),
    ("next wed", "2026-11-25", None),
    ("tuesday next week", "2026-11-24", None),
    # times alone: today if still ahead, else tomorrow
    ("9am", "2026-11-19", "09:00"),
    ("9 am", "2026-11-19", "09:00"),
    ("9:30am", "2026-11-19", "09:30"),
    ("3pm", "2026-11-18", "15:00"),
    ("15:00", "2026-11-18", "15:00"),
    ("noon", "2026-11-18", "12:00"),
    ("at 3pm", "2026-11-18", "15:00"),
    ("10am", "2026-11-19", "10:00"),  # exactly now is not "still ahead"
    # day + time
    ("monday 9am", "2026-11-23", "09:00"),
    ("tomorrow 3pm", "2026-11-19", "15:00"),
    ("fri 2:30pm", "2026-11-20", "14:30"),
    ("next friday 10am", "2026-11-27", "10:00"),
    ("tomorrow at 3pm", "2026-11-19", "15:00"),
    ("3pm tomorrow", "2026-11-19", "15:00"),
    ("3pm on friday", "2026-11-20", "15:00"),
    ("tomorrow morning", "2026-11-19", "09:00"),
    # relative spans
    ("in 3 days", "2026-11-21", None),
    ("in 2 weeks", "2026-12-02", None),
    ("in a week", "2026-11-25", None),
    ("in 1 month", "2026-12-18", None),
    ("a week from today", "2026-11-25", None),
    ("2 days from now", "2026-11-20", None),
    ("in 3 hours", "2026-11-18", "13:00"),
    ("in 30 mins", "2026-11-18", "10:30"),
    # absolute dates; without a year the closest one, before or after today
    ("Dec 5", "2026-12-05", None),
    ("December 5", "2026-12-05", None),
    ("5 Dec", "2026-12-05", None),
    ("Dec 5th", "2026-12-05", None),
    ("Dec 5, 2026", "2026-12-05", None),
    ("12/5", "2026-12-05", None),
    ("12/5/2026", "2026-12-05", None),
    ("2026-12-05", "2026-12-05", None),
    ("Jan 3", "2027-01-03", None),
    ("1/3", "2027-01-03", None),
    ("Nov 18", "2026-11-18", None),
    ("Nov 17", "2026-11-17", None),  # the closest Nov 17 is yesterday (and gets a warning)
    ("Dec 5 3pm", "2026-12-05", "15:00"),
    ("the 5th", "2026-12-05", None),
    ("the 20th of this month", "2026-11-20", None),
    ("tonight 8pm", "2026-11-18", "20:00"),
    # connecting words are allowed around a whole phrase
    ("by friday", "2026-11-20", None),
    ("due: tomorrow", "2026-11-19", None),
    ("fri eod", "2026-11-20", None),
    # Chinese days
    ("今天", "2026-11-18", None),
    ("明天", "2026-11-19", None),
    ("后天", "2026-11-20", None),
    ("大后天", "2026-11-21", None),
    ("下周三", "2026-11-25", None),
    ("下星期三", "2026-11-25", None),
    ("下礼拜三", "2026-11-25", None),
    ("下下周一", "2026-11-30", None),
    ("本周五", "2026-11-20", None),
    ("这周五", "2026-11-20", None),
    ("周五", "2026-11-20", None),
    ("星期五", "2026-11-20", None),
    ("礼拜五", "2026-11-20", None),
    ("周三", "2026-11-18", None),
    ("周日", "2026-11-22", None),
    ("星期天", "2026-11-22", None),
    ("下周", "2026-11-23", None),
    ("三天后", "2026-11-21", None),
    ("3天后", "2026-11-21", None),
    ("两周后", "2026-12-02", None),
    ("2周后", "2026-12-02", None),
    ("一周后", "2026-11-25", None),
    ("一个月后", "2026-12-18", None),
    ("十天后", "2026-11-28", None),
    ("二十天后", "2026-12-08", None),
    ("月底", "2026-11-30", None),
    ("下个月底", "2026-12-31", None),
    ("周末", "2026-11-21", None),
    ("下个月5号", "2026-12-05", None),
    ("周五前", "2026-11-20", None),
    # Chinese times
    ("下午3点", "2026-11-18", "15:00"),
    ("下午三点", "2026-11-18", "15:00"),
    ("上午11点", "2026-11-18", "11:00"),
    ("上午10点", "2026-11-19", "10:00"),
    ("早上9点", "2026-11-19", "09:00"),
    ("晚上8点", "2026-11-18", "20:00"),
    ("中午12点", "2026-11-18", "12:00"),
    ("3点半", "2026-11-19", "03:30"),
    ("下午3点半", "2026-11-18", "15:30"),
    ("下午3:30", "2026-11-18", "15:30"),
    ("15点", "2026-11-18", "15:00"),
    ("今晚8点", "2026-11-18", "20:00"),
    ("明早", "2026-11-19", "09:00"),
    ("明天下午", "2026-11-19", "14:00"),
    ("半小时后", "2026-11-18", "10:30"),
    ("3小时后", "2026-11-18", "13:00"),
    ("明天下午3点", "2026-11-19", "15:00"),
    ("下周三上午10点", "2026-11-25", "10:00"),
    ("周五下午2点", "2026-11-20", "14:00"),
    ("明天两点", "2026-11-19", "02:00"),
    # Chinese dates
    ("12月5日", "2026-12-05", None),
    ("12月5号", "2026-12-05", None),
    ("十二月五日", "2026-12-05", None),
    ("2026年12月5日", "2026-12-05", None),
    ("1月3日", "2027-01-03", None),
    # dateparser fallback for whole phrases
    ("5 may", "2027-05-05", None),
    ("next tuesday at noon", "2026-11-24", "12:00"),
]


@pytest.mark.parametrize(("phrase", "day", "at"), PARSE_SHANGHAI)
def test_parse_due_shanghai(phrase: str, day: str, at: str | None) -> None:
    due = parse_due(phrase, now=NOW, tz=SHANGHAI)
    assert due is not None
    assert local(due, SHANGHAI) == (day, at)


# The same instant is Tuesday 18:00 in Los Angeles: "today" and "9am" mean other days there.
PARSE_LOS_ANGELES = [
    ("today", "2026-11-17", None),
    ("tomorrow", "2026-11-18", None),
    ("tue", "2026-11-17", None),
    ("eod", "2026-11-17", None),
    ("9am", "2026-11-18", "09:00"),
    ("8pm", "2026-11-17", "20:00"),
    ("in 3 days", "2026-11-20", None),
    ("in 3 hours", "2026-11-17", "21:00"),
    ("Nov 17", "2026-11-17", None),
    ("下周三", "2026-11-25", None),
]


@pytest.mark.parametrize(("phrase", "day", "at"), PARSE_LOS_ANGELES)
def test_parse_due_los_angeles(phrase: str, day: str, at: str | None) -> None:
    due = parse_due(phrase, now=NOW, tz=LOS_ANGELES)
    assert due is not None
    assert local(due, LOS_ANGELES) == (day, at)


@pytest.mark.parametrize(
    "phrase",
    [
        "2/30",
        "13/13",
        "25pm",
        "13:75",
        "monday 25pm",
        "Dec 32",
        "2月30日",
        "",
        "   ",
        "hello",
        "call back",
        "now",
        "second",
        "on",
        "3",
        "两点",  # "two points" as often as two o'clock: a Chinese-numeral hour needs a day
    ],
)
def test_parse_due_rejects(phrase: str) -> None:
    assert parse_due(phrase, now=NOW, tz=SHANGHAI) is None


EXTRACT = [
    ("send pricing fri", "send pricing", "2026-11-20", None),
    ("send pricing by next friday", "send pricing", "2026-11-27", None),
    ("call back", "call back", None, None),
    ("下周三给报价", "给报价", "2026-11-25", None),
    ("明天下午3点 打电话确认", "打电话确认", "2026-11-19", "15:00"),
    ("frighten the competition", "frighten the competition", None, None),
    ("sat down with the CFO", "sat down with the CFO", None, None),
    ("send deck sat", "send deck", "2026-11-21", None),
    ("review contract on Dec 5", "review contract", "2026-12-05", None),
    ("demo monday 9am", "demo", "2026-11-23", "09:00"),
    ("follow up tomorrow at 3pm", "follow up", "2026-11-19", "15:00"),
    ("call at 3pm", "call", "2026-11-18", "15:00"),
    ("send deck before eow", "send deck", "2026-11-20", None),
    ("send proposal in 2 weeks", "send proposal", "2026-12-02", None),
    ("send pricing fri eod", "send pricing", "2026-11-20", None),
    ("call back in 2 hours", "call back", "2026-11-18", "12:00"),
    ("Fri: send pricing", "send pricing", "2026-11-20", None),
    ("due fri send pricing", "send pricing", "2026-11-20", None),
    ("wednesday meeting prep", "meeting prep", "2026-11-18", None),
    ("ship May 5 build", "ship build", "2027-05-05", None),
    ("on hold until next month", "on hold", "2026-12-01", None),
    ("tomorrow", "tomorrow", "2026-11-19", None),  # nothing left: keep the text
    ("周五前给报价", "给报价", "2026-11-20", None),
    ("请在周五前回复", "请回复", "2026-11-20", None),
    ("给客户打电话 明天", "给客户打电话", "2026-11-19", None),
    ("现在明天给报价", "现在给报价", "2026-11-19", None),
    ("三天后跟进合同", "跟进合同", "2026-11-21", None),
    ("  call back  ", "call back", None, None),
    ("may need a discount", "may need a discount", None, None),
    ("call 5 people", "call 5 people", None, None),
    ("mention the second offer now", "mention the second offer now", None, None),
    ("早一点给报价", "早一点给报价", None, None),
    ("晚一点回电", "晚一点回电", None, None),
    ("一周一次", "一周一次", None, None),
    ("call at 25pm", "call at 25pm", None, None),
    ("send the 2nd proposal", "send the 2nd proposal", None, None),
    ("call by the 5th", "call", "2026-12-05", None),
]


@pytest.mark.parametrize(("text", "description", "day", "at"), EXTRACT)
def test_extract_due(text: str, description: str, day: str | None, at: str | None) -> None:
    found, due = extract_due(text, now=NOW, tz=SHANGHAI)
    assert found == description
    if day is None:
        assert due is None
    else:
        assert due is not None
        assert local(due, SHANGHAI) == (day, at)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("send pricing by next friday", "next friday"),
        ("demo monday 9am", "monday 9am"),
        ("明天下午3点 打电话确认", "明天下午3点"),
        ("review contract on Dec 5", "Dec 5"),
    ],
)
def test_extract_due_reports_the_phrase(text: str, phrase: str) -> None:
    _, due = extract_due(text, now=NOW, tz=SHANGHAI)
    assert due is not None
    assert due.phrase == phrase
    assert due.phrase in text


def test_parse_due_phrase_excludes_connecting_words() -> None:
    due = parse_due("by Dec 5", now=NOW, tz=SHANGHAI)
    assert due is not None
    assert due.phrase == "Dec 5"


def test_results_are_aware_utc() -> None:
    due = parse_due("tomorrow 3pm", now=NOW, tz=SHANGHAI)
    assert due == Due(
        at=datetime(2026, 11, 19, 7, 0, tzinfo=UTC), has_time=True, phrase="tomorrow 3pm"
    )
    day_only = parse_due("tomorrow", now=NOW, tz=SHANGHAI)
    assert day_only is not None
    assert day_only.at == datetime(2026, 11, 19, 15, 59, 59, tzinfo=UTC)
    assert day_only.at.utcoffset() == timedelta(0)


def test_now_in_another_zone_is_read_in_the_reps_zone() -> None:
    same_instant = NOW.astimezone(UTC)
    assert parse_due("today", now=same_instant, tz=SHANGHAI) == parse_due(
        "today", now=NOW, tz=SHANGHAI
    )


def test_span_adds_real_time() -> None:
    due = parse_due("in 3 hours", now=NOW, tz=SHANGHAI)
    assert due is not None
    assert due.at == NOW.astimezone(UTC) + timedelta(hours=3)


@pytest.mark.parametrize(
    ("now", "phrase", "expected"),
    [
        # DST ends in New York on Sunday 2026-11-01 (UTC-4 -> UTC-5).
        (datetime(2026, 10, 31, 12, tzinfo=NEW_YORK), "tomorrow", datetime(2026, 11, 2, 4, 59, 59)),
        (datetime(2026, 10, 31, 12, tzinfo=NEW_YORK), "today", datetime(2026, 11, 1, 3, 59, 59)),
        (datetime(2026, 10, 31, 12, tzinfo=NEW_YORK), "tomorrow 9am", datetime(2026, 11, 1, 14)),
        # DST starts in New York on Sunday 2026-03-08 (UTC-5 -> UTC-4).
        (datetime(2026, 3, 7, 12, tzinfo=NEW_YORK), "tomorrow", datetime(2026, 3, 9, 3, 59, 59)),
        (datetime(2026, 3, 7, 12, tzinfo=NEW_YORK), "in 2 days", datetime(2026, 3, 10, 3, 59, 59)),
        (datetime(2026, 3, 6, 12, tzinfo=NEW_YORK), "sun", datetime(2026, 3, 9, 3, 59, 59)),
    ],
)
def test_dst(now: datetime, phrase: str, expected: datetime) -> None:
    due = parse_due(phrase, now=now, tz=NEW_YORK)
    assert due is not None
    assert due.at == expected.replace(tzinfo=UTC)


def test_date_only_due_is_end_of_local_day_across_dst() -> None:
    due = parse_due("tomorrow", now=datetime(2026, 10, 31, 12, tzinfo=NEW_YORK), tz=NEW_YORK)
    assert due is not None
    at = due.at.astimezone(NEW_YORK)
    assert (at.date(), at.time()) == (date(2026, 11, 1), time(23, 59, 59))
    assert at.utcoffset() == timedelta(hours=-5)


def test_warm_up() -> None:
    warm_up()
    warm_up()
