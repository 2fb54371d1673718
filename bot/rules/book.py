"""Rules in force for a team, and applying them to customers: tiers, activity and dormancy."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.permissions import SYSTEM_ACTOR, Actor, require_admin
from bot.catalog.language import Language, speaking
from bot.catalog.texts.reports import text as t
from bot.catalog.tiers import know_tier_names
from bot.preferences.model import TeamPreferences
from bot.preferences.team import read_team_preferences
from bot.rules.changes import change_summary
from bot.rules.model import (
    ActivityLevel,
    RulePreview,
    Rules,
    TierMove,
    activity_for,
    default_rules,
    rule_errors,
    tier_for,
)
from bot.rules.money import team_rates, value_for_tiers
from bot.wiring.settings import Settings
from storage import rules as store
from storage.customers import record_status_change
from storage.database import unit_of_work
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
    """The team's rules; their tiers' Chinese names become known to what is drawn next."""
    stored = store.current_rule_set(session=session, team_id=team_id)
    if stored is None:
        in_force = RulesInForce(default_rules(), DEFAULT_VERSION)
    else:
        in_force = RulesInForce(Rules.model_validate(stored.rules), stored.version)
    know_tier_names({tier.name: tier.name_zh for tier in in_force.rules.tiers if tier.name_zh})
    return in_force


def classify_value(
    *,
    session: Session,
    customer: Customer,
    rules: RulesInForce,
    actor_id: str,
    now: datetime,
    reason: str,
    team: TeamPreferences | None,
) -> bool:
    """Set the customer's tier from its annual value in the team currency (None: as stored);
    record a change. True if it moved."""
    tier = tier_for(value_for_tiers(customer, team), rules.rules).name
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
    return True


def refresh_activity(*, session: Session, customer: Customer, rules: Rules, now: datetime) -> None:
    assert customer.id is not None
    widest = max(rules.high.days, rules.medium.days, rules.low.days)
    times = store.followup_times(
        session=session, customer_id=customer.id, since=now - timedelta(days=widest)
    )
    customer.activity_level = activity_for(times, now, rules).value


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
        restored = customer.status_before_dormant
        _set_status(session, customer, restored, actor_id, now, "restored")
        record_status_change(
            session=session,
            customer=customer,
            from_status=CustomerStatus.DORMANT.value,
            to_status=restored,
            reason="restored",
            changed_by=actor_id,
            at=now,
        )
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


@dataclass
class Reclassified:
    """How many customers a reclassification changed."""

    activity_changed: int = 0
    made_dormant: int = 0
    tiers_moved: int = 0


BATCH_SIZE = 1000
"""Customers per transaction when a whole team is reclassified: small enough that SQLite's
write lock is held for well under 200 ms at a time."""
LONGEST_PAUSE = 0.1
"""Seconds to wait at most between batches on SQLite. A waiting writer there retries about
every 100 ms and there is no queue, so pausing as long as the batch took gives people's requests
an even chance to write between two batches instead of waiting for the whole job."""


class _RulesMovedOn(Exception):
    """New rules were applied while a batch was being reclassified with the old ones."""


def reclassify_team(
    *,
    engine: Engine,
    team_id: str,
    now: datetime,
    batch_size: int = BATCH_SIZE,
    settings: Settings | None = None,
) -> Reclassified:
    """Bring every customer of the team in line with the rules at `now`: tier, activity level,
    and the dormancy rule. Walks the team by customer id, one short transaction per batch, so it
    is safe to run any number of times and to die halfway (the next run finishes the job).
    Values count in the team currency at its rates (without `settings`: as stored)."""
    result = Reclassified()
    with unit_of_work(engine) as session:
        take_turns = store.one_writer_at_a_time(session=session)
    after = 0
    while True:
        started = time.monotonic()
        try:
            with unit_of_work(engine) as session:
                batch = store.lock_next_customers(
                    session=session, team_id=team_id, after=after, limit=batch_size
                )
                if batch is None:
                    return result
                done = _reclassify_batch(session, team_id, batch, now, settings)
        except _RulesMovedOn:
            continue  # rolled back: do this batch again with the rules now in force
        result.activity_changed += done.activity_changed
        result.made_dormant += done.made_dormant
        result.tiers_moved += done.tiers_moved
        after = batch[1]
        if take_turns:
            time.sleep(min(time.monotonic() - started, LONGEST_PAUSE))


def _reclassify_batch(
    session: Session,
    team_id: str,
    batch: store.IdRange,
    now: datetime,
    settings: Settings | None,
) -> Reclassified:
    in_force = rules_in_force(session=session, team_id=team_id)
    team = None
    if settings is not None:
        team = read_team_preferences(session=session, settings=settings, team_id=team_id)
    rules = in_force.rules
    done = Reclassified()
    done.tiers_moved = store.retier_customers(
        session=session,
        team_id=team_id,
        tiers=_tier_floors(rules),
        rates=team_rates(team),
        rule_version=in_force.version,
        changed_by=SYSTEM_ACTOR,
        at=now,
        ids=batch,
    )
    done.activity_changed = store.refresh_activity_levels(
        session=session,
        team_id=team_id,
        bars=_activity_bars(rules, now),
        below_all=ActivityLevel.DORMANT.value,
        until=now,
        ids=batch,
    )
    if rules.auto_dormant:
        done.made_dormant = store.make_quiet_customers_dormant(
            session=session,
            team_id=team_id,
            statuses=[s.value for s in _DORMANT_FROM],
            quiet_since=now - timedelta(days=rules.dormancy_days),
            ids=batch,
            action="customer.status_dormant",
            reason="dormant",
            changed_by=SYSTEM_ACTOR,
            at=now,
        )
    if rules_in_force(session=session, team_id=team_id).version != in_force.version:
        raise _RulesMovedOn()
    return done


def _tier_floors(rules: Rules) -> list[tuple[str, Decimal]]:
    return [(tier.name, tier.minimum) for tier in rules.tiers]


def _activity_bars(rules: Rules, now: datetime) -> list[tuple[str, int, datetime]]:
    windows = (
        (ActivityLevel.HIGH, rules.high),
        (ActivityLevel.MEDIUM, rules.medium),
        (ActivityLevel.LOW, rules.low),
    )
    return [
        (level.value, window.count, now - timedelta(days=window.days)) for level, window in windows
    ]


EXAMPLES_PER_MOVE = 3


def preview_rules(
    *,
    session: Session,
    actor: Actor,
    candidate: Rules,
    restored_from: int | None = None,
    team: TeamPreferences | None = None,
) -> RulePreview | dict[str, str]:
    """What applying `candidate` would do, or the problems with it (keyed by field). Values
    count in the team currency at `team`'s rates (None: as stored)."""
    require_admin(actor, "rules")
    errors = rule_errors(candidate)
    if errors:
        return errors
    current = rules_in_force(session=session, team_id=actor.team_id)
    rows = store.tier_moves(
        session=session,
        team_id=actor.team_id,
        tiers=_tier_floors(candidate),
        rates=team_rates(team),
        examples=EXAMPLES_PER_MOVE,
    )
    moves = [TierMove(r.from_tier, r.to_tier, r.count, r.examples) for r in rows]
    customers = store.count_team_customers(session=session, team_id=actor.team_id)
    summary = change_summary(current.rules, candidate, restored_from=restored_from)
    return RulePreview(candidate, current.version, moves, customers, summary)


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
    team: TeamPreferences | None = None,
) -> tuple[int, int]:
    """Store `candidate` as the next version, re-tier every customer (values in the team
    currency at `team`'s rates; None: as stored) and refresh activity levels, set-based in the
    caller's transaction. Returns (new version, customers that changed tier)."""
    require_admin(actor, "rules")
    errors = rule_errors(candidate)
    if errors:
        raise ValueError(t.RULES_CHANGES_SEPARATOR.join(errors.values()))
    current = rules_in_force(session=session, team_id=actor.team_id)
    if current.version != base_version:
        raise RulesChangedMeanwhile()
    with speaking(Language.EN):  # the record; readers get it in their language from the rules
        summary = change_summary(
            current.rules, candidate, restored_from=restored_from, empty=t.RULES_NO_CHANGES
        )
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
    store.refresh_activity_levels(
        session=session,
        team_id=actor.team_id,
        bars=_activity_bars(candidate, now),
        below_all=ActivityLevel.DORMANT.value,
        until=now,
    )
    moved = store.retier_customers(
        session=session,
        team_id=actor.team_id,
        tiers=_tier_floors(candidate),
        rates=team_rates(team),
        rule_version=version,
        changed_by=actor.user_id,
        at=now,
    )
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
