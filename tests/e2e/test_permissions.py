"""Roles and permissions end to end, including payloads a rep crafts by hand."""

from __future__ import annotations

import json
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.sandbox.harness import Harness, MutableClock, button, settings_for_standin, text_of
from bot.sandbox.standin import StandInSlack
from bot.views import ids
from bot.views.customer_modal import CustomerModalState, customer_form_values, customer_modal
from bot.views.risk import risk_modal
from bot.views.step_modals import StepModalState, next_step_modal
from storage.models import AuditEvent, Customer, NextStep, TeamRole
from tests.conftest import ADMIN, MANAGER, OTHER_REP, REP, START
from tests.support.factories import add_customer

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _make_manager(crm: Harness) -> None:
    message = crm.command_reply("/crm", f"role <@{MANAGER}|zhao> manager", user=ADMIN)
    assert f"<@{MANAGER}> is now a manager" in text_of(message)


def _customer(crm: Harness, customer_id: int | None) -> Customer:
    with crm.session() as session:
        found = session.get(Customer, customer_id)
        assert found is not None
        return found


def test_roles_are_granted_by_admins_only(crm: Harness) -> None:
    refused = crm.command_reply("/crm", f"role <@{OTHER_REP}> admin", user=REP)
    assert "Only CRM admins can grant roles" in text_of(refused)
    _make_manager(crm)
    with crm.session() as session:
        [role] = session.exec(select(TeamRole)).all()
    assert (role.user_id, role.role, role.granted_by) == (MANAGER, "manager", ADMIN)
    listing = text_of(crm.command_reply("/crm", "role", user=REP))
    assert f"Managers: <@{MANAGER}>" in listing
    usage = text_of(crm.command_reply("/crm", "role @zhao boss", user=ADMIN))
    assert "/crm role @person manager" in usage


@pytest.fixture
def crm_with_settings_admin(
    slack: StandInSlack, engine: Engine, database_url: str, clock: MutableClock
) -> Iterator[Harness]:
    settings = settings_for_standin(slack, database_url, CRM_ADMINS="U0BOSS001, U0BOSS002")
    harness = Harness(slack=slack, engine=engine, clock=clock, settings=settings).start()
    yield harness
    harness.stop()


def test_crm_admins_setting_makes_admins(crm_with_settings_admin: Harness) -> None:
    crm = crm_with_settings_admin
    crm.slack.add_user("U0BOSS001", tz="Asia/Shanghai")
    granted = crm.command_reply("/crm", f"role <@{REP}> manager", user="U0BOSS001")
    assert "is now a manager" in text_of(granted)
    assert "<@U0BOSS002>" in text_of(crm.command_reply("/crm", "role", user=REP))


def test_help_lists_what_each_role_may_do(crm: Harness) -> None:
    assert "As a *rep*" in text_of(crm.command_reply("/crm", "help", user=REP))
    admin_help = text_of(crm.command_reply("/crm", "", user=ADMIN))
    assert "grant roles" in admin_help and "/crm rules" in admin_help


def test_rep_edits_only_own_customers_even_with_forged_payloads(crm: Harness) -> None:
    theirs = add_customer(crm.engine, "Their Co", owner=OTHER_REP, now=START, phone="+14155550100")
    card = crm.command_reply("/customer", "Their Co", user=REP)
    assert ids.CUSTOMER_EDIT not in json.dumps(card["blocks"])  # no Edit button offered

    _, url = crm.click(ids.CUSTOMER_EDIT, str(theirs.id), user=REP)
    assert "Only Their Co's owner" in text_of(crm.reply_to(url))
    assert crm.slack.calls_to("views.open") == []

    forged = customer_modal(
        values=customer_form_values(theirs), state=CustomerModalState(customer_id=theirs.id)
    )
    reply = crm.submit(forged, {"name": "Mine Now", "owner": REP}, user=REP)
    assert reply.json()["response_action"] == "errors"
    assert "Only Their Co's owner" in reply.json()["errors"]["name"]
    stored = _customer(crm, theirs.id)
    assert (stored.name, stored.owner_id) == ("Their Co", OTHER_REP)

    _, url = crm.click(ids.CUSTOMER_SET_RISK, str(theirs.id), user=REP)
    assert "Only Their Co's owner" in text_of(crm.reply_to(url))
    reply = crm.submit(risk_modal(theirs, response_url=None), {"risk": "high"}, user=REP)
    assert reply.json()["response_action"] == "errors"
    assert _customer(crm, theirs.id).risk is None


