"""`crm-bot seed` as an operator runs it: a made-up book whose every derived field agrees with
the rules, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.customers.form import parse_phone
from bot.customers.name_parts import name_keys
from bot.customers.names import has_cjk, normalize_name
from bot.rules.model import activity_for, default_rules, tier_for
from bot.seed.book import BookOptions, plan_book
from storage.customers import next_customer_code
from storage.database import make_engine
from storage.models import (
    Customer,
    CustomerCodeCounter,
    CustomerName,
    CustomerStatus,
    FollowUp,
    NextStep,
    NextStepStatus,
    StatusChange,
    TierChange,
)
from tests.support.processes import clean_env

CRM_BOT = str(Path(sys.executable).with_name("crm-bot"))
TEAM = "T0SEEDTST"
ZONE = ZoneInfo("Asia/Shanghai")
CODE = re.compile(r"^C(\d{8})(\d{3,})$")


def _seed(database_url: str, cwd: Path, *args: str) -> str:
    env = clean_env(DATABASE_URL=database_url, CRM_TIMEZONE="Asia/Shanghai")
    result = subprocess.run(
        [CRM_BOT, "seed", "--team", TEAM, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_seed_writes_a_consistent_book(database_url: str, tmp_path: Path) -> None:
    before = datetime.now(UTC)
    out = _seed(database_url, tmp_path, "--customers", "300", "--owners", "U0AAA0001,U0AAA0002")
    after = datetime.now(UTC)
    assert re.fullmatch(r"seeded 300 customers \(.*\) for team T0SEEDTST in \d+\.\d s\n", out)

    engine = make_engine(database_url)
    with Session(engine) as session:
        customers = list(session.exec(select(Customer)))
        names = list(session.exec(select(CustomerName)))
        followups = list(session.exec(select(FollowUp)))
        steps = list(session.exec(select(NextStep)))
        tiers = list(session.exec(select(TierChange)))
        statuses = list(session.exec(select(StatusChange)))
    engine.dispose()

    assert len(customers) == 300
    assert 400 <= len(followups) <= 900  # about two per customer
    assert {c.team_id for c in customers} == {TEAM}
    assert {c.owner_id for c in customers} == {"U0AAA0001", "U0AAA0002"}

    keys = defaultdict(set)
    for row in names:
        keys[row.customer_id].add((row.key, row.kind))
    rules = default_rules()
    times = defaultdict(list)
    for followup in followups:
        times[followup.customer_id].append(followup.occurred_at)
    for customer in customers:
        assert customer.id is not None
        key = normalize_name(customer.name)
        assert customer.name_key == key
        expected = {(k, kind.value) for k, kind in name_keys(customer.name, customer.aliases)}
        assert keys[customer.id] == expected
        assert (key, "name") in expected
        assert customer.tier == tier_for(customer.annual_value, rules).name
        mine = times[customer.id]
        assert customer.last_activity_at == (max(mine) if mine else None)
        assert customer.activity_level in {
            activity_for(mine, before, rules).value,
            activity_for(mine, after, rules).value,
        }
        last = customer.last_activity_at or customer.created_at
        quiet = last < before - timedelta(days=rules.dormancy_days)
        if customer.status == CustomerStatus.DORMANT:
            assert quiet, customer.name
        elif customer.status != CustomerStatus.CHURNED:
            assert not quiet, customer.name  # or the daily reclassification would change it
        if customer.phone:
            assert parse_phone(customer.phone, "US") == customer.phone
        if customer.email:
            assert customer.email == customer.email.lower()
            assert "@" in customer.email

    assert {c.status for c in customers} == {s.value for s in CustomerStatus}
    assert any(has_cjk(c.name) for c in customers)
    assert any(c.name.isascii() for c in customers)
    open_steps = [s for s in steps if s.status == NextStepStatus.OPEN]
    assert any(s.due_at is not None and s.due_at < before for s in open_steps)

    status_of = {c.id: c.status for c in customers}
    tier_of = {c.id: c.tier for c in customers}
    assert sorted((t.customer_id, t.from_tier, t.to_tier, t.reason) for t in tiers) == sorted(
        (cid, None, tier, "new") for cid, tier in tier_of.items()
    )
    assert sorted((s.customer_id, s.from_status, s.to_status, s.reason) for s in statuses) == (
        sorted((cid, None, status, "new") for cid, status in status_of.items())
    )

    codes = [c.code for c in customers]
    assert len(set(codes)) == len(codes)
    for customer in customers:
        found = CODE.match(customer.code)
        assert found is not None
        assert found.group(1) == f"{customer.created_at.astimezone(ZONE):%Y%m%d}"


def test_later_customers_get_fresh_codes(database_url: str, tmp_path: Path) -> None:
    _seed(database_url, tmp_path, "--customers", "120", "--seed", "3")
    _seed(database_url, tmp_path, "--customers", "120", "--seed", "4")
    engine = make_engine(database_url)
    with Session(engine) as session:
        codes = [c.code for c in session.exec(select(Customer))]
        counters = {c.day: c.last for c in session.exec(select(CustomerCodeCounter))}
        assert len(codes) == len(set(codes)) == 240
        highest: dict[str, int] = defaultdict(int)
        for code in codes:
            found = CODE.match(code)
            assert found is not None
            highest[found.group(1)] = max(highest[found.group(1)], int(found.group(2)))
        assert counters == highest
        day = max(counters)
        fresh = next_customer_code(
            session=session, team_id=TEAM, day=date(int(day[:4]), int(day[4:6]), int(day[6:]))
        )
        assert fresh == f"C{day}{counters[day] + 1:03d}"
        assert fresh not in codes
    engine.dispose()


def test_the_same_seed_makes_the_same_book() -> None:
    now = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    options = BookOptions(customers=200, seed=5, zone=ZONE)

    def book(chosen: BookOptions) -> list[dict[str, object]]:
        planned = plan_book(chosen, rules=default_rules(), now=now, taken_codes={})
        return [{**c.columns, "followups": c.followups} for c in planned]

    assert book(options) == book(options)
    assert book(options) != book(BookOptions(customers=200, seed=6, zone=ZONE))
