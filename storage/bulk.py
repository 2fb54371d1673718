"""Many plain customers at once, for tests and measurements at scale: one executemany insert
per few thousand rows instead of the app's one-customer-at-a-time path.

The customers get codes `B00000001`… and no name keys (so `/followup` cannot find them by
name); add the few a test talks about the usual way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from storage.models import CustomerStatus, CustomerType
from storage.seeding import insert_customers

CHUNK = 5_000


def insert_plain_customers(
    *,
    session: Session,
    team_id: str,
    owner_id: str,
    annual_values: Sequence[Decimal | None],
    at: datetime,
    status: str = CustomerStatus.CUSTOMER.value,
    tier: str | None = None,
    activity_level: str | None = None,
    last_activity_at: datetime | None = None,
    first: int = 1,
) -> int:
    """One customer per entry of `annual_values`, named `Bulk customer <n>` from n = `first`,
    all with the same status, stored tier, activity level and last activity. Returns how many
    were inserted."""
    rows: list[dict[str, Any]] = []
    for n, value in enumerate(annual_values, start=first):
        name = f"Bulk customer {n}"
        rows.append(
            {
                "team_id": team_id,
                "code": f"B{n:08d}",
                "name": name,
                "name_key": name.casefold(),
                "aliases": [],
                "customer_type": CustomerType.COMPANY.value,
                "annual_value": value,
                "currency": "USD",
                "status": status,
                "owner_id": owner_id,
                "needs": [],
                "last_activity_at": last_activity_at,
                "tier": tier,
                "activity_level": activity_level,
                "created_by": owner_id,
                "created_at": at,
                "updated_by": owner_id,
                "updated_at": at,
            }
        )
    for start in range(0, len(rows), CHUNK):
        insert_customers(session=session, rows=rows[start : start + CHUNK])
    return len(rows)
