"""The App Home tab: who has opened it (`home_tab`), and a person's customers by tier, counted
and paged in SQL (a big book costs a GROUP BY and one LIMITed page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from storage.archive import not_archived
from storage.digest import TierRule, cadence_of_customer, tier_of_customer
from storage.models import Customer, HomeTab
from storage.money import Rates

_UNRANKED = 99


@dataclass(frozen=True)
class TieredCustomer:
    """A customer on its owner's Home: its tier, that tier's cadence, and its last contact (the
    last follow-up, or when it was added)."""

    customer_id: int
    tier: str
    cadence_days: int
    last_contact: datetime


def record_home_published(*, session: Session, team_id: str, user_id: str, at: datetime) -> None:
    row = session.get(HomeTab, (team_id, user_id))
    if row is None:
        row = HomeTab(team_id=team_id, user_id=user_id, published_at=at)
    row.published_at = at
    session.add(row)


def home_readers(*, session: Session) -> dict[str, set[str]]:
    """team -> who has opened their Home there (a row per person who ever did)."""
    readers: dict[str, set[str]] = {}
    for team_id, user_id in session.execute(select(col(HomeTab.team_id), col(HomeTab.user_id))):
        readers.setdefault(str(team_id), set()).add(str(user_id))
    return readers


def people_with_home(*, session: Session, team_id: str, limit: int) -> list[str]:
    """Who in the team has opened their Home, most recently published first."""
    statement = (
        select(col(HomeTab.user_id))
        .where(col(HomeTab.team_id) == team_id)
        .order_by(col(HomeTab.published_at).desc())
        .limit(limit)
    )
    return [str(user) for user in session.execute(statement).scalars()]


def customers_per_tier_of_owner(
    *, session: Session, team_id: str, owner_id: str, tiers: Sequence[TierRule], rates: Rates | None
) -> dict[str, int]:
    """{tier: customers} of `owner_id`'s customers (archived ones aside)."""
    tier = tier_of_customer(tiers, rates).label("tier")
    inner = (
        select(tier)
        .where(col(Customer.team_id) == team_id, col(Customer.owner_id) == owner_id, not_archived())
        .subquery()
    )
    statement = select(inner.c.tier, func.count()).group_by(inner.c.tier)
    return {str(t): int(n) for t, n in session.execute(statement)}


def customers_of_owner_by_tier(
    *,
    session: Session,
    team_id: str,
    owner_id: str,
    tiers: Sequence[TierRule],
    rates: Rates | None,
    limit: int,
) -> list[TieredCustomer]:
    """`owner_id`'s customers, highest tier first and, in a tier, the longest silent first."""
    tier = tier_of_customer(tiers, rates)
    rank = case(*((tier == t.name, n) for n, t in enumerate(tiers)), else_=_UNRANKED)
    cadence = cadence_of_customer(tiers, rates)
    last_contact = func.coalesce(col(Customer.last_activity_at), col(Customer.created_at))
    statement = (
        select(col(Customer.id), tier, cadence, last_contact)
        .where(col(Customer.team_id) == team_id, col(Customer.owner_id) == owner_id, not_archived())
        .order_by(rank, last_contact, col(Customer.id))
        .limit(limit)
    )
    return [
        TieredCustomer(int(i), str(t), int(d), last)
        for i, t, d, last in session.execute(statement).all()
    ]
