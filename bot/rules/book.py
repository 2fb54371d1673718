"""Rules in force for a team, and applying them to customers: tiers, activity and dormancy."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.access.permissions import SYSTEM_ACTOR, Actor, require_admin
from bot.rules.model import ActivityLevel, Rules, activity_for, default_rules, rule_errors, tier_for
from storage import rules as store
from storage.models import Customer, CustomerStatus
from storage.records import record_audit

DEFAULT_VERSION = 0
_DORMANT_FROM = (CustomerStatus.LEAD, CustomerStatus.PROSPECT, CustomerStatus.CUSTOMER)


@dataclass(frozen=True)
class RulesInForce:
    rules: Rules
    version: int
    """0 while the team still uses the defaults."""


def rules_in_force(*, session: Session, team_id: str) -> RulesInForce:
    stored = store.current_rule_set(session=session, team_id=team_id)
    if stored is None:
        return RulesInForce(default_rules(), DEFAULT_VERSION)
    return RulesInForce(Rules.model_validate(stored.rules), stored.version)


def classify_value(
    *,
    session: Session,
    customer: Customer,
    rules: RulesInForce,
    actor_id: str,
    now: datetime,
    reason: str,
) -> bool:
    """Set the customer's tier from its annual value; record a change. True if it moved."""
    tier = tier_for(customer.annual_value, rules.rules).name
    if tier == customer.tier:
        return False
    store.record_tier_change(
        session=session,
        customer=customer,
        from_tier=customer.tier,
        to_tier=tier,
        reason=reason,
        rule_version=rules.version,
        changed_by=actor_id,
        at=now,
    )
    customer.tier = tier
    session.add(customer)
    return True


def refresh_activity(*, session: Session, customer: Customer, rules: Rules, now: datetime) -> None:
    assert customer.id is not None
    widest = max(rules.high.days, rules.medium.days, rules.low.days)
    times = store.followup_times(
        session=session, customer_id=customer.id, since=now - timedelta(days=widest)
    )
    customer.activity_level = activity_for(times, now, rules).value
    session.add(customer)


def after_followup(*, session: Session, customer: Customer, actor_id: str, now: datetime) -> None:
    """A follow-up was logged (or undone): activity changes, and a customer the rules had put
    to sleep wakes up with the status it had before."""
    rules = rules_in_force(session=session, team_id=customer.team_id).rules
    refresh_activity(session=session, customer=customer, rules=rules, now=now)
    if (
        rules.auto_restore
        and customer.status == CustomerStatus.DORMANT
        and customer.status_before_dormant
        and customer.last_activity_at is not None
    ):
        _set_status(session, customer, customer.status_before_dormant, actor_id, now, "restored")
        customer.status_before_dormant = None


def _set_status(
    session: Session, customer: Customer, status: str, actor_id: str, now: datetime, why: str
) -> None:
    assert customer.id is not None
    record_audit(
        session=session,
        team_id=customer.team_id,
        actor_id=actor_id,
        action=f"customer.status_{why}",
        entity_type="customer",
        entity_id=customer.id,
        at=now,
        before={"status": customer.status},
        after={"status": status},
    )
    customer.status = status
    session.add(customer)


@dataclass
class Reclassified:
    activity_changed: int = 0
    made_dormant: list[Customer] = field(default_factory=list)
    tiers_moved: int = 0


def reclassify_team(*, session: Session, team_id: str, now: datetime) -> Reclassified:
    """Bring every customer of the team in line with the rules at `now`: tier, activity level,
    and the dormancy rule. Safe to run any number of times."""
    in_force = rules_in_force(session=session, team_id=team_id)
    rules = in_force.rules
    result = Reclassified()
    customers = store.list_team_customers(session=session, team_id=team_id)
    result.activity_changed = _refresh_team_activity(session, customers, team_id, rules, now)
    quiet_since = now - timedelta(days=rules.dormancy_days)
    for customer in customers:
        if classify_value(
            session=session,
            customer=customer,
            rules=in_force,
            actor_id=SYSTEM_ACTOR,
            now=now,
            reason="rules",
        ):
            result.tiers_moved += 1
        last = customer.last_activity_at or customer.created_at
        if rules.auto_dormant and customer.status in _DORMANT_FROM and last < quiet_since:
            customer.status_before_dormant = customer.status
            _set_status(
                session, customer, CustomerStatus.DORMANT.value, SYSTEM_ACTOR, now, "dormant"
            )
            result.made_dormant.append(customer)
    return result


