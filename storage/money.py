"""Annual values in the team currency, as SQL: tier thresholds are in the team currency, and a
customer's value in another currency counts at the rate the team set for it."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import ColumnElement, Numeric, case, func, literal, null
from sqlmodel import col

from storage.models import Customer

Rates = Mapping[str, Decimal]
"""Currency -> what one unit of it is worth in the team currency, the team currency itself
included (at 1). A value in a currency that is not here has no worth in the team currency."""

_RATE = Numeric(24, 10)


def value_in_team_currency(rates: Rates | None) -> ColumnElement[Any]:
    """Each customer's annual value converted with `rates` (NULL: no value, or no rate for its
    currency); with None, the value as stored, whatever its currency."""
    value = cast(ColumnElement[Any], col(Customer.annual_value))
    if rates is None:
        return value
    whens = [
        (col(Customer.currency) == code, value if rate == 1 else value * literal(rate, _RATE))
        for code, rate in sorted(rates.items())
    ]
    if not whens:
        return null()
    return case(*whens, else_=null())


def value_for_tiers(rates: Rates | None) -> ColumnElement[Any]:
    """What tiers compare with their minimum: the value in the team currency, 0 without one."""
    return func.coalesce(value_in_team_currency(rates), 0)
