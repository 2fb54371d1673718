"""What customer actions answer, for views to draw. Pure data: nothing here reaches the
database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.followups.results import FollowUpReply
from bot.rules.model import ActivityLevel, Cadence, Risk, RiskHint, Tier
from storage.models import Customer, FollowUp, NextStep


@dataclass(frozen=True)
class FormErrors:
    errors: dict[str, str]


class SameAs(StrEnum):
    """What a possible duplicate has in common with the customer being added."""

    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"


@dataclass(frozen=True)
class PossibleDuplicates:
    duplicates: list[tuple[Customer, tuple[SameAs, ...]]]
    """Each existing customer with what it has in common with the new one (nothing: only the
    name reads alike, e.g. 華為 and 华为, or a Latin name and a Chinese one's pinyin)."""


@dataclass(frozen=True)
class CustomerSaved:
    customer: Customer
    created: bool
    followup: FollowUpReply | None = None
    """The follow-up that was waiting for this customer to exist, once logged."""
    previous_owner: str | None = None
    """Set when the save gave the customer to someone else."""
    moved_steps: int = 0


@dataclass(frozen=True)
class CustomerMissing:
    pass


SaveOutcome = FormErrors | PossibleDuplicates | CustomerSaved | CustomerMissing


@dataclass(frozen=True)
class CustomerFile:
    """Everything a card shows, as the person looking may see it."""

    customer: Customer
    followups: list[FollowUp]
    steps: list[NextStep]
    show_contact: bool
    can_edit: bool
    tier: Tier
    cadence: Cadence
    activity: ActivityLevel
    risk: Risk
    risk_is_manual: bool
    computed_risk: Risk
    hints: list[RiskHint]
    team_currency: str | None = None
    """The currency tier thresholds are in (None: not known to whoever built this file)."""
    rate: Decimal | None = None
    """What one unit of the customer's currency is worth in `team_currency` (None: no rate
    set, so tiers count the customer as having no value)."""
    more_contacts: int = 0
    """Contacts besides the primary one."""
    can_archive: bool = False
    """Whether the person looking may archive or restore it (managers and admins)."""


@dataclass(frozen=True)
class CustomerChoices:
    customers: list[Customer]
    typed: str


@dataclass(frozen=True)
class NoCustomer:
    typed: str
