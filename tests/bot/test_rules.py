from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot.access.permissions import mask_email, mask_phone
from bot.rules.book import describe_changes
from bot.rules.model import (
    ActivityLevel,
    ActivityWindow,
    Risk,
    Tier,
    activity_for,
    cadence_status,
    computed_risk,
    default_rules,
    risk_hints,
    rule_errors,
    tier_for,
)
from bot.views.rules import RulesModalState, read_rules_form, rules_edit_modal
from tests.support.signed import view_state

NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
RULES = default_rules()


@pytest.mark.parametrize(
    ("value", "tier"),
    [
        (None, "Standard"),
        (Decimal(0), "Standard"),
        (Decimal("49999.99"), "Standard"),
        (Decimal(50_000), "Growth"),
        (Decimal(99_999), "Growth"),
        (Decimal(100_000), "Key"),
        (Decimal(999_999), "Key"),
        (Decimal(1_000_000), "Strategic"),
        (Decimal(10**12), "Strategic"),
    ],
)
def test_default_tiers(value: Decimal | None, tier: str) -> None:
    assert tier_for(value, RULES).name == tier


@pytest.mark.parametrize(
    ("days_ago", "level"),
    [
        ([1, 2, 3], ActivityLevel.HIGH),
        ([1, 2, 8], ActivityLevel.MEDIUM),
        ([29], ActivityLevel.MEDIUM),
        ([31], ActivityLevel.LOW),
        ([89], ActivityLevel.LOW),
        ([91, 200], ActivityLevel.DORMANT),
        ([], ActivityLevel.DORMANT),
    ],
)
def test_activity_levels(days_ago: list[int], level: ActivityLevel) -> None:
    times = [NOW - timedelta(days=d) for d in days_ago]
    assert activity_for(times, NOW, RULES) is level


def test_default_rules_are_valid_and_bad_ones_are_explained() -> None:
    assert rule_errors(RULES) == {}
    bad = RULES.model_copy(
        update={
            "tiers": [
                Tier(name="A", minimum=Decimal(100), cadence_days=7),
                Tier(name="a", minimum=Decimal(200), cadence_days=7),
                Tier(name=" ", minimum=Decimal(5), cadence_days=7),
            ],
            "low": ActivityWindow(count=1, days=30),
        }
    )
    assert set(rule_errors(bad)) == {
        "tier_2_name",
        "tier_2_minimum",
        "tier_3_name",
        "tier_3_minimum",
        "low_days",
    }


def test_cadence_and_risk() -> None:
    key = RULES.tiers[1]
    fresh = cadence_status(tier=key, last_contact=NOW - timedelta(days=3), created_at=NOW, now=NOW)
    assert (fresh.days_since_contact, fresh.overdue_days) == (3, 0)
    stale = cadence_status(tier=key, last_contact=NOW - timedelta(days=30), created_at=NOW, now=NOW)
    assert stale.overdue_days == 16
    hints = risk_hints(cadence=stale, overdue_steps=0, recent_texts=["all good"], status="customer")
    assert hints == ["no contact for 30 days (Key: every 14)"]
    assert computed_risk(hints) is Risk.HIGH
    one = risk_hints(cadence=fresh, overdue_steps=1, recent_texts=[], status="customer")
    assert computed_risk(one) is Risk.MEDIUM
    calm = risk_hints(cadence=fresh, overdue_steps=0, recent_texts=["happy"], status="lead")
    assert computed_risk(calm) is Risk.LOW
    chinese = risk_hints(
        cadence=fresh, overdue_steps=0, recent_texts=["客户说不续约"], status="customer"
    )
    assert chinese == ["churn signals: 不续约"]


def test_masking() -> None:
    assert mask_phone("+14155550100") == "+1 ••• ••• 0100"
    assert mask_phone("+8613800138000") == "+86 ••• ••• 8000"
    assert mask_email("buyer@acme.example") == "b•••@acme.example"


def test_describe_changes() -> None:
    changed = RULES.model_copy(update={"dormancy_days": 90, "auto_restore": False})
    assert describe_changes(RULES, changed) == "dormancy on after 90d"
    assert describe_changes(RULES, RULES) == ""


def test_rules_form_round_trip() -> None:
    view = rules_edit_modal(RULES, currency="USD", state=RulesModalState())
    rules, errors = read_rules_form(view_state(view, {}))
    assert errors == {}
    assert rules == RULES


def test_rules_form_skips_blank_rows_and_maps_errors_to_rows() -> None:
    view = rules_edit_modal(RULES, currency="USD", state=RulesModalState())
    values = {"tier_3_name": "", "tier_3_minimum": "", "tier_3_cadence": "", "tier_4_minimum": "5"}
    rules, errors = read_rules_form(view_state(view, values))
    assert rules is None
    assert errors == {
        "tier_4_minimum": "The last tier takes everyone below the others: set its minimum to 0."
    }
