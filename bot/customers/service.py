"""Customers: creating, editing, finding and recognising them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.customers.form import CustomerFields
from bot.customers.name_parts import DUPLICATE_KINDS, KeyKind, name_keys, name_parts
from bot.customers.names import normalize_email, normalize_name
from bot.preferences.model import TeamPreferences
from bot.rules.book import classify_value, refresh_activity, rules_in_force
from storage import customers as store
from storage import names as name_store
from storage.models import Customer, CustomerFieldsBase
from storage.records import record_audit

_CODE_ATTEMPTS = 5


def find_duplicates(
    *, session: Session, team_id: str, fields: CustomerFields, exclude_id: int | None = None
) -> list[Customer]:
    """Customers that are probably this one: the same name read the same way (華為 = 华为,
    the 字号, its pinyin against a Latin name or alias), phone or email."""
    by_contact = store.find_possible_duplicates(
        session=session,
        team_id=team_id,
        name_key=normalize_name(fields.name),
        phone=fields.phone,
        email=normalize_email(fields.email) if fields.email else None,
        exclude_id=exclude_id,
    )
    keys = [key for key, kind in name_keys(fields.name, fields.aliases) if kind in DUPLICATE_KINDS]
    keys += [key for key, kind in _latin_cores(fields) if kind in DUPLICATE_KINDS]
    same_names = name_store.find_exact_names(
        session=session, team_id=team_id, keys=keys, kinds=[k.value for k in DUPLICATE_KINDS]
    )
    ids = [cid for _key, cid, _kind in same_names if cid != exclude_id]
    found = {c.id: c for c in by_contact}
    for customer in store.list_customers_by_ids(
        session=session, team_id=team_id, customer_ids=list(dict.fromkeys(ids))[:10]
    ):
        found.setdefault(customer.id, customer)
    return list(found.values())[:10]


def _latin_cores(fields: CustomerFields) -> list[tuple[str, KeyKind]]:
    """A Latin alias or name's distinctive words, compared with a Chinese name's pinyin."""
    found: list[tuple[str, KeyKind]] = []
    for text in [fields.name, *fields.aliases]:
        core = name_parts(text).core.replace(" ", "")
        if core and core.isascii():
            found.append((core, KeyKind.PINYIN))
    return found


def create_customer(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    fields: CustomerFields,
    now: datetime,
    zone: ZoneInfo,
    team: TeamPreferences | None = None,
) -> Customer:
    """Store a new customer with the next free code for today (in the team's zone), in the
    tier its value reaches in the team currency (at `team`'s rates; None: as stored)."""
    day = now.astimezone(zone).date()
    prefix = store.team_code_prefix(session=session, team_id=team_id)
    for _attempt in range(_CODE_ATTEMPTS):
        code = store.next_customer_code(session=session, team_id=team_id, day=day, prefix=prefix)
        customer = Customer(
            team_id=team_id,
            code=code,
            created_by=actor_id,
            created_at=now,
            updated_by=actor_id,
            updated_at=now,
            **_columns(fields),
        )
        if not store.insert_customer(session=session, customer=customer):
            continue  # another process took this code a moment ago; take the next one
        assert customer.id is not None
        store_name_keys(session, customer)
        store.record_status_change(
            session=session,
            customer=customer,
            from_status=None,
            to_status=customer.status,
            reason="new",
            changed_by=actor_id,
            at=now,
        )
        rules = rules_in_force(session=session, team_id=team_id)
        classify_value(
            session=session,
            customer=customer,
            rules=rules,
            actor_id=actor_id,
            now=now,
            reason="new",
            team=team,
        )
        refresh_activity(session=session, customer=customer, rules=rules.rules, now=now)
        record_audit(
            session=session,
            team_id=team_id,
            actor_id=actor_id,
            action="customer.created",
            entity_type="customer",
            entity_id=customer.id,
            at=now,
            after=snapshot(customer),
        )
        return customer
    raise RuntimeError("could not allocate a customer code")


def update_customer(
    *,
    session: Session,
    customer: Customer,
    actor_id: str,
    fields: CustomerFields,
    now: datetime,
    team: TeamPreferences | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Apply `fields`; return what changed (field -> (before, after)) and audit it. A new value
    or currency re-tiers the customer (at `team`'s rates, as `create_customer`)."""
    before = snapshot(customer)
    for name, value in _columns(fields).items():
        setattr(customer, name, value)
    after = snapshot(customer)
    changes = {k: (before[k], after[k]) for k in after if before.get(k) != after[k]}
    if not changes:
        return {}
    customer.updated_by = actor_id
    customer.updated_at = now
    if "status" in changes:
        customer.status_before_dormant = None  # a person chose the status; the rules step back
    if "name" in changes:
        store.save_renamed_customer(session=session, customer=customer)
    else:
        store.save_customer(session=session, customer=customer)
    assert customer.id is not None
    if "name" in changes or "aliases" in changes:
        store_name_keys(session, customer)
    if "status" in changes:
        store.record_status_change(
            session=session,
            customer=customer,
            from_status=changes["status"][0],
            to_status=customer.status,
            reason="edit",
            changed_by=actor_id,
            at=now,
        )
    if "annual_value" in changes or "currency" in changes:
        classify_value(
            session=session,
            customer=customer,
            rules=rules_in_force(session=session, team_id=customer.team_id),
            actor_id=actor_id,
            now=now,
            reason="value",
            team=team,
        )
    record_audit(
        session=session,
        team_id=customer.team_id,
        actor_id=actor_id,
        action="customer.updated",
        entity_type="customer",
        entity_id=customer.id,
        at=now,
        before={k: v[0] for k, v in changes.items()},
        after={k: v[1] for k, v in changes.items()},
    )
    return changes


def set_aliases(
    *, session: Session, customer: Customer, aliases: list[str], actor_id: str, now: datetime
) -> None:
    """Other names people use for the customer ('浦发', 'SPDB'); found like the name."""
    before = list(customer.aliases or [])
    customer.aliases = [a.strip() for a in aliases if a.strip()]
    store.save_customer(session=session, customer=customer)
    store_name_keys(session, customer)
    assert customer.id is not None
    record_audit(
        session=session,
        team_id=customer.team_id,
        actor_id=actor_id,
        action="customer.aliases",
        entity_type="customer",
        entity_id=customer.id,
        at=now,
        before={"aliases": before},
        after={"aliases": customer.aliases},
    )


def store_name_keys(session: Session, customer: Customer) -> None:
    """The customer's name keys, from its name and aliases; none while it is archived, so
    name lookups never offer an archived customer (its code still finds it)."""
    keys = [] if customer.archived_at else name_keys(customer.name, list(customer.aliases or []))
    name_store.replace_customer_names(
        session=session, customer=customer, keys=[(key, kind.value) for key, kind in keys]
    )


def _columns(fields: CustomerFields) -> dict[str, Any]:
    columns = fields.model_dump()
    columns["name_key"] = normalize_name(fields.name)
    if fields.email:
        columns["email"] = normalize_email(fields.email)
    return columns


_SNAPSHOT_FIELDS = ("code", *CustomerFieldsBase.model_fields)


def snapshot(customer: Customer) -> dict[str, Any]:
    """The customer's editable fields as JSON-safe values, for the audit trail."""
    data: dict[str, Any] = {}
    for name in _SNAPSHOT_FIELDS:
        value = getattr(customer, name)
        data[name] = str(value) if isinstance(value, Decimal) else value
    return data