def _refresh_team_activity(
    session: Session, customers: list[Customer], team_id: str, rules: Rules, now: datetime
) -> int:
    """Every customer's activity level at `now`, from three grouped counts; returns how many
    changed."""
    windows = {
        ActivityLevel.HIGH: rules.high,
        ActivityLevel.MEDIUM: rules.medium,
        ActivityLevel.LOW: rules.low,
    }
    counts = {
        level: store.followup_counts_since(
            session=session, team_id=team_id, since=now - timedelta(days=window.days), until=now
        )
        for level, window in windows.items()
    }
    changed = 0
    for customer in customers:
        assert customer.id is not None
        level = next(
            (
                lvl
                for lvl, window in windows.items()
                if counts[lvl].get(customer.id, 0) >= window.count
            ),
            ActivityLevel.DORMANT,
        )
        if customer.activity_level != level.value:
            customer.activity_level = level.value
            session.add(customer)
            changed += 1
    return changed


@dataclass(frozen=True)
class TierMove:
    from_tier: str | None
    to_tier: str
    count: int
    examples: list[str]


@dataclass(frozen=True)
class RulePreview:
    rules: Rules
    base_version: int
    moves: list[TierMove]
    customers: int
    summary: str


def preview_rules(
    *, session: Session, actor: Actor, candidate: Rules, restored_from: int | None = None
) -> RulePreview | dict[str, str]:
    """What applying `candidate` would do, or the problems with it (keyed by field)."""
    require_admin(actor, "change the rules")
    errors = rule_errors(candidate)
    if errors:
        return errors
    current = rules_in_force(session=session, team_id=actor.team_id)
    grouped: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    customers = store.list_team_customers(session=session, team_id=actor.team_id)
    for customer in customers:
        new_tier = tier_for(customer.annual_value, candidate).name
        if new_tier != customer.tier:
            grouped[(customer.tier, new_tier)].append(customer.name)
    moves = [
        TierMove(from_tier, to_tier, len(names), names[:3])
        for (from_tier, to_tier), names in sorted(grouped.items(), key=lambda kv: -len(kv[1]))
    ]
    summary = describe_changes(current.rules, candidate)
    if restored_from is not None:
        summary = f"restored version {restored_from}" + (f": {summary}" if summary else "")
    return RulePreview(candidate, current.version, moves, len(customers), summary)


class RulesChangedMeanwhile(Exception):
    """Someone applied other rules after this preview was made."""


def apply_rules(
    *,
    session: Session,
    actor: Actor,
    candidate: Rules,
    base_version: int,
    now: datetime,
    restored_from: int | None = None,
) -> tuple[int, int]:
    """Store `candidate` as the next version and re-tier every customer, in the caller's
    transaction. Returns (new version, customers that changed tier)."""
    require_admin(actor, "change the rules")
    errors = rule_errors(candidate)
    if errors:
        raise ValueError("; ".join(errors.values()))
    current = rules_in_force(session=session, team_id=actor.team_id)
    if current.version != base_version:
        raise RulesChangedMeanwhile()
    summary = describe_changes(current.rules, candidate) or "no changes"
    if restored_from is not None:
        summary = f"restored version {restored_from}: {summary}"
    version = current.version + 1
    store.add_rule_set(
        session=session,
        team_id=actor.team_id,
        version=version,
        rules=candidate.model_dump(mode="json"),
        summary=summary,
        created_by=actor.user_id,
        created_at=now,
        restored_from=restored_from,
    )
    in_force = RulesInForce(candidate, version)
    customers = store.list_team_customers(session=session, team_id=actor.team_id)
    _refresh_team_activity(session, customers, actor.team_id, candidate, now)
    moved = 0
    for customer in customers:
        if classify_value(
            session=session,
            customer=customer,
            rules=in_force,
            actor_id=actor.user_id,
            now=now,
            reason="rules",
        ):
            moved += 1
    record_audit(
        session=session,
        team_id=actor.team_id,
        actor_id=actor.user_id,
        action="rules.applied",
        entity_type="rule_set",
        entity_id=version,
        at=now,
        before=current.rules.model_dump(mode="json"),
        after=candidate.model_dump(mode="json"),
    )
    return version, moved


def describe_changes(old: Rules, new: Rules) -> str:
    """A short sentence of what differs, for the history list."""
    parts: list[str] = []
    old_tiers = [(t.name, t.minimum, t.cadence_days) for t in old.tiers]
    new_tiers = [(t.name, t.minimum, t.cadence_days) for t in new.tiers]
    if old_tiers != new_tiers:
        parts.append("tiers " + ", ".join(f"{n} ≥{m:,.0f}/{c}d" for n, m, c in new_tiers))
    for name in ("high", "medium", "low"):
        before: Any = getattr(old, name)
        after: Any = getattr(new, name)
        if before != after:
            parts.append(f"{name} activity {after.count} in {after.days}d")
    if (old.dormancy_days, old.auto_dormant, old.auto_restore) != (
        new.dormancy_days,
        new.auto_dormant,
        new.auto_restore,
    ):
        state = "on" if new.auto_dormant else "off"
        parts.append(f"dormancy {state} after {new.dormancy_days}d")
    return "; ".join(parts)
