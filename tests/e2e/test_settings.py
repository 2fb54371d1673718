"""`/crm settings` keeps the team's own settings (admins only, audited, every field checked);
`/crm me` keeps a person's own language, phone region and currency."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from bot.sandbox.harness import Harness, text_of
from bot.sandbox.standin import TEAM_ID
from storage.models import AuditEvent, Customer, NextStep, PersonSetting, TeamSettings
from tests.conftest import ADMIN, REP, START
from tests.support.factories import add_customer

CHINESE_REP = "U0REPZH01"
ROAMING = "U0NOZONE1"


def _open_settings(crm: Harness, user: str = ADMIN) -> dict[str, object]:
    reply, _ = crm.command("/crm", "settings", user=user)
    assert reply.status == 200
    return crm.opened_view()


def _block_ids(view: dict[str, object]) -> list[str]:
    blocks = view["blocks"]
    assert isinstance(blocks, list)
    return [b["block_id"] for b in blocks if b.get("type") == "input"]


def test_an_admin_changes_the_team_settings_and_the_change_is_audited(crm: Harness) -> None:
    view = _open_settings(crm)
    assert _block_ids(view) == [
        "language",
        "zone",
        "currency",
        "phone_region",
        "nudge_time",
        "escalation_days",
        "code_prefix",
        "rates",
    ]
    shown = text_of(view) + str(view["blocks"])
    assert "Asia/Shanghai" in shown and "USD" in shown  # the environment's values seed it

    typed = {
        "phone_region": "cn",
        "nudge_time": "8:30",
        "currency": "cny",
        "rates": "USD=7.2, EUR 7.8",
        "escalation_days": "5",
        "code_prefix": "kh",
    }
    reply = crm.submit(view, typed, user=ADMIN)
    assert reply.status == 200 and not reply.body.strip()

    with crm.session() as session:
        row = session.get(TeamSettings, TEAM_ID)
        [audit] = session.exec(select(AuditEvent).where(AuditEvent.action == "team.settings"))
    assert row is not None
    assert (row.phone_region, row.nudge_time, row.currency, row.code_prefix) == (
        "CN",
        "08:30",
        "CNY",
        "KH",
    )
    assert row.escalation_days == 5 and row.rates == {"USD": "7.2", "EUR": "7.8"}
    assert audit.actor_id == ADMIN
    assert audit.before == {
        "currency": "USD",
        "phone_region": "US",
        "nudge_time": "09:00",
        "escalation_days": 7,
        "code_prefix": "C",
        "rates": None,
    }
    assert audit.after is not None and audit.after["phone_region"] == "CN"

    said = crm.slack.wait_for("response_url")[-1].params
    assert "Team settings saved" in text_of(said) and "Default phone region" in text_of(said)
    assert "08:30" in text_of(crm.command_reply("/crm", "nudges", user=ADMIN))

    again = _open_settings(crm)
    assert "KH" in str(again["blocks"]) and "EUR=7.8, USD=7.2" in str(again["blocks"])


def test_bad_settings_are_inline_errors_and_nothing_is_saved(crm: Harness) -> None:
    view = _open_settings(crm)
    typed = {
        "currency": "RMB",
        "phone_region": "ZZ",
        "zone": "Mars/Olympus",
        "nudge_time": "25:00",
        "escalation_days": "0",
        "code_prefix": "C-1",
        "rates": "dollars are 7",
    }
    reply = crm.submit(view, typed, user=ADMIN)
    answer = reply.json()
    assert answer["response_action"] == "errors"
    errors = answer["errors"]
    assert set(errors) == set(typed)
    assert "CNY" in errors["currency"]  # RMB is a name; the code is CNY
    with crm.session() as session:
        assert session.get(TeamSettings, TEAM_ID) is None
        assert not session.exec(
            select(AuditEvent).where(AuditEvent.action == "team.settings")
        ).all()


def test_only_admins_open_the_team_settings(crm: Harness) -> None:
    said = text_of(crm.command_reply("/crm", "settings", user=REP))
    assert "Only CRM admins" in said
    assert not crm.slack.calls_to("views.open")


def test_the_code_prefix_and_fallback_zone_apply(crm: Harness) -> None:
    crm.slack.add_user(ROAMING, tz="", name="Roaming Rep")
    view = _open_settings(crm)
    crm.submit(view, {"code_prefix": "KH", "zone": "America/New_York"}, user=ADMIN)
    crm.slack.wait_for("response_url")

    reply, _ = crm.command("/customer", "new Acme Trading", user=REP)
    form = crm.opened_view()
    crm.submit(form, {"owner": REP}, user=REP)
    with crm.session() as session:
        [customer] = session.exec(select(Customer))
    assert customer.code.startswith("KH2026111")
    found = text_of(crm.command_reply("/customer", customer.code.lower(), user=REP))
    assert "Acme Trading" in found

    add_customer(crm.engine, "Globex", owner=ROAMING, now=START)
    crm.command_reply("/followup", "Globex called, next: call back tomorrow 9am", user=ROAMING)
    with crm.session() as session:
        [step] = session.exec(select(NextStep))
    # Slack has no zone for this rep: 9am is the team's New York morning (14:00 UTC).
    assert step.due_at == datetime(2026, 11, 18, 14, 0, tzinfo=UTC)
    assert reply.status == 200


def test_the_team_language_is_for_people_whose_slack_is_in_neither(crm: Harness) -> None:
    crm.slack.add_user("U0FRENCH1", tz="Europe/Paris", name="Amélie", locale="fr-FR")
    add_customer(crm.engine, "Acme Trading", owner="U0FRENCH1", now=START)
    assert "Your open next steps" in text_of(crm.command_reply("/crm", "todo", user="U0FRENCH1"))
    view = _open_settings(crm)
    crm.submit(view, {"language": "zh"}, user=ADMIN)
    crm.slack.wait_for("response_url")
    assert "你未完成的下一步" in text_of(crm.command_reply("/crm", "todo", user="U0FRENCH1"))
    assert "Your open next steps" in text_of(crm.command_reply("/crm", "todo", user=REP))


def test_a_person_sets_their_own_language_region_and_currency(crm: Harness) -> None:
    reply, _ = crm.command("/crm", "me", user=REP)
    view = crm.opened_view()
    shown = str(view["blocks"])
    assert "CN" in shown  # Li Lei works in Asia/Shanghai: told from Slack
    assert "from your Slack time zone or language" in shown

    bad = crm.submit(view, {"phone_region": "XX", "currency": "RMB"}, user=REP).json()
    assert set(bad["errors"]) == {"phone_region", "currency"}

    crm.submit(view, {"language": "zh", "phone_region": "hk", "currency": "hkd"}, user=REP)
    said = text_of(crm.slack.wait_for("response_url")[-1].params)
    assert "已保存" in said and "HK" in said and "HKD" in said
    with crm.session() as session:
        row = session.get(PersonSetting, (TEAM_ID, REP))
        [audit] = session.exec(select(AuditEvent).where(AuditEvent.action == "person.settings"))
    assert row is not None and (row.language, row.phone_region, row.currency) == (
        "zh",
        "HK",
        "HKD",
    )
    assert audit.after == {"language": "zh", "phone_region": "HK", "currency": "HKD"}
    assert reply.status == 200
