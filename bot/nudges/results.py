"""The items of a morning DM as plain data, for the views to draw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.catalog.payloads import Unreadable, id_from
from storage.models import Customer, NextStep


class ItemKind(StrEnum):
    STEP = "step"
    CADENCE = "cadence"


class ItemState(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    PAST_CADENCE = "past_cadence"
    DONE = "done"
    SNOOZED = "snoozed"
    RESCHEDULED = "rescheduled"
    CONTACTED = "contacted"
    GONE = "gone"


@dataclass(frozen=True)
class NudgeLine:
    kind: ItemKind
    ref: int
    state: ItemState
    customer: Customer | None
    step: NextStep | None = None
    days: int = 0
    """Days overdue (steps) or since the last contact (cadence)."""
    cadence_days: int = 0
    tier: str = ""
    until: datetime | None = None


def item_ref(kind: ItemKind, ref: int) -> str:
    return f"{kind.value}:{ref}"


def parse_item_ref(text: str) -> tuple[ItemKind, int]:
    kind, _, ref = text.partition(":")
    try:
        return ItemKind(kind), id_from(ref)
    except ValueError:  # not a kind of item, or not an id
        raise Unreadable("not a reminder item") from None
