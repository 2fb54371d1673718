"""Builders for the nudge DM, the escalation and the digest: Slack's limits and wording."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.digest.build import DigestData, TierMoveLine, iso_week
from bot.nudges.items import ItemKind, ItemState, NudgeLine
from bot.views.digest import digest_message
from bot.views.nudge import block_of_item, escalation_message, item_of_block, nudge_message
from storage.models import Customer, NextStep

NOW = datetime(2026, 11, 19, 1, 0, tzinfo=UTC)
ZONE = ZoneInfo("Asia/Shanghai")


def _customer(n: int) -> Customer:
    return Customer(
        id=n,
        team_id="T",
        code=f"C{n:011d}",
        name=f"Customer {n} " + "x" * 150,
        name_key="k",
        owner_id="U1",
        created_by="U1",
        created_at=NOW,
        updated_by="U1",
        updated_at=NOW,
    )


def _step(n: int) -> NextStep:
    return NextStep(
        id=n,
        team_id="T",
        customer_id=n,
        owner_id=f"U{n % 7}",
        description="d" * 3000,
        due_at=NOW - timedelta(days=3),
        created_by="U1",
        created_at=NOW,
    )


def _limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= 50
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            assert len(text["text"]) <= 3000
        for element in block.get("elements", []):
            if isinstance(element.get("text"), str):
                assert len(element["text"]) <= 3000


def test_a_full_nudge_fits_in_one_message() -> None:
    lines = [
        NudgeLine(ItemKind.STEP, n, ItemState.OVERDUE, _customer(n), _step(n), days=3)
        for n in range(1, 21)
    ]
    message = nudge_message(lines, more=35, zone=ZONE)
    _limits(message.blocks)
    assert message.text == "Good morning! 55 things need you today"
    assert "…and 35 more" in message.blocks[-1]["elements"][0]["text"]


def test_handled_items_lose_their_buttons() -> None:
    lines = [
        NudgeLine(ItemKind.STEP, 1, ItemState.DONE, _customer(1), _step(1)),
        NudgeLine(
            ItemKind.CADENCE,
            2,
            ItemState.PAST_CADENCE,
            _customer(2),
            days=20,
            cadence_days=14,
            tier="Key",
        ),
    ]
    message = nudge_message(lines, more=0, zone=ZONE)
    kinds = [b["type"] for b in message.blocks]
    assert kinds == ["header", "context", "section", "actions"]
    actions = message.blocks[-1]
    assert actions["block_id"] == block_of_item(ItemKind.CADENCE, 2)
    assert item_of_block(actions["block_id"]) == "cadence:2"
    assert [e["type"] for e in actions["elements"]] == ["static_select", "button"]


def test_escalation_fits() -> None:
    lines = [
        NudgeLine(ItemKind.STEP, n, ItemState.OVERDUE, _customer(n), _step(n), days=9)
        for n in range(1, 200)
    ]
    message = escalation_message(lines, days=7, zone=ZONE)
    _limits(message.blocks)
    assert message.text == "199 next steps overdue more than 7 days"


def test_digest_fits_with_many_names() -> None:
    moves = [TierMoveLine("n" * 200, "C1", "Key", "Strategic") for _ in range(300)]
    data = DigestData(
        week=iso_week(NOW),
        start=NOW - timedelta(days=7),
        end=NOW,
        tiers=[f"Tier {n}" for n in range(10)],
        per_tier={f"Tier {n}": n for n in range(10)},
        per_tier_last_week={},
        per_status={"lead": 3},
        moved_up=moves,
        new_customers=["m" * 200] * 300,
        followups_per_rep={f"U{n}": n for n in range(100)},
        overdue_per_owner={f"U{n}": n for n in range(100)},
        top_tier_past_cadence=[("q" * 200, "C1", 40)] * 300,
    )
    message = digest_message(data)
    _limits(message.blocks)
    assert data.week == "2026-W47"