def test_rep_may_log_on_anyones_customer_but_not_change_their_steps(crm: Harness) -> None:
    theirs = add_customer(crm.engine, "Their Co", owner=OTHER_REP, now=START)
    crm.command_reply("/followup", "Their Co called, next: send brochure fri", user=OTHER_REP)
    message = crm.command_reply("/followup", "Their Co visited, next: call back mon", user=REP)
    assert "Logged a visit to *Their Co*" in text_of(message)

    with crm.session() as session:
        steps = session.exec(select(NextStep).order_by(NextStep.id)).all()  # type: ignore[arg-type]
    their_step, my_step = steps
    _, url = crm.click(ids.NEXT_STEP_EDIT, str(their_step.id), user=REP)
    assert "Only the step's owner" in text_of(crm.reply_to(url))

    forged = next_step_modal(
        customer=theirs,
        step=their_step,
        zone=SHANGHAI,
        state=StepModalState(customer_id=theirs.id or 0, step_id=their_step.id),
    )
    reply = crm.submit(forged, {"step": "cancel everything"}, user=REP)
    assert "Only the step's owner" in reply.json()["errors"]["step"]
    with crm.session() as session:
        assert session.get(NextStep, their_step.id).description == "send brochure"  # type: ignore[union-attr]

    _, url = crm.click(*button(message, ids.NEXT_STEP_EDIT), user=REP)
    assert crm.opened_view()["callback_id"] == ids.NEXT_STEP_MODAL
    assert my_step.owner_id == REP


def test_only_the_author_or_an_admin_can_undo(crm: Harness) -> None:
    add_customer(crm.engine, "Acme", owner=REP, now=START)
    message = crm.command_reply("/followup", "Acme called", user=REP)
    action_id, value = button(message, ids.FOLLOWUP_UNDO)
    _, url = crm.click(action_id, value, user=MANAGER)
    assert "Only the person who logged" in text_of(crm.reply_to(url))
    _, url = crm.click(action_id, value, user=ADMIN)
    assert "Undone" in text_of(crm.reply_to(url))


def test_rep_cannot_give_a_new_customer_to_someone_else(crm: Harness) -> None:
    crm.command("/customer", "new Hooli", user=REP)
    reply = crm.submit(crm.opened_view(), {"owner": OTHER_REP}, user=REP)
    body = reply.json()
    assert body["response_action"] == "errors"
    assert body["errors"] == {"owner": "Only managers can assign a customer to someone else."}
    with crm.session() as session:
        assert session.exec(select(Customer)).all() == []


def test_contact_details_are_masked_for_reps_on_others_customers(crm: Harness) -> None:
    add_customer(
        crm.engine,
        "Their Co",
        owner=OTHER_REP,
        now=START,
        phone="+14155550100",
        email="buyer@their.example",
    )
    add_customer(crm.engine, "My Co", owner=REP, now=START, phone="+14155550199")
    masked = text_of(crm.command_reply("/customer", "Their Co", user=REP))
    assert "+1 ••• ••• 0100" in masked
    assert "b•••@their.example" in masked
    assert "415-555-0100" not in masked and "buyer@" not in masked
    assert "+1 415-555-0199" in text_of(crm.command_reply("/customer", "My Co", user=REP))
    _make_manager(crm)
    manager_view = text_of(crm.command_reply("/customer", "Their Co", user=MANAGER))
    assert "+1 415-555-0100" in manager_view and "buyer@their.example" in manager_view


def test_manager_reassigns_owner_steps_move_and_both_hear_of_it(crm: Harness) -> None:
    theirs = add_customer(crm.engine, "Their Co", owner=OTHER_REP, now=START)
    crm.command_reply("/followup", "Their Co called, next: send brochure fri", user=OTHER_REP)
    crm.command_reply("/followup", "Their Co emailed, next: call mon", user=OTHER_REP)
    _make_manager(crm)

    card = crm.command_reply("/customer", "Their Co", user=MANAGER)
    _, url = crm.click(*button(card, ids.CUSTOMER_EDIT), user=MANAGER)
    crm.submit(crm.opened_view(), {"owner": REP}, user=MANAGER)
    assert "Saved *Their Co*" in text_of(crm.reply_to(url))

    assert _customer(crm, theirs.id).owner_id == REP
    with crm.session() as session:
        owners = {s.owner_id for s in session.exec(select(NextStep))}
        audit = session.exec(
            select(AuditEvent).where(AuditEvent.action == "customer.updated")
        ).one()
    assert owners == {REP}
    assert audit.before == {"owner_id": OTHER_REP} and audit.after == {"owner_id": REP}
    opened = crm.slack.wait_for("conversations.open", count=2)
    assert sorted(c.params["users"] for c in opened) == sorted([REP, OTHER_REP])
    dms = crm.slack.wait_for("chat.postMessage", count=2)
    texts = " ".join(str(c.params.get("text")) for c in dms)
    assert "You now own Their Co" in texts and "Their Co moved to a new owner" in texts
    first_dm = next(c for c in dms if "You now own" in str(c.params.get("text")))
    assert "Its 2 open next steps moved with it" in str(first_dm.params["blocks"])


def test_slack_workspace_admin_is_a_crm_admin(crm: Harness) -> None:
    their = add_customer(crm.engine, "Their Co", owner=OTHER_REP, now=START)
    card = crm.command_reply("/customer", "Their Co", user=ADMIN)
    _, url = crm.click(*button(card, ids.CUSTOMER_EDIT), user=ADMIN)
    crm.submit(crm.opened_view(), {"status": "customer"}, user=ADMIN)
    crm.reply_to(url)
    assert _customer(crm, their.id).status == "customer"
