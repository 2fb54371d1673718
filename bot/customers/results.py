"""What customer actions answer, for views to draw. Pure data: nothing here reaches the
database."""

from __future__ import annotations

from dataclasses import dataclass

from bot.followups.results import FollowUpReply
from bot.rules.model import ActivityLevel, Cadence, Risk, Tier
from storage.models import Customer, FollowUp, NextStep


@dataclass(frozen=True)
class FormErrors:
    errors: dict[str, str]


@dataclass(frozen=True)
class PossibleDuplicates:
    duplicates: list[tuple[Customer, str]]
    """Each existing customer with why it looks the same ("same name", "same phone", …)."""


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
    hints: list[str]


@dataclass(frozen=True)
class CustomerChoices:
    customers: list[Customer]
    typed: str


@dataclass(frozen=True)
class NoCustomer:
    typed: str
