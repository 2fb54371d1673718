"""`/customer` end to end: the modal, validation, duplicates, cards, lists and edits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import select

from bot.sandbox.harness import Harness, button, text_of
from bot.views import ids
from storage.models import AuditEvent, Customer
from tests.conftest import OTHER_REP, REP, START
from tests.support.factories import add_customer

LABELS = [
    "Customer name",
    "Also known as",
    "Customer type",
    "Industry",
    "Contact name",
    "Title",
    "Phone",
    "Email",
    "WeChat ID",
    "Region",
    "Company size",
    "Source",
    "Annual value",
    "Status",
    "Owner",
    "Needs",
    "Notes",
]
FULL_FORM = {
    "name": "Initech Systems Ltd",
    "customer_type": "company",
    "industry": "Software",
    "contact_name": "Bill Lumbergh",
    "contact_title": "VP Operations",
    "phone": "+1 (415) 555-0100",  # the rep works in Shanghai: a US number needs its +1
    "email": "Bill@Initech.example",
    "region": "West Coast",
    "company_size": "201-1000",
    "source": "referral",
    "annual_value": "$250k",
    "status": "prospect",
    "needs": "CRM, training, CRM",
    "notes": "Met at the Austin expo.",
}


def _customers(crm: Harness) -> list[Customer]:
    with crm.session() as session:
        return list(session.exec(select(Customer).order_by(Customer.id)))  # type: ignore[arg-type]


def _inputs(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in view["blocks"] if b["type"] == "input"]


def _open_new(crm: Harness, text: str = "new") -> tuple[dict[str, Any], str]:
    reply, url = crm.command("/customer", text, user=REP)
    assert reply.status == 200
    return crm.opened_view(), url


def test_new_customer_modal_has_the_fields_in_order(crm: Harness) -> None:
    view, _ = _open_new(crm, "new Initech")
    assert view["callback_id"] == ids.CUSTOMER_MODAL
    inputs = _inputs(view)
    assert [b["label"]["text"] for b in inputs] == LABELS
    required = [b["label"]["text"] for b in inputs if not b["optional"]]
    assert required == ["Customer name", "Owner"]
    assert inputs[0]["element"]["initial_value"] == "Initech"
    owner = next(b for b in inputs if b["block_id"] == "owner")
    assert owner["element"]["type"] == "users_select"
    assert owner["element"]["initial_user"] == REP
    assert len(view["blocks"]) <= 100


def test_create_customer_with_every_field(crm: Harness) -> None:
    view, url = _open_new(crm)
    reply = crm.submit(view, FULL_FORM, user=REP)
    assert reply.status == 200 and reply.body == ""

    confirmation = crm.reply_to(url)
    assert confirmation["response_type"] == "ephemeral"
    assert "Created *Initech Systems Ltd*" in text_of(confirmation)
    assert "`C20261118001`" in text_of(confirmation)

    [customer] = _customers(crm)
    assert customer.code == "C20261118001"
    assert customer.name == "Initech Systems Ltd"
    assert customer.name_key == "initech systems"
    assert customer.phone == "+14155550100"
    assert customer.email == "bill@initech.example"
    assert customer.annual_value == Decimal("250000.00")
    assert customer.currency == "USD"
    assert customer.status == "prospect"
    assert customer.company_size == "201-1000"
    assert customer.source == "referral"
    assert customer.needs == ["CRM", "training"]
    assert customer.owner_id == REP
    assert customer.created_by == REP
    assert customer.created_at == START
    with crm.session() as session:
        [event] = session.exec(select(AuditEvent)).all()
        assert event.action == "customer.created"
        assert event.after is not None and event.after["name"] == "Initech Systems Ltd"


def test_codes_count_up_per_day_in_the_team_zone(crm: Harness) -> None:
    for name in ("One", "Two"):
        view, url = _open_new(crm, f"new {name}")
        crm.submit(view, {}, user=REP)
        crm.reply_to(url)
    crm.clock.advance(days=1)
    view, url = _open_new(crm, "new Three")
    crm.submit(view, {}, user=REP)
    crm.reply_to(url)
    assert [c.code for c in _customers(crm)] == ["C20261118001", "C20261118002", "C20261119001"]


def test_invalid_fields_are_inline_errors_and_nothing_is_saved(crm: Harness) -> None:
    view, _ = _open_new(crm)
    reply = crm.submit(
        view,
        {"name": "   ", "phone": "12", "email": "bill@", "annual_value": "-5", "owner": None},
        user=REP,
    )
    body = reply.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"name", "phone", "email", "annual_value", "owner"}
    assert "phone number" in body["errors"]["phone"]
    assert "email" in body["errors"]["email"]
    assert "non-negative" in body["errors"]["annual_value"]
    assert _customers(crm) == []
    assert crm.slack.calls_to("response_url") == []


def test_the_same_name_is_refused_inline(crm: Harness) -> None:
    existing = add_customer(crm.engine, "Acme Inc.", owner=OTHER_REP, now=START)
    view, url = _open_new(crm, "new ACME")
    body = crm.submit(view, {"phone": "+1 415 555 0199"}, user=REP).json()
    assert body["response_action"] == "errors"
    assert f"Acme Inc. ({existing.code}) already has this name" in body["errors"]["name"]
    assert len(_customers(crm)) == 1

    reply = crm.submit(view, {"name": "Initech", "phone": "+1 415 555 0199"}, user=REP)
    assert reply.status == 200 and reply.body == ""
    assert "Created *Initech*" in text_of(crm.reply_to(url))
    assert [c.name for c in _customers(crm)] == ["Acme Inc.", "Initech"]


def test_a_likely_duplicate_warns_then_create_anyway(crm: Harness) -> None:
    existing = add_customer(
        crm.engine, "Acme Inc.", owner=OTHER_REP, now=START, phone="+14155550199"
    )
    view, url = _open_new(crm, "new Acme Robotics")
    reply = crm.submit(view, {"phone": "+1 415 555 0199"}, user=REP)

    body = reply.json()
    assert body["response_action"] == "update"
    warning = body["view"]
    text = text_of(warning)
    assert "looks like a customer you already have" in text
    assert existing.code in text and "same phone" in text
    assert warning["submit"]["text"] == "Create anyway"
    _, value = button(warning, ids.CUSTOMER_OPEN_EXISTING)
    assert value == str(existing.id)
    # What was typed is still there.
    phone = next(b for b in _inputs(warning) if b["block_id"] == "phone")
    assert phone["element"]["initial_value"] == "+1 415 555 0199"
    assert len(_customers(crm)) == 1

    warning["id"] = "V_WARNING"
    reply = crm.submit(warning, {}, user=REP)
    assert reply.status == 200 and reply.body == ""
    assert "Created *Acme Robotics*" in text_of(crm.reply_to(url))
    assert [c.name for c in _customers(crm)] == ["Acme Inc.", "Acme Robotics"]


def test_duplicate_phone_or_email_warns(crm: Harness) -> None:
    add_customer(
        crm.engine, "Globex", owner=REP, now=START, phone="+14155550100", email="ops@globex.example"
    )
    view, _ = _open_new(crm, "new Hooli")
    body = crm.submit(view, {"phone": "+1 415-555-0100"}, user=REP).json()
    assert "same phone" in text_of(body["view"])
    view, _ = _open_new(crm, "new Hooli")
    body = crm.submit(view, {"email": "OPS@globex.example"}, user=REP).json()
    assert "same email" in text_of(body["view"])
    assert len(_customers(crm)) == 1


def test_open_existing_pushes_the_card_over_the_form(crm: Harness) -> None:
    existing = add_customer(crm.engine, "Acme", owner=OTHER_REP, now=START, phone="+14155550199")
    view, _ = _open_new(crm, "new Acme Robotics")
    warning = crm.submit(view, {"phone": "+1 415 555 0199"}, user=REP).json()["view"]
    action_id, value = button(warning, ids.CUSTOMER_OPEN_EXISTING)
    crm.click(action_id, value, user=REP, view={**warning, "id": "V_WARNING"})
    pushed = crm.opened_view("views.push")
    assert existing.code in text_of(pushed)
    assert pushed["close"]["text"] == "Back"


def test_customer_card_by_code_and_by_name(crm: Harness) -> None:
    acme = add_customer(
        crm.engine,
        "Acme Inc",
        owner=REP,
        now=START,
        phone="+14155550100",
        email="buyer@acme.example",
        annual_value=Decimal("1200000"),
        status="customer",
    )
    crm.command_reply("/followup", "Acme called re: renewal, next: send quote fri", user=REP)

    for query in (acme.code, "acme", "ACME inc"):
        card = crm.command_reply("/customer", query, user=REP)
        text = text_of(card)
        assert "Acme Inc" in text
        assert acme.code in text
        assert "Customer" in text  # status
        assert f"<@{REP}>" in text
        assert "+1 415-555-0100" in text
        assert "buyer@acme.example" in text
        assert "$1,200,000" in text
        assert "called re: renewal" in text
        assert "send quote" in text
        for action in (ids.CUSTOMER_LOG_FOLLOWUP, ids.CUSTOMER_EDIT, ids.NEXT_STEP_ADD):
            assert button(card, action)[1] == str(acme.id)


def test_card_shows_newest_five_followups(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    for n in range(7):
        crm.clock.advance(hours=1)
        crm.command_reply("/followup", f"Acme call number {n}", user=REP)
    text = text_of(crm.command_reply("/customer", "Acme", user=REP))
    shown = [n for n in range(7) if f"call number {n}" in text]
    assert shown == [2, 3, 4, 5, 6]
    assert text.index("call number 6") < text.index("call number 2")


def test_ambiguous_and_unknown_lookups(crm: Harness) -> None:
    add_customer(crm.engine, "Acme Trading", owner=REP, now=START)
    add_customer(crm.engine, "Acme Logistics", owner=REP, now=START)
    choices = crm.command_reply("/customer", "acme", user=REP)
    assert "Which one?" in text_of(choices)
    action_id, value = button(choices, ids.CUSTOMER_OPEN)
    _, url = crm.click(action_id, value, user=REP)
    assert "Recent follow-ups" in text_of(crm.reply_to(url))

    missing = crm.command_reply("/customer", "Umbrella", user=REP)
    assert "No customer matches *Umbrella*" in text_of(missing)
    assert "/customer new Umbrella" in text_of(missing)


def test_my_customers_newest_activity_first(crm: Harness) -> None:
    add_customer(crm.engine, "Old Co", owner=REP, now=START)
    add_customer(crm.engine, "Quiet Co", owner=REP, now=START)
    add_customer(crm.engine, "Not Mine", owner=OTHER_REP, now=START)
    crm.clock.advance(hours=2)
    crm.command_reply("/followup", "Old Co called", user=REP)
    text = text_of(crm.command_reply("/customer", "", user=REP))
    assert "Your customers* (2)" in text
    assert "Not Mine" not in text
    assert text.index("Old Co") < text.index("Quiet Co")


def test_edit_customer_saves_and_audits(crm: Harness) -> None:
    acme = add_customer(crm.engine, "Acme", owner=REP, now=START, phone="+14155550100")
    card = crm.command_reply("/customer", "Acme", user=REP)
    _, url = crm.click(*button(card, ids.CUSTOMER_EDIT), user=REP)
    view = crm.opened_view()
    assert view["title"]["text"] == "Edit customer"
    assert [b["label"]["text"] for b in _inputs(view)] == LABELS
    phone = next(b for b in _inputs(view) if b["block_id"] == "phone")
    assert phone["element"]["initial_value"] == "+1 415-555-0100"

    crm.clock.advance(minutes=5)
    reply = crm.submit(view, {"status": "customer", "annual_value": "50万 CNY"}, user=REP)
    assert reply.status == 200 and reply.body == ""
    assert "Saved *Acme*" in text_of(crm.reply_to(url))

    [customer] = _customers(crm)
    assert customer.code == acme.code
    assert customer.status == "customer"
    assert customer.annual_value == Decimal("500000.00")
    assert customer.currency == "CNY"
    assert customer.phone == "+14155550100"
    with crm.session() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "customer.updated")
        ).all()
    assert len(events) == 1
    assert events[0].before == {"status": "lead", "annual_value": None, "currency": "USD"}
    assert events[0].after == {"status": "customer", "annual_value": "500000.00", "currency": "CNY"}


def test_log_followup_and_add_step_from_the_card(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    card = crm.command_reply("/customer", "Acme", user=REP)

    _, url = crm.click(*button(card, ids.CUSTOMER_LOG_FOLLOWUP), user=REP)
    view = crm.opened_view()
    reply = crm.submit(
        view,
        {"what": "Zoom demo with the team", "step": "send deck", "due_date": "2026-11-24"},
        user=REP,
    )
    assert reply.status == 200
    assert "Logged a meeting with *Acme*" in text_of(crm.reply_to(url))

    _, url = crm.click(*button(card, ids.NEXT_STEP_ADD), user=REP)
    view = crm.opened_view()
    crm.submit(view, {"step": "book onsite", "due_time": "16:00"}, user=REP)
    assert "Added next step" in text_of(crm.reply_to(url))

    text = text_of(crm.command_reply("/customer", "Acme", user=REP))
    assert "Zoom demo with the team" in text
    assert "send deck" in text and "|2026-11-24>" in text
    assert "book onsite" in text and "|2026-11-18 16:00>" in text


def test_customers_of_another_workspace_are_invisible(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START, team_id="T0OTHER01")
    text = text_of(crm.command_reply("/customer", "Acme", user=REP))
    assert "No customer matches" in text
    assert "couldn't find" in text_of(crm.command_reply("/followup", "Acme called", user=REP))
