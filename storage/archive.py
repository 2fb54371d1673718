"""Archived customers (`/crm archive`): the conditions that keep them out of lists, nudges,
digests and team-wide jobs, and archiving or restoring one.

An archived customer keeps its row, follow-ups, next steps and history; it only stops being
counted, listed, nudged about or found by name (its name keys are removed while it is
archived, see `bot.customers.archive`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, exists
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from storage.models import Customer, NextStep


def not_archived() -> ColumnElement[bool]:
    """A condition on `Customer`: the customer is not archived."""
    return col(Customer.archived_at).is_(None)


def not_archived_at(at: datetime) -> ColumnElement[bool]:
    """A condition on `Customer`: it was not archived at `at` (archived later, or never)."""
    return col(Customer.archived_at).is_(None) | (col(Customer.archived_at) >= at)


def step_of_kept_customer() -> ColumnElement[bool]:
    """A condition on `NextStep`: its customer is not archived (one primary-key look per step,
    so it costs what the steps cost, not what the team's customers do)."""
    kept = aliased(Customer)  # its own name, so a query that joins `Customer` still works
    return exists().where(
        col(kept.id) == col(NextStep.customer_id), col(kept.archived_at).is_(None)
    )


def mark_archived(*, session: Session, customer: Customer, by: str, at: datetime) -> None:
    customer.archived_at, customer.archived_by = at, by
    session.add(customer)


def mark_restored(*, session: Session, customer: Customer) -> None:
    customer.archived_at, customer.archived_by = None, None
    session.add(customer)
