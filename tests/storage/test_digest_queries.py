"""The digest and cadence queries against counts worked out straight from the fixture rows,
on a small but untidy team: stored tiers the rules no longer know, missing values, several
tier moves in one week, snoozes, churned customers, and a second team that must not leak in."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.engine import Engine

from bot.digest.build import build_digest, tier_rules
from bot.rules.model import Rules, Tier, default_rules
from storage import digest as store
from storage.database import unit_of_work
from storage.models import Customer, FollowUp, NextStep, StatusChange, TierChange

TEAM = "T0DIGEST1"
OTHER_TEAM = "T0OTHER01"
NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
START = NOW - timedelta(days=7)
OWNERS = ["U0OWNER01", "U0OWNER02", "U0OWNER03"]
STATUSES = ["lead", "prospect", "customer", "churned", "dormant"]
RULES = default_rules()
TIERS = tier_rules(RULES)


@dataclass
class Team:
    customers: list[Customer] = field(default_factory=list)
    tier_changes: list[TierChange] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    steps: list[NextStep] = field(default_factory=list)


def _at(rnd: random.Random, days_back: int) -> datetime:
    return NOW - timedelta(days=rnd.randint(0, days_back), seconds=rnd.randint(0, 86_399))


def _seed(engine: Engine, team_id: str, seed: int, size: int = 160) -> Team:
    rnd = random.Random(seed)
    team = Team()
    with unit_of_work(engine) as session:
        for n in range(size):
            created = _at(rnd, 120)
            value = rnd.choice([None, 0, 5_000, 50_000, 60_000, 100_000, 250_000, 1_000_000, 3e6])
            last = rnd.choice([None, created + timedelta(days=rnd.randint(0, 60))])
            customer = Customer(
                team_id=team_id,
                code=f"C{seed:03d}{n:05d}",
                name=f"{rnd.choice(['Acme', 'Globex', 'Initech', '华为'])} {n:03d}",
                name_key=f"k{n}",
                annual_value=None if value is None else Decimal(value),
                status=rnd.choice(STATUSES),
                owner_id=rnd.choice(OWNERS),
                last_activity_at=min(last, NOW) if last else None,
                tier=rnd.choice([None, "Legacy", "Strategic", "Key", "Growth", "Standard"]),
                cadence_snoozed_until=rnd.choice([None, None, NOW + timedelta(days=2), START]),
                created_by="U",
                created_at=created,
                updated_by="U",
                updated_at=created,
            )
            session.add(customer)
            team.customers.append(customer)
        # Cadence edges: exactly a whole day past the Key cadence, and one second short of it.
        for n, since in enumerate(
            [NOW - timedelta(days=15), NOW - timedelta(days=15) + timedelta(seconds=1)]
        ):
            edge = Customer(
                team_id=team_id,
                code=f"E{seed:03d}{n:05d}",
                name=f"Edge {n}",
                name_key=f"e{n}",
                annual_value=Decimal(150_000),
                status="customer",
                owner_id=OWNERS[0],
                last_activity_at=since,
                tier="Key",
                created_by="U",
                created_at=since - timedelta(days=30),
                updated_by="U",
                updated_at=since,
            )
            session.add(edge)
            team.customers.append(edge)
        session.flush()
        names = ["Strategic", "Key", "Growth", "Standard", "Legacy"]
        for customer in team.customers:
            assert customer.id is not None
            tier: str | None = None
            for _ in range(rnd.randint(0, 4)):
                to = rnd.choice(names)
                at = customer.created_at + (NOW - customer.created_at) * rnd.random()
                if rnd.random() < 0.4:  # plenty of moves inside the digest week
                    at = max(at, START + timedelta(seconds=rnd.randint(0, 7 * 86_400 - 1)))
                change = TierChange(
                    team_id=team_id,
                    customer_id=customer.id,
                    from_tier=tier,
                    to_tier=to,
                    reason="value",
                    changed_by="U",
                    at=min(at, NOW - timedelta(seconds=1)),
                )
                session.add(change)
                team.tier_changes.append(change)
                tier = to
            before: str | None = None
            for _ in range(rnd.randint(0, 3)):
                to = rnd.choice(STATUSES)
                change_at = _at(rnd, 10)
                status = StatusChange(
                    team_id=team_id,
                    customer_id=customer.id,
                    from_status=before,
                    to_status=to,
                    reason="edit",
                    changed_by="U",
                    at=change_at,
                )
                session.add(status)
                team.status_changes.append(status)
                before = to
            for _ in range(rnd.randint(0, 3)):
                followup = FollowUp(
                    team_id=team_id,
                    customer_id=customer.id,
                    author_id=rnd.choice([*OWNERS, "U0HELPER1"]),
                    occurred_at=_at(rnd, 12),
                    text="called",
                    created_at=NOW,
                )
                session.add(followup)
                team.followups.append(followup)
            for _ in range(rnd.randint(0, 2)):
                step = NextStep(
                    team_id=team_id,
                    customer_id=customer.id,
                    owner_id=rnd.choice(OWNERS),
                    description="call back",
                    due_at=rnd.choice([None, NOW + timedelta(days=rnd.randint(-20, 5))]),
                    status=rnd.choice(["open", "open", "done", "cancelled"]),
                    snoozed_until=rnd.choice([None, None, NOW + timedelta(days=1), START]),
                    created_by="U",
                    created_at=NOW,
                )
                session.add(step)
                team.steps.append(step)
    return team


@pytest.fixture
def team(engine: Engine) -> Team:
    _seed(engine, OTHER_TEAM, seed=2)
    return _seed(engine, TEAM, seed=1)


# --- the same numbers, worked out in Python -------------------------------------------------


def tier_of(customer: Customer, rules: Rules = RULES) -> str:
    return rules.current_tier(customer.tier, customer.annual_value).name


def in_window(at: datetime) -> bool:
    return START <= at < NOW


def silence(customer: Customer) -> int | None:
    """Days since the last contact when past the tier's cadence (the old Python rule)."""
    if customer.status == "churned":
        return None
    if customer.cadence_snoozed_until is not None and customer.cadence_snoozed_until > NOW:
        return None
    tier = RULES.current_tier(customer.tier, customer.annual_value)
    days = (NOW - (customer.last_activity_at or customer.created_at)).days
    return days if days > tier.cadence_days else None


