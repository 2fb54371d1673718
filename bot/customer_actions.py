"""What people do with customers from Slack: save the modal, look one up, list their own.

Each public function is one user action in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.customer_form import CustomerFields, check_customer_form
from bot.customers import create_customer, find_duplicates, resolve_customer, update_customer
from bot.followup_intake import FollowUpReply, log_draft_in_session
from bot.matching import Outcome
from bot.names import normalize_email, normalize_name
from bot.settings import Settings
from storage import customers as store
from storage import followups as followup_store
from storage.database import unit_of_work
from storage.models import Customer, FollowUp, NextStep

CARD_FOLLOWUPS = 5
CARD_STEPS = 10
OWN_LIST = 20


@dataclass(frozen=True)
class FormErrors:
    errors: dict[str, str]


@dataclass(frozen=True)
class PossibleDuplicates:
    duplicates: list[tuple[Customer, str]]
    """Each existing customer with why it looks the same ("same name", "same phone", …)."""


@dataclass(frozen=True)
class CustomerSaved:
    customer: Customer
    created: bool
    followup: FollowUpReply | None = None
    """The follow-up that was waiting for this customer to exist, once logged."""


@dataclass(frozen=True)
class CustomerMissing:
    pass


SaveOutcome = FormErrors | PossibleDuplicates | CustomerSaved | CustomerMissing


@dataclass(frozen=True)
class CustomerFile:
    """Everything a card shows."""

    customer: Customer
    followups: list[FollowUp]
    steps: list[NextStep]


@dataclass(frozen=True)
class CustomerChoices:
    customers: list[Customer]
    typed: str


@dataclass(frozen=True)
class NoCustomer:
    typed: str


def save_customer_form(
    *,
    engine: Engine,
    settings: Settings,
    team_id: str,
    user_id: str,
    values: dict[str, str | None],
    customer_id: int | None,
    acknowledged_duplicates: list[int],
    draft_id: str | None,
    user_zone: ZoneInfo,
    now: datetime,
) -> SaveOutcome:
    """Create (customer_id None) or update a customer from the modal's values."""
    fields, errors = check_customer_form(
        values,
        default_region=settings.crm_default_region,
        default_currency=settings.crm_currency,
    )
    if fields is None:
        return FormErrors(errors)
    with unit_of_work(engine) as session:
        duplicates = _duplicates(session, team_id, fields, customer_id)
        if customer_id is None and not {c.id for c, _ in duplicates} <= set(
            acknowledged_duplicates
        ):
            return PossibleDuplicates(duplicates)
        if customer_id is not None:
            customer = store.get_customer(session=session, team_id=team_id, customer_id=customer_id)
            if customer is None:
                return CustomerMissing()
            update_customer(
                session=session, customer=customer, actor_id=user_id, fields=fields, now=now
            )
            return CustomerSaved(customer, created=False)
        customer = create_customer(
            session=session,
            team_id=team_id,
            actor_id=user_id,
            fields=fields,
            now=now,
            zone=settings.zone,
        )
        followup = None
        if draft_id:
            followup = log_draft_in_session(
                session=session,
                team_id=team_id,
                user_id=user_id,
                draft_id=draft_id,
                customer_id=customer.id or 0,
                zone=user_zone,
                now=now,
            )
        return CustomerSaved(customer, created=True, followup=followup)


def _duplicates(
    session: Session, team_id: str, fields: CustomerFields, exclude_id: int | None
) -> list[tuple[Customer, str]]:
    found = find_duplicates(session=session, team_id=team_id, fields=fields, exclude_id=exclude_id)
    key = normalize_name(fields.name)
    email = normalize_email(fields.email) if fields.email else None
    result = []
    for customer in found:
        reasons = []
        if customer.name_key == key:
            reasons.append("same name")
        if fields.phone and customer.phone == fields.phone:
            reasons.append("same phone")
        if email and customer.email and normalize_email(customer.email) == email:
            reasons.append("same email")
        result.append((customer, ", ".join(reasons) or "similar"))
    return result


def customer_file(*, engine: Engine, team_id: str, customer_id: int) -> CustomerFile | None:
    with unit_of_work(engine) as session:
        customer = store.get_customer(session=session, team_id=team_id, customer_id=customer_id)
        if customer is None:
            return None
        return _file(session, customer)


def _file(session: Session, customer: Customer) -> CustomerFile:
    assert customer.id is not None
    return CustomerFile(
        customer=customer,
        followups=followup_store.list_recent_followups(
            session=session, customer_id=customer.id, limit=CARD_FOLLOWUPS
        ),
        steps=followup_store.list_open_next_steps(
            session=session, customer_id=customer.id, limit=CARD_STEPS
        ),
    )


def look_up_customer(
    *, engine: Engine, team_id: str, text: str
) -> CustomerFile | CustomerChoices | NoCustomer:
    """`/customer <code or name>`."""
    with unit_of_work(engine) as session:
        found = resolve_customer(session=session, team_id=team_id, text=text, whole=True)
        if found.outcome is Outcome.FOUND:
            return _file(session, found.customers[0])
        if found.outcome is Outcome.AMBIGUOUS and found.customers:
            return CustomerChoices(found.customers, text)
        return NoCustomer(text)


def own_customers(*, engine: Engine, team_id: str, user_id: str) -> tuple[list[Customer], int]:
    with unit_of_work(engine) as session:
        customers = store.list_customers_of_owner(
            session=session, team_id=team_id, owner_id=user_id, limit=OWN_LIST
        )
        total = store.count_customers_of_owner(session=session, team_id=team_id, owner_id=user_id)
        return customers, total


def get_customer(*, engine: Engine, team_id: str, customer_id: int) -> Customer | None:
    with unit_of_work(engine) as session:
        return store.get_customer(session=session, team_id=team_id, customer_id=customer_id)
