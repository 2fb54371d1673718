"""What a customer's annual value counts as for tiers: tier thresholds are in the team currency
(`/crm settings`), a value in another currency counts at the rate the admin set for it, and a
value in a currency without a rate counts as no value (its card says so)."""

from __future__ import annotations

from decimal import Decimal

from bot.preferences.model import TeamPreferences
from storage.models import Customer
from storage.money import Rates


def team_rates(team: TeamPreferences | None) -> Rates | None:
    """Every currency the team can count in, with what one unit is worth in the team currency
    (its own at 1). None without the team's settings: values count as stored."""
    if team is None:
        return None
    return {**team.rates, team.currency: Decimal(1)}


def value_for_tiers(customer: Customer, team: TeamPreferences | None) -> Decimal | None:
    """The customer's annual value in the team currency (None: no value, or no rate)."""
    if team is None:
        return customer.annual_value
    return team.in_team_currency(customer.annual_value, customer.currency)
