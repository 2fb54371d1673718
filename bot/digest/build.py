"""The weekly tier digest: the numbers a sales team reads on Monday morning, counted by the
database (totals plus a few examples of each), so it costs about the same at 100 or 100,000
customers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlmodel import Session

from bot.digest.results import DigestData, QuietLine, Sample, TierMoveLine, iso_week
from bot.preferences.model import TeamPreferences
from bot.rules.book import rules_in_force
from bot.rules.model import Rules
from bot.rules.money import team_rates
from storage import digest as store
from storage.models import CustomerStatus

__all__ = ["DigestData", "TierMoveLine", "build_digest", "iso_week", "tier_rules"]

EXAMPLES = 10
"""Names shown for each list (moves, new, won, churned, quiet accounts)."""
PEOPLE = 20
"""Reps and owners shown in the per-person lists."""

A = TypeVar("A")
B = TypeVar("B")


def tier_rules(rules: Rules) -> tuple[store.TierRule, ...]:
    """The rules' tiers as the queries take them, highest first."""
    return tuple(store.TierRule(t.name, t.minimum, t.cadence_days) for t in rules.tiers)


def build_digest(
    *,
    session: Session,
    team_id: str,
    now: datetime,
    week: str,
    tiers: list[str] | None,
    team: TeamPreferences | None = None,
) -> DigestData:
    """The digest for the 7 days up to `now`, limited to `tiers` (None = all); values count in
    the team currency at `team`'s rates (None: as stored)."""
    rules = rules_in_force(session=session, team_id=team_id).rules
    covered = [t.name for t in rules.tiers if tiers is None or t.name in tiers]
    scope = store.TierScope(tier_rules(rules), tuple(covered), team_rates(team))
    start = now - timedelta(days=7)
    by_tier_and_status = store.customers_per_tier_and_status(
        session=session, team_id=team_id, scope=scope
    )
    per_tier = dict.fromkeys(covered, 0)
    per_status: dict[str, int] = {}
    for (tier, status), n in by_tier_and_status.items():
        per_tier[tier] = per_tier.get(tier, 0) + n
        per_status[status] = per_status.get(status, 0) + n
    last_week = store.customers_per_tier_at(session=session, team_id=team_id, at=start)
    up, down = store.tier_moves(
        session=session, team_id=team_id, scope=scope, since=start, until=now, examples=EXAMPLES
    )

    def reaching(status: CustomerStatus) -> Sample[str]:
        found = store.customers_reaching_status(
            session=session,
            team_id=team_id,
            scope=scope,
            status=status.value,
            since=start,
            until=now,
            examples=EXAMPLES,
        )
        return _sample(found, str)

    new = store.new_customers(
        session=session, team_id=team_id, scope=scope, since=start, until=now, examples=EXAMPLES
    )
    followups = store.followups_per_author(
        session=session, team_id=team_id, scope=scope, since=start, until=now, people=PEOPLE
    )
    overdue = store.overdue_steps_per_owner(
        session=session, team_id=team_id, scope=scope, now=now, people=PEOPLE
    )
    return DigestData(
        week=week,
        start=start,
        end=now,
        tiers=covered,
        per_tier=per_tier,
        per_tier_last_week={t: last_week.get(t, 0) for t in covered},
        per_status=per_status,
        moved_up=_sample(up, _move_line),
        moved_down=_sample(down, _move_line),
        new_customers=_sample(new, str),
        won=reaching(CustomerStatus.CUSTOMER),
        churned=reaching(CustomerStatus.CHURNED),
        followups_per_rep=_sample(followups, _same),
        overdue_per_owner=_sample(overdue, _same),
        top_tier_past_cadence=_top_tier_past_cadence(session, team_id, scope, covered, now),
    )


def _top_tier_past_cadence(
    session: Session, team_id: str, scope: store.TierScope, covered: list[str], now: datetime
) -> Sample[QuietLine]:
    if not covered:
        return Sample()
    quiet = store.past_cadence(
        session=session,
        team_id=team_id,
        tiers=scope.tiers,
        now=now,
        limit=EXAMPLES,
        tier=covered[0],
        rates=scope.rates,
    )
    return _sample(quiet, lambda q: QuietLine(q.name, q.code, (now - q.last_contact).days))


def _move_line(move: store.TierMove) -> TierMoveLine:
    return TierMoveLine(move.name, move.code, move.from_tier, move.to_tier)


def _same(row: tuple[str, int]) -> tuple[str, int]:
    return row


def _sample(counted: store.Counted[A], line: Callable[[A], B]) -> Sample[B]:
    return Sample(counted.total, [line(row) for row in counted.first])
