"""Block Kit builders: pure functions, checked against Slack's limits and for what they say."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.customers.results import CustomerFile
from bot.rules.model import (
    ActivityLevel,
    HintKind,
    Risk,
    RiskHint,
    cadence_status,
    default_rules,
)
from bot.sandbox.signed import view_state
from bot.views.customer_card import customer_card_message, customer_list_message
from bot.views.customer_modal import (
    FIELD_ORDER,
    CustomerModalState,
    customer_form_values,
    customer_modal,
    read_customer_modal,
)
from bot.views.followup import candidates_message, followup_logged_message
from bot.views.formatting import display_money, escape, slack_date, truncate
from storage.models import Customer, FollowUp, NextStep

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


def _customer(n: int = 1, **fields: Any) -> Customer:
    base: dict[str, Any] = {
        "id": n,
        "team_id": "T1",
        "code": f"C20261118{n:03d}",
        "name": f"Customer {n}",
        "name_key": f"customer {n}",
        "owner_id": "U1",
        "created_by": "U1",
        "created_at": NOW,
        "updated_by": "U1",
        "updated_at": NOW,
    }
    return Customer(**(base | fields))


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    found = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            found.append(block["text"]["text"])
        found.extend(f["text"] for f in block.get("fields", []))
        found.extend(e["text"] for e in block.get("elements", []) if isinstance(e.get("text"), str))
    return found


def _within_limits(blocks: list[dict[str, Any]], most: int = 50) -> None:
    assert len(blocks) <= most
    for text in _texts(blocks):
        assert len(text) <= 3000


def test_slack_date_tokens() -> None:
    at = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
    assert slack_date(at, has_time=True, zone=SHANGHAI) == (
        f"<!date^{int(at.timestamp())}^{{date_short_pretty}} {{time}}|2026-11-20 15:30>"
    )
    end_of_day = datetime(2026, 11, 20, 15, 59, 59, tzinfo=UTC)  # 23:59:59 in Shanghai
    noon = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
    assert slack_date(end_of_day, has_time=False, zone=SHANGHAI) == (
        f"<!date^{int(noon.timestamp())}^{{date_short_pretty}}|2026-11-20>"
    )


def test_escape_and_money() -> None:
    assert escape("<@U1> & co") == "&lt;@U1&gt; &amp; co"
    assert display_money(Decimal("1200000.00"), "USD") == "$1,200,000"
    assert display_money(Decimal("12.50"), "EUR") == "€12.50"
    assert display_money(None, "USD") == "—"


def test_logged_message_escapes_and_truncates_what_people_typed() -> None:
    customer = _customer(name="<b>Acme</b>")
    followup = FollowUp(
        id=1,
        team_id="T1",
        customer_id=1,
        author_id="U1",
        occurred_at=NOW,
        method="call",
        text="x" * 5000,
        created_at=NOW,
    )
    step = NextStep(
        id=2,
        team_id="T1",
        customer_id=1,
        owner_id="U1",
        description="<!channel> send",
        due_at=None,
        created_by="U1",
        created_at=NOW,
    )
    message = followup_logged_message(
        customer=customer, followup=followup, step=step, zone=SHANGHAI
    )
    _within_limits(message.blocks)
    joined = "\n".join(_texts(message.blocks))
    assert "&lt;b&gt;Acme&lt;/b&gt;" in joined
    assert "&lt;!channel&gt;" in joined
    assert "<!channel>" not in joined


def test_candidates_and_lists_stay_within_block_limits() -> None:
    customers = [_customer(n) for n in range(1, 6)]
    message = candidates_message(draft_id="d", customers=customers, name_guess="Cust", typed="Cust")
    _within_limits(message.blocks)
    many = [_customer(n, last_activity_at=NOW) for n in range(1, 40)]
    listing = customer_list_message(customers=many, total=39, zone=SHANGHAI)
    _within_limits(listing.blocks)
    assert "Showing the 20 most recently active of 39" in "\n".join(_texts(listing.blocks))


def test_card_with_long_notes_and_followups_fits() -> None:
    customer = _customer(notes="n" * 3000, needs=["a" * 50] * 20, phone="+14155550100")
    followups = [
        FollowUp(
            id=i,
            team_id="T1",
            customer_id=1,
            author_id="U1",
            occurred_at=NOW,
            method="call",
            text="y" * 4000,
            created_at=NOW,
        )
        for i in range(5)
    ]
    steps = [
        NextStep(
            id=i,
            team_id="T1",
            customer_id=1,
            owner_id="U1",
            description="z" * 3000,
            due_at=NOW,
            created_by="U1",
            created_at=NOW,
        )
        for i in range(10)
    ]
    rules = default_rules()
    file = CustomerFile(
        customer=customer,
        followups=followups,
        steps=steps,
        show_contact=False,
        can_edit=False,
        tier=rules.tiers[0],
        cadence=cadence_status(tier=rules.tiers[0], last_contact=NOW, created_at=NOW, now=NOW),
        activity=ActivityLevel.LOW,
        risk=Risk.HIGH,
        risk_is_manual=True,
        computed_risk=Risk.LOW,
        hints=[
            RiskHint(HintKind.CHURN_SIGNALS, words=("x" * 2000,)),
            RiskHint(HintKind.NO_CONTACT, count=99, tier="y" * 2000, cadence_days=7),
        ],
    )
    message = customer_card_message(file, zone=SHANGHAI)
    _within_limits(message.blocks)
    joined = "\n".join(_texts(message.blocks))
    assert "+1 ••• ••• 0100" in joined
    assert "High (set by hand; hints say low)" in joined
    assert "customer_edit" not in str(message.blocks)


def test_modal_round_trip_keeps_every_value() -> None:
    customer = _customer(
        customer_type="individual",
        industry="Retail",
        contact_name="Jane",
        contact_title="CEO",
        phone="+14155550100",
        email="jane@example.com",
        region="West",
        company_size="11-50",
        source="event",
        annual_value=Decimal("250000.00"),
        currency="EUR",
        status="prospect",
        needs=["CRM", "support"],
        notes="Likes tea",
    )
    values = customer_form_values(customer)
    view = customer_modal(values=values, state=CustomerModalState(customer_id=1))
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == list(FIELD_ORDER)
    read_back = read_customer_modal(view_state(view, {}))
    assert read_back == values
    assert read_back["annual_value"] == "EUR 250000"


def test_modal_state_survives_private_metadata() -> None:
    state = CustomerModalState(
        customer_id=None, draft_id="abc", response_url="https://x/y", acknowledged_duplicates=[3]
    )
    view = customer_modal(values={}, state=state)
    assert len(view["private_metadata"]) <= 3000
    assert CustomerModalState.load(view["private_metadata"]) == state


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("plain words here", 100, "plain words here"),
        ("abcdefghij", 5, "abcd…"),
        ("Tom &amp; Jerry", 7, "Tom …"),  # "&am" would be left dangling
        ("Tom &amp; Jerry", 10, "Tom &amp;…"),
        ("hi <@U0REP0001> there", 8, "hi …"),
        ("due <!date^1763450000^{date_short_pretty}|2026-11-18> ok", 30, "due …"),
        ("a &lt;!channel&gt; b", 9, "a &lt;!c…"),
    ],
)
def test_truncation_never_splits_an_entity_or_a_token(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit) == expected


def test_help_texts_have_no_raw_angle_brackets() -> None:
    """`<name>` in mrkdwn is read by Slack as a link; placeholders are escaped."""
    from bot.access.permissions import Role
    from bot.views.crm import help_message
    from bot.views.customer_list import list_help_message
    from bot.views.followup import usage_message
    from bot.views.home import home_footer

    texts = [str(help_message(role).blocks) for role in Role]
    texts += [str(usage_message().blocks), str(list_help_message().blocks), str(home_footer())]
    for text in texts:
        assert re.search(r"<[a-z]", text) is None, re.search(r".{30}<[a-z].{30}", text)