def scope_of(covered: tuple[str, ...] | None) -> store.TierScope:
    return store.TierScope(TIERS, covered)


COVERAGES = [None, ("Strategic", "Key"), ("Standard",)]


@pytest.mark.parametrize("covered", COVERAGES)
def test_customers_per_tier_and_status(
    engine: Engine, team: Team, covered: tuple[str, ...] | None
) -> None:
    expected = Counter(
        (tier_of(c), c.status) for c in team.customers if covered is None or tier_of(c) in covered
    )
    with unit_of_work(engine) as session:
        found = store.customers_per_tier_and_status(
            session=session, team_id=TEAM, scope=scope_of(covered)
        )
    assert found == dict(expected)


def test_customers_per_tier_a_week_ago(engine: Engine, team: Team) -> None:
    existing = {c.id for c in team.customers if c.created_at < START}
    latest: dict[int, TierChange] = {}
    for change in sorted(team.tier_changes, key=lambda t: (t.at, t.id or 0)):
        if change.at < START and change.customer_id in existing:
            latest[change.customer_id] = change
    expected = Counter(change.to_tier for change in latest.values())
    with unit_of_work(engine) as session:
        found = store.customers_per_tier_at(session=session, team_id=TEAM, at=START)
    assert found == dict(expected)
    assert "Legacy" in found  # tiers are counted as they were named then


@pytest.mark.parametrize("covered", COVERAGES)
def test_tier_moves_in_the_week(
    engine: Engine, team: Team, covered: tuple[str, ...] | None
) -> None:
    rank = {t.name: n for n, t in enumerate(RULES.tiers)}
    by_id = {c.id: c for c in team.customers}
    first: dict[int, str] = {}
    last: dict[int, str] = {}
    for change in sorted(team.tier_changes, key=lambda t: (t.at, t.id or 0)):
        if in_window(change.at) and change.from_tier is not None:
            first.setdefault(change.customer_id, change.from_tier)
            last[change.customer_id] = change.to_tier
    up: list[store.TierMove] = []
    down: list[store.TierMove] = []
    for customer_id, before in first.items():
        customer, after = by_id[customer_id], last[customer_id]
        if before == after or (covered is not None and tier_of(customer) not in covered):
            continue
        line = store.TierMove(customer.name, customer.code, before, after)
        (up if rank.get(after, 99) < rank.get(before, 99) else down).append(line)
    with unit_of_work(engine) as session:
        found_up, found_down = store.tier_moves(
            session=session,
            team_id=TEAM,
            scope=scope_of(covered),
            since=START,
            until=NOW,
            examples=5,
        )
    for found, expected in ((found_up, up), (found_down, down)):
        assert found.total == len(expected)
        assert found.first == sorted(expected, key=lambda m: (m.name, m.code))[:5]
    if covered is None:
        assert len(up) > 5 and len(down) > 5  # the fixture moves enough to be capped


@pytest.mark.parametrize("covered", COVERAGES)
def test_new_won_and_churned(engine: Engine, team: Team, covered: tuple[str, ...] | None) -> None:
    def covers(c: Customer) -> bool:
        return covered is None or tier_of(c) in covered

    by_id = {c.id: c for c in team.customers}
    new = sorted(c.name for c in team.customers if in_window(c.created_at) and covers(c))

    def reaching(status: str) -> list[str]:
        ids = {
            s.customer_id
            for s in team.status_changes
            if in_window(s.at) and s.to_status == status and s.from_status != status
        }
        return sorted(by_id[i].name for i in ids if covers(by_id[i]))

    with unit_of_work(engine) as session:
        scope = scope_of(covered)
        found_new = store.new_customers(
            session=session, team_id=TEAM, scope=scope, since=START, until=NOW, examples=4
        )
        won, churned = (
            store.customers_reaching_status(
                session=session,
                team_id=TEAM,
                scope=scope,
                status=status,
                since=START,
                until=NOW,
                examples=4,
            )
            for status in ("customer", "churned")
        )
    assert (found_new.total, found_new.first) == (len(new), new[:4])
    assert (won.total, won.first) == (len(reaching("customer")), reaching("customer")[:4])
    assert (churned.total, churned.first) == (len(reaching("churned")), reaching("churned")[:4])
    if covered is None:
        assert len(reaching("customer")) > 4 and len(new) > 4


