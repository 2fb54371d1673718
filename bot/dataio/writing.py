"""Writing a planned batch: new customers many rows at a time (with their names, status and
tier history and audit rows, as `create_customer` writes them one by one), changed ones
through the customer service."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.customers.name_parts import name_keys
from bot.customers.service import snapshot, update_customer
from bot.dataio.headers import PlannedStep
from bot.dataio.planning import BatchPlan, NewCustomer, Planner, stored_columns
from bot.rules.model import activity_for, tier_for
from bot.rules.money import value_for_tiers
from storage import imports as store
from storage.models import Customer, NextStepStatus

if TYPE_CHECKING:
    from bot.rules.book import RulesInForce

NEW = "new"


def write_plan(
    *, session: Session, plan: BatchPlan, rules: RulesInForce, planner: Planner, now: datetime
) -> None:
    _create(session, plan.creates, rules, planner, now)
    steps: list[dict[str, Any]] = []
    for change in plan.changes:
        customer = change.customer
        if change.fields is not None:
            update_customer(
                session=session,
                customer=customer,
                actor_id=planner.actor_id,
                fields=change.fields,
                now=now,
                team=planner.team,
            )
        if change.last_contact is not None:
            customer.last_activity_at = change.last_contact
            store.save_customer(session=session, customer=customer)
        if change.step is not None and customer.id is not None:
            steps.append(_step_row(planner, customer, change.step, now))
    store.insert_next_steps(session=session, rows=steps)


def _create(
    session: Session,
    creates: list[NewCustomer],
    rules: RulesInForce,
    planner: Planner,
    now: datetime,
) -> None:
    if not creates:
        return
    team, actor = planner.team, planner.actor_id
    day = now.astimezone(ZoneInfo(team.zone)).date()
    _make_room_for_given_codes(session, planner, creates)
    fresh = iter(
        store.take_customer_codes(
            session=session,
            team_id=team.team_id,
            day=day,
            prefix=team.code_prefix,
            count=sum(1 for c in creates if c.code is None),
        )
    )
    activity = activity_for([], now, rules.rules).value
    customers: list[Customer] = []
    for new in creates:
        row = {
            **_DEFAULTS,
            **stored_columns(new.fields),
            "team_id": team.team_id,
            "code": new.code or next(fresh),
            "created_by": actor,
            "created_at": now,
            "updated_by": actor,
            "updated_at": now,
            "last_activity_at": new.last_contact,
            "activity_level": activity,
        }
        # A plain record with the table's columns, not a mapped Customer: building thousands
        # of instrumented objects costs more than the inserts themselves.
        customer = cast(Customer, SimpleNamespace(**row))
        customer.tier = tier_for(value_for_tiers(customer, team), rules.rules).name
        customers.append(customer)
    ids = store.insert_customers(session=session, rows=[_row(c) for c in customers])
    names: list[dict[str, Any]] = []
    statuses: list[dict[str, Any]] = []
    tiers: list[dict[str, Any]] = []
    audits: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    for customer, customer_id, new in zip(customers, ids, creates, strict=True):
        customer.id = customer_id
        base = {"team_id": team.team_id, "customer_id": customer_id}
        names.extend(
            {**base, "key": key, "kind": kind.value}
            for key, kind in name_keys(customer.name, list(customer.aliases or []))
        )
        statuses.append(
            {**base, "from_status": None, "to_status": customer.status, "reason": NEW,
             "changed_by": actor, "at": now}
        )  # fmt: skip
        tiers.append(
            {**base, "from_tier": None, "to_tier": customer.tier, "reason": NEW,
             "rule_version": rules.version, "changed_by": actor, "at": now}
        )  # fmt: skip
        audits.append(
            {"team_id": team.team_id, "actor_id": actor, "action": "customer.created",
             "entity_type": "customer", "entity_id": customer_id, "before": None,
             "after": snapshot(customer), "at": now}
        )  # fmt: skip
        if new.step is not None:
            steps.append(_step_row(planner, customer, new.step, now))
    store.insert_customer_names(session=session, rows=names)
    store.insert_status_changes(session=session, rows=statuses)
    store.insert_tier_changes(session=session, rows=tiers)
    store.insert_audit_events(session=session, rows=audits)
    store.insert_next_steps(session=session, rows=steps)


def _make_room_for_given_codes(
    session: Session, planner: Planner, creates: list[NewCustomer]
) -> None:
    """Codes the counter hands out later never clash with the ones the file brought."""
    highest: dict[str, int] = defaultdict(int)
    prefix = planner.team.code_prefix
    for new in creates:
        code = new.code or ""
        tail = code[len(prefix) :]
        if code.startswith(prefix) and tail.isdigit() and len(tail) > 8:
            highest[tail[:8]] = max(highest[tail[:8]], int(tail[8:]))
    for day, last in highest.items():
        store.raise_code_counter(
            session=session, team_id=planner.team.team_id, day=day, at_least=last
        )


_COLUMNS = [c.name for c in Customer.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
_DEFAULTS: dict[str, Any] = {
    name: field.get_default(call_default_factory=True)
    for name, field in Customer.model_fields.items()
    if name in _COLUMNS and not field.is_required() and field.default_factory is None
}
"""What a new Customer() holds for the columns a row leaves out (required ones and lists
always come from the row)."""


def _row(customer: Customer) -> dict[str, Any]:
    return {name: getattr(customer, name) for name in _COLUMNS}


def _step_row(
    planner: Planner, customer: Customer, step: PlannedStep, now: datetime
) -> dict[str, Any]:
    return {
        "team_id": customer.team_id,
        "customer_id": customer.id,
        "owner_id": customer.owner_id,
        "description": step.description,
        "due_at": planner.step_due(step),
        "due_has_time": False,
        "status": NextStepStatus.OPEN.value,
        "snoozed_until": None,
        "source_followup_id": None,
        "created_by": planner.actor_id,
        "created_at": now,
        "completed_at": None,
    }
