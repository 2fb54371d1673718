from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.dates.calendar import Due
from bot.dates.checks import DueConcern, due_concerns
from bot.dates.parse import extract_due

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Wednesday 2026-11-18 15:20 in Shanghai: the afternoon has begun.
NOW = datetime(2026, 11, 18, 15, 20, tzinfo=SHANGHAI)


def concerns(text: str, now: datetime = NOW, tz: ZoneInfo = SHANGHAI) -> list[tuple[str, str]]:
    _, due = extract_due(text, now=now, tz=tz)
    return [(c.kind, c.phrase) for c in due_concerns(text, due, now=now, tz=tz)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # past
        ("next: ping them yesterday", [("past", "yesterday")]),
        ("call back this afternoon", [("past", "this afternoon")]),  # 14:00 today has passed
        ("follow up 3 days ago", [("past", "3 days ago")]),
        ("send deck Thu Oct 26 11:00 2023", [("past", "Thu Oct 26 11:00 2023")]),
        ("昨天给报价", [("past", "昨天")]),
        ("上周五回电", [("past", "上周五")]),
        ("today at 2pm", [("past", "today at 2pm")]),
        # not past: later today, today without a time, a bare time rolls to tomorrow
        ("today at 5pm", []),
        ("today", []),
        ("eod", []),
        ("call at 3pm", []),
        ("demo at 3", []),
        ("元旦前", []),
        ("元旦前后", []),
        ("明天下午3点 打电话确认", []),
        # unread: looks like a date or time, but is not the due
        ("demo at 3ish", [("unread", "3ish")]),
        ("the 31st of Feb", [("unread", "the 31st of Feb")]),
        ("call at 25pm", [("unread", "25pm")]),
        ("2月30日交付", [("unread", "2月30日")]),
        ("send by Q3", [("unread", "Q3")]),
        ("下旬给报价", [("unread", "下旬")]),
        ("call tomorrow or friday", [("unread", "friday")]),
        ("明天或者周五回电", [("unread", "周五")]),
        ("lunch after lunch", [("unread", "after lunch")]),
        # both
        ("yesterday or fri", [("past", "yesterday"), ("unread", "fri")]),
        # nothing that looks like a date
        ("call back", []),
        ("sat down with the CFO", []),
        ("may need a discount", []),
        ("march forward", []),
        ("send the 2nd proposal", []),
        ("call 138-1234-5678", []),
        ("price 3.5k", []),
        ("order C20240501001", []),
        ("upgrade to v2.3.1", []),
        ("早一点给报价", []),
        ("三点建议", []),
        ("10 units at 5 each", []),
        ("send 1/2 of the samples", []),
        ("3 month trial", []),
        ("pay 50% upfront", []),
    ],
)
def test_concerns(text: str, expected: list[tuple[str, str]]) -> None:
    assert concerns(text) == expected


def test_a_date_without_time_is_past_only_from_the_next_local_day() -> None:
    day_only = Due(at=datetime(2026, 11, 18, 15, 59, 59, tzinfo=UTC), has_time=False, phrase="x")
    just_after_midnight = datetime(2026, 11, 19, 0, 5, tzinfo=SHANGHAI)
    assert due_concerns("x", day_only, now=NOW, tz=SHANGHAI) == []
    assert due_concerns("x", day_only, now=just_after_midnight, tz=SHANGHAI) == [
        DueConcern("past", "x")
    ]


def test_past_is_read_in_the_persons_zone() -> None:
    # 2026-11-18 02:00 UTC: the 18th in Shanghai, still the 17th in Los Angeles
    now = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
    assert concerns("call yesterday", now=now, tz=ZoneInfo("America/Los_Angeles")) == [
        ("past", "yesterday")
    ]
    assert concerns("call today", now=now, tz=ZoneInfo("America/Los_Angeles")) == []


def test_a_time_is_past_to_the_second() -> None:
    due = Due(at=NOW.astimezone(UTC) - timedelta(seconds=1), has_time=True, phrase="now-ish")
    assert due_concerns("now-ish", due, now=NOW, tz=SHANGHAI) == [DueConcern("past", "now-ish")]
    later = Due(at=NOW.astimezone(UTC) + timedelta(minutes=1), has_time=True, phrase="soon")
    assert due_concerns("soon", later, now=NOW, tz=SHANGHAI) == []


def test_without_a_due_only_unread_words_count() -> None:
    assert due_concerns("call back", None, now=NOW, tz=SHANGHAI) == []
    assert due_concerns("call on Feb 31", None, now=NOW, tz=SHANGHAI) == [
        DueConcern("unread", "Feb 31")
    ]


def test_concerns_are_frozen() -> None:
    concern = DueConcern("past", "yesterday")
    with pytest.raises(AttributeError):
        concern.kind = "unread"  # type: ignore[misc]
