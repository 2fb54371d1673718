"""Logging follow-ups and keeping next steps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.dates.parse import Due
from bot.followups.results import LoggedFollowUp, UndoneFollowUp
from bot.rules.book import after_followup, refresh_activity, rules_in_force
from storage import customers as customer_store
from storage import followups as store
from storage.models import Customer, FollowUp, FollowUpMethod, NextStep, NextStepStatus
from storage.records import record_audit


def log_followup(
    *,
    session: Session,
    customer: Customer,
    author_id: str,
    summary: str,
    method: FollowUpMethod,
    raw_text: str,
    step_description: str | None,
    step_due: Due | None,
    now: datetime,
    occurred_at: datetime | None = None,
) -> LoggedFollowUp:
    """Store what happened (at `occurred_at`, by default now) and, if given, the next step,
    owned by the author."""
    happened = occurred_at or now
    assert customer.id is not None
    # Another follow-up on this customer may be committing now: wait for it and read what it
    # wrote, so neither overwrites the other's last contact or activity level.
    customer_store.lock_customer(session=session, customer=customer)
    followup = FollowUp(
        team_id=customer.team_id,
        customer_id=customer.id,
        author_id=author_id,
        occurred_at=happened,
        method=method.value,
        text=summary,
        raw_text=raw_text,
        created_at=now,
    )
    store.add_followup(session=session, followup=followup)
    assert followup.id is not None
    step = None
    if step_description:
        step = add_next_step(
            session=session,
            customer=customer,
            actor_id=author_id,
            owner_id=author_id,
            description=step_description,
            due=step_due,
            now=now,
            source_followup_id=followup.id,
        )
    customer.last_activity_at = max(customer.last_activity_at or happened, happened)
    customer_store.save_customer(session=session, customer=customer)
    after_followup(session=session, customer=customer, actor_id=author_id, now=now)
    record_audit(
        session=session,
        team_id=customer.team_id,
        actor_id=author_id,
        action="followup.logged",
        entity_type="follow_up",
        entity_id=followup.id,
        at=now,
        after={"customer_id": customer.id, "method": followup.method, "text": summary},
    )
    return LoggedFollowUp(customer=customer, followup=followup, next_step=step)


def add_next_step(
    *,
    session: Session,
    customer: Customer,
    actor_id: str,
    owner_id: str,
    description: str,
    due: Due | None,
    now: datetime,
    source_followup_id: int | None = None,
) -> NextStep:
    assert customer.id is not None
    step = NextStep(
        team_id=customer.team_id,
        customer_id=customer.id,
        owner_id=owner_id,
        description=description,
        due_at=due.at if due else None,
        due_has_time=due.has_time if due else False,
        status=NextStepStatus.OPEN.value,
        source_followup_id=source_followup_id,
        created_by=actor_id,
        created_at=now,
    )
    store.save_next_step(session=session, step=step)
    assert step.id is not None
    record_audit(
        session=session,
        team_id=customer.team_id,
        actor_id=actor_id,
        action="next_step.created",
        entity_type="next_step",
        entity_id=step.id,
        at=now,
        after=_step_snapshot(step),
    )
    return step


def reschedule_next_step(
    *,
    session: Session,
    step: NextStep,
    actor_id: str,
    description: str,
    due: Due | None,
    now: datetime,
) -> None:
    before = _step_snapshot(step)
    step.description = description
    step.due_at = due.at if due else None
    step.due_has_time = due.has_time if due else False
    store.save_next_step(session=session, step=step)
    assert step.id is not None
    record_audit(
        session=session,
        team_id=step.team_id,
        actor_id=actor_id,
        action="next_step.updated",
        entity_type="next_step",
        entity_id=step.id,
        at=now,
        before=before,
        after=_step_snapshot(step),
    )


def undo_followup(
    *, session: Session, followup: FollowUp, actor_id: str, now: datetime
) -> UndoneFollowUp:
    """Remove exactly what one `/followup` created: the follow-up and the steps it made."""
    assert followup.id is not None
    customer = customer_store.get_customer(
        session=session, team_id=followup.team_id, customer_id=followup.customer_id
    )
    assert customer is not None
    steps = store.list_steps_from_followup(session=session, followup_id=followup.id)
    before = {"customer_id": followup.customer_id, "method": followup.method, "text": followup.text}
    store.delete_followup(session=session, followup=followup, steps=steps)
    recount_contact(session=session, customer=customer, now=now)
    record_audit(
        session=session,
        team_id=customer.team_id,
        actor_id=actor_id,
        action="followup.undone",
        entity_type="follow_up",
        entity_id=followup.id,
        at=now,
        before=before | {"next_steps": [s.id for s in steps]},
    )
    return UndoneFollowUp(customer=customer, removed_steps=len(steps))


def _step_snapshot(step: NextStep) -> dict[str, Any]:
    return {
        "description": step.description,
        "due_at": step.due_at.isoformat() if step.due_at else None,
        "due_has_time": step.due_has_time,
        "owner_id": step.owner_id,
        "status": step.status,
    }


def recount_contact(*, session: Session, customer: Customer, now: datetime) -> None:
    """A follow-up was removed: the last contact and the activity level go back to what the
    remaining follow-ups say."""
    latest = store.list_recent_followups(session=session, customer_id=customer.id or 0, limit=1)
    customer.last_activity_at = latest[0].occurred_at if latest else None
    customer_store.save_customer(session=session, customer=customer)
    refresh_activity(
        session=session,
        customer=customer,
        rules=rules_in_force(session=session, team_id=customer.team_id).rules,
        now=now,
    )
