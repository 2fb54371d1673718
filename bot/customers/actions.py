"""What people do with customers from Slack: save the modal, look one up, list their own.

Each public function is one user action in one transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.identity import Asker, acting
from bot.access.permissions import (
    Actor,
    NotAllowed,
    can_edit_customer,
    can_see_contact,
    require_assign,
    require_edit_customer,
)
from bot.catalog.messages import msg
from bot.customers.form import CustomerFields, check_customer_form
from bot.customers.matching import Outcome
from bot.customers.names import normalize_email, normalize_name
from bot.customers.resolution import resolve_customer
from bot.customers.results import (
    CustomerChoices,
    CustomerFile,
    CustomerMissing,
    CustomerSaved,
    FormErrors,
    NoCustomer,
    PossibleDuplicates,
    SameAs,
    SaveOutcome,
)
from bot.customers.service import create_customer, find_duplicates, update_customer
from bot.followups.intake import log_draft_in_session
from bot.preferences.model import TeamPreferences
from bot.preferences.person import read_person_preferences
from bot.preferences.team import read_team_preferences
from bot.rules.book import rules_in_force
from bot.rules.model import (
    Risk,
    activity_for,
    cadence_status,
    computed_risk,
    risk_hints,
)
from bot.rules.money import value_for_tiers
from bot.wiring.settings import Settings
from storage import contacts as contact_store
from storage import customers as store
from storage import followups as followup_store
from storage import rules as rule_store
from storage.database import unit_of_work
from storage.models import Customer
from storage.records import record_audit

CARD_FOLLOWUPS = 5
CARD_STEPS = 10
OWN_LIST = 20


def save_customer_form(
    *,
    engine: Engine,
    settings: Settings,
    asker: Asker,
    values: dict[str, str | None],
    customer_id: int | None,
    acknowledged_duplicates: list[int],
    draft_id: str | None,
    user_zone: ZoneInfo,
    now: datetime,
) -> SaveOutcome:
    """Create (customer_id None) or update a customer from the modal's values.

    NotAllowed is raised when the person may not edit this customer at all; an owner they may
    not assign comes back as a form error on the Owner field.
    """
    person = asker.people.get(asker.user_id)  # from Slack (cached), before the transaction
    team_id = asker.team_id
    with acting(engine, asker) as (session, actor):
        team = read_team_preferences(session=session, settings=settings, team_id=team_id)
        mine = read_person_preferences(session=session, team=team, person=person, team_id=team_id)
        fields, errors = check_customer_form(
            values,
            default_region=mine.phone_region,
            default_currency=mine.currency,
        )
        if fields is None:
            return FormErrors(errors)
        existing = None
        if customer_id is not None:
            existing = _editable(session, actor, customer_id)
            if existing is None:
                return CustomerMissing()
        try:
            require_assign(actor, fields.owner_id, existing.owner_id if existing else None)
        except NotAllowed as refusal:
            return FormErrors({"owner": str(refusal)})
        taken = store.customer_by_name_key(
            session=session, team_id=team_id, name_key=normalize_name(fields.name)
        )
        if taken is not None and (existing is None or taken.id != existing.id):
            return _name_taken(taken)
        try:
            if existing is not None:
                return _update(session, actor, existing, fields, now, team)
            duplicates = _duplicates(session, team_id, fields, None)
            same = [c for c, _ in duplicates if c.name_key == normalize_name(fields.name)]
            if same:  # stored a moment ago, after the check above
                return _name_taken(same[0])
            if not {c.id for c, _ in duplicates} <= set(acknowledged_duplicates):
                return PossibleDuplicates(duplicates)
            customer = create_customer(
                session=session,
                team_id=team_id,
                actor_id=actor.user_id,
                fields=fields,
                now=now,
                zone=settings.zone,
                team=team,
            )
        except store.NameTaken as clash:  # stored by someone else a moment ago
            return _name_taken(clash.existing)
        followup = None
        if draft_id:
            followup = log_draft_in_session(
                session=session,
                team_id=team_id,
                user_id=actor.user_id,
                draft_id=draft_id,
                customer_id=customer.id or 0,
                zone=user_zone,
                now=now,
            )
        return CustomerSaved(customer, created=True, followup=followup)


def _name_taken(taken: Customer | None) -> FormErrors:
    if taken is None:
        return FormErrors({"name": msg.ERR_NAME_TAKEN_NOW})
    return FormErrors({"name": msg.ERR_NAME_TAKEN.format(name=taken.name, code=taken.code)})


def _update(
    session: Session,
    actor: Actor,
    customer: Customer,
    fields: CustomerFields,
    now: datetime,
    team: TeamPreferences,
) -> CustomerSaved:
    previous_owner = customer.owner_id
    update_customer(
        session=session,
        customer=customer,
        actor_id=actor.user_id,
        fields=fields,
        now=now,
        team=team,
    )
    if customer.owner_id == previous_owner:
        return CustomerSaved(customer, created=False)
    moved = followup_store.reassign_open_steps(
        session=session, customer_id=customer.id or 0, owner_id=customer.owner_id
    )
    return CustomerSaved(customer, created=False, previous_owner=previous_owner, moved_steps=moved)


def _duplicates(
    session: Session, team_id: str, fields: CustomerFields, exclude_id: int | None
) -> list[tuple[Customer, tuple[SameAs, ...]]]:
    found = find_duplicates(session=session, team_id=team_id, fields=fields, exclude_id=exclude_id)
    key = normalize_name(fields.name)
    email = normalize_email(fields.email) if fields.email else None
    result = []
    for customer in found:
        same: list[SameAs] = []
        if customer.name_key == key:
            same.append(SameAs.NAME)
        if fields.phone and customer.phone == fields.phone:
            same.append(SameAs.PHONE)
        if email and customer.email and normalize_email(customer.email) == email:
            same.append(SameAs.EMAIL)
        result.append((customer, tuple(same)))
    return result


def customer_file(
    *, engine: Engine, asker: Asker, customer_id: int, now: datetime
) -> CustomerFile | None:
    with acting(engine, asker) as (session, actor):
        customer = store.get_customer(
            session=session, team_id=actor.team_id, customer_id=customer_id
        )
        if customer is None:
            return None
        return _file(session, actor, customer, now, asker.settings)


def _file(
    session: Session, actor: Actor, customer: Customer, now: datetime, settings: Settings
) -> CustomerFile:
    assert customer.id is not None
    rules = rules_in_force(session=session, team_id=customer.team_id).rules
    team = read_team_preferences(session=session, settings=settings, team_id=customer.team_id)
    followups = followup_store.list_recent_followups(
        session=session, customer_id=customer.id, limit=CARD_FOLLOWUPS
    )
    steps = followup_store.list_open_next_steps(
        session=session, customer_id=customer.id, limit=CARD_STEPS
    )
    tier = rules.current_tier(customer.tier, value_for_tiers(customer, team))
    cadence = cadence_status(
        tier=tier, last_contact=customer.last_activity_at, created_at=customer.created_at, now=now
    )
    widest = max(rules.high.days, rules.medium.days, rules.low.days)
    times = rule_store.followup_times(
        session=session, customer_id=customer.id, since=now - timedelta(days=widest)
    )
    overdue = followup_store.count_overdue_steps(session=session, customer_id=customer.id, now=now)
    hints = risk_hints(
        cadence=cadence,
        overdue_steps=overdue,
        recent_texts=[f.text for f in followups],
        status=customer.status,
    )
    computed = computed_risk(hints)
    manual = Risk(customer.risk) if customer.risk else None
    return CustomerFile(
        customer=customer,
        followups=followups,
        steps=steps,
        show_contact=can_see_contact(actor, customer),
        can_edit=can_edit_customer(actor, customer),
        tier=tier,
        cadence=cadence,
        activity=activity_for(times, now, rules),
        risk=manual or computed,
        risk_is_manual=manual is not None,
        computed_risk=computed,
        hints=hints,
        team_currency=team.currency,
        rate=team.rate_for(customer.currency),
        more_contacts=contact_store.count_contacts(session=session, customer_id=customer.id),
        can_archive=actor.sees_everything,
    )


def look_up_customer(
    *, engine: Engine, asker: Asker, text: str, now: datetime
) -> CustomerFile | CustomerChoices | NoCustomer:
    """`/customer <code or name>`."""
    with acting(engine, asker) as (session, actor):
        found = resolve_customer(session=session, team_id=actor.team_id, text=text, whole=True)
        if found.outcome is Outcome.FOUND:
            return _file(session, actor, found.customers[0], now, asker.settings)
        if found.asks:
            return CustomerChoices(found.customers, text)
        return NoCustomer(text)


def own_customers(*, engine: Engine, asker: Asker) -> tuple[list[Customer], int]:
    with acting(engine, asker) as (session, actor):
        customers = store.list_customers_of_owner(
            session=session, team_id=actor.team_id, owner_id=actor.user_id, limit=OWN_LIST
        )
        total = store.count_customers_of_owner(
            session=session, team_id=actor.team_id, owner_id=actor.user_id
        )
        return customers, total


def get_customer(*, engine: Engine, team_id: str, customer_id: int) -> Customer | None:
    with unit_of_work(engine) as session:
        return store.get_customer(session=session, team_id=team_id, customer_id=customer_id)


def customer_for_edit(*, engine: Engine, asker: Asker, customer_id: int) -> Customer | None:
    """The customer, if the person may edit it (NotAllowed otherwise); None if it is gone."""
    with acting(engine, asker) as (session, actor):
        return _editable(session, actor, customer_id)


def _editable(session: Session, actor: Actor, customer_id: int) -> Customer | None:
    customer = store.get_customer(session=session, team_id=actor.team_id, customer_id=customer_id)
    if customer is not None:
        require_edit_customer(actor, customer)
    return customer


def set_risk(
    *, engine: Engine, asker: Asker, customer_id: int, risk: Risk | None, now: datetime
) -> Customer | None:
    """Set the risk by hand, or hand it back to the computed hints with None."""
    with acting(engine, asker) as (session, actor):
        customer = _editable(session, actor, customer_id)
        if customer is None:
            return None
        before = customer.risk
        customer.risk = risk.value if risk else None
        store.save_customer(session=session, customer=customer)
        record_audit(
            session=session,
            team_id=actor.team_id,
            actor_id=actor.user_id,
            action="customer.risk_set",
            entity_type="customer",
            entity_id=customer_id,
            at=now,
            before={"risk": before},
            after={"risk": customer.risk},
        )
        return customer
