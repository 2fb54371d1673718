"""Customers: creating, editing, finding and recognising them."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.customers.form import CustomerFields
from bot.customers.matching import NameIndex, NameMatch, Outcome, match_leading_name
from bot.customers.names import normalize_email, normalize_name
from bot.rules.book import classify_value, refresh_activity, rules_in_force
from storage import customers as store
from storage.models import Customer
from storage.records import record_audit

CODE_PATTERN = re.compile(r"^[Cc]\d{11,}$")
_CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class Resolution:
    """Which customer a piece of text names. `rest_by_id` gives, per candidate, the text after
    the name (what happened)."""

    outcome: Outcome
    customers: list[Customer]
    cuts: dict[int, int]
    name_guess: str
    text: str

    def rest_for(self, customer_id: int) -> str:
        return self.text[self.cuts.get(customer_id, 0) :].strip(" \t,，:：;；-—")


def resolve_customer(
    *, session: Session, team_id: str, text: str, whole: bool = False
) -> Resolution:
    """Exact code, exact name or alias, then prefix and fuzzy matches on the leading phrase
    (or, with `whole`, on the entire text)."""
    text = text.strip()
    first = text.split(maxsplit=1)[0] if text else ""
    if CODE_PATTERN.match(first):
        customer = store.get_customer_by_code(session=session, team_id=team_id, code=first)
        if customer is None or customer.id is None:
            return Resolution(Outcome.NOT_FOUND, [], {}, first.upper(), text)
        return Resolution(Outcome.FOUND, [customer], {customer.id: len(first)}, first, text)
    entries: list[tuple[int, str]] = []
    for customer_id, name, aliases in store.list_customer_names(session=session, team_id=team_id):
        entries.append((customer_id, name))
        entries.extend((customer_id, alias) for alias in aliases)
    found: NameMatch = match_leading_name(text, NameIndex.build(entries), whole=whole)
    return _resolution(session=session, team_id=team_id, text=text, found=found)


def _resolution(*, session: Session, team_id: str, text: str, found: NameMatch) -> Resolution:
    ids = [m.customer_id for m in found.matches]
    customers = store.list_customers_by_ids(session=session, team_id=team_id, customer_ids=ids)
    offset = len(text) - len(text.lstrip())
    cuts = {m.customer_id: m.cut + offset for m in found.matches}
    return Resolution(found.outcome, customers, cuts, found.name_guess, text)


def find_duplicates(
    *, session: Session, team_id: str, fields: CustomerFields, exclude_id: int | None = None
) -> list[Customer]:
    return store.find_possible_duplicates(
        session=session,
        team_id=team_id,
        name_key=normalize_name(fields.name),
        phone=fields.phone,
        email=normalize_email(fields.email) if fields.email else None,
        exclude_id=exclude_id,
    )


def create_customer(
    *,
    session: Session,
    team_id: str,
    actor_id: str,
    fields: CustomerFields,
    now: datetime,
    zone: ZoneInfo,
) -> Customer:
    """Store a new customer with the next free code for today (in the team's zone)."""
    day = now.astimezone(zone).date()
    for _attempt in range(_CODE_ATTEMPTS):
        code = store.next_customer_code(session=session, team_id=team_id, day=day)
        customer = Customer(
            team_id=team_id,
            code=code,
            created_by=actor_id,
            created_at=now,
            updated_by=actor_id,
            updated_at=now,
            **_columns(fields),
        )
        try:
            with session.begin_nested():
                session.add(customer)
        except IntegrityError:
            continue  # another process took this code a moment ago; take the next one
        assert customer.id is not None
        rules = rules_in_force(session=session, team_id=team_id)
        classify_value(
            session=session,
            customer=customer,
            rules=rules,
            actor_id=actor_id,
            now=now,
            reason="new",
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
    *, session: Session, customer: Customer, actor_id: str, fields: CustomerFields, now: datetime
) -> dict[str, tuple[Any, Any]]:
    """Apply `fields`; return what changed (field -> (before, after)) and audit it."""
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
    session.add(customer)
    assert customer.id is not None
    if "annual_value" in changes:
        classify_value(
            session=session,
            customer=customer,
            rules=rules_in_force(session=session, team_id=customer.team_id),
            actor_id=actor_id,
            now=now,
            reason="value",
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


def _columns(fields: CustomerFields) -> dict[str, Any]:
    columns = asdict(fields)
    columns["name_key"] = normalize_name(fields.name)
    if fields.email:
        columns["email"] = normalize_email(fields.email)
    return columns


_SNAPSHOT_FIELDS = (
    "code",
    "name",
    "customer_type",
    "industry",
    "contact_name",
    "contact_title",
    "phone",
    "email",
    "region",
    "company_size",
    "source",
    "annual_value",
    "currency",
    "status",
    "owner_id",
    "needs",
    "notes",
)


def snapshot(customer: Customer) -> dict[str, Any]:
    """The customer's editable fields as JSON-safe values, for the audit trail."""
    data: dict[str, Any] = {}
    for name in _SNAPSHOT_FIELDS:
        value = getattr(customer, name)
        data[name] = str(value) if isinstance(value, Decimal) else value
    return data
