"""What each owner needs to hear about in their morning DM, and acting on it from the DM.

A nudge lists items (next steps overdue or due today, customers past their tier's cadence).
The ledger keeps the list; the message is always drawn from the items' state now, so acting on
one (Done, Snooze, Reschedule, Log follow-up) redraws the DM in place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.access.permissions import Actor, require_change_step, require_edit_customer
from bot.digest.build import tier_rules
from bot.nudges.results import ItemKind, ItemState, NudgeLine, item_ref, parse_item_ref
from bot.rules.book import rules_in_force
from bot.rules.model import Rules
from storage import customers as customer_store
from storage import digest as digest_store
from storage import followups as step_store
from storage import scheduling as store
from storage.models import Customer, NextStep, NextStepStatus
from storage.records import record_audit

MAX_ITEMS = 20
"""Items one DM shows; the rest are counted ("…and N more")."""
SNOOZES = {"1d": timedelta(days=1), "3d": timedelta(days=3), "7d": timedelta(days=7)}

__all__ = [
    "MAX_ITEMS",
    "SNOOZES",
    "CollectedItems",
    "ItemKind",
    "ItemState",
    "NudgeLine",
    "collect_items",
    "item_ref",
    "mark_step_done",
    "nudge_lines",
    "parse_item_ref",
    "reschedule_step",
    "snooze_item",
]


@dataclass(frozen=True)
class CollectedItems:
    items: list[dict[str, Any]]
    """What the DM lists, at most `MAX_ITEMS`, in the order it shows them."""
    more: int
    """Items waiting beyond those."""


def collect_items(
    *,
    session: Session,
    team_id: str,
    owner_id: str,
    now: datetime,
    zone: ZoneInfo,
    limit: int = MAX_ITEMS,
) -> CollectedItems:
    """The owner's items at `now`: overdue steps (oldest first), steps due today, then customers
    past their tier's cadence (longest silence first); the first `limit` and a count of the rest."""
    end_of_today = _start_of_next_day(now, zone)
    steps = store.open_steps_due_before(
        session=session,
        team_id=team_id,
        before=end_of_today,
        now=now,
        owner_id=owner_id,
        limit=limit,
    )
    step_total = len(steps)
    if step_total == limit:
        step_total = store.count_open_steps_due_before(
            session=session, team_id=team_id, before=end_of_today, now=now, owner_id=owner_id
        )
    items: list[dict[str, Any]] = [
        {"kind": ItemKind.STEP.value, "id": s.id, "due": _iso(s.due_at)} for s in steps
    ]
    rules = rules_in_force(session=session, team_id=team_id).rules
    quiet = digest_store.past_cadence(
        session=session,
        team_id=team_id,
        tiers=tier_rules(rules),
        now=now,
        owner_id=owner_id,
        limit=max(limit - len(items), 1),
    )
    items += [{"kind": ItemKind.CADENCE.value, "id": q.customer_id} for q in quiet.first]
    shown = items[:limit]
    return CollectedItems(shown, step_total + quiet.total - len(shown))


def nudge_lines(
    *,
    session: Session,
    team_id: str,
    items: list[dict[str, Any]],
    planned_at: datetime,
    now: datetime,
) -> list[NudgeLine]:
    """The items as they stand now, for drawing the DM."""
    rules = rules_in_force(session=session, team_id=team_id).rules
    return [_line(session, team_id, item, rules, planned_at, now) for item in items]


