"""What `/customer list` answers, for the views to draw, and where a page starts (carried in
the Prev/Next buttons, so no session is kept on the server). Pure data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from bot.catalog.cleaning import without_controls
from bot.catalog.payloads import MAX_ID, Unreadable, id_from
from bot.customers.filters import ListFilters
from storage.models import Customer

MAX_QUERY = 1500
"""Filter text kept in a button value (Slack keeps 2,000 characters)."""


@dataclass(frozen=True)
class PageAt:
    """A page of the list: the filters as typed, the row it starts after (or, `backwards`,
    ends before), and its number."""

    query: str = ""
    after: tuple[str, int] | None = None
    """(last contact as ISO text, customer id) of the neighbouring row."""
    backwards: bool = False
    page: int = 1

    def dump(self) -> str:
        data: dict[str, object] = {"q": self.query[:MAX_QUERY], "p": self.page}
        if self.after is not None:
            data["k"] = list(self.after)
        if self.backwards:
            data["b"] = 1
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def load(cls, raw: str) -> PageAt:
        """ValueError (json's or ours) when `raw` is not one this app wrote."""
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise Unreadable("not a list position")
            key = data.get("k")
            after = None
            if isinstance(key, list) and len(key) == 2:
                after = (without_controls(str(key[0])), id_from(key[1]))
            return cls(
                query=without_controls(str(data.get("q") or "")),
                after=after,
                backwards=bool(data.get("b")),
                page=min(max(int(data.get("p") or 1), 1), MAX_ID),
            )
        except (ValueError, TypeError, OverflowError):
            raise Unreadable("not a list position") from None


@dataclass(frozen=True)
class CustomerRow:
    customer: Customer
    tier: str
    show_contact: bool
    """False: phone and email are masked, as on the card."""
    sort_key: datetime
    """What the list sorts by (the last contact; the epoch for never)."""


@dataclass(frozen=True)
class CustomerPage:
    query: str
    filters: ListFilters
    rows: list[CustomerRow]
    page: int
    has_prev: bool
    has_next: bool
    page_size: int
    counts: dict[str, int] | None
    """Matching customers per status, for managers and admins (None for reps)."""
    unknown_owners: tuple[str, ...] = ()
    """`@names` that are not the name of anyone owning customers here."""

    def next_page(self) -> PageAt:
        last = self.rows[-1]
        return PageAt(
            self.query, (last.sort_key.isoformat(), last.customer.id or 0), False, self.page + 1
        )

    def previous_page(self) -> PageAt:
        first = self.rows[0]
        return PageAt(
            self.query,
            (first.sort_key.isoformat(), first.customer.id or 0),
            True,
            max(self.page - 1, 1),
        )


@dataclass(frozen=True)
class OwnCustomers:
    """`/customer` alone: the person's own customers, or, when they own none, how many the
    team has (counted only for managers and admins)."""

    customers: list[Customer]
    total: int
    team_total: int | None
