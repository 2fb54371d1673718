"""Telling an owner when others log follow-ups on their customers, at most once an hour per
customer.

Hours are fixed (UTC, on the hour). Once an hour is over, the reminders job plans one notice
per customer that someone other than its owner followed up in that hour, under the key
`notice:<customer>:<hour>`: all of that hour's follow-ups are in that one DM, drawn when it is
sent (a follow-up undone meanwhile is left out), and the next notice about that customer can
only be for a later hour. A notice comes at most an hour after the follow-up; an hour missed
while everything was down is caught up for `CATCH_UP` hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.reminders.results import OwnerNotice
from storage import customers as customer_store
from storage import reminders as store

HOUR = timedelta(hours=1)
CATCH_UP = 3
"""Finished hours each run looks at (the last one, and two missed before it)."""
SHOWN = 5
"""Follow-ups one notice quotes; the rest are counted."""


def finished_hours(now: datetime) -> list[tuple[datetime, datetime]]:
    """The last `CATCH_UP` whole hours before `now`, oldest first, as [start, end)."""
    top = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return [(top - HOUR * n, top - HOUR * (n - 1)) for n in range(CATCH_UP, 0, -1)]


def notice_key(customer_id: int, start: datetime) -> str:
    return f"notice:{customer_id}:{start.astimezone(UTC):%Y-%m-%dT%H}"


def hour_key(start: datetime) -> str:
    """The job-run key saying an hour's notices are all planned."""
    return f"notices:{start.astimezone(UTC):%Y-%m-%dT%H}"


def hour_planned(*, session: Session, team_id: str, start: datetime) -> bool:
    return store.job_ran(session=session, team_id=team_id, key=hour_key(start))


def customers_to_notify(
    *, session: Session, team_id: str, start: datetime, end: datetime
) -> list[tuple[int, str]]:
    """(customer, owner) for each customer others followed up in [start, end)."""
    return store.customers_followed_up_by_others(
        session=session, team_id=team_id, start=start, end=end
    )


def notice_payload(customer_id: int, start: datetime, end: datetime) -> dict[str, Any]:
    return {"customer": customer_id, "from": start.isoformat(), "to": end.isoformat()}


def owner_notice(
    *, session: Session, team_id: str, payload: dict[str, Any], reader: str
) -> OwnerNotice | None:
    """What a notice says now; None when there is nothing left to tell (the customer is gone or
    archived, or the follow-ups were undone)."""
    customer = customer_store.get_customer(
        session=session, team_id=team_id, customer_id=int(payload["customer"])
    )
    if customer is None or customer.id is None or customer.archived_at is not None:
        return None
    followups, total = store.followups_by_others_on(
        session=session,
        customer_id=customer.id,
        reader=reader,
        start=datetime.fromisoformat(str(payload["from"])),
        end=datetime.fromisoformat(str(payload["to"])),
        limit=SHOWN,
    )
    if not followups:
        return None
    return OwnerNotice(customer=customer, followups=followups, total=total)
