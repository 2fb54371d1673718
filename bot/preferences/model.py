"""What a team and a person have set (or are given by default): plain values, no storage, so
views can read them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from bot.catalog.language import Language

DEFAULT_CODE_PREFIX = "C"
DEFAULT_NUDGE_TIME = "09:00"
DEFAULT_ESCALATION_DAYS = 7
DEFAULT_REMINDER_LEAD = 15
"""Minutes before a next step with a clock time that its owner is reminded, unless they chose."""
REMINDER_LEADS = (0, 5, 10, 15, 30, 60)
"""The leads a person may choose in `/crm me` (0: at the time itself)."""

FIELDS = (
    "language",
    "zone",
    "currency",
    "phone_region",
    "nudge_time",
    "escalation_days",
    "code_prefix",
    "rates",
)
"""The settings' names, in the order the form shows them (also the modal's block ids)."""


@dataclass(frozen=True)
class TeamPreferences:
    team_id: str
    language: Language
    zone: str
    currency: str
    phone_region: str
    code_prefix: str = DEFAULT_CODE_PREFIX
    nudge_time: str = DEFAULT_NUDGE_TIME
    escalation_days: int = DEFAULT_ESCALATION_DAYS
    rates: Mapping[str, Decimal] = field(default_factory=dict)
    """Currency -> what one unit of it is worth in `currency`."""

    def rate_for(self, currency: str) -> Decimal | None:
        """What one unit of `currency` is in the team currency; None when no rate is set."""
        if currency == self.currency:
            return Decimal(1)
        return self.rates.get(currency)

    def in_team_currency(self, amount: Decimal | None, currency: str) -> Decimal | None:
        """`amount` of `currency` in the team currency (None without an amount or a rate)."""
        rate = self.rate_for(currency)
        if amount is None or rate is None:
            return None
        return (amount * rate).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class PersonPreferences:
    phone_region: str
    currency: str
    own_phone_region: str | None = None
    """What they chose with `/crm me` (None: told from Slack, else the team's)."""
    own_currency: str | None = None
    reminder_lead: int = DEFAULT_REMINDER_LEAD
    """Minutes before a step with a clock time that they are reminded."""
