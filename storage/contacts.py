"""A customer's other contacts (the primary one is the customer's own contact columns), and
scrubbing personal values from the audit log when a contact's data is erased."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlmodel import Session, col, func, select

from storage.crypto import PERSONAL_KEYS
from storage.models import AuditEvent, CustomerContact


def contacts_of(*, session: Session, customer_id: int) -> list[CustomerContact]:
    statement = (
        select(CustomerContact)
        .where(CustomerContact.customer_id == customer_id)
        .order_by(col(CustomerContact.id))
    )
    return list(session.exec(statement))


def count_contacts(*, session: Session, customer_id: int) -> int:
    statement = select(func.count()).where(CustomerContact.customer_id == customer_id)
    return int(session.exec(statement).one())


def contacts_of_customers(
    *, session: Session, customer_ids: Sequence[int]
) -> list[CustomerContact]:
    """The contacts of several customers (an export's page), by customer then id."""
    if not customer_ids:
        return []
    statement = (
        select(CustomerContact)
        .where(col(CustomerContact.customer_id).in_(customer_ids))
        .order_by(col(CustomerContact.customer_id), col(CustomerContact.id))
    )
    return list(session.exec(statement))


def get_contact(*, session: Session, team_id: str, contact_id: int) -> CustomerContact | None:
    contact = session.get(CustomerContact, contact_id)
    return contact if contact is not None and contact.team_id == team_id else None


def save_contact(*, session: Session, contact: CustomerContact) -> CustomerContact:
    session.add(contact)
    session.flush()
    return contact


def delete_contact(*, session: Session, contact: CustomerContact) -> None:
    session.delete(contact)
    session.flush()


def move_contacts(*, session: Session, from_customer: int, to_customer: int) -> int:
    """A merge: the gone customer's contacts become the kept one's."""
    moved = contacts_of(session=session, customer_id=from_customer)
    for contact in moved:
        contact.customer_id = to_customer
        session.add(contact)
    session.flush()
    return len(moved)


def scrub_audit(
    *,
    session: Session,
    team_id: str,
    entities: Sequence[tuple[str, int]],
    values: Collection[str],
) -> int:
    """In every audit event about one of `entities` ((entity_type, id) pairs), replace each
    personal value (PERSONAL_KEYS) that is one of `values` with None: the events, and which
    fields they changed, stay. Returns how many events were rewritten."""
    wanted = {value for value in values if value}
    if not wanted or not entities:
        return 0
    rewritten = 0
    for entity_type, entity_id in entities:
        statement = select(AuditEvent).where(
            AuditEvent.team_id == team_id,
            AuditEvent.entity_type == entity_type,
            AuditEvent.entity_id == entity_id,
        )
        for event in session.exec(statement):
            before, after = _scrubbed(event.before, wanted), _scrubbed(event.after, wanted)
            if before != event.before or after != event.after:
                event.before, event.after = before, after
                session.add(event)
                rewritten += 1
    session.flush()
    return rewritten


def _scrubbed(value: Any, wanted: set[str]) -> Any:
    if isinstance(value, dict):
        return {
            key: (None if key in PERSONAL_KEYS and item in wanted else _scrubbed(item, wanted))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrubbed(item, wanted) for item in value]
    return value
