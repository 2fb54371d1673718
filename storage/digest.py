"""Team-wide numbers counted in SQL: the weekly digest and who has gone quiet past their tier's
cadence. Nothing here loads a whole table; totals are GROUP BY, examples are LIMITed.

A customer's tier is the tier named by its stored `tier` when the rules know that name, and
otherwise the tier its annual value in the team currency reaches (the same answer as
`Rules.current_tier`), written as one SQL CASE expression built from the rules and the team's
exchange rates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select
from sqlmodel import Session, col

from storage.archive import not_archived, not_archived_at, step_of_kept_customer
from storage.models import (
    Customer,
    CustomerStatus,
    FollowUp,
    NextStep,
    NextStepStatus,
    StatusChange,
    TierChange,
)
from storage.money import Rates, value_for_tiers
from storage.types import UTCDateTime

T = TypeVar("T")
_UNRANKED = 99


@dataclass(frozen=True)
class TierRule:
    """One tier as the queries need it (the rules' tiers, highest first)."""

    name: str
    minimum: Decimal
    cadence_days: int


@dataclass(frozen=True)
class TierScope:
    """The team's tiers, highest first, and the names a report covers (None = all)."""

    tiers: tuple[TierRule, ...]
    covered: tuple[str, ...] | None = None
    rates: Rates | None = None
    """The team's exchange rates, for customers whose tier is read from their value (None:
    values as stored)."""

    @property
    def covers_everyone(self) -> bool:
        return self.covered is None or set(self.covered) >= {t.name for t in self.tiers}


@dataclass(frozen=True)
class Counted(Generic[T]):
    """How many there are in all, and the first few of them."""

    total: int
    first: list[T]


@dataclass(frozen=True)
class TierMove:
    name: str
    code: str
    from_tier: str
    to_tier: str


@dataclass(frozen=True)
class QuietCustomer:
    customer_id: int
    name: str
    code: str
    tier: str
    cadence_days: int
    last_contact: datetime
    """The last follow-up, or when the customer was created if there has been none."""


def _by_tier(
    tiers: Sequence[TierRule],
    value: Callable[[TierRule], ColumnElement[Any]],
    rates: Rates | None,
) -> ColumnElement[Any]:
    """CASE giving `value(tier)` for each customer's tier (see the module docstring)."""
    amount = value_for_tiers(rates)
    by_name = [(col(Customer.tier) == t.name, value(t)) for t in tiers]
    by_amount = [(amount >= t.minimum, value(t)) for t in tiers]
    return case(*by_name, *by_amount, else_=value(tiers[-1]))


def tier_of_customer(tiers: Sequence[TierRule], rates: Rates | None = None) -> ColumnElement[Any]:
    return _by_tier(tiers, lambda t: literal(t.name), rates)


def cadence_of_customer(
    tiers: Sequence[TierRule], rates: Rates | None = None
) -> ColumnElement[Any]:
    """CASE giving each customer's tier's cadence in days."""
    return _by_tier(tiers, lambda t: literal(t.cadence_days), rates)


def _in_scope(scope: TierScope) -> list[ColumnElement[bool]]:
    """The condition that a customer's tier is covered (none when everyone is)."""
    if scope.covers_everyone:
        return []
    return [tier_of_customer(scope.tiers, scope.rates).in_(list(scope.covered or ()))]


def _rank(tiers: Sequence[TierRule], tier: Any) -> ColumnElement[int]:
    return case(*((tier == t.name, n) for n, t in enumerate(tiers)), else_=_UNRANKED)


def _count(session: Session, statement: Select[Any]) -> int:
    return int(session.execute(select(func.count()).select_from(statement.subquery())).scalar_one())


# --- customers per tier, now and a week ago ------------------------------------------------


def customers_per_tier_and_status(
    *, session: Session, team_id: str, scope: TierScope
) -> dict[tuple[str, str], int]:
    """{(tier, status): customers} for the covered tiers."""
    tiers = (
        select(
            tier_of_customer(scope.tiers, scope.rates).label("tier"),
            col(Customer.status).label("status"),
        )
        .where(col(Customer.team_id) == team_id, not_archived(), *_in_scope(scope))
        .subquery()
    )
    statement = select(tiers.c.tier, tiers.c.status, func.count()).group_by(
        tiers.c.tier, tiers.c.status
    )
    return {(str(t), str(s)): int(n) for t, s, n in session.execute(statement)}


def customers_per_tier_at(*, session: Session, team_id: str, at: datetime) -> dict[str, int]:
    """{tier: customers} at `at`, from each customer's latest tier change before then (only
    customers that existed then)."""
    latest = (
        select(
            col(TierChange.customer_id).label("customer_id"),
            col(TierChange.to_tier).label("tier"),
            func.row_number()
            .over(
                partition_by=col(TierChange.customer_id),
                order_by=(col(TierChange.at).desc(), col(TierChange.id).desc()),
            )
            .label("n"),
        )
        .where(col(TierChange.team_id) == team_id, col(TierChange.at) < at)
        .subquery()
    )
    statement = (
        select(latest.c.tier, func.count())
        .join(Customer, col(Customer.id) == latest.c.customer_id)
        .where(latest.c.n == 1, col(Customer.created_at) < at, not_archived_at(at))
        .group_by(latest.c.tier)
    )
    return {str(tier): int(n) for tier, n in session.execute(statement)}


# --- what happened in a week ------------------------------------------------------------------


def tier_moves(
    *,
    session: Session,
    team_id: str,
    scope: TierScope,
    since: datetime,
    until: datetime,
    examples: int,
) -> tuple[Counted[TierMove], Counted[TierMove]]:
    """(moved up, moved down) in [since, until): each customer's first `from` and last `to`
    tier in the window, when they differ. Examples in name order."""
    ordered = (
        select(
            col(TierChange.customer_id).label("customer_id"),
            col(TierChange.from_tier).label("from_tier"),
            col(TierChange.to_tier).label("to_tier"),
            func.row_number()
            .over(
                partition_by=col(TierChange.customer_id),
                order_by=(col(TierChange.at), col(TierChange.id)),
            )
            .label("first"),
            func.row_number()
            .over(
                partition_by=col(TierChange.customer_id),
                order_by=(col(TierChange.at).desc(), col(TierChange.id).desc()),
            )
            .label("last"),
        )
        .where(
            col(TierChange.team_id) == team_id,
            col(TierChange.at) >= since,
            col(TierChange.at) < until,
            col(TierChange.from_tier).is_not(None),
        )
        .subquery()
    )
    moves = (
        select(
            ordered.c.customer_id,
            func.max(case((ordered.c.first == 1, ordered.c.from_tier))).label("before"),
            func.max(case((ordered.c.last == 1, ordered.c.to_tier))).label("after"),
        )
        .group_by(ordered.c.customer_id)
        .subquery()
    )
    up = _rank(scope.tiers, moves.c.after) < _rank(scope.tiers, moves.c.before)
    base = (
        select(col(Customer.name), col(Customer.code), moves.c.before, moves.c.after)
        .join(moves, moves.c.customer_id == col(Customer.id))
        .where(moves.c.before != moves.c.after, not_archived(), *_in_scope(scope))
    )
    found = []
    for direction in (up, ~up):
        rows = session.execute(
            base.where(direction).order_by(col(Customer.name), col(Customer.id)).limit(examples)
        ).all()
        first = [TierMove(str(n), str(c), str(b), str(a)) for n, c, b, a in rows]
        total = len(first) if len(first) < examples else _count(session, base.where(direction))
        found.append(Counted(total, first))
    return found[0], found[1]


def new_customers(
    *,
    session: Session,
    team_id: str,
    scope: TierScope,
    since: datetime,
    until: datetime,
    examples: int,
) -> Counted[str]:
    """Customers created in [since, until): how many, and the first names alphabetically."""
    statement = select(col(Customer.name)).where(
        col(Customer.team_id) == team_id,
        col(Customer.created_at) >= since,
        col(Customer.created_at) < until,
        not_archived(),
        *_in_scope(scope),
    )
    return _names(session, statement, examples)


def customers_reaching_status(
    *,
    session: Session,
    team_id: str,
    scope: TierScope,
    status: str,
    since: datetime,
    until: datetime,
    examples: int,
) -> Counted[str]:
    """Customers whose status became `status` from another one (or as they were added) in
    [since, until), from the status history."""
    changed = (
        select(col(StatusChange.customer_id))
        .where(
            col(StatusChange.team_id) == team_id,
            col(StatusChange.at) >= since,
            col(StatusChange.at) < until,
            col(StatusChange.to_status) == status,
            or_(
                col(StatusChange.from_status).is_(None),
                col(StatusChange.from_status) != status,
            ),
        )
        .distinct()
        .subquery()
    )
    statement = (
        select(col(Customer.name))
        .join(changed, changed.c.customer_id == col(Customer.id))
        .where(not_archived(), *_in_scope(scope))
    )
    return _names(session, statement, examples)


def _names(session: Session, statement: Select[Any], examples: int) -> Counted[str]:
    ordered = statement.order_by(col(Customer.name)).limit(examples)
    first = [str(n) for n in session.execute(ordered).scalars()]
    total = len(first) if len(first) < examples else _count(session, statement)
    return Counted(total, first)


def followups_per_author(
    *,
    session: Session,
    team_id: str,
    scope: TierScope,
    since: datetime,
    until: datetime,
    people: int,
) -> Counted[tuple[str, int]]:
    """(author, follow-ups logged in [since, until)), busiest first."""
    statement: Select[Any] = select(col(FollowUp.author_id).label("who")).where(
        col(FollowUp.team_id) == team_id,
        col(FollowUp.occurred_at) >= since,
        col(FollowUp.occurred_at) < until,
    )
    if not scope.covers_everyone:
        statement = statement.join(Customer, col(Customer.id) == col(FollowUp.customer_id)).where(
            *_in_scope(scope)
        )
    return _per_person(session, statement, people)


def overdue_steps_per_owner(
    *, session: Session, team_id: str, scope: TierScope, now: datetime, people: int
) -> Counted[tuple[str, int]]:
    """(owner, open steps due before `now` and not snoozed), most first."""
    statement: Select[Any] = select(col(NextStep.owner_id).label("who")).where(
        col(NextStep.team_id) == team_id,
        col(NextStep.status) == NextStepStatus.OPEN.value,
        col(NextStep.due_at) < now,
        or_(col(NextStep.snoozed_until).is_(None), col(NextStep.snoozed_until) <= now),
        step_of_kept_customer(),
    )
    if not scope.covers_everyone:
        statement = statement.join(Customer, col(Customer.id) == col(NextStep.customer_id)).where(
            *_in_scope(scope)
        )
    return _per_person(session, statement, people)


def _per_person(session: Session, rows: Select[Any], people: int) -> Counted[tuple[str, int]]:
    who = rows.subquery()
    count = func.count().label("n")
    statement = (
        select(who.c.who, count).group_by(who.c.who).order_by(count.desc(), who.c.who).limit(people)
    )
    first = [(str(person), int(n)) for person, n in session.execute(statement)]
    if len(first) < people:
        return Counted(len(first), first)
    everyone = select(func.count(func.distinct(who.c.who)))
    return Counted(int(session.execute(everyone).scalar_one()), first)


# --- customers past their tier's cadence ------------------------------------------------------


def past_cadence(
    *,
    session: Session,
    team_id: str,
    tiers: Sequence[TierRule],
    now: datetime,
    limit: int,
    owner_id: str | None = None,
    tier: str | None = None,
    rates: Rates | None = None,
) -> Counted[QuietCustomer]:
    """Customers whose last contact is more than their tier's cadence in whole days ago
    (`(now - last).days > cadence_days`), not churned and not snoozed; longest silence first.
    Only `owner_id`'s, or only those in `tier`, when given. `rates`: as in `TierScope`."""
    last_contact = func.coalesce(col(Customer.last_activity_at), col(Customer.created_at))
    # (now - last).days > cadence  <=>  last <= now - (cadence + 1) days
    latest_allowed = _by_tier(
        tiers, lambda t: literal(now - timedelta(days=t.cadence_days + 1), UTCDateTime), rates
    )
    conditions: list[ColumnElement[bool]] = [
        col(Customer.team_id) == team_id,
        not_archived(),
        col(Customer.status) != CustomerStatus.CHURNED.value,
        or_(
            col(Customer.cadence_snoozed_until).is_(None),
            col(Customer.cadence_snoozed_until) <= now,
        ),
        last_contact <= latest_allowed,
    ]
    if owner_id is not None:
        conditions.append(col(Customer.owner_id) == owner_id)
    if tier is not None:
        conditions.append(tier_of_customer(tiers, rates) == tier)
    statement = (
        select(
            col(Customer.id),
            col(Customer.name),
            col(Customer.code),
            tier_of_customer(tiers, rates),
            _by_tier(tiers, lambda t: literal(t.cadence_days), rates),
            last_contact.label("last_contact"),
            func.count().over().label("total"),  # all that match, counted in the same scan
        )
        .where(and_(*conditions))
        .order_by(last_contact, col(Customer.id))
        .limit(limit)
    )
    rows = session.execute(statement).all()
    first = [
        QuietCustomer(int(i or 0), str(n), str(c), str(t), int(d), last)
        for i, n, c, t, d, last, _ in rows
    ]
    return Counted(int(rows[0][-1]) if rows else 0, first)
