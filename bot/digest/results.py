"""What the weekly digest says, as plain data: counts, and a few examples of each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Sample(Generic[T]):
    """How many there are, and the first few of them to show."""

    total: int = 0
    shown: list[T] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(self.total - len(self.shown), 0)


@dataclass(frozen=True)
class TierMoveLine:
    name: str
    code: str
    from_tier: str
    to_tier: str


@dataclass(frozen=True)
class QuietLine:
    name: str
    code: str
    days: int
    """Days since the last contact."""


@dataclass
class DigestData:
    week: str
    """ISO week of the digest, e.g. '2026-W47'."""
    start: datetime
    end: datetime
    tiers: list[str]
    """The tiers this digest covers, highest first."""
    per_tier: dict[str, int]
    per_tier_last_week: dict[str, int]
    per_status: dict[str, int]
    moved_up: Sample[TierMoveLine] = field(default_factory=Sample)
    moved_down: Sample[TierMoveLine] = field(default_factory=Sample)
    new_customers: Sample[str] = field(default_factory=Sample)
    won: Sample[str] = field(default_factory=Sample)
    churned: Sample[str] = field(default_factory=Sample)
    followups_per_rep: Sample[tuple[str, int]] = field(default_factory=Sample)
    """(rep, follow-ups logged), busiest first; `total` is how many reps logged any."""
    overdue_per_owner: Sample[tuple[str, int]] = field(default_factory=Sample)
    """(owner, overdue next steps), most first; `total` is how many owners have any."""
    top_tier_past_cadence: Sample[QuietLine] = field(default_factory=Sample)
    """The highest covered tier's customers past its cadence, longest silence first."""

    @property
    def total(self) -> int:
        return sum(self.per_tier.values())


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"
