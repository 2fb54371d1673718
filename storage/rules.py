"""Queries about classification: rule versions, tier history, and the inputs to classify."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, case, func, insert, literal, update
from sqlalchemy import select as select_columns
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, select

from storage.archive import not_archived
from storage.models import (
    AuditEvent,
    Customer,
    CustomerStatus,
    FollowUp,
    RuleSet,
    StatusChange,
    TierChange,
)
from storage.money import Rates, value_for_tiers
from storage.types import UTCDateTime

TierFloors = Sequence[tuple[str, Decimal]]
"""(tier name, minimum annual value), highest first: the first floor a value reaches wins and
the last tier takes everyone else."""

ActivityBars = Sequence[tuple[str, int, datetime]]
"""(activity level, at least this many follow-ups, since when), from the highest level down."""

IdRange = tuple[int, int]
"""Customer ids `first < id <= last`: one batch of a walk through a team."""


def current_rule_set(*, session: Session, team_id: str) -> RuleSet | None:
    statement = (
        select(RuleSet)
        .where(RuleSet.team_id == team_id)
        .order_by(col(RuleSet.version).desc())
        .limit(1)
    )
    return session.exec(statement).first()


def get_rule_set(*, session: Session, team_id: str, version: int) -> RuleSet | None:
    statement = select(RuleSet).where(RuleSet.team_id == team_id, RuleSet.version == version)
    return session.exec(statement).first()


def list_rule_sets(*, session: Session, team_id: str, limit: int) -> list[RuleSet]:
    statement = (
        select(RuleSet)
        .where(RuleSet.team_id == team_id)
        .order_by(col(RuleSet.version).desc())
        .limit(limit)
    )
    return list(session.exec(statement))


def add_rule_set(
    *,
    session: Session,
    team_id: str,
    version: int,
    rules: dict[str, Any],
    summary: str,
    created_by: str,
    created_at: datetime,
    restored_from: int | None = None,
) -> RuleSet:
    """Store a new version; the unique (team, version) key stops two admins applying at once."""
    rule_set = RuleSet(
        team_id=team_id,
        version=version,
        rules=rules,
        summary=summary,
        created_by=created_by,
        created_at=created_at,
        restored_from=restored_from,
    )
    session.add(rule_set)
    session.flush()
    return rule_set


def record_tier_change(
    *,
    session: Session,
    customer: Customer,
    from_tier: str | None,
    to_tier: str,
    reason: str,
    rule_version: int | None,
    changed_by: str,
    at: datetime,
) -> TierChange:
    assert customer.id is not None
    change = TierChange(
        team_id=customer.team_id,
        customer_id=customer.id,
        from_tier=from_tier,
        to_tier=to_tier,
        reason=reason,
        rule_version=rule_version,
        changed_by=changed_by,
        at=at,
    )
    session.add(change)
    return change


def followup_times(*, session: Session, customer_id: int, since: datetime) -> list[datetime]:
    statement = select(FollowUp.occurred_at).where(
        FollowUp.customer_id == customer_id, col(FollowUp.occurred_at) >= since
    )
    return list(session.exec(statement))


# --- classifying a whole team in SQL ---------------------------------------------------------


def _tier_by_value(tiers: TierFloors, rates: Rates | None) -> ColumnElement[str]:
    """The tier each customer's annual value in the team currency puts it in (no value, or no
    rate for its currency, counts as 0)."""
    value = value_for_tiers(rates)
    whens = [(value >= minimum, literal(name)) for name, minimum in tiers]
    return case(*whens, else_=literal(tiers[-1][0]))


def _team_rows(team_id: str, ids: IdRange | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [col(Customer.team_id) == team_id, not_archived()]
    if ids is not None:
        where += [col(Customer.id) > ids[0], col(Customer.id) <= ids[1]]
    return where


def count_team_customers(*, session: Session, team_id: str) -> int:
    statement = (
        select(func.count())
        .select_from(Customer)
        .where(Customer.team_id == team_id, not_archived())
    )
    return int(session.exec(statement).one())


@dataclass(frozen=True)
class TierMoveRow:
    from_tier: str | None
    to_tier: str
    count: int
    examples: list[str]


def tier_moves(
    *,
    session: Session,
    team_id: str,
    tiers: TierFloors,
    rates: Rates | None,
    examples: int,
) -> list[TierMoveRow]:
    """Customers whose tier would change under `tiers`, grouped by (from, to), biggest group
    first, each with the names of its first `examples` customers (by id). Values are converted
    with `rates` (None: as stored)."""
    candidate = _tier_by_value(tiers, rates)
    group = (col(Customer.tier), candidate)
    ranked = (
        select_columns(
            col(Customer.tier).label("from_tier"),
            candidate.label("to_tier"),
            col(Customer.name).label("name"),
            func.row_number().over(partition_by=group, order_by=col(Customer.id)).label("n"),
            func.count().over(partition_by=group).label("moves"),
        )
        .where(*_team_rows(team_id, None), col(Customer.tier).is_distinct_from(candidate))
        .subquery()
    )
    statement = (
        select(ranked.c.from_tier, ranked.c.to_tier, ranked.c.moves, ranked.c.name)
        .where(ranked.c.n <= examples)
        .order_by(
            ranked.c.moves.desc(),
            ranked.c.from_tier.nulls_first(),
            ranked.c.to_tier,
            ranked.c.n,
        )
    )
    rows: dict[tuple[str | None, str], TierMoveRow] = {}
    for from_tier, to_tier, moves, name in session.execute(statement):
        row = rows.setdefault((from_tier, to_tier), TierMoveRow(from_tier, to_tier, moves, []))
        row.examples.append(name)
    return list(rows.values())


def retier_customers(
    *,
    session: Session,
    team_id: str,
    tiers: TierFloors,
    rates: Rates | None,
    rule_version: int,
    changed_by: str,
    at: datetime,
    ids: IdRange | None = None,
) -> int:
    """Put every customer of the team (or of the id range) in the tier `tiers` give its value
    (converted with `rates`; None: as stored), with a 'rules' tier change for each one that
    moves. Returns how many moved."""
    candidate = _tier_by_value(tiers, rates)
    moving = [*_team_rows(team_id, ids), col(Customer.tier).is_distinct_from(candidate)]
    history = insert(TierChange).from_select(
        [
            "team_id",
            "customer_id",
            "from_tier",
            "to_tier",
            "reason",
            "rule_version",
            "changed_by",
            "at",
        ],
        select_columns(
            col(Customer.team_id),
            col(Customer.id),
            col(Customer.tier),
            candidate,
            literal("rules"),
            literal(rule_version),
            literal(changed_by),
            literal(at, UTCDateTime()),
        ).where(*moving),
    )
    session.execute(history)
    retier = (
        update(Customer)
        .where(*moving)
        .values(tier=candidate)
        .execution_options(synchronize_session=False)
    )
    return int(cast(CursorResult[Any], session.execute(retier)).rowcount)


def refresh_activity_levels(
    *,
    session: Session,
    team_id: str,
    bars: ActivityBars,
    below_all: str,
    until: datetime,
    ids: IdRange | None = None,
) -> int:
    """Set each customer's activity level from its follow-ups in each window up to `until`
    (counted over the follow-up (customer, time) index); returns how many changed."""
    whens = []
    for name, count, since in bars:
        logged = (
            select(func.count())
            .select_from(FollowUp)
            .where(
                col(FollowUp.customer_id) == col(Customer.id),
                col(FollowUp.occurred_at) >= since,
                col(FollowUp.occurred_at) <= until,
            )
            .scalar_subquery()
        )
        whens.append((logged >= count, literal(name)))
    level = case(*whens, else_=literal(below_all))
    statement = (
        update(Customer)
        .where(*_team_rows(team_id, ids), col(Customer.activity_level).is_distinct_from(level))
        .values(activity_level=level)
        .execution_options(synchronize_session=False)
    )
    return int(cast(CursorResult[Any], session.execute(statement)).rowcount)


def one_writer_at_a_time(*, session: Session) -> bool:
    """True on SQLite, where a writer locks the whole database (PostgreSQL locks rows)."""
    return session.get_bind().dialect.name == "sqlite"


def lock_next_customers(
    *, session: Session, team_id: str, after: int, limit: int
) -> IdRange | None:
    """The next `limit` customers of the team after id `after`, locked until the transaction
    ends (PostgreSQL; SQLite has one writer at a time anyway). None when there are no more."""
    statement = (
        select(Customer.id)
        .where(Customer.team_id == team_id, col(Customer.id) > after)
        .order_by(col(Customer.id))
        .limit(limit)
        .with_for_update()
    )
    found = [int(i or 0) for i in session.exec(statement)]
    return (after, found[-1]) if found else None


def make_quiet_customers_dormant(
    *,
    session: Session,
    team_id: str,
    statuses: Sequence[str],
    quiet_since: datetime,
    ids: IdRange,
    action: str,
    reason: str,
    changed_by: str,
    at: datetime,
) -> int:
    """Move customers in the id range with one of `statuses` and nothing logged since
    `quiet_since` (never contacted: created before it) to 'dormant', keeping the status they
    had in status_before_dormant, with an audit event (`action`) and a status history row
    (`reason`) for each. Returns how many went dormant."""
    last = func.coalesce(Customer.last_activity_at, Customer.created_at)
    quiet = [*_team_rows(team_id, ids), col(Customer.status).in_(statuses), last < quiet_since]
    dormant = CustomerStatus.DORMANT.value
    audit = insert(AuditEvent).from_select(
        ["team_id", "actor_id", "action", "entity_type", "entity_id", "before", "after", "at"],
        select_columns(
            col(Customer.team_id),
            literal(changed_by),
            literal(action),
            literal("customer"),
            col(Customer.id),
            _status_json(session, col(Customer.status)),
            _status_json(session, literal(dormant)),
            literal(at, UTCDateTime()),
        ).where(*quiet),
    )
    session.execute(audit)
    history = insert(StatusChange).from_select(
        ["team_id", "customer_id", "from_status", "to_status", "reason", "changed_by", "at"],
        select_columns(
            col(Customer.team_id),
            col(Customer.id),
            col(Customer.status),
            literal(dormant),
            literal(reason),
            literal(changed_by),
            literal(at, UTCDateTime()),
        ).where(*quiet),
    )
    session.execute(history)
    asleep = (
        update(Customer)
        .where(*quiet)
        .values(status_before_dormant=col(Customer.status), status=dormant)
        .execution_options(synchronize_session=False)
    )
    return int(cast(CursorResult[Any], session.execute(asleep)).rowcount)


def _status_json(session: Session, status: ColumnElement[str] | Mapped[str]) -> ColumnElement[Any]:
    """{"status": …} built by the database, as the audit log stores snapshots."""
    if session.get_bind().dialect.name == "postgresql":
        return func.json_build_object("status", status)
    return func.json_object("status", status)
