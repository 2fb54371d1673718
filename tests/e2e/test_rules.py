"""Classification rules end to end: default tiers, `/crm rules` editing with preview and apply,
history and restore, activity, dormancy and risk — over signed HTTP on a real database."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from bot.access.permissions import SYSTEM_ACTOR
from bot.rules.book import Reclassified, reclassify_team
from bot.sandbox.harness import Harness, button, text_of
from bot.sandbox.standin import TEAM_ID, Call
from bot.views import ids
from storage.models import AuditEvent, Customer, RuleSet, StatusChange, TierChange
from tests.conftest import ADMIN, REP
from tests.support.factories import add_customer

VALUES = {
    "Mega Corp": Decimal("2000000"),
    "Big Co": Decimal("150000"),
    "Mid Co": Decimal("60000"),
    "Small Co": Decimal("10000"),
}


def _seed(crm: Harness) -> dict[str, Customer]:
    customers = {
        name: add_customer(crm.engine, name, owner=REP, now=crm.clock(), annual_value=value)
        for name, value in VALUES.items()
    }
    customers["No Value Co"] = add_customer(crm.engine, "No Value Co", owner=REP, now=crm.clock())
    return customers


def _tiers(crm: Harness) -> dict[str, str | None]:
    with crm.session() as session:
        return {c.name: c.tier for c in session.exec(select(Customer))}


def _changes(crm: Harness) -> list[TierChange]:
    with crm.session() as session:
        return list(session.exec(select(TierChange).order_by(col(TierChange.id))))


def _input(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def test_default_tiers_come_from_annual_value(crm: Harness) -> None:
    _seed(crm)
    assert _tiers(crm) == {
        "Mega Corp": "Strategic",
        "Big Co": "Key",
        "Mid Co": "Growth",
        "Small Co": "Standard",
        "No Value Co": "Standard",
    }
    assert {(c.from_tier, c.reason) for c in _changes(crm)} == {(None, "new")}
    card = text_of(crm.command_reply("/customer", "Big Co", user=REP))
    assert "*Tier*\nKey" in card
    assert "Key tier: contact every 14 days" in card


def test_value_change_moves_the_tier_and_is_recorded(crm: Harness) -> None:
    _seed(crm)
    card = crm.command_reply("/customer", "Small Co", user=REP)
    _, url = crm.click(*button(card, ids.CUSTOMER_EDIT), user=REP)
    crm.clock.advance(hours=1)
    crm.submit(crm.opened_view(), {"annual_value": "1.5m"}, user=REP)
    crm.reply_to(url)
    assert _tiers(crm)["Small Co"] == "Strategic"
    last = _changes(crm)[-1]
    assert (last.from_tier, last.to_tier, last.reason) == ("Standard", "Strategic", "value")
    assert last.at == crm.clock()


def test_rep_sees_rules_read_only(crm: Harness) -> None:
    message = crm.command_reply("/crm", "rules", user=REP)
    text = text_of(message)
    assert "*Strategic* — $1,000,000 or more · contact every 7 days" in text
    assert "Only CRM admins can change these" in text
    assert crm.slack.calls_to("views.open") == []


def _open_editor(crm: Harness) -> tuple[dict[str, Any], str]:
    reply, url = crm.command("/crm", "rules", user=ADMIN)
    assert reply.status == 200
    return crm.opened_view(), url


def _update_of(crm: Harness, external_id: str) -> dict[str, Any]:
    """The view the app put in place of the working view `external_id` (by views.update)."""
    [call] = crm.slack.wait_for(
        "views.update", lambda c: c.params.get("external_id") == external_id
    )
    return _view(call)


def _view(call: Call) -> dict[str, Any]:
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else dict(view)


def _preview(
    crm: Harness, editor: dict[str, Any], values: dict[str, Any], *, user: str = ADMIN
) -> dict[str, Any]:
    """Submit the editor: a working view is pushed at once, then replaced by the preview."""
    body = crm.submit(editor, values, user=user).json()
    assert body["response_action"] == "push", body
    assert body["view"]["external_id"]
    return _update_of(crm, body["view"]["external_id"])


def _apply(crm: Harness, preview: dict[str, Any], *, user: str = ADMIN) -> dict[str, Any]:
    """Submit the preview: an 'Applying…' view replaces it at once, then the outcome does."""
    body = crm.submit({**preview, "id": "V_PREVIEW"}, {}, user=user).json()
    assert body["response_action"] == "update", body
    assert "Applying" in text_of(body["view"])
    return _update_of(crm, body["view"]["external_id"])


def test_admin_edits_thresholds_previews_and_applies(crm: Harness) -> None:
    _seed(crm)
    editor, url = _open_editor(crm)
    assert editor["callback_id"] == ids.RULES_EDIT_MODAL
    assert _input(editor, "tier_2_minimum")["element"]["initial_value"] == "100,000"

    # Key now starts at 50,000 and Growth at 20,000: Mid Co moves up to Key, Small Co stays.
    reply = crm.submit(editor, {"tier_2_minimum": "50000", "tier_3_minimum": "20k"}, user=ADMIN)
    body = reply.json()
    assert body["response_action"] == "push"
    working = body["view"]
    assert "Working out what would change" in text_of(working)
    preview = _update_of(crm, working["external_id"])
    text = text_of(preview)
    assert "1 of 5 customers change tier" in text
    assert "*Growth → Key*: 1 customer (Mid Co)" in text
    assert preview["callback_id"] == ids.RULES_PREVIEW_MODAL
    assert preview["submit"]["text"] == "Apply"
    assert preview["close"]["text"] == "Back"
    assert crm.slack.view_by_external_id(working["external_id"]) == preview
    assert _tiers(crm)["Mid Co"] == "Growth"  # nothing applied yet

    crm.clock.advance(minutes=3)
    result = _apply(crm, preview)
    assert "version 1 are in force: 1 customer changed tier" in text_of(result)
    assert result["clear_on_close"] is True
    assert "applied customer rules version 1: 1 customer changed tier" in text_of(crm.reply_to(url))

    assert _tiers(crm)["Mid Co"] == "Key"
    last = _changes(crm)[-1]
    assert (last.from_tier, last.to_tier, last.reason, last.rule_version) == (
        "Growth",
        "Key",
        "rules",
        1,
    )
    with crm.session() as session:
        [version] = session.exec(select(RuleSet)).all()
    assert version.created_by == ADMIN
    assert "Key ≥50,000" in version.summary
    card = text_of(crm.command_reply("/customer", "Mid Co", user=REP))
    assert "*Tier*\nKey" in card

    # A new customer is tiered by the new rules.
    add_customer(crm.engine, "Fresh Co", owner=REP, now=crm.clock(), annual_value=Decimal(55000))
    assert _tiers(crm)["Fresh Co"] == "Key"


def test_rename_add_and_remove_tiers(crm: Harness) -> None:
    _seed(crm)
    editor, url = _open_editor(crm)
    values = {
        "tier_1_name": "A",
        "tier_2_name": "B",
        "tier_3_name": "",  # remove Growth
        "tier_3_minimum": "",
        "tier_3_cadence": "",
        "tier_4_name": "C",
        "tier_4_minimum": "10000",
        "tier_5_name": "D",  # a new bottom tier
        "tier_5_minimum": "0",
        "tier_5_cadence": "180",
    }
    _apply(crm, _preview(crm, editor, values))
    crm.reply_to(url)
    assert _tiers(crm) == {
        "Mega Corp": "A",
        "Big Co": "B",
        "Mid Co": "C",
        "Small Co": "C",
        "No Value Co": "D",
    }


def test_bad_rules_are_inline_errors(crm: Harness) -> None:
    editor, _ = _open_editor(crm)
    reply = crm.submit(
        editor,
        {
            "tier_2_name": "strategic",  # same name as tier 1
            "tier_3_minimum": "500000",  # above tier 2's 100,000
            "tier_4_minimum": "10",  # the last tier must start at 0
            "medium_days": "5",  # shorter than high's 7 days
        },
        user=ADMIN,
    )
    body = reply.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"tier_2_name", "tier_3_minimum", "tier_4_minimum", "medium_days"}
    bad_cadence = crm.submit(editor, {"tier_1_cadence": "0"}, user=ADMIN).json()
    assert set(bad_cadence["errors"]) == {"tier_1_cadence"}
    with crm.session() as session:
        assert session.exec(select(RuleSet)).all() == []


def test_a_rep_cannot_change_rules_even_with_forged_payloads(crm: Harness) -> None:
    _seed(crm)
    editor, _ = _open_editor(crm)
    forged_edit = crm.submit(editor, {"tier_2_minimum": "60000"}, user=REP).json()
    assert forged_edit["response_action"] == "errors"
    assert "Only CRM admins" in next(iter(forged_edit["errors"].values()))

    preview = _preview(crm, editor, {"tier_2_minimum": "55000"})
    _, url = crm.command("/crm", "help", user=REP)  # a response URL the rep could have
    meta = json.loads(preview["private_metadata"])
    preview["private_metadata"] = json.dumps({**meta, "url": url})
    refused = _apply(crm, preview, user=REP)
    assert "Only CRM admins" in text_of(refused)
    assert "Only CRM admins" in text_of(crm.reply_to(url, count=2))
    with crm.session() as session:
        assert session.exec(select(RuleSet)).all() == []
    assert _tiers(crm)["Mid Co"] == "Growth"


def test_two_admins_applying_from_the_same_version_cannot_both_win(crm: Harness) -> None:
    _seed(crm)
    editor, _ = _open_editor(crm)
    first = _preview(crm, editor, {"tier_2_minimum": "70000"})
    second = _preview(crm, editor, {"tier_2_minimum": "80000"})
    assert "version 1 are in force" in text_of(_apply(crm, first))
    late = _apply(crm, second)
    assert "Someone applied other rules" in text_of(late)
    with crm.session() as session:
        assert [r.version for r in session.exec(select(RuleSet))] == [1]


def test_a_failed_apply_is_an_apology_and_changes_nothing(crm: Harness) -> None:
    _seed(crm)
    editor, url = _open_editor(crm)
    preview = _preview(crm, editor, {"tier_2_minimum": "55000"})
    meta = json.loads(preview["private_metadata"])
    meta["rules"]["tiers"][0]["cadence_days"] = 0  # stored rules no longer valid
    preview["private_metadata"] = json.dumps(meta)
    failed = _apply(crm, preview)
    assert "could not be applied. Nothing changed." in text_of(failed)
    assert "could not be applied" in text_of(crm.reply_to(url))
    with crm.session() as session:
        assert session.exec(select(RuleSet)).all() == []
    assert _tiers(crm)["Mid Co"] == "Growth"


def test_history_and_restore(crm: Harness) -> None:
    _seed(crm)
    for minimum in ("55000", "58000"):
        editor, url = _open_editor(crm)
        _apply(crm, _preview(crm, editor, {"tier_2_minimum": minimum}))
        crm.reply_to(url)
        crm.clock.advance(hours=1)
    assert _tiers(crm)["Mid Co"] == "Key"

    rep_history = text_of(crm.command_reply("/crm", "rules history", user=REP))
    assert "*Version 2* · *in force*" in rep_history
    assert f"<@{ADMIN}>" in rep_history
    assert "Restore" not in rep_history

    history = crm.command_reply("/crm", "rules history", user=ADMIN)
    restore_buttons = [
        b["accessory"]
        for b in history["blocks"]
        if b.get("accessory", {}).get("action_id", "").startswith(ids.RULES_RESTORE)
    ]
    assert sorted(b["value"] for b in restore_buttons) == ["0", "1"]
    defaults = next(b for b in restore_buttons if b["value"] == "0")
    _, url = crm.click(defaults["action_id"], defaults["value"], user=ADMIN)
    working = crm.opened_view()
    assert "Working out what would change" in text_of(working)
    preview = _update_of(crm, working["external_id"])
    assert "*Key → Growth*: 1 customer (Mid Co)" in text_of(preview)
    assert preview["close"]["text"] == "Cancel"
    assert "version 3 are in force" in text_of(_apply(crm, preview))
    assert "version 3" in text_of(crm.reply_to(url))
    assert _tiers(crm)["Mid Co"] == "Growth"
    with crm.session() as session:
        latest = session.exec(select(RuleSet).where(RuleSet.version == 3)).one()
    assert latest.restored_from == 0
    assert latest.summary.startswith("restored version 0")

    # A rep clicking a forged restore button changes nothing and opens nothing.
    opened = len(crm.slack.calls_to("views.open"))
    _, url = crm.click(defaults["action_id"], "1", user=REP)
    assert "Only CRM admins" in text_of(crm.reply_to(url))
    assert len(crm.slack.calls_to("views.open")) == opened

    # A version that never existed: the working view says so, and so does a reply.
    _, url = crm.click(defaults["action_id"], "42", user=ADMIN)
    assert "There is no version 42" in text_of(crm.reply_to(url))
    missing = crm.opened_view()
    assert "There is no version 42" in text_of(_update_of(crm, missing["external_id"]))


def test_activity_level_follows_followups(crm: Harness) -> None:
    add_customer(crm.engine, "Busy Co", owner=REP, now=crm.clock())
    assert "*Activity*\nDormant" in text_of(crm.command_reply("/customer", "Busy Co", user=REP))
    crm.command_reply("/followup", "Busy Co called", user=REP)
    assert "*Activity*\nMedium" in text_of(crm.command_reply("/customer", "Busy Co", user=REP))
    for _ in range(2):
        crm.clock.advance(days=1)
        crm.command_reply("/followup", "Busy Co emailed", user=REP)
    assert "*Activity*\nHigh" in text_of(crm.command_reply("/customer", "Busy Co", user=REP))
    with crm.session() as session:
        assert session.exec(select(Customer)).one().activity_level == "high"
    crm.clock.advance(days=40)
    assert "*Activity*\nLow" in text_of(crm.command_reply("/customer", "Busy Co", user=REP))


def _reclassify(crm: Harness) -> Reclassified:
    return reclassify_team(engine=crm.engine, team_id=TEAM_ID, now=crm.clock())


def test_dormancy_moves_and_restores_status(crm: Harness) -> None:
    quiet = add_customer(crm.engine, "Quiet Co", owner=REP, now=crm.clock(), status="customer")
    churned = add_customer(crm.engine, "Gone Co", owner=REP, now=crm.clock(), status="churned")
    crm.command_reply("/followup", "Quiet Co called", user=REP)

    crm.clock.advance(days=179)
    assert _reclassify(crm).made_dormant == 0
    crm.clock.advance(days=2)
    assert _reclassify(crm).made_dormant == 1
    assert _reclassify(crm).made_dormant == 0  # a second run changes nothing
    with crm.session() as session:
        stored = session.get(Customer, quiet.id)
        assert stored is not None
        assert (stored.status, stored.status_before_dormant) == ("dormant", "customer")
        assert stored.activity_level == "dormant"
        gone = session.get(Customer, churned.id)
        assert gone is not None and gone.status == "churned"
        [asleep] = session.exec(
            select(AuditEvent).where(AuditEvent.action == "customer.status_dormant")
        ).all()
        assert (asleep.entity_id, asleep.before, asleep.after) == (
            quiet.id,
            {"status": "customer"},
            {"status": "dormant"},
        )

    crm.command_reply("/followup", "Quiet Co called back, they want to reorder", user=REP)
    with crm.session() as session:
        stored = session.get(Customer, quiet.id)
        assert stored is not None
        assert (stored.status, stored.status_before_dormant) == ("customer", None)
        history = session.exec(
            select(StatusChange)
            .where(StatusChange.customer_id == quiet.id, StatusChange.reason != "new")
            .order_by(col(StatusChange.id))
        ).all()
    assert [(h.from_status, h.to_status, h.reason) for h in history] == [
        ("customer", "dormant", "dormant"),
        ("dormant", "customer", "restored"),
    ]
    assert history[0].changed_by == SYSTEM_ACTOR
    assert history[1].changed_by == REP


def test_dormancy_can_be_switched_off(crm: Harness) -> None:
    add_customer(crm.engine, "Quiet Co", owner=REP, now=crm.clock(), status="prospect")
    editor, url = _open_editor(crm)
    _apply(crm, _preview(crm, editor, {"dormancy_switches": []}))
    crm.reply_to(url)
    crm.clock.advance(days=400)
    assert _reclassify(crm).made_dormant == 0
    with crm.session() as session:
        assert session.exec(select(Customer)).one().status == "prospect"


def test_risk_hints_and_a_manual_risk_that_sticks(crm: Harness) -> None:
    add_customer(
        crm.engine, "Shaky Co", owner=REP, now=crm.clock(), annual_value=Decimal(2_000_000)
    )
    crm.command_reply(
        "/followup",
        "Shaky Co called, they are talking to a competitor, next: send offer tomorrow",
        user=REP,
    )
    crm.clock.advance(days=3)
    card = crm.command_reply("/customer", "Shaky Co", user=REP)
    text = text_of(card)
    assert "1 next step overdue" in text
    assert "churn signals: competitor" in text
    assert "*Risk*\nHigh" in text

    _, url = crm.click(*button(card, ids.CUSTOMER_SET_RISK), user=REP)
    crm.submit(crm.opened_view(), {"risk": "low"}, user=REP)
    assert "is now low" in text_of(crm.reply_to(url))
    text = text_of(crm.command_reply("/customer", "Shaky Co", user=REP))
    assert "*Risk*\nLow (set by hand; hints say high)" in text
    with crm.session() as session:
        assert session.exec(select(Customer)).one().risk == "low"
