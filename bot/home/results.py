"""What a person's Home shows, for the view to draw, and how much of each section (carried in
the "Show more" buttons, so nothing is kept on the server). Pure data."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Literal

from bot.catalog.payloads import Unreadable
from bot.digest.results import QuietLine, Sample, TierMoveLine
from bot.nudges.todo_results import TodoList
from storage.models import Customer

Section = Literal["steps", "customers", "team"]

STEPS = (8, 10, 30)
"""Next steps shown: at first, more per "Show more", at most (two blocks each)."""
CUSTOMERS = (12, 24, 96)
"""Customers shown (a line each, ten lines to a block)."""
TEAM = (5, 10, 20)
"""Reps, quiet customers and tier moves shown in the team section."""
_SIZES: dict[Section, tuple[int, int, int]] = {
    "steps": STEPS,
    "customers": CUSTOMERS,
    "team": TEAM,
}


@dataclass(frozen=True)
class HomePages:
    """How many rows each section shows."""

    steps: int = STEPS[0]
    customers: int = CUSTOMERS[0]
    team: int = TEAM[0]

    def more(self, section: Section) -> HomePages:
        _first, step, most = _SIZES[section]
        return replace(self, **{section: min(getattr(self, section) + step, most)})

    def can_grow(self, section: Section) -> bool:
        shown: int = getattr(self, section)
        return shown < _SIZES[section][2]

    def dump(self) -> str:
        return json.dumps({"s": self.steps, "c": self.customers, "t": self.team})

    @classmethod
    def load(cls, raw: str) -> HomePages:
        """Unreadable unless `raw` is one this app wrote; sizes are kept within bounds."""
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise Unreadable("not Home pages")
            sizes = {
                name: min(max(int(data[key]), first), most)
                for name, key, (first, _, most) in (
                    ("steps", "s", STEPS),
                    ("customers", "c", CUSTOMERS),
                    ("team", "t", TEAM),
                )
            }
        except (ValueError, TypeError, KeyError, OverflowError):
            raise Unreadable("not Home pages") from None
        return cls(**sizes)


@dataclass(frozen=True)
class HomeCustomer:
    customer: Customer
    tier: str
    cadence_days: int
    days_since_contact: int
    past_cadence: bool
    """Quiet for longer than the tier's cadence (and not churned or snoozed)."""


@dataclass(frozen=True)
class TeamSection:
    """For managers and admins: the team at a glance, as the weekly digest counts it."""

    overdue_per_rep: Sample[tuple[str, int]]
    past_cadence: Sample[QuietLine]
    moved_up: Sample[TierMoveLine]
    moved_down: Sample[TierMoveLine]


@dataclass(frozen=True)
class HomeData:
    user_id: str
    pages: HomePages
    steps: TodoList
    overdue: int
    """The person's overdue open steps, all of them (not only those listed)."""
    per_tier: list[tuple[str, int]]
    """(tier, the person's customers in it), highest tier first."""
    customers: list[HomeCustomer]
    past_cadence: int
    """How many of the person's customers are past their tier's cadence."""
    team: TeamSection | None = None

    @property
    def customer_total(self) -> int:
        return sum(n for _, n in self.per_tier)
