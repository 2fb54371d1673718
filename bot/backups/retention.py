"""Backup file names and which backups to keep: pure, so they are tested as tables."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

PREFIX = "crmbot-"
SUFFIX = ".sqlite3"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
_NAME = re.compile(r"^crmbot-(\d{8}T\d{6}Z)\.sqlite3$")
_STAMP = "%Y%m%dT%H%M%SZ"


def backup_name(taken_at: datetime) -> str:
    """`crmbot-20261204T031500Z.sqlite3` for a backup taken at that moment (UTC)."""
    return f"{PREFIX}{taken_at.astimezone(UTC).strftime(_STAMP)}{SUFFIX}"


def taken_at(name: str) -> datetime | None:
    """When the backup called `name` was taken; None for any file this tool did not name."""
    found = _NAME.match(name)
    if found is None:
        return None
    try:
        return datetime.strptime(found.group(1), _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True)
class Retention:
    keep: list[datetime]
    """Newest first."""
    drop: list[datetime]
    """Newest first."""


def select_backups(
    taken: Iterable[datetime], *, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY
) -> Retention:
    """Which backups to keep: the newest backup of each of the `daily` most recent days that
    have one, then the newest backup of each of the `weekly` ISO weeks before those (weeks in
    which no daily backup is kept). Days and weeks are UTC, as the names are. Everything else
    is dropped, including older backups of a day that is kept."""
    ordered = sorted(set(taken), reverse=True)
    keep: list[datetime] = []
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    daily_weeks: set[tuple[int, int]] = set()
    for moment in ordered:
        day = moment.astimezone(UTC).date()
        week = _iso_week(day)
        if len(days) < daily:
            if day not in days:
                days.add(day)
                daily_weeks.add(week)
                keep.append(moment)
            continue
        if week in daily_weeks or week in weeks or len(weeks) >= weekly:
            continue
        weeks.add(week)
        keep.append(moment)
    kept = set(keep)
    return Retention(keep=keep, drop=[m for m in ordered if m not in kept])


def _iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week
