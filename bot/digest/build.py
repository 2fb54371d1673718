"""The weekly tier digest: the numbers a sales team reads on Monday morning."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.nudges.items import past_cadence
from bot.rules.book import rules_in_force
from bot.rules.model import Rules
from storage import rules as rule_store
from storage import scheduling as schedule_store
from storage.models import AuditEvent, Customer, FollowUp, NextStep, NextStepStatus


@dataclass(frozen=True)
class TierMoveLine:
    name: str
    code: str
    from_tier: str
    to_tier: str


@dataclass
class DigestData:
    week: str
    """ISO week of the digest, e.g. '2026-W47'."""
    start: datetime
    end: datetime
    tiers: list[str]
    """The tiers this digest covers, highest first."""
    per_tier: dict[str, int]
    per_tier_last_week: dict[str, int]
    per_status: dict[str, int]
    moved_up: list[TierMoveLine] = field(default_factory=list)
    moved_down: list[TierMoveLine] = field(default_factory=list)
    new_customers: list[str] = field(default_factory=list)
    won: list[str] = field(default_factory=list)
    churned: list[str] = field(default_factory=list)
    followups_per_rep: dict[str, int] = field(default_factory=dict)
    overdue_per_owner: dict[str, int] = field(default_factory=dict)
    top_tier_past_cadence: list[tuple[str, str, int]] = field(default_factory=list)
    """(name, code, days since last contact) for the highest covered tier."""

    @property
    def total(self) -> int:
        return sum(self.per_tier.values())


def build_digest(
    *, session: Session, team_id: str, now: datetime, week: str, tiers: list[str] | None
) -> DigestData:
    """The digest for the 7 days up to `now`, limited to `tiers` (None = all)."""
    rules = rules_in_force(session=session, team_id=team_id).rules
    covered = [t.name for t in rules.tiers if tiers is None or t.name in tiers]
    start = now - timedelta(days=7)
    customers = rule_store.list_team_customers(session=session, team_id=team_id)
    tier_of = {c.id: _tier(c, rules) for c in customers}
    in_scope = {c.id: c for c in customers if tier_of[c.id] in covered}
    data = DigestData(
        week=week,
        start=start,
        end=now,
        tiers=covered,
        per_tier={t: sum(1 for c in in_scope if tier_of[c] == t) for t in covered},
        per_tier_last_week=_tiers_at(session, team_id, customers, start, covered),
        per_status=dict(Counter(c.status for c in in_scope.values())),
    )
    _tier_moves(session, team_id, data, rules, in_scope, start, now)
    data.new_customers = sorted(c.name for c in in_scope.values() if start <= c.created_at < now)
    data.won, data.churned = _won_and_churned(session, team_id, in_scope, start, now)
    data.followups_per_rep = _followups_per_rep(session, team_id, set(in_scope), start, now)
    data.overdue_per_owner = _overdue_per_owner(session, team_id, set(in_scope), now)
    if covered:
        top = covered[0]
        quiet = []
        for customer in in_scope.values():
            days = past_cadence(customer, rules, now) if tier_of[customer.id] == top else None
            if days is not None:
                quiet.append((customer.name, customer.code, days))
        data.top_tier_past_cadence = sorted(quiet, key=lambda q: -q[2])
    return data


def _tier(customer: Customer, rules: Rules) -> str:
    return rules.current_tier(customer.tier, customer.annual_value).name


def _tiers_at(
    session: Session, team_id: str, customers: list[Customer], at: datetime, covered: list[str]
) -> dict[str, int]:
    """How many customers each tier had at `at`, from the tier history."""
    latest: dict[int, str] = {}
    for change in rule_store.list_tier_changes(session=session, team_id=team_id):
        if change.at < at:
            latest[change.customer_id] = change.to_tier
    existing = {c.id for c in customers if c.created_at < at}
    counts = Counter(tier for cid, tier in latest.items() if cid in existing)
    return {t: counts.get(t, 0) for t in covered}


def _tier_moves(
    session: Session,
    team_id: str,
    data: DigestData,
    rules: Rules,
    in_scope: dict[int | None, Customer],
    start: datetime,
    now: datetime,
) -> None:
    rank = {t.name: n for n, t in enumerate(rules.tiers)}
    first_from: dict[int, str] = {}
    last_to: dict[int, str] = {}
    for change in rule_store.list_tier_changes(session=session, team_id=team_id, since=start):
        if change.at >= now or change.from_tier is None:
            continue
        first_from.setdefault(change.customer_id, change.from_tier)
        last_to[change.customer_id] = change.to_tier
    for customer_id, before in first_from.items():
        after = last_to[customer_id]
        customer = in_scope.get(customer_id)
        if customer is None or before == after:
            continue
        line = TierMoveLine(customer.name, customer.code, before, after)
        if rank.get(after, 99) < rank.get(before, 99):
            data.moved_up.append(line)
        else:
            data.moved_down.append(line)


def _won_and_churned(
    session: Session,
    team_id: str,
    in_scope: dict[int | None, Customer],
    start: datetime,
    now: datetime,
) -> tuple[list[str], list[str]]:
    statement = select(AuditEvent).where(
        AuditEvent.team_id == team_id,
        AuditEvent.entity_type == "customer",
        col(AuditEvent.at) >= start,
        col(AuditEvent.at) < now,
    )
    won: set[str] = set()
    churned: set[str] = set()
    for event in session.exec(statement):
        status = (event.after or {}).get("status")
        customer = in_scope.get(event.entity_id)
        if customer is None or status is None:
            continue
        if status == "customer" and (event.before or {}).get("status") != "customer":
            won.add(customer.name)
        if status == "churned":
            churned.add(customer.name)
    return sorted(won), sorted(churned)


def _followups_per_rep(
    session: Session, team_id: str, customer_ids: set[int | None], start: datetime, now: datetime
) -> dict[str, int]:
    statement = select(FollowUp.author_id, FollowUp.customer_id).where(
        FollowUp.team_id == team_id,
        col(FollowUp.occurred_at) >= start,
        col(FollowUp.occurred_at) < now,
    )
    counts = Counter(
        author for author, customer in session.exec(statement) if customer in customer_ids
    )
    return dict(counts.most_common())


def _overdue_per_owner(
    session: Session, team_id: str, customer_ids: set[int | None], now: datetime
) -> dict[str, int]:
    steps: list[NextStep] = schedule_store.open_steps_due_before(
        session=session, team_id=team_id, before=now, now=now
    )
    counts = Counter(
        s.owner_id
        for s in steps
        if s.customer_id in customer_ids and s.status == NextStepStatus.OPEN
    )
    return dict(counts.most_common())


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"
