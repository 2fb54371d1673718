"""What a customer's follow-up history answers, for the views to draw. Pure data."""

from __future__ import annotations

import json
from dataclasses import dataclass

from storage.models import Customer, FollowUp

PAGE_SIZE = 10


@dataclass(frozen=True)
class HistoryEntry:
    followup: FollowUp
    can_change: bool
    """The person may edit or delete it (its author, or an admin)."""


@dataclass(frozen=True)
class HistoryPage:
    customer: Customer
    entries: list[HistoryEntry]
    page: int
    total: int
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max((self.total + self.page_size - 1) // self.page_size, 1)


@dataclass(frozen=True)
class FollowUpChanged:
    """A follow-up was edited or deleted; `kept_steps` counts next steps a deleted one had
    created, which stay open on their own."""

    customer: Customer
    followup_id: int
    deleted: bool
    kept_steps: int = 0


def history_value(customer_id: int, page: int) -> str:
    """A page button's value."""
    return json.dumps({"c": customer_id, "p": page}, separators=(",", ":"))


def entry_value(followup_id: int, page: int) -> str:
    """An Edit or Delete button's value: the follow-up and the page to redraw afterwards."""
    return json.dumps({"f": followup_id, "p": page}, separators=(",", ":"))


def read_value(raw: str, key: str) -> tuple[int, int]:
    """(id under `key`, page) from a button value written above; ValueError otherwise."""
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("not a history button value")
    return int(data[key]), max(int(data.get("p") or 1), 1)
