"""What a morning DM and an escalation list, against what the rows say: steps first (oldest
due first), then customers past their tier's cadence (longest silence first), capped at what
one message shows, with the rest counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from bot.nudges.items import MAX_ITEMS, collect_items
from scheduler.jobs import ESCALATION_ITEMS, _late_items
from storage.database import unit_of_work
from storage.models import Customer, NextStep

TEAM = "T0NUDGE01"
NOW = datetime(2026, 11, 19, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
SHANGHAI = ZoneInfo("Asia/Shanghai")
BUSY = "U0BUSY001"
QUIET = "U0QUIET01"


def _customer(n: int, owner: str, *, silent_days: float, value: int, **extra: Any) -> Customer:
    since = NOW - timedelta(days=silent_days)
    return Customer(
        team_id=TEAM,
        code=f"C{n:011d}",
        name=f"Customer {n}",
        name_key=f"customer {n}",
        annual_value=Decimal(value),
        owner_id=owner,
        last_activity_at=since,
        created_by="U",
        created_at=since - timedelta(days=1),
        updated_by="U",
        updated_at=since,
        **extra,
    )


def _step(customer: Customer, due: datetime, **extra: Any) -> NextStep:
    assert customer.id is not None
    return NextStep(
        team_id=TEAM,
        customer_id=customer.id,
        owner_id=customer.owner_id,
        description="call back",
        due_at=due,
        created_by="U",
        created_at=NOW,
        **extra,
    )


def _seed(engine: Engine) -> dict[str, list[int]]:
    """BUSY: 30 steps due (20 overdue, 10 later today) and 5 quiet customers. QUIET: 3 steps
    and 30 customers past cadence, plus some that must not show up."""
    expected: dict[str, list[int]] = {}
    with unit_of_work(engine) as session:
        busy = [_customer(n, BUSY, silent_days=100 + n, value=1_000) for n in range(5)]
        quiet = [_customer(100 + n, QUIET, silent_days=20 + n, value=150_000) for n in range(30)]
        hidden = [
            _customer(200, QUIET, silent_days=13, value=150_000),  # within Key's 14 days
            _customer(201, QUIET, silent_days=99, value=150_000, status="churned"),
            _customer(
                202,
                QUIET,
                silent_days=99,
                value=150_000,
                cadence_snoozed_until=NOW + timedelta(days=1),
            ),
            _customer(203, QUIET, silent_days=60, value=5_000),  # Standard asks every 90 days
        ]
        session.add_all(busy + quiet + hidden)
        session.flush()
        steps = [_step(busy[n % 5], NOW - timedelta(days=30 - n)) for n in range(20)]
        steps += [_step(busy[n % 5], NOW + timedelta(hours=n + 1)) for n in range(10)]
        steps += [
            _step(busy[0], NOW + timedelta(days=2)),  # tomorrow
            _step(busy[0], NOW - timedelta(days=40), status="done"),
            _step(busy[0], NOW - timedelta(days=40), snoozed_until=NOW + timedelta(hours=1)),
        ]
        mine = [_step(quiet[n], NOW - timedelta(days=9 - n)) for n in range(3)]
        session.add_all(steps + mine)
        session.flush()
        expected[BUSY] = [s.id or 0 for s in steps[:20]]
        quiet_first = sorted(quiet, key=lambda c: -(NOW - (c.last_activity_at or NOW)).days)
        expected[QUIET] = [s.id or 0 for s in mine] + [c.id or 0 for c in quiet_first]
    return expected


def test_a_busy_owner_sees_the_oldest_steps_and_a_count_of_the_rest(engine: Engine) -> None:
    expected = _seed(engine)
    with unit_of_work(engine) as session:
        found = collect_items(session=session, team_id=TEAM, owner_id=BUSY, now=NOW, zone=SHANGHAI)
    assert [item["kind"] for item in found.items] == ["step"] * MAX_ITEMS
    assert [item["id"] for item in found.items] == expected[BUSY]
    assert found.more == 30 + 5 - MAX_ITEMS  # 10 more steps today, 5 quiet customers


def test_quiet_customers_follow_the_steps_longest_silence_first(engine: Engine) -> None:
    expected = _seed(engine)
    with unit_of_work(engine) as session:
        found = collect_items(session=session, team_id=TEAM, owner_id=QUIET, now=NOW, zone=SHANGHAI)
    assert [item["kind"] for item in found.items] == ["step"] * 3 + ["cadence"] * 17
    assert [item["id"] for item in found.items] == expected[QUIET][:MAX_ITEMS]
    assert found.more == 3 + 30 - MAX_ITEMS
    first = found.items[0]
    assert first["due"] == (NOW - timedelta(days=9)).isoformat()


def test_escalations_list_the_oldest_steps_and_count_the_rest(engine: Engine) -> None:
    _seed(engine)
    with unit_of_work(engine) as session:
        late = _late_items(7)(session, TEAM, "U0MANAGER", NOW, SHANGHAI)
    # Overdue more than 7 days: BUSY's 20 steps due 30 to 11 days ago (not the done or the
    # snoozed one) and QUIET's due 9 and 8 days ago (not the one due exactly 7 days ago).
    assert late["days"] == 7
    assert (len(late["items"]), late["more"]) == (22, 0)


def test_escalations_are_capped(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        owner = _customer(1, BUSY, silent_days=1, value=1_000)
        session.add(owner)
        session.flush()
        session.add_all(
            [_step(owner, NOW - timedelta(days=10, minutes=n)) for n in range(ESCALATION_ITEMS + 7)]
        )
    with unit_of_work(engine) as session:
        late = _late_items(7)(session, TEAM, "U0MANAGER", NOW, SHANGHAI)
    assert (len(late["items"]), late["more"]) == (ESCALATION_ITEMS, 7)
    dues = [item["due"] for item in late["items"]]
    assert dues == sorted(dues)
