"""Merging one customer into another: moving its history, and remembering its code."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.archive import not_archived
from storage.models import (
    Customer,
    FollowUp,
    MergedCode,
    NextStep,
    StatusChange,
    TierChange,
)


def move_history(*, session: Session, gone: Customer, kept: Customer) -> dict[str, int]:
    """Follow-ups, next steps, status and tier history of `gone` now belong to `kept`; how many
    rows of each moved."""
    moved: dict[str, int] = {}
    for name, table in (
        ("followups", FollowUp),
        ("steps", NextStep),
        ("status_changes", StatusChange),
        ("tier_changes", TierChange),
    ):
        result = session.execute(
            update(table).where(col(table.customer_id) == gone.id).values(customer_id=kept.id)
        )
        moved[name] = int(getattr(result, "rowcount", 0) or 0)
    session.execute(
        update(MergedCode).where(col(MergedCode.customer_id) == gone.id).values(customer_id=kept.id)
    )
    return moved


def remember_merged_code(
    *, session: Session, gone: Customer, kept: Customer, by: str, at: datetime
) -> None:
    assert kept.id is not None
    session.add(
        MergedCode(
            team_id=gone.team_id, code=gone.code, customer_id=kept.id, merged_by=by, merged_at=at
        )
    )


def delete_merged_customer(*, session: Session, gone: Customer) -> None:
    """Remove the merged-away customer (its names go with it); run after `move_history`."""
    session.delete(gone)
    session.flush()


def name_keys(*, session: Session, team_id: str) -> list[tuple[int, str]]:
    """(id, normalised name) of every customer of the team not archived, for finding
    near-same names."""
    statement = select(Customer.id, Customer.name_key).where(
        col(Customer.team_id) == team_id, not_archived()
    )
    return [(int(str(customer_id)), str(key)) for customer_id, key in session.exec(statement)]


def customers_by_id(*, session: Session, team_id: str, ids: Sequence[int]) -> dict[int, Customer]:
    if not ids:
        return {}
    statement = select(Customer).where(col(Customer.team_id) == team_id, col(Customer.id).in_(ids))
    return {c.id: c for c in session.exec(statement) if c.id is not None}


def customers_sharing_contact(
    *, session: Session, team_id: str, limit: int
) -> list[tuple[Customer, Customer, str]]:
    """Pairs of the team's customers with the same phone or email (the older one first), and
    which they share ('phone' or 'email'); the first `limit` pairs."""
    other = aliased(Customer)
    pairs: list[tuple[Customer, Customer, str]] = []
    for what in ("phone", "email"):
        hashed = f"{what}_hash"  # the values are encrypted; equal values hash alike
        mine, theirs = col(getattr(Customer, hashed)), col(getattr(other, hashed))
        statement = (
            select(Customer, other)
            .join(
                other,
                and_(
                    col(other.team_id) == team_id, theirs == mine, col(other.archived_at).is_(None)
                ),
            )
            .where(
                col(Customer.team_id) == team_id,
                not_archived(),
                mine.is_not(None),
                col(Customer.id) < col(other.id),
            )
            .order_by(col(Customer.id), col(other.id))
            .limit(limit)
        )
        pairs += [(first, second, what) for first, second in session.exec(statement)]
    seen: set[tuple[int | None, int | None]] = set()
    unique = []
    for first, second, what in pairs:
        if (first.id, second.id) not in seen:
            seen.add((first.id, second.id))
            unique.append((first, second, what))
    return unique[:limit]
