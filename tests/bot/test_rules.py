from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.access.permissions import mask_email, mask_phone
from bot.catalog.language import Language, speaking
from bot.rules.book import reclassify_team
from bot.rules.changes import describe_changes
from bot.rules.model import (
    ActivityLevel,
    ActivityWindow,
    HintKind,
    Risk,
    RiskHint,
    RulePreview,
    Tier,
    TierMove,
    activity_for,
    cadence_status,
    computed_risk,
    default_rules,
    risk_hints,
    rule_errors,
    tier_for,
)
from bot.sandbox.signed import view_state
from bot.views.risk import hint_text
from bot.views.rules import (
    RulesModalState,
    rules_applied_modal,
    rules_applying_modal,
    rules_done_modal,
    rules_edit_modal,
    rules_preview_modal,
    rules_previewing_modal,
    rules_problems_modal,
)
from bot.views.rules_form import read_rules_form
from storage.bulk import insert_plain_customers
from storage.database import unit_of_work
from storage.models import Customer
from storage.seeding import insert_followups

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
    assert hints == [RiskHint(HintKind.NO_CONTACT, count=30, tier="Key", cadence_days=14)]
    assert [hint_text(h) for h in hints] == ["no contact for 30 days (Key: every 14)"]
    assert computed_risk(hints) is Risk.HIGH
    one = risk_hints(cadence=fresh, overdue_steps=1, recent_texts=[], status="customer")
    assert one == [RiskHint(HintKind.OVERDUE_STEPS, count=1)]
    assert hint_text(one[0]) == "1 next step overdue"
    assert computed_risk(one) is Risk.MEDIUM
    two = risk_hints(cadence=fresh, overdue_steps=2, recent_texts=[], status="churned")
    assert [h.kind for h in two] == [HintKind.OVERDUE_STEPS, HintKind.MARKED_CHURNED]
    assert [hint_text(h) for h in two] == ["2 next steps overdue", "marked churned"]
    assert computed_risk(two) is Risk.HIGH
    calm = risk_hints(cadence=fresh, overdue_steps=0, recent_texts=["happy"], status="lead")
    assert computed_risk(calm) is Risk.LOW
    chinese = risk_hints(
        cadence=fresh, overdue_steps=0, recent_texts=["客户说不续约"], status="customer"
    )
    assert chinese == [RiskHint(HintKind.CHURN_SIGNALS, words=("不续约",))]
    assert hint_text(chinese[0]) == "churn signals: 不续约"
    assert computed_risk(chinese) is Risk.HIGH
    with speaking(Language.ZH):
        assert "不续约" in hint_text(chinese[0])
        assert hint_text(hints[0]) != "no contact for 30 days (Key: every 14)"


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


def _fits_slack(view: dict[str, object]) -> None:
    assert len(json.dumps(view)) < 250_000
    title = view["title"]
    assert isinstance(title, dict) and len(title["text"]) <= 24


def test_working_and_outcome_views() -> None:
    for working in (rules_previewing_modal("rules-x"), rules_applying_modal("rules-x")):
        assert working["external_id"] == "rules-x"
        assert "submit" not in working
        _fits_slack(working)

    problems = rules_problems_modal({"tier_2_name": "Same <name>", "tier_3_name": "Same <name>"})
    assert problems["close"]["text"] == "Back"
    assert problems["blocks"][0]["text"]["text"].count("Same &lt;name&gt;") == 1
    _fits_slack(problems)

    applied = rules_applied_modal(version=4, moved=1, summary="tiers <Key>")
    text = json.dumps(applied)
    assert "version 4 are in force: 1 customer changed tier." in text
    assert "tiers &lt;Key&gt;" in text
    assert applied["clear_on_close"] is True
    assert rules_done_modal("Nothing changed.")["clear_on_close"] is True


def test_preview_of_many_moves_stays_within_slack_limits() -> None:
    moves = [TierMove(f"T{n}" * 10, f"U{n}" * 10, 10_000, ["x" * 200] * 3) for n in range(90)]
    preview = RulePreview(RULES, 3, moves, 100_000, "tiers changed")
    view = rules_preview_modal(preview, currency="USD", state=RulesModalState(), pushed=True)
    _fits_slack(view)
    assert all(len(b["text"]["text"]) <= 3000 for b in view["blocks"] if "text" in b)
    assert json.loads(view["private_metadata"])["base"] == 3


def test_sql_classification_agrees_with_the_rules(engine: Engine) -> None:
    """Tiers and activity levels set in SQL for a whole team match `tier_for`/`activity_for`,
    edges included (a window's first day counts, a follow-up after `now` does not)."""
    values = [None, Decimal(0), Decimal("49999.99"), Decimal(50_000), Decimal(100_000)]
    values += [Decimal(999_999), Decimal(1_000_000), Decimal(10**12)]
    histories = [
        [],
        [7, 1, 0],  # three in the last week: the first exactly 7 days ago
        [8, 1, 0],
        [30],
        [31],
        [90],
        [91, 200],
        [-1],  # logged "tomorrow" (a clock ahead): not counted
    ]
    with unit_of_work(engine) as session:
        insert_plain_customers(
            session=session, team_id="T1", owner_id="U1", annual_values=values, at=NOW
        )
    with unit_of_work(engine) as session:
        ids = [c.id for c in session.exec(select(Customer).order_by(col(Customer.id)))]
        rows = [
            {
                "team_id": "T1",
                "customer_id": customer_id,
                "author_id": "U1",
                "occurred_at": NOW - timedelta(days=days),
                "method": "call",
                "text": "called",
                "raw_text": "called",
                "created_at": NOW,
            }
            for customer_id, history in zip(ids, histories, strict=True)
            for days in history
        ]
        insert_followups(session=session, rows=rows)

    result = reclassify_team(engine=engine, team_id="T1", now=NOW, batch_size=3)

    with unit_of_work(engine) as session:
        stored = list(session.exec(select(Customer).order_by(col(Customer.id))))
    assert [c.tier for c in stored] == [tier_for(v, RULES).name for v in values]
    expected = [
        activity_for([NOW - timedelta(days=d) for d in history], NOW, RULES).value
        for history in histories
    ]
    assert [c.activity_level for c in stored] == expected
    assert expected[:3] == ["dormant", "high", "medium"]
    assert result.tiers_moved == len(values)
    assert result.activity_changed == len(values)
    assert result.made_dormant == 0  # every one of them was created just now
