"""What the data-quality audit found: plain values that views render."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storage.models import Customer

LONG_OVERDUE_DAYS = 30


class Problem(StrEnum):
    NO_CONTACT = "no_contact"
    BAD_CONTACT = "bad_contact"
    TOP_TIER_QUIET = "top_tier_quiet"
    LONG_OVERDUE = "long_overdue"
    NO_OWNER = "no_owner"
    DUPLICATES = "duplicates"


@dataclass(frozen=True)
class Finding:
    problem: Problem
    count: int
    customers: list[Customer]


@dataclass(frozen=True)
class QualityReport:
    findings: list[Finding]
    """Every kind of problem, in the order above (count 0 when there is none)."""
    own_only: bool
    """A rep's audit: only their own customers."""
    top_tier: str
    top_tier_days: int
    overdue_days: int = LONG_OVERDUE_DAYS

    @property
    def problems(self) -> int:
        return sum(finding.count for finding in self.findings)
