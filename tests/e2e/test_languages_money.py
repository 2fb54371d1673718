"""Amounts keep the currency they are typed in, phone numbers are read in the rep's own region,
and tiers count every customer in the team currency at the rates the admin set."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import select

from bot.rules.book import reclassify_team
from bot.sandbox.harness import Harness, text_of
from bot.sandbox.standin import TEAM_ID
from storage.models import Customer, TeamSettings
from tests.conftest import ADMIN, REP_TZ
from tests.support.databases import transactions

CHINESE_REP = "U0REPZH01"
NEW_YORK_REP = "U0REPUS01"


def _chinese_rep(crm: Harness) -> None:
    crm.slack.add_user(CHINESE_REP, tz=REP_TZ, name="李雷", locale="zh-CN")


def _new_york_rep(crm: Harness) -> None:
    crm.slack.add_user(NEW_YORK_REP, tz="America/New_York", name="Jane Roe", locale="en-US")


def _team(crm: Harness, **values: Any) -> None:
    """The team's settings as an admin left them."""
    with crm.session() as session:
        row = TeamSettings(team_id=TEAM_ID, updated_by=ADMIN, updated_at=datetime.now(UTC))
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)
        session.commit()


def _create(crm: Harness, user: str, name: str, **typed: str) -> Any:
    """Submit the /customer new modal; the reply body (empty when saved)."""
    reply, _url = crm.command("/customer", f"new {name}", user=user)
    assert reply.status == 200
    return crm.submit(crm.opened_view(), typed, user=user)


def _customer(crm: Harness, name: str) -> Customer:
    with crm.session() as session:
        return session.exec(select(Customer).where(Customer.name == name)).one()


def test_a_shanghai_rep_types_a_mobile_and_wan(crm: Harness) -> None:
    _chinese_rep(crm)
    reply, _url = crm.command("/customer", "new 华为技术", user=CHINESE_REP)
    assert reply.status == 200
    view = crm.opened_view()
    with transactions(crm.engine) as begun:
        saved = crm.submit(view, {"phone": "13800138000", "annual_value": "80万"}, user=CHINESE_REP)
    assert saved.status == 200 and saved.body == ""
    assert len(begun) == 1, begun  # the person's settings are read in the save's transaction

    customer = _customer(crm, "华为技术")
    assert customer.phone == "+8613800138000"
    assert (customer.annual_value, customer.currency) == (Decimal("800000.00"), "CNY")
    card = text_of(crm.command_reply("/customer", "华为技术", user=CHINESE_REP))
    assert "¥800,000（80万元）" in card


def test_landlines_and_yuan_the_way_a_chinese_rep_writes_them(crm: Harness) -> None:
    _chinese_rep(crm)
    typed = {"phone": "021-6161 8888", "annual_value": "300万元"}
    assert _create(crm, CHINESE_REP, "上海浦东发展银行", **typed).body == ""
    customer = _customer(crm, "上海浦东发展银行")
    assert customer.phone == "+862161618888"
    assert (customer.annual_value, customer.currency) == (Decimal("3000000.00"), "CNY")

    typed = {"phone": "138-0013-8000", "annual_value": "¥1.2亿"}
    assert _create(crm, CHINESE_REP, "中国移动", **typed).body == ""
    customer = _customer(crm, "中国移动")
    assert customer.phone == "+8613800138000"
    assert customer.annual_value == Decimal("120000000.00")


def test_a_new_york_rep_types_a_us_number_and_dollars(crm: Harness) -> None:
    _new_york_rep(crm)
    _team(crm, currency="CNY", phone_region="CN")  # the rep's own region still wins
    typed = {"phone": "(415) 555-0100", "annual_value": "$800,000"}
    assert _create(crm, NEW_YORK_REP, "Initech", **typed).body == ""
    customer = _customer(crm, "Initech")
    assert customer.phone == "+14155550100"
    assert (customer.annual_value, customer.currency) == (Decimal("800000.00"), "USD")

    typed = {"phone": "+86 138 0013 8000", "annual_value": "250000"}
    assert _create(crm, NEW_YORK_REP, "Hooli", **typed).body == ""
    customer = _customer(crm, "Hooli")
    assert customer.phone == "+8613800138000"  # +country always wins
    assert customer.currency == "CNY"  # no currency typed: the rep's, here the team's


