"""Archiving customers (`/crm archive`, `/crm unarchive`, the card's Archive and Restore):
an archived customer leaves lists, nudges, digests and team-wide jobs, and is no longer found
by name, but keeps its row, follow-ups, next steps and history, and its code still opens its
card. Managers and admins only (managers look after every rep's customers here); one
transaction each, audited as `customer.archived` / `customer.unarchived`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.identity import Asker, acting
from bot.access.permissions import Actor, NotAllowed
from bot.catalog.texts.archive import text as t
from bot.customers.archive_results import (
    AlreadyArchived,
    ArchiveAnswer,
    ArchiveChanged,
    ArchiveUsage,
    NoCustomerToArchive,
    NotArchived,
    WhichCustomerToArchive,
)
from bot.customers.matching import Outcome
from bot.customers.names import normalize_name
from bot.customers.resolution import CODE_PATTERN, resolve_customer
from bot.customers.service import store_name_keys
from bot.preferences.team import read_team_preferences
from bot.rules.book import classify_value, refresh_activity, rules_in_force
from storage import archive as archive_store
from storage import customers as store
from storage.models import Customer
from storage.records import record_audit


def require_archive(actor: Actor) -> None:
    """Archiving is for managers (of every rep's customers) and admins."""
    if not actor.sees_everything:
        raise NotAllowed(t.ARCHIVE_NOT_ALLOWED)


def archive_customer(
    *,
    engine: Engine,
    asker: Asker,
    now: datetime,
    typed: str | None = None,
    customer_id: int | None = None,
) -> ArchiveAnswer:
    """Archive the customer `typed` (a code or a name) or `customer_id` (a button's)."""
    with acting(engine, asker) as (session, actor):
        require_archive(actor)
        found = _find(session, actor.team_id, typed, customer_id)
        if not isinstance(found, Customer):
            return found
        store.lock_customer(session=session, customer=found)
        if found.archived_at is not None:
            return AlreadyArchived(found)
        archive_store.mark_archived(session=session, customer=found, by=actor.user_id, at=now)
        store_name_keys(session, found)  # none while archived: it is no longer found by name
        _audit(session, actor, found, "customer.archived", now)
        return ArchiveChanged(found, archived=True)


def unarchive_customer(
    *,
    engine: Engine,
    asker: Asker,
    now: datetime,
    typed: str | None = None,
    customer_id: int | None = None,
) -> ArchiveAnswer:
    """Bring an archived customer back: found by name again, re-tiered by the rules in force
    now and its activity level refreshed (the nightly job skipped it while it was away)."""
    with acting(engine, asker) as (session, actor):
        require_archive(actor)
        found = _find(session, actor.team_id, typed, customer_id)
        if not isinstance(found, Customer):
            return found
        store.lock_customer(session=session, customer=found)
        if found.archived_at is None:
            return NotArchived(found)
        _audit(session, actor, found, "customer.unarchived", now)
        archive_store.mark_restored(session=session, customer=found)
        store_name_keys(session, found)
        rules = rules_in_force(session=session, team_id=found.team_id)
        team = read_team_preferences(
            session=session, settings=asker.settings, team_id=found.team_id
        )
        classify_value(
            session=session,
            customer=found,
            rules=rules,
            actor_id=actor.user_id,
            now=now,
            reason="rules",
            team=team,
        )
        refresh_activity(session=session, customer=found, rules=rules.rules, now=now)
        store.save_customer(session=session, customer=found)
        return ArchiveChanged(found, archived=False)


def _find(
    session: Session, team_id: str, typed: str | None, customer_id: int | None
) -> Customer | ArchiveAnswer:
    """The customer meant, archived or not: by a button's id, a code, the exact name (which
    finds archived ones too), or the name lookup `/customer` uses."""
    if customer_id is not None:
        found = store.get_customer(session=session, team_id=team_id, customer_id=customer_id)
        return found if found is not None else NoCustomerToArchive(None)
    typed = (typed or "").strip()
    if not typed:
        return ArchiveUsage()
    if CODE_PATTERN.match(typed):
        found = store.get_customer_by_code(session=session, team_id=team_id, code=typed)
        return found if found is not None else NoCustomerToArchive(typed)
    exact = store.customer_by_name_key(
        session=session, team_id=team_id, name_key=normalize_name(typed)
    )
    if exact is not None:
        return exact
    resolved = resolve_customer(session=session, team_id=team_id, text=typed, whole=True)
    if resolved.outcome is Outcome.FOUND:
        return resolved.customers[0]
    if resolved.asks:
        return WhichCustomerToArchive(resolved.customers, typed)
    return NoCustomerToArchive(typed)


def _audit(session: Session, actor: Actor, customer: Customer, action: str, now: datetime) -> None:
    """Called with the customer archived (after archiving it, before restoring it)."""
    assert customer.id is not None
    archived = {
        "code": customer.code,
        "archived_at": customer.archived_at.isoformat() if customer.archived_at else None,
        "archived_by": customer.archived_by,
    }
    not_archived = {"code": customer.code, "archived_at": None, "archived_by": None}
    gone = action == "customer.archived"
    record_audit(
        session=session,
        team_id=customer.team_id,
        actor_id=actor.user_id,
        action=action,
        entity_type="customer",
        entity_id=customer.id,
        at=now,
        before=not_archived if gone else archived,
        after=archived if gone else not_archived,
    )