@pytest.mark.parametrize("covered", COVERAGES)
def test_followups_and_overdue_steps_per_person(
    engine: Engine, team: Team, covered: tuple[str, ...] | None
) -> None:
    by_id = {c.id: c for c in team.customers}

    def covers(customer_id: int) -> bool:
        return covered is None or tier_of(by_id[customer_id]) in covered

    followups = Counter(
        f.author_id for f in team.followups if in_window(f.occurred_at) and covers(f.customer_id)
    )
    overdue = Counter(
        s.owner_id
        for s in team.steps
        if s.status == "open"
        and s.due_at is not None
        and s.due_at < NOW
        and (s.snoozed_until is None or s.snoozed_until <= NOW)
        and covers(s.customer_id)
    )
    with unit_of_work(engine) as session:
        scope = scope_of(covered)
        per_rep = store.followups_per_author(
            session=session, team_id=TEAM, scope=scope, since=START, until=NOW, people=3
        )
        per_owner = store.overdue_steps_per_owner(
            session=session, team_id=TEAM, scope=scope, now=NOW, people=10
        )
    busiest = sorted(followups.items(), key=lambda kv: (-kv[1], kv[0]))
    assert (per_rep.total, per_rep.first) == (len(followups), busiest[:3])
    most = sorted(overdue.items(), key=lambda kv: (-kv[1], kv[0]))
    assert (per_owner.total, per_owner.first) == (len(overdue), most)


@pytest.mark.parametrize(("owner", "tier"), [(None, None), (OWNERS[0], None), (None, "Key")])
def test_past_cadence(engine: Engine, team: Team, owner: str | None, tier: str | None) -> None:
    quiet = [
        c
        for c in team.customers
        if silence(c) is not None
        and (owner is None or c.owner_id == owner)
        and (tier is None or tier_of(c) == tier)
    ]
    quiet.sort(key=lambda c: (c.last_activity_at or c.created_at, c.id or 0))
    with unit_of_work(engine) as session:
        found = store.past_cadence(
            session=session, team_id=TEAM, tiers=TIERS, now=NOW, limit=7, owner_id=owner, tier=tier
        )
    assert found.total == len(quiet) > 7
    assert [q.customer_id for q in found.first] == [c.id for c in quiet[:7]]
    for line, customer in zip(found.first, quiet, strict=False):
        assert line.last_contact == (customer.last_activity_at or customer.created_at)
        assert (NOW - line.last_contact).days == silence(customer)
        assert (line.tier, line.code) == (tier_of(customer), customer.code)
    edges = {q.name for q in store_all_quiet(engine)}
    assert "Edge 0" in edges and "Edge 1" not in edges


def store_all_quiet(engine: Engine) -> list[store.QuietCustomer]:
    with unit_of_work(engine) as session:
        return store.past_cadence(
            session=session, team_id=TEAM, tiers=TIERS, now=NOW, limit=10_000
        ).first


def test_build_digest_reads_the_same_as_the_rows(engine: Engine, team: Team) -> None:
    with unit_of_work(engine) as session:
        data = build_digest(session=session, team_id=TEAM, now=NOW, week="2026-W48", tiers=None)
    assert data.per_tier == dict(Counter(tier_of(c) for c in team.customers))
    assert data.per_status == dict(Counter(c.status for c in team.customers))
    assert data.total == len(team.customers)
    assert set(data.per_tier_last_week) == set(data.tiers) == {t.name for t in RULES.tiers}
    top = [c for c in team.customers if tier_of(c) == "Strategic" and silence(c) is not None]
    assert data.top_tier_past_cadence.total == len(top)
    assert [q.days for q in data.top_tier_past_cadence.shown] == sorted(
        (silence(c) or 0 for c in top), reverse=True
    )[: len(data.top_tier_past_cadence.shown)]


def test_renamed_tiers_fall_back_to_value(engine: Engine, team: Team) -> None:
    """With a tier renamed, customers stored under the old name are counted by their value."""
    renamed = Rules(
        tiers=[
            Tier(name="Platinum", minimum=Decimal(1_000_000), cadence_days=7),
            *RULES.tiers[1:],
        ]
    )
    with unit_of_work(engine) as session:
        found = store.customers_per_tier_and_status(
            session=session, team_id=TEAM, scope=store.TierScope(tier_rules(renamed))
        )
    per_tier = Counter[str]()
    for (tier, _), n in found.items():
        per_tier[tier] += n
    assert per_tier == Counter(tier_of(c, renamed) for c in team.customers)
    assert "Strategic" not in per_tier