def test_an_unknown_currency_code_is_an_inline_error(crm: Harness) -> None:
    _chinese_rep(crm)
    body = _create(crm, CHINESE_REP, "阿里巴巴", annual_value="XYZ 5").json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"annual_value"}
    assert "XYZ" in body["errors"]["annual_value"]
    with crm.session() as session:
        assert session.exec(select(Customer)).all() == []


def test_tiers_count_other_currencies_at_the_team_rate(crm: Harness) -> None:
    _new_york_rep(crm)
    reply, _url = crm.command("/crm", "settings", user=ADMIN)
    assert reply.status == 200
    settings = crm.opened_view()
    assert settings["callback_id"] == "team_settings_modal"
    saved = crm.submit(settings, {"currency": "CNY", "rates": "USD=7.2"}, user=ADMIN)
    assert saved.status == 200 and not saved.body.strip()

    # $150,000 is ¥1,080,000: Strategic (from ¥1,000,000), though 150,000 alone would be Key.
    assert _create(crm, NEW_YORK_REP, "Globex", annual_value="$150,000").body == ""
    assert _customer(crm, "Globex").tier == "Strategic"
    # No rate for euros: counted as no value, and the card says why.
    assert _create(crm, NEW_YORK_REP, "Umbrella", annual_value="€5m").body == ""
    assert _customer(crm, "Umbrella").tier == "Standard"
    assert _create(crm, NEW_YORK_REP, "Stark", annual_value="120万").body == ""
    assert _customer(crm, "Stark").tier == "Strategic"

    card = text_of(crm.command_reply("/customer", "Globex", user=NEW_YORK_REP))
    assert "$150,000 (≈ CN¥1,080,000 at 7.2)" in card
    assert "*Tier*\nStrategic" in card
    card = text_of(crm.command_reply("/customer", "Umbrella", user=NEW_YORK_REP))
    assert "€5,000,000 (no EUR rate set" in card

    # The nightly pass agrees with what the save did, and follows a new rate.
    assert (
        reclassify_team(
            engine=crm.engine, team_id=TEAM_ID, now=crm.clock(), settings=crm.settings
        ).tiers_moved
        == 0
    )
    _set_rates(crm, "USD=6")  # $150,000 is now ¥900,000
    reclassify_team(engine=crm.engine, team_id=TEAM_ID, now=crm.clock(), settings=crm.settings)
    assert _customer(crm, "Globex").tier == "Key"
    assert _customer(crm, "Stark").tier == "Strategic"


def _set_rates(crm: Harness, rates: str) -> None:
    reply, _url = crm.command("/crm", "settings", user=ADMIN)
    assert reply.status == 200
    saved = crm.submit(crm.opened_view(), {"rates": rates}, user=ADMIN)
    assert saved.status == 200 and not saved.body.strip()


def test_the_rules_preview_counts_in_the_team_currency(crm: Harness) -> None:
    _new_york_rep(crm)
    _team(crm, currency="CNY", rates={"USD": "7.2"})
    assert _create(crm, NEW_YORK_REP, "Globex", annual_value="$150,000").body == ""
    assert _customer(crm, "Globex").tier == "Strategic"

    reply, _url = crm.command("/crm", "rules", user=ADMIN)
    assert reply.status == 200
    editor = crm.opened_view()
    assert "CNY" in text_of(editor)  # thresholds are in the team currency
    # Strategic from ¥1,100,000: Globex (¥1,080,000) would move down to Key.
    body = crm.submit(editor, {"tier_1_minimum": "1100000"}, user=ADMIN).json()
    assert body["response_action"] == "push", body
    [call] = crm.slack.wait_for(
        "views.update", lambda c: c.params.get("external_id") == body["view"]["external_id"]
    )
    shown = call.params["view"]
    preview = text_of(json.loads(shown) if isinstance(shown, str) else shown)
    assert "Strategic → Key" in preview and "Globex" in preview
