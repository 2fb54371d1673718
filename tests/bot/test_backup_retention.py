"""Which backups are kept: the newest of each of the 7 latest days, then the newest of each
of the 4 ISO weeks before those; and the names the backups go by."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.backups.retention import backup_name, select_backups, taken_at


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def nightly(last: str, days: int) -> list[datetime]:
    """One backup at 18:30 UTC on each of `days` days up to `last`."""
    end = date.fromisoformat(last)
    return [at(f"{end - timedelta(days=n)}T18:30") for n in range(days)]


def days_of(moments: list[datetime]) -> list[str]:
    return [m.date().isoformat() for m in moments]


# 2026-12-04 is a Friday, in ISO week 2026-W49 (Mon 11-30 .. Sun 12-06).
CASES = [
    ("none", [], 7, 4, []),
    ("one", [at("2026-12-04T03:15")], 7, 4, ["2026-12-04"]),
    (
        "forty nights: 7 days, then the Sundays of weeks 47, 46, 45 and 44",
        nightly("2026-12-04", 40),
        7,
        4,
        [
            *("2026-12-04", "2026-12-03", "2026-12-02", "2026-12-01", "2026-11-30"),
            *("2026-11-29", "2026-11-28"),
            *("2026-11-22", "2026-11-15", "2026-11-08", "2026-11-01"),
        ],
    ),
    ("three nights", nightly("2026-12-04", 3), 7, 4, days_of(nightly("2026-12-04", 3))),
    (
        "days are days that have a backup, not calendar days",
        [at("2026-12-04T01:00"), at("2026-11-20T01:00"), at("2026-11-01T01:00")],
        2,
        0,
        ["2026-12-04", "2026-11-20"],
    ),
    (
        "a week with a daily backup gives no weekly one",
        nightly("2026-12-04", 12),  # back to Mon 11-23, all in weeks 48 and 49
        7,
        4,
        days_of(nightly("2026-12-04", 7)),
    ),
    (
        "ISO weeks across the new year: 2027-01-01 is in 2026-W53",
        [at(d) for d in ("2027-01-04T02:00", "2027-01-01T02:00", "2026-12-28T02:00")]
        + [at("2026-12-27T02:00")],
        1,
        2,
        ["2027-01-04", "2027-01-01", "2026-12-27"],
    ),
    (
        "weekly backups only: 7 as daily, 4 as weekly, the oldest 2 go",
        [at("2026-12-04T02:00") - timedelta(weeks=n) for n in range(13)],
        7,
        4,
        days_of([at("2026-12-04T02:00") - timedelta(weeks=n) for n in range(11)]),
    ),
]


@pytest.mark.parametrize(
    ("taken", "daily", "weekly", "kept"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_which_backups_are_kept(
    taken: list[datetime], daily: int, weekly: int, kept: list[str]
) -> None:
    chosen = select_backups(taken, daily=daily, weekly=weekly)
    assert days_of(chosen.keep) == kept
    assert sorted(chosen.keep + chosen.drop) == sorted(set(taken))
    assert chosen.drop == sorted(set(taken) - set(chosen.keep), reverse=True)


def test_only_the_newest_backup_of_a_day_is_kept() -> None:
    day = [at("2026-12-04T02:30"), at("2026-12-04T09:00"), at("2026-12-04T23:59:59")]
    earlier = [at("2026-12-03T02:30"), at("2026-12-03T03:00")]
    chosen = select_backups(day + earlier)
    assert chosen.keep == [at("2026-12-04T23:59:59"), at("2026-12-03T03:00")]
    assert chosen.drop == [at("2026-12-04T09:00"), at("2026-12-04T02:30"), at("2026-12-03T02:30")]


def test_the_order_they_come_in_does_not_matter() -> None:
    taken = nightly("2026-12-04", 40)
    assert select_backups(taken) == select_backups(list(reversed(taken)))


@pytest.mark.parametrize(
    ("moment", "name"),
    [
        (at("2026-12-04T03:15"), "crmbot-20261204T031500Z.sqlite3"),
        (datetime.fromisoformat("2026-12-04T10:30:05+08:00"), "crmbot-20261204T023005Z.sqlite3"),
    ],
)
def test_names_carry_the_utc_time(moment: datetime, name: str) -> None:
    assert backup_name(moment) == name
    assert taken_at(name) == moment


@pytest.mark.parametrize(
    "name",
    [
        "crmbot.sqlite3",
        "crmbot-20261204T031500Z.sqlite3-wal",
        ".crmbot-20261204T031500Z.sqlite3.partial",
        "crmbot-20261304T031500Z.sqlite3",  # month 13
        "crmbot-20261204T031500.sqlite3",
        "mybot-20261204T031500Z.sqlite3",
        "notes.txt",
    ],
)
def test_files_this_tool_did_not_name_are_not_backups(name: str) -> None:
    assert taken_at(name) is None
