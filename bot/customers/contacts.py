"""A customer's contacts: the primary one lives in the customer's own contact fields (what the
modal edits, imports fill and exports write), the others in their own rows. People add
contacts, make one primary (the two swap places), and admins erase a contact's personal data
on request.

Each public function is one user action in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.identity import Asker, acting
from bot.access.permissions import (
    Actor,
    NotAllowed,
    can_edit_customer,
    can_see_contact,
    require_edit_customer,
)
from bot.catalog.texts.contacts import text as t
from bot.customers.contact_results import (
    EMAIL,
    NAME,
    NOTES,
    PHONE,
    PRIMARY,
    TITLE,
    WECHAT,
    ContactAdded,
    ContactBook,
    ContactEntry,
    ContactErased,
)
from bot.customers.form import parse_email, parse_phone, parse_wechat
from bot.customers.names import normalize_email
from bot.customers.results import FormErrors
from bot.preferences.person import read_person_preferences
from bot.preferences.team import read_team_preferences
from storage import contacts as store
from storage import customers as customer_store
from storage.models import Customer, CustomerContact
from storage.records import record_audit

_PERSONAL = ("contact_name", "phone", "email", "wechat_id")
_TEXT_LIMITS = {NAME: 150, TITLE: 150, NOTES: 2000}


@dataclass(frozen=True)
class ContactFields:
    name: str | None
    title: str | None
    phone: str | None
    email: str | None
    wechat_id: str | None
    notes: str | None
    primary: bool


def check_contact_form(
    raw: dict[str, Any], *, default_region: str
) -> tuple[ContactFields | None, dict[str, str]]:
    """What was typed into the Add contact form: the fields, or an error per block id."""
    errors: dict[str, str] = {}

    def text(block: str) -> str | None:
        value = str(raw.get(block) or "").strip()
        return value[: _TEXT_LIMITS.get(block, 200)] or None

    def parsed(block: str, parse: Any) -> str | None:
        value = text(block)
        if value is None:
            return None
        try:
            return str(parse(value))
        except ValueError as exc:
            errors[block] = str(exc)
            return None

    phone = parsed(PHONE, lambda v: parse_phone(v, default_region))
    email = parsed(EMAIL, lambda v: normalize_email(parse_email(v)))
    wechat = parsed(WECHAT, parse_wechat)
    fields = ContactFields(
        name=text(NAME),
        title=text(TITLE),
        phone=phone,
        email=email,
        wechat_id=wechat,
        notes=text(NOTES),
        primary=bool(raw.get(PRIMARY)),
    )
    if not errors and not any((fields.name, phone, email, wechat)):
        errors[NAME] = t.CONTACTS_ERR_EMPTY
    return (None, errors) if errors else (fields, {})


def _customer(session: Session, actor: Actor, customer_id: int) -> Customer | None:
    return customer_store.get_customer(
        session=session, team_id=actor.team_id, customer_id=customer_id
    )


def contact_book(*, engine: Engine, asker: Asker, customer_id: int) -> ContactBook | None:
    with acting(engine, asker) as (session, actor):
        customer = _customer(session, actor, customer_id)
        if customer is None:
            return None
        return _book(session, actor, customer)


def _book(session: Session, actor: Actor, customer: Customer) -> ContactBook:
    assert customer.id is not None
    entries: list[ContactEntry] = []
    if any(getattr(customer, name) for name in (*_PERSONAL, TITLE)):
        entries.append(
            ContactEntry(
                None,
                customer.contact_name,
                customer.contact_title,
                customer.phone,
                customer.email,
                customer.wechat_id,
            )
        )
    entries += [
        ContactEntry(c.id, c.name, c.title, c.phone, c.email, c.wechat_id, c.notes)
        for c in store.contacts_of(session=session, customer_id=customer.id)
    ]
    return ContactBook(
        customer=customer,
        contacts=entries,
        show_contact=can_see_contact(actor, customer),
        can_edit=can_edit_customer(actor, customer),
        can_erase=actor.is_admin,
    )


def _snapshot(name: Any, title: Any, phone: Any, email: Any, wechat: Any) -> dict[str, Any]:
    """A contact as the audit log keeps it (the personal keys are sealed there)."""
    return {
        "contact_name": name,
        "contact_title": title,
        "phone": phone,
        "email": email,
        "wechat_id": wechat,
    }


def add_contact(
    *, engine: Engine, asker: Asker, customer_id: int, values: dict[str, Any], now: datetime
) -> ContactAdded | FormErrors | None:
    """Add the contact typed into the form (NotAllowed unless the person may edit the
    customer; None when the customer is gone). As primary, the current primary moves among
    the other contacts. Phone numbers without a country code are read in the person's region."""
    person = asker.people.get(asker.user_id)  # from Slack (cached), before the transaction
    with acting(engine, asker) as (session, actor):
        team = read_team_preferences(session=session, settings=asker.settings,
                                     team_id=actor.team_id)  # fmt: skip
        mine = read_person_preferences(session=session, team=team, person=person,
                                       team_id=actor.team_id)  # fmt: skip
        customer = _customer(session, actor, customer_id)
        if customer is None:
            return None
        require_edit_customer(actor, customer)
        fields, errors = check_contact_form(values, default_region=mine.phone_region)
        if fields is None:
            return FormErrors(errors)
        if fields.primary:
            _demote_primary(session, customer, actor.user_id, now)
            customer.contact_name, customer.contact_title = fields.name, fields.title
            customer.phone, customer.email = fields.phone, fields.email
            customer.wechat_id = fields.wechat_id
            _touch(session, customer, actor.user_id, now)
            entity, entity_id = "customer", customer.id
        else:
            contact = store.save_contact(
                session=session,
                contact=CustomerContact(
                    team_id=customer.team_id,
                    customer_id=customer.id,  # type: ignore[arg-type]
                    name=fields.name,
                    title=fields.title,
                    phone=fields.phone,
                    email=fields.email,
                    wechat_id=fields.wechat_id,
                    notes=fields.notes,
                    created_by=actor.user_id,
                    created_at=now,
                    updated_at=now,
                ),
            )
            entity, entity_id = "contact", contact.id
        assert entity_id is not None
        record_audit(
            session=session,
            team_id=customer.team_id,
            actor_id=actor.user_id,
            action="contact.added",
            entity_type=entity,
            entity_id=entity_id,
            at=now,
            after={
                **_snapshot(
                    fields.name, fields.title, fields.phone, fields.email, fields.wechat_id
                ),
                "customer_id": customer.id,
                "primary": fields.primary,
            },
        )
        return ContactAdded(customer, fields.name, fields.primary)