def _line(
    session: Session,
    team_id: str,
    item: dict[str, Any],
    rules: Rules,
    planned_at: datetime,
    now: datetime,
) -> NudgeLine:
    kind, ref = ItemKind(item["kind"]), int(item["id"])
    if kind is ItemKind.STEP:
        step = step_store.get_next_step(session=session, team_id=team_id, step_id=ref)
        customer = (
            customer_store.get_customer(
                session=session, team_id=team_id, customer_id=step.customer_id
            )
            if step
            else None
        )
        if step is None or customer is None or step.status == NextStepStatus.CANCELLED:
            return NudgeLine(kind, ref, ItemState.GONE, customer)
        if step.status == NextStepStatus.DONE:
            return NudgeLine(kind, ref, ItemState.DONE, customer, step)
        if step.snoozed_until is not None and step.snoozed_until > now:
            return NudgeLine(kind, ref, ItemState.SNOOZED, customer, step, until=step.snoozed_until)
        if _iso(step.due_at) != item.get("due"):
            return NudgeLine(kind, ref, ItemState.RESCHEDULED, customer, step, until=step.due_at)
        assert step.due_at is not None
        if step.due_at < now:
            overdue = math.ceil((now - step.due_at) / timedelta(days=1))
            return NudgeLine(kind, ref, ItemState.OVERDUE, customer, step, days=overdue)
        return NudgeLine(kind, ref, ItemState.DUE_TODAY, customer, step)
    customer = customer_store.get_customer(session=session, team_id=team_id, customer_id=ref)
    if customer is None:
        return NudgeLine(kind, ref, ItemState.GONE, None)
    tier = rules.current_tier(customer.tier, customer.annual_value)
    if customer.last_activity_at is not None and customer.last_activity_at >= planned_at:
        return NudgeLine(kind, ref, ItemState.CONTACTED, customer, tier=tier.name)
    if customer.cadence_snoozed_until is not None and customer.cadence_snoozed_until > now:
        until = customer.cadence_snoozed_until
        return NudgeLine(kind, ref, ItemState.SNOOZED, customer, tier=tier.name, until=until)
    days = (now - (customer.last_activity_at or customer.created_at)).days
    return NudgeLine(
        kind,
        ref,
        ItemState.PAST_CADENCE,
        customer,
        days=days,
        cadence_days=tier.cadence_days,
        tier=tier.name,
    )


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def _start_of_next_day(now: datetime, zone: ZoneInfo) -> datetime:
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0, 0), tzinfo=zone)


# --- acting on an item from the DM ----------------------------------------------------------


def mark_step_done(*, session: Session, actor: Actor, step_id: int, now: datetime) -> bool:
    step, customer = _step_and_customer(session, actor, step_id)
    if step is None or customer is None:
        return False
    require_change_step(actor, step, customer)
    if step.status == NextStepStatus.OPEN:
        step.status = NextStepStatus.DONE.value
        step.completed_at = now
        store.save_nudge_item(session=session, item=step)
        _audit(session, actor, "next_step.done", "next_step", step_id, now, {"status": "done"})
    return True


def snooze_item(
    *, session: Session, actor: Actor, kind: ItemKind, ref: int, period: str, now: datetime
) -> bool:
    until = now + SNOOZES[period]
    if kind is ItemKind.STEP:
        step, customer = _step_and_customer(session, actor, ref)
        if step is None or customer is None:
            return False
        require_change_step(actor, step, customer)
        step.snoozed_until = until
        store.save_nudge_item(session=session, item=step)
    else:
        found = customer_store.get_customer(session=session, team_id=actor.team_id, customer_id=ref)
        if found is None:
            return False
        require_edit_customer(actor, found)
        found.cadence_snoozed_until = until
        store.save_nudge_item(session=session, item=found)
    _audit(
        session, actor, f"{kind.value}.snoozed", kind.value, ref, now, {"until": until.isoformat()}
    )
    return True


def reschedule_step(
    *, session: Session, actor: Actor, step_id: int, day: date, zone: ZoneInfo, now: datetime
) -> bool:
    step, customer = _step_and_customer(session, actor, step_id)
    if step is None or customer is None:
        return False
    require_change_step(actor, step, customer)
    keep_time = step.due_at.astimezone(zone).time() if step.due_at and step.due_has_time else None
    local = datetime.combine(day, keep_time or time(23, 59, 59), tzinfo=zone)
    step.due_at = local
    step.due_has_time = keep_time is not None
    step.snoozed_until = None
    store.save_nudge_item(session=session, item=step)
    _audit(
        session,
        actor,
        "next_step.rescheduled",
        "next_step",
        step_id,
        now,
        {"due_at": local.isoformat()},
    )
    return True


def _step_and_customer(
    session: Session, actor: Actor, step_id: int
) -> tuple[NextStep | None, Customer | None]:
    step = step_store.get_next_step(session=session, team_id=actor.team_id, step_id=step_id)
    if step is None:
        return None, None
    customer = customer_store.get_customer(
        session=session, team_id=actor.team_id, customer_id=step.customer_id
    )
    return step, customer


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: int,
    now: datetime,
    after: dict[str, Any],
) -> None:
    record_audit(
        session=session,
        team_id=actor.team_id,
        actor_id=actor.user_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        at=now,
        after=after,
    )
