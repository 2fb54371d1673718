"""Buttons on customer cards and lists, and inside the customer modal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.catalog.messages import msg
from bot.customers.actions import customer_file, customer_for_edit, get_customer
from bot.customers.archive import archive_customer, unarchive_customer
from bot.customers.list_results import PageAt
from bot.customers.listing import list_customers
from bot.customers.merge import merge_codes, merge_customers
from bot.views.archive import archive_answer
from bot.views.customer_card import customer_card_message, customer_card_modal
from bot.views.customer_list import customer_page_message
from bot.views.customer_modal import CustomerModalState, customer_form_values, customer_modal
from bot.views.followup import plain_message
from bot.views.merge import merge_answer
from bot.views.risk import risk_modal
from bot.views.step_modals import StepModalState, followup_modal
from handlers.common import (
    action_value,
    apology,
    asker_of,
    id_from,
    reply,
    services,
    team_of,
    user_of,
)
from storage.models import Customer


def _customer_id(body: dict[str, Any]) -> int:
    return id_from(action_value(body))


def open_card(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    crm = services(context)
    with apology(respond, "opening a customer"):
        found = customer_file(
            engine=crm.engine,
            asker=asker_of(crm, body),
            customer_id=_customer_id(body),
            now=crm.clock(),
        )
        if found is None:
            reply(respond, plain_message(msg.CUSTOMER_GONE))
            return
        zone = crm.people.zone_of(user_of(body))
        reply(respond, customer_card_message(found, zone=zone))


def turn_list_page(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    """Prev / Next under `/customer list`: the page the button carries, drawn in place."""
    crm = services(context)
    with apology(respond, "turning a page of customers"):
        at = PageAt.load(action_value(body))
        page = list_customers(engine=crm.engine, asker=asker_of(crm, body), at=at, now=crm.clock())
        zone = crm.people.zone_of(user_of(body))
        reply(respond, customer_page_message(page, zone=zone), replace=True)


def edit(body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext) -> None:

    def edit_form(customer: Customer) -> dict[str, Any]:
        state = CustomerModalState(customer_id=customer.id, response_url=body.get("response_url"))
        return customer_modal(values=customer_form_values(customer), state=state)

    _open_for_editor(body, respond, client, context, edit_form, "opening the customer for editing")


def log_followup(
    body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    with apology(respond, "opening the follow-up form"):
        customer = get_customer(
            engine=crm.engine, team_id=team_of(body), customer_id=_customer_id(body)
        )
        if customer is None:
            reply(respond, plain_message(msg.CUSTOMER_GONE))
            return
        state = StepModalState(customer_id=customer.id or 0, response_url=body.get("response_url"))
        zone = crm.people.zone_of(user_of(body))
        client.views_open(
            trigger_id=body["trigger_id"],
            view=followup_modal(customer=customer, zone=zone, state=state),
        )


def open_existing_from_modal(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """'Open existing' inside the duplicate warning: show the card on top of the form, so
    'Back' returns to the form with everything still typed in."""
    crm = services(context)
    with apology(None, "opening an existing customer from the form"):
        found = customer_file(
            engine=crm.engine,
            asker=asker_of(crm, body),
            customer_id=_customer_id(body),
            now=crm.clock(),
        )
        if found is None:
            return
        view = customer_card_modal(found, zone=crm.people.zone_of(user_of(body)))
        client.views_push(trigger_id=body["trigger_id"], view=view)


def set_risk(
    body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:

    def risk_form(customer: Customer) -> dict[str, Any]:
        return risk_modal(customer, response_url=body.get("response_url"))

    _open_for_editor(body, respond, client, context, risk_form, "opening the risk form")


def _open_for_editor(
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
    make_view: Callable[[Customer], dict[str, Any]],
    doing: str,
) -> None:
    """Open a modal about the clicked customer, if the person may edit it."""
    crm = services(context)
    with apology(respond, doing):
        customer = customer_for_edit(
            engine=crm.engine, asker=asker_of(crm, body), customer_id=_customer_id(body)
        )
        if customer is None:
            reply(respond, plain_message(msg.CUSTOMER_GONE))
            return
        client.views_open(trigger_id=body["trigger_id"], view=make_view(customer))


def merge_pair(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    """Merge on a `/crm duplicates` pair (after Slack's confirm): the second into the first."""
    crm = services(context)
    with apology(respond, "merging customers"):
        keep_code, gone_code = merge_codes(action_value(body))
        result = merge_customers(
            engine=crm.engine,
            asker=asker_of(crm, body),
            keep_code=keep_code,
            gone_code=gone_code,
            now=crm.clock(),
        )
        reply(respond, merge_answer(result))


def archive(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    """Archive on a customer card (after Slack's confirm)."""
    crm = services(context)
    with apology(respond, "archiving a customer"):
        result = archive_customer(
            engine=crm.engine,
            asker=asker_of(crm, body),
            now=crm.clock(),
            customer_id=_customer_id(body),
        )
        reply(respond, archive_answer(result))


def unarchive(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    """Restore on an archived customer's card, or under "Archived …" (its undo)."""
    crm = services(context)
    with apology(respond, "restoring a customer"):
        result = unarchive_customer(
            engine=crm.engine,
            asker=asker_of(crm, body),
            now=crm.clock(),
            customer_id=_customer_id(body),
        )
        reply(respond, archive_answer(result))
