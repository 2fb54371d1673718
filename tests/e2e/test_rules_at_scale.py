"""`/crm rules` on a team of 20,000 customers: the editor and the preview are each acknowledged
within a second (Slack gives up after three), then the preview and the result arrive by
views.update, and every customer's tier follows the new rules."""

from __future__ import annotations

import json
import time
from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from bot.rules.model import Rules, Tier, default_rules, tier_for
from bot.sandbox.harness import Harness, text_of
from bot.sandbox.signed import HttpReply
from bot.sandbox.standin import TEAM_ID
from bot.views import ids
from storage.bulk import insert_plain_customers
from storage.database import unit_of_work
from storage.models import Customer, RuleSet, TierChange
from storage.seeding import analyze
from tests.conftest import ADMIN, REP

SIZE = 20_000
ACK_WITHIN = 1.0
"""Seconds from sending a modal submission to its HTTP reply."""
FINISH_WITHIN = 30.0

NEW_RULES = default_rules().model_copy(
    update={
        "tiers": [
            Tier(name="Strategic", minimum=Decimal(1_000_000), cadence_days=7),
            Tier(name="Key", minimum=Decimal(50_000), cadence_days=14),
            Tier(name="Growth", minimum=Decimal(20_000), cadence_days=30),
            Tier(name="Standard", minimum=Decimal(0), cadence_days=90),
        ]
    }
)


def _values() -> list[Decimal | None]:
    """Annual values spread over 0…2,000,000, every 50th customer without one."""
    return [None if n % 50 == 0 else Decimal((n * 7919) % 2_000_000) for n in range(SIZE)]


def _seed(crm: Harness, values: list[Decimal | None]) -> None:
    """The team as the default rules left it, each customer in its default tier."""
    defaults = default_rules()
    by_tier: dict[str, list[Decimal | None]] = {}
    for value in values:
        by_tier.setdefault(tier_for(value, defaults).name, []).append(value)
    first = 1
    with unit_of_work(crm.engine) as session:
        for tier, tier_values in by_tier.items():
            first += insert_plain_customers(
                session=session,
                team_id=TEAM_ID,
                owner_id=REP,
                annual_values=tier_values,
                at=crm.clock(),
                tier=tier,
                activity_level="dormant",
                first=first,
            )
    with unit_of_work(crm.engine) as session:
        analyze(session=session)  # statistics, as a table this size has in production


def _moves(values: list[Decimal | None], rules: Rules) -> Counter[tuple[str, str]]:
    defaults = default_rules()
    moves: Counter[tuple[str, str]] = Counter()
    for value in values:
        before, after = tier_for(value, defaults).name, tier_for(value, rules).name
        if before != after:
            moves[(before, after)] += 1
    return moves


def _timed_submit(
    crm: Harness, view: dict[str, Any], values: dict[str, Any]
) -> tuple[HttpReply, float]:
    started = time.monotonic()
    reply = crm.submit(view, values, user=ADMIN)
    return reply, time.monotonic() - started


def _update_of(crm: Harness, external_id: str) -> dict[str, Any]:
    [call] = crm.slack.wait_for(
        "views.update",
        lambda c: c.params.get("external_id") == external_id,
        timeout=FINISH_WITHIN,
    )
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else dict(view)


def test_preview_and_apply_are_acknowledged_at_once_for_a_big_team(crm: Harness) -> None:
    values = _values()
    _seed(crm, values)
    expected = _moves(values, NEW_RULES)
    moved = sum(expected.values())
    assert moved > 100  # the test means something

    crm.command("/crm", "rules", user=ADMIN)
    editor = crm.opened_view()
    reply, waited = _timed_submit(crm, editor, {"tier_2_minimum": "50k", "tier_3_minimum": "20k"})
    assert reply.status == 200
    assert waited < ACK_WITHIN, f"editor acknowledged after {waited:.2f}s"
    working = reply.json()
    assert working["response_action"] == "push"
    preview = _update_of(crm, working["view"]["external_id"])
    assert preview["callback_id"] == ids.RULES_PREVIEW_MODAL
    text = text_of(preview)
    assert f"{moved} of {SIZE} customers change tier" in text
    for (before, after), count in expected.items():
        assert f"*{before} → {after}*: {count} customers (Bulk customer" in text

    reply, waited = _timed_submit(crm, {**preview, "id": "V_PREVIEW"}, {})
    assert reply.status == 200
    assert waited < ACK_WITHIN, f"apply acknowledged after {waited:.2f}s"
    applying = reply.json()
    assert applying["response_action"] == "update"
    result = _update_of(crm, applying["view"]["external_id"])
    assert f"version 1 are in force: {moved} customers changed tier" in text_of(result)

    with crm.session() as session:
        [version] = session.exec(select(RuleSet)).all()
        assert Rules.model_validate(version.rules) == NEW_RULES
        stored = Counter(
            {
                tier: count
                for tier, count in session.exec(
                    select(Customer.tier, func.count()).group_by(col(Customer.tier))
                )
            }
        )
        changes = Counter(
            {
                (before, after): count
                for before, after, count in session.exec(
                    select(TierChange.from_tier, TierChange.to_tier, func.count())
                    .where(TierChange.rule_version == 1)
                    .group_by(col(TierChange.from_tier), col(TierChange.to_tier))
                )
            }
        )
    assert stored == Counter(tier_for(value, NEW_RULES).name for value in values)
    assert changes == expected
