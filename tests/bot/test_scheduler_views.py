"""Builders for the nudge DM, the escalation and the digest: Slack's limits and wording."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.digest.results import DigestData, QuietLine, Sample, TierMoveLine, iso_week
from bot.nudges.results import ItemKind, ItemState, NudgeLine
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


def test_escalation_counts_the_steps_it_does_not_list() -> None:
    lines = [
        NudgeLine(ItemKind.STEP, n, ItemState.OVERDUE, _customer(n), _step(n), days=9)
        for n in range(1, 51)
    ]
    message = escalation_message(lines, days=7, zone=ZONE, more=1234)
    _limits(message.blocks)
    assert message.text == "1284 next steps overdue more than 7 days"
    assert "1234 more overdue next steps" in message.blocks[-1]["elements"][0]["text"]


def _digest(**samples: Any) -> DigestData:
    return DigestData(
        week=iso_week(NOW),
        start=NOW - timedelta(days=7),
        end=NOW,
        tiers=[f"Tier {n}" for n in range(10)],
        per_tier={f"Tier {n}": n for n in range(10)},
        per_tier_last_week={},
        per_status={"lead": 3},
        **samples,
    )


def test_digest_fits_with_many_names() -> None:
    moves = [TierMoveLine("n" * 200, "C1", "K" * 64, "S" * 64) for _ in range(300)]
    data = _digest(
        moved_up=Sample(30_000, moves),
        moved_down=Sample(30_000, moves),
        new_customers=Sample(5000, ["m" * 200] * 300),
        won=Sample(5000, ["w" * 200] * 300),
        churned=Sample(5000, ["c" * 200] * 300),
        followups_per_rep=Sample(400, [(f"U{n}", n) for n in range(100)]),
        overdue_per_owner=Sample(400, [(f"U{n}", n) for n in range(100)]),
        top_tier_past_cadence=Sample(9000, [QuietLine("q" * 200, "C1", 40)] * 300),
    )
    message = digest_message(data)
    _limits(message.blocks)
    assert data.week == "2026-W47"


def test_digest_counts_what_it_does_not_name() -> None:
    data = _digest(
        moved_up=Sample(12, [TierMoveLine(f"Up {n}", "C1", "Key", "Strategic") for n in range(10)]),
        new_customers=Sample(250, [f"New {n}" for n in range(10)]),
        won=Sample(1, ["Small Co"]),
        followups_per_rep=Sample(23, [(f"U{n}", 30 - n) for n in range(20)]),
        top_tier_past_cadence=Sample(480, [QuietLine(f"Quiet {n}", "C1", 40) for n in range(10)]),
    )
    text = "\n".join(b["text"]["text"] for b in digest_message(data).blocks if "text" in b)
    assert "up (12): Up 0 (Key → Strategic)" in text and "Up 9 (Key → Strategic) and 2 more" in text
    assert "down: none" in text
    assert "*New customers* (250): New 0" in text and "New 9 and 240 more" in text
    assert "*Won* (1): Small Co\n" in text
    assert "*Churned* (0): none" in text
    assert "• <@U19>: 11\nand 3 more" in text
    assert "*Tier 0 accounts past cadence* (480)" in text and "and 470 more" in text
    assert digest_message(data).text == "Weekly customer digest · 2026-W47"
