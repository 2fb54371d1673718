"""Queries about classification: rule versions, tier history, and the inputs to classify."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models import Customer, FollowUp, RuleSet, TierChange


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


def list_team_customers(*, session: Session, team_id: str) -> list[Customer]:
    statement = select(Customer).where(Customer.team_id == team_id).order_by(col(Customer.id))
    return list(session.exec(statement))


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


def list_tier_changes(
    *, session: Session, team_id: str, customer_id: int | None = None, since: datetime | None = None
) -> list[TierChange]:
    statement = select(TierChange).where(TierChange.team_id == team_id)
    if customer_id is not None:
        statement = statement.where(TierChange.customer_id == customer_id)
    if since is not None:
        statement = statement.where(col(TierChange.at) >= since)
    return list(session.exec(statement.order_by(col(TierChange.at), col(TierChange.id))))


def followup_times(*, session: Session, customer_id: int, since: datetime) -> list[datetime]:
    statement = select(FollowUp.occurred_at).where(
        FollowUp.customer_id == customer_id, col(FollowUp.occurred_at) >= since
    )
    return list(session.exec(statement))


def followup_counts_since(
    *, session: Session, team_id: str, since: datetime, until: datetime
) -> dict[int, int]:
    """Follow-ups per customer of the team in [since, until]."""
    statement = (
        select(FollowUp.customer_id, func.count())
        .where(
            FollowUp.team_id == team_id,
            col(FollowUp.occurred_at) >= since,
            col(FollowUp.occurred_at) <= until,
        )
        .group_by(col(FollowUp.customer_id))
    )
    return {int(customer_id): int(count) for customer_id, count in session.exec(statement)}
