"""Queries behind `/crm audit`: each counts the customers with one kind of data problem and
returns the first few of them (never the whole team)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.archive import not_archived
from storage.models import Customer, NextStep, NextStepStatus


@dataclass(frozen=True)
class Found:
    count: int
    first: list[Customer]
    """The first few, by code."""


def _found(session: Session, conditions: Sequence[ColumnElement[bool]], limit: int) -> Found:
    count = session.exec(select(func.count()).select_from(Customer).where(*conditions)).one()
    first = session.exec(
        select(Customer).where(*conditions).order_by(col(Customer.code)).limit(limit)
    )
    return Found(int(count), list(first))


def _scope(team_id: str, owner_id: str | None) -> list[ColumnElement[bool]]:
    scope = [col(Customer.team_id) == team_id, not_archived()]
    if owner_id is not None:
        scope.append(col(Customer.owner_id) == owner_id)
    return scope


def without_contact_method(
    *, session: Session, team_id: str, owner_id: str | None, limit: int
) -> Found:
    """Neither a phone number nor an email."""
    missing = [col(Customer.phone_hash).is_(None), col(Customer.email_hash).is_(None)]
    return _found(session, [*_scope(team_id, owner_id), *missing], limit)


def with_unusable_contact(
    *, session: Session, team_id: str, owner_id: str | None, limit: int
) -> Found:
    """A phone not in E.164 form or an email without `@` and a dot after it (flagged when
    written, as the values themselves are encrypted): what the form never stores, so it came
    from elsewhere (an import, old data)."""
    unusable = col(Customer.contact_unusable).is_(True)
    return _found(session, [*_scope(team_id, owner_id), unusable], limit)


def in_tier_not_contacted_since(
    *,
    session: Session,
    team_id: str,
    owner_id: str | None,
    tier: str,
    since: datetime,
    limit: int,
) -> Found:
    """In `tier` with no follow-up since `since` (never contacted counts, once it is older)."""
    last = col(Customer.last_activity_at)
    quiet = or_(and_(last.is_(None), col(Customer.created_at) < since), last < since)
    return _found(session, [*_scope(team_id, owner_id), col(Customer.tier) == tier, quiet], limit)


def with_steps_overdue_before(
    *, session: Session, team_id: str, owner_id: str | None, before: datetime, limit: int
) -> Found:
    """With an open next step that was due before `before`."""
    overdue = exists().where(
        col(NextStep.customer_id) == col(Customer.id),
        col(NextStep.team_id) == team_id,
        col(NextStep.status) == NextStepStatus.OPEN.value,
        col(NextStep.due_at).is_not(None),
        col(NextStep.due_at) < before,
    )
    return _found(session, [*_scope(team_id, owner_id), overdue], limit)


def owned_by(*, session: Session, team_id: str, owner_ids: Sequence[str], limit: int) -> Found:
    """Owned by one of `owner_ids` (or by nobody, when '' is among them)."""
    if not owner_ids:
        return Found(0, [])
    return _found(
        session, [col(Customer.team_id) == team_id, col(Customer.owner_id).in_(owner_ids)], limit
    )


def owners(*, session: Session, team_id: str) -> list[str]:
    """Everyone who owns a customer in the team (one row per person)."""
    statement = (
        select(Customer.owner_id)
        .where(col(Customer.team_id) == team_id)
        .group_by(col(Customer.owner_id))
    )
    return [str(owner) for owner in session.exec(statement)]


def sharing_a_phone_or_email(
    *, session: Session, team_id: str, owner_id: str | None, limit: int
) -> Found:
    """Customers whose phone or email another customer of the team also has."""
    other = aliased(Customer)
    same = exists().where(
        col(other.team_id) == team_id,
        col(other.id) != col(Customer.id),
        or_(
            and_(
                col(Customer.phone_hash).is_not(None),
                col(other.phone_hash) == col(Customer.phone_hash),
            ),
            and_(
                col(Customer.email_hash).is_not(None),
                col(other.email_hash) == col(Customer.email_hash),
            ),
        ),
    )
    return _found(session, [*_scope(team_id, owner_id), same], limit)