def _demote_primary(session: Session, customer: Customer, actor_id: str, now: datetime) -> None:
    """The customer's current primary contact, if it has one, becomes one of the others."""
    if any(getattr(customer, name) for name in (*_PERSONAL, TITLE)):
        store.save_contact(session=session, contact=primary_as_contact(customer, actor_id, now))


def primary_as_contact(
    customer: Customer, created_by: str, now: datetime, *, of: Customer | None = None
) -> CustomerContact:
    """`customer`'s primary contact as another contact row of `of` (default: itself)."""
    owner = of or customer
    assert owner.id is not None
    return CustomerContact(
        team_id=owner.team_id,
        customer_id=owner.id,
        name=customer.contact_name,
        title=customer.contact_title,
        phone=customer.phone,
        email=customer.email,
        wechat_id=customer.wechat_id,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )


def _touch(session: Session, customer: Customer, actor_id: str, now: datetime) -> None:
    customer.updated_by = actor_id
    customer.updated_at = now
    customer_store.save_customer(session=session, customer=customer)


def make_primary(
    *, engine: Engine, asker: Asker, contact_id: int, now: datetime
) -> ContactAdded | None:
    """The contact and the customer's primary swap places."""
    with acting(engine, asker) as (session, actor):
        contact = store.get_contact(session=session, team_id=actor.team_id, contact_id=contact_id)
        if contact is None:
            return None
        customer = _customer(session, actor, contact.customer_id)
        if customer is None:
            return None
        require_edit_customer(actor, customer)
        promoted = (contact.name, contact.title, contact.phone, contact.email, contact.wechat_id)
        if any(getattr(customer, name) for name in (*_PERSONAL, TITLE)):
            contact.name, contact.title = customer.contact_name, customer.contact_title
            contact.phone, contact.email = customer.phone, customer.email
            contact.wechat_id, contact.updated_at = customer.wechat_id, now
            store.save_contact(session=session, contact=contact)
        else:
            store.delete_contact(session=session, contact=contact)
        customer.contact_name, customer.contact_title = promoted[0], promoted[1]
        customer.phone, customer.email, customer.wechat_id = promoted[2:]
        _touch(session, customer, actor.user_id, now)
        assert customer.id is not None
        record_audit(
            session=session,
            team_id=customer.team_id,
            actor_id=actor.user_id,
            action="contact.made_primary",
            entity_type="customer",
            entity_id=customer.id,
            at=now,
            after={**_snapshot(*promoted), "contact_id": contact_id},
        )
        return ContactAdded(customer, promoted[0], True)


def erase_contact(
    *,
    engine: Engine,
    asker: Asker,
    customer_id: int,
    contact_id: int | None,
    now: datetime,
) -> ContactErased | None:
    """Remove a contact's personal data (admins only): the primary's from the customer row
    (`contact_id` None) or another contact's row, and every value of it in the audit log.
    Follow-up texts stay as they are; an audit event records that the erasure happened and
    which fields it covered, never the values."""
    with acting(engine, asker) as (session, actor):
        if not actor.is_admin:
            raise NotAllowed(t.CONTACTS_ADMINS_ERASE)
        customer = _customer(session, actor, customer_id)
        if customer is None:
            return None
        assert customer.id is not None
        entities: list[tuple[str, int]] = [("customer", customer.id)]
        if contact_id is None:
            held = {name: getattr(customer, name) for name in _PERSONAL}
            for name in (*_PERSONAL, TITLE):
                setattr(customer, name, None)
            _touch(session, customer, actor.user_id, now)
            entity, entity_id = "customer", customer.id
        else:
            contact = store.get_contact(
                session=session, team_id=actor.team_id, contact_id=contact_id
            )
            if contact is None or contact.customer_id != customer.id:
                return None
            held = {"contact_name": contact.name, "phone": contact.phone,
                    "email": contact.email, "wechat_id": contact.wechat_id,
                    "notes": contact.notes}  # fmt: skip
            store.delete_contact(session=session, contact=contact)
            entity, entity_id = "contact", contact_id
            entities.append((entity, entity_id))
        erased = [name for name, value in held.items() if value]
        # Wherever the log kept these values about this customer or contact (a contact
        # that was primary once appears in the customer's own events), they go.
        store.scrub_audit(
            session=session,
            team_id=customer.team_id,
            entities=entities,
            values=[str(value) for value in held.values() if value],
        )
        record_audit(
            session=session,
            team_id=customer.team_id,
            actor_id=actor.user_id,
            action="contact.erased",
            entity_type=entity,
            entity_id=entity_id,
            at=now,
            after={"erased_fields": erased, "customer_id": customer.id},
        )
        return ContactErased(customer, erased)
