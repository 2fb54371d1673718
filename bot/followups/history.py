"""A customer's whole follow-up history: paging through it, and correcting or removing an
entry after the moment Undo covers.

Only the author of a follow-up or an admin may edit or delete it. Editing changes what
happened and how; the row's `raw_text` (the command as typed) never changes, and the audit
event keeps the text before and after. Deleting a follow-up keeps the next steps it created:
they are work someone still has to do, so they stay open, no longer linked to it (the audit
event lists them).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.identity import Asker, acting
from bot.access.permissions import Actor, NotAllowed
from bot.catalog.messages import msg
from bot.customers.matching import Outcome
from bot.customers.resolution import resolve_customer
from bot.customers.results import CustomerChoices
from bot.followups.history_results import (
    PAGE_SIZE,
    FollowUpChanged,
    HistoryEntry,
    HistoryPage,
)
from bot.followups.record import recount_contact
from storage import customers as customer_store
from storage import followups as store
from storage.models import Customer, FollowUp, FollowUpMethod
from storage.records import record_audit


def can_change_followup(actor: Actor, followup: FollowUp) -> bool:
    return followup.author_id == actor.user_id or actor.is_admin


def require_change_followup(actor: Actor, followup: FollowUp) -> None:
    if not can_change_followup(actor, followup):
        raise NotAllowed(msg.HISTORY_NOT_ALLOWED)


def history_page(
    *, engine: Engine, asker: Asker, customer_id: int, page: int
) -> HistoryPage | None:
    """Page `page` (from 1) of the customer's follow-ups, newest first; None if it is gone."""
    with acting(engine, asker) as (session, actor):
        customer = customer_store.get_customer(
            session=session, team_id=actor.team_id, customer_id=customer_id
        )
        if customer is None:
            return None
        return _page(session, actor, customer, page)


def history_of(
    *, engine: Engine, asker: Asker, text: str, page: int
) -> HistoryPage | CustomerChoices | None:
    """`/customer history <code or name>`."""
    with acting(engine, asker) as (session, actor):
        found = resolve_customer(session=session, team_id=actor.team_id, text=text, whole=True)
        if found.outcome is Outcome.FOUND:
            return _page(session, actor, found.customers[0], page)
        if found.asks:
            return CustomerChoices(found.customers, text)
        return None


def _page(session: Session, actor: Actor, customer: Customer, page: int) -> HistoryPage:
    assert customer.id is not None
    total = store.count_followups(session=session, customer_id=customer.id)
    last_page = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), last_page)
    followups = store.list_followups_page(
        session=session, customer_id=customer.id, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    entries = [HistoryEntry(f, can_change_followup(actor, f)) for f in followups]
    return HistoryPage(customer=customer, entries=entries, page=page, total=total)


def followup_for_edit(
    *, engine: Engine, asker: Asker, followup_id: int
) -> tuple[Customer, FollowUp] | None:
    """The follow-up and its customer, if the person may change it (NotAllowed otherwise)."""
    with acting(engine, asker) as (session, actor):
        return _changeable(session, actor, followup_id)


def _changeable(
    session: Session, actor: Actor, followup_id: int
) -> tuple[Customer, FollowUp] | None:
    followup = store.get_followup(session=session, team_id=actor.team_id, followup_id=followup_id)
    if followup is None:
        return None
    require_change_followup(actor, followup)
    customer = customer_store.get_customer(
        session=session, team_id=actor.team_id, customer_id=followup.customer_id
    )
    return (customer, followup) if customer is not None else None


def edit_followup(
    *,
    engine: Engine,
    asker: Asker,
    followup_id: int,
    text: str,
    method: FollowUpMethod | None,
    now: datetime,
) -> FollowUpChanged | None:
    """Correct what happened (and how); None if the follow-up is gone."""
    with acting(engine, asker) as (session, actor):
        found = _changeable(session, actor, followup_id)
        if found is None:
            return None
        customer, followup = found
        before = _snapshot(followup)
        followup.text = text
        if method is not None:
            followup.method = method.value
        store.save_followup(session=session, followup=followup)
        record_audit(
            session=session,
            team_id=actor.team_id,
            actor_id=actor.user_id,
            action="followup.edited",
            entity_type="follow_up",
            entity_id=followup_id,
            at=now,
            before=before,
            after=_snapshot(followup),
        )
        return FollowUpChanged(customer, followup_id, deleted=False)


def delete_followup(
    *, engine: Engine, asker: Asker, followup_id: int, now: datetime
) -> FollowUpChanged | None:
    """Remove a follow-up (its next steps stay); None if it is already gone."""
    with acting(engine, asker) as (session, actor):
        found = _changeable(session, actor, followup_id)
        if found is None:
            return None
        customer, followup = found
        before = _snapshot(followup)
        kept = store.remove_followup_keeping_steps(session=session, followup=followup)
        recount_contact(session=session, customer=customer, now=now)
        record_audit(
            session=session,
            team_id=actor.team_id,
            actor_id=actor.user_id,
            action="followup.deleted",
            entity_type="follow_up",
            entity_id=followup_id,
            at=now,
            before=before | {"next_steps_kept": kept},
        )
        return FollowUpChanged(customer, followup_id, deleted=True, kept_steps=len(kept))


def _snapshot(followup: FollowUp) -> dict[str, object]:
    return {
        "customer_id": followup.customer_id,
        "author_id": followup.author_id,
        "occurred_at": followup.occurred_at.isoformat(),
        "method": followup.method,
        "text": followup.text,
        "raw_text": followup.raw_text,
    }
