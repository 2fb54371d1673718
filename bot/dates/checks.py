"""What to warn about when a next step is saved: a due date already past, or date words the
parser did not use. Pure: the caller decides how to show the warning (message catalog, Edit)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from bot.dates.calendar import Due
from bot.dates.parse import date_like_spans

__all__ = ["DueConcern", "due_concerns"]

ConcernKind = Literal["past", "unread"]


@dataclass(frozen=True)
class DueConcern:
    kind: ConcernKind  # "past": due before now; "unread": date-like words that gave no due
    phrase: str  # the words concerned, as typed


# Words that say "when" but that no rule turns into a date: "demo at 3ish", "by Q3", "下旬".
_VAGUE_WHEN = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"\d{1,2}(?::\d{2})?\s*-?\s*ish|(?:noon|morning|evening|tonight)-?ish"
    r"|q[1-4]|(?:end|start|beginning)\s+of\s+q[1-4]"
    r"|(?:after|before)\s+(?:lunch|dinner|breakfast)"
    r")(?![A-Za-z0-9])"
    r"|上旬|中旬|下旬|月初|年初|年中|季度末|季末|过两天|過兩天|过几天|過幾天|改天|节前|節前|节后|節後",
    re.IGNORECASE,
)


def due_concerns(
    next_text: str, due: Due | None, *, now: datetime, tz: ZoneInfo
) -> list[DueConcern]:
    """Concerns about the due date read from `next_text`, in the order they appear.

    "past": `due` is before `now` (a date without a time: before today in `tz`).
    "unread": `next_text` has something that looks like a date or time outside `due.phrase`.
    """
    concerns: list[DueConcern] = []
    if due is not None and _is_past(due, now, tz):
        concerns.append(DueConcern("past", due.phrase))
    used = _span_of(next_text, due)
    for start, end in _looks_like_when(next_text, now, tz):
        if used is not None and start < used[1] and used[0] < end:
            continue
        phrase = next_text[start:end].strip()
        if phrase and all(c.phrase != phrase for c in concerns if c.kind == "unread"):
            concerns.append(DueConcern("unread", phrase))
    return concerns


def _is_past(due: Due, now: datetime, tz: ZoneInfo) -> bool:
    if due.has_time:
        return due.at < now
    return due.at.astimezone(tz).date() < now.astimezone(tz).date()


def _span_of(text: str, due: Due | None) -> tuple[int, int] | None:
    if due is None or not due.phrase:
        return None
    start = text.find(due.phrase)
    return None if start < 0 else (start, start + len(due.phrase))


def _looks_like_when(text: str, now: datetime, tz: ZoneInfo) -> list[tuple[int, int]]:
    spans = date_like_spans(text, now=now, tz=tz)
    vague = [(m.start(), m.end()) for m in _VAGUE_WHEN.finditer(text)]
    vague = [(s, e) for s, e in vague if not any(s < b and a < e for a, b in spans)]
    return sorted(spans + vague)
