"""Buttons and modals about follow-ups and next steps: Undo, Edit/Add next step, Log follow-up.

Each public function is one user action in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.engine import Engine

from bot.access.identity import Asker, acting
from bot.access.permissions import require_change_step, require_undo
from bot.dates.parse import Due
from bot.followups.intake import log_from_modal
from bot.followups.record import add_next_step, reschedule_next_step
from bot.followups.record import undo_followup as undo_in_session
from bot.followups.results import LoggedFollowUp, UndoneFollowUp
from storage import customers as customer_store
from storage import followups as store
from storage.models import Customer, NextStep


@dataclass(frozen=True)
class Gone:
    """The record was removed meanwhile (or belongs to another workspace)."""

    what: Literal["customer", "next step", "follow-up"]


@dataclass(frozen=True)
class CustomerArchived:
    """The customer picked in a form is archived: nothing is logged on it until restored."""

    customer: Customer


@dataclass(frozen=True)
class StepSaved:
    customer: Customer
    step: NextStep
    created: bool


def undo_followup(
    *, engine: Engine, asker: Asker, followup_id: int, now: datetime
) -> UndoneFollowUp | Gone:
    """NotAllowed unless the person logged it (or is an admin)."""
    with acting(engine, asker) as (session, actor):
        followup = store.get_followup(
            session=session, team_id=actor.team_id, followup_id=followup_id
        )
        if followup is None:
            return Gone("follow-up")
        require_undo(actor, followup)
        return undo_in_session(session=session, followup=followup, actor_id=actor.user_id, now=now)


def step_for_edit(
    *, engine: Engine, asker: Asker, step_id: int
) -> tuple[Customer, NextStep] | None:
    """The step and its customer, if the person may change it (NotAllowed otherwise)."""
    with acting(engine, asker) as (session, actor):
        step = store.get_next_step(session=session, team_id=actor.team_id, step_id=step_id)
        if step is None:
            return None
        customer = customer_store.get_customer(
            session=session, team_id=actor.team_id, customer_id=step.customer_id
        )
        if customer is None:
            return None
        require_change_step(actor, step, customer)
        return customer, step


def save_next_step(
    *,
    engine: Engine,
    asker: Asker,
    customer_id: int,
    step_id: int | None,
    description: str,
    due: Due | None,
    now: datetime,
) -> StepSaved | Gone:
    """Add a next step to a customer (owned by the person adding it), or edit one."""
    team_id, user_id = asker.team_id, asker.user_id
    with acting(engine, asker) as (session, actor):
        customer = customer_store.get_customer(
            session=session, team_id=team_id, customer_id=customer_id
        )
        if customer is None:
            return Gone("customer")
        if step_id is None:
            step = add_next_step(
                session=session,
                customer=customer,
                actor_id=user_id,
                owner_id=user_id,
                description=description,
                due=due,
                now=now,
            )
            return StepSaved(customer, step, created=True)
        existing = store.get_next_step(session=session, team_id=team_id, step_id=step_id)
        if existing is None or existing.customer_id != customer_id:
            return Gone("next step")
        require_change_step(actor, existing, customer)
        reschedule_next_step(
            session=session,
            step=existing,
            actor_id=user_id,
            description=description,
            due=due,
            now=now,
        )
        return StepSaved(customer, existing, created=False)


def log_followup_from_modal(
    *,
    engine: Engine,
    asker: Asker,
    customer_id: int,
    what: str,
    method: str | None,
    step: str | None,
    due: Due | None,
    now: datetime,
    picked: bool = False,
    occurred_at: datetime | None = None,
) -> LoggedFollowUp | Gone | CustomerArchived:
    """Log a follow-up from the form. A customer `picked` in the form (rather than the one the
    form is about) is checked again here: it must be the person's workspace's, and not
    archived, as `/followup` would find it."""
    with acting(engine, asker) as (session, actor):
        customer = customer_store.get_customer(
            session=session, team_id=actor.team_id, customer_id=customer_id
        )
        if customer is None:
            return Gone("customer")
        if picked and customer.archived_at is not None:
            return CustomerArchived(customer)
        return log_from_modal(
            session=session,
            customer=customer,
            author_id=actor.user_id,
            what=what,
            method=method,
            step=step,
            due=due,
            now=now,
            occurred_at=occurred_at,
        )
