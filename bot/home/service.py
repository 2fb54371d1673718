"""A person's Home, read in one transaction, and who has opened theirs.

Everything is counted or LIMITed in SQL: a rep with 300 customers and 120 open steps costs a
GROUP BY per tier, one page of customers and one page of steps."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.access.identity import Asker, acting
from bot.access.permissions import Actor
from bot.digest.build import tier_rules
from bot.digest.results import QuietLine, Sample, TierMoveLine
from bot.home.results import HomeCustomer, HomeData, HomePages, TeamSection
from bot.nudges.todo import open_steps_this_week
from bot.preferences.team import read_team_preferences
from bot.rules.book import rules_in_force
from bot.rules.money import team_rates
from storage import customers as customer_store
from storage import digest as digest_store
from storage import followups as step_store
from storage import home as store
from storage.database import unit_of_work
from storage.models import CustomerStatus
from storage.money import Rates

MOVES_DAYS = 7
"""The team section's tier movements: the last week, as the weekly digest counts them."""
TEAM_HOMES = 500
"""Homes redrawn at most after a change that touches the whole team (a rules change)."""


def home_of(
    *, engine: Engine, asker: Asker, zone: ZoneInfo, pages: HomePages, now: datetime
) -> HomeData:
    """The asker's Home: their open steps due by the end of their week (in `zone`), their
    customers by tier, and the team section when they are a manager or an admin."""
    with acting(engine, asker) as (session, actor):
        steps = open_steps_this_week(
            session=session, actor=actor, zone=zone, now=now, limit=pages.steps
        )
        _, overdue = step_store.open_steps_of_owner_due_before(
            session=session,
            team_id=actor.team_id,
            owner_id=actor.user_id,
            before=now,
            now=now,
            limit=1,
        )
        rules = rules_in_force(session=session, team_id=actor.team_id).rules
        team = read_team_preferences(
            session=session, settings=asker.settings, team_id=actor.team_id
        )
        tiers, rates = tier_rules(rules), team_rates(team)
        counted = store.customers_per_tier_of_owner(
            session=session, team_id=actor.team_id, owner_id=actor.user_id, tiers=tiers, rates=rates
        )
        per_tier = [(t.name, counted[t.name]) for t in tiers if counted.get(t.name)]
        quiet = digest_store.past_cadence(
            session=session,
            team_id=actor.team_id,
            tiers=tiers,
            now=now,
            limit=1,
            owner_id=actor.user_id,
            rates=rates,
        )
        return HomeData(
            user_id=actor.user_id,
            pages=pages,
            steps=steps,
            overdue=overdue,
            per_tier=per_tier,
            customers=_customers(session, actor, tiers, rates, pages.customers, now),
            past_cadence=quiet.total,
            team=_team(session, actor, tiers, rates, pages.team, now),
        )


def _customers(
    session: Session,
    actor: Actor,
    tiers: tuple[digest_store.TierRule, ...],
    rates: Rates | None,
    limit: int,
    now: datetime,
) -> list[HomeCustomer]:
    rows = store.customers_of_owner_by_tier(
        session=session,
        team_id=actor.team_id,
        owner_id=actor.user_id,
        tiers=tiers,
        rates=rates,
        limit=limit,
    )
    found = customer_store.list_customers_by_ids(
        session=session, team_id=actor.team_id, customer_ids=[r.customer_id for r in rows]
    )
    by_id = {c.id: c for c in found}
    shown = []
    for row in rows:
        customer = by_id.get(row.customer_id)
        if customer is None:
            continue
        days = max((now - row.last_contact).days, 0)
        snoozed = (
            customer.cadence_snoozed_until is not None and customer.cadence_snoozed_until > now
        )
        quiet = days > row.cadence_days and not snoozed
        quiet = quiet and customer.status != CustomerStatus.CHURNED.value
        shown.append(HomeCustomer(customer, row.tier, row.cadence_days, days, quiet))
    return shown


def _team(
    session: Session,
    actor: Actor,
    tiers: tuple[digest_store.TierRule, ...],
    rates: Rates | None,
    limit: int,
    now: datetime,
) -> TeamSection | None:
    """The digest's own queries, over the whole team."""
    if not actor.sees_everything:
        return None
    scope = digest_store.TierScope(tiers, None, rates)
    overdue = digest_store.overdue_steps_per_owner(
        session=session, team_id=actor.team_id, scope=scope, now=now, people=limit
    )
    quiet = digest_store.past_cadence(
        session=session, team_id=actor.team_id, tiers=tiers, now=now, limit=limit, rates=rates
    )
    up, down = digest_store.tier_moves(
        session=session,
        team_id=actor.team_id,
        scope=scope,
        since=now - timedelta(days=MOVES_DAYS),
        until=now,
        examples=limit,
    )

    def moves(counted: digest_store.Counted[digest_store.TierMove]) -> Sample[TierMoveLine]:
        lines = [TierMoveLine(m.name, m.code, m.from_tier, m.to_tier) for m in counted.first]
        return Sample(counted.total, lines)

    return TeamSection(
        overdue_per_rep=Sample(overdue.total, list(overdue.first)),
        past_cadence=Sample(
            quiet.total,
            [QuietLine(q.name, q.code, (now - q.last_contact).days) for q in quiet.first],
        ),
        moved_up=moves(up),
        moved_down=moves(down),
    )


def record_home_published(*, engine: Engine, team_id: str, user_id: str, now: datetime) -> None:
    """Their Home was just published: from now on it is redrawn after what they do."""
    with unit_of_work(engine) as session:
        store.record_home_published(session=session, team_id=team_id, user_id=user_id, at=now)


def teams_home_readers(*, engine: Engine) -> dict[str, set[str]]:
    """team -> the people who have opened their Home there."""
    with unit_of_work(engine) as session:
        return store.home_readers(session=session)


def team_homes(*, engine: Engine, team_id: str) -> list[str]:
    with unit_of_work(engine) as session:
        return store.people_with_home(session=session, team_id=team_id, limit=TEAM_HOMES)
