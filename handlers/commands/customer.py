"""`/customer` (your customers), `/customer new [name]`, `/customer <code or name>`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.customers.actions import look_up_customer, own_customers
from bot.customers.results import CustomerChoices, CustomerFile
from bot.followups.text import clean_slack_text
from bot.views.customer_card import (
    customer_card_message,
    customer_choices_message,
    customer_list_message,
    customer_not_found_message,
)
from bot.views.followup import plain_message
from handlers.common import apology, asker_of, open_new_customer_modal, reply, services

USAGE = (
    "*Customers*\n"
    "• `/customer` — your customers, most recently active first\n"
    "• `/customer new [name]` — add a customer\n"
    "• `/customer <code or name>` — a customer's card, e.g. `/customer C20240501001` or "
    "`/customer acme`"
)


def customer_command(
    ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    ack()
    crm = services(context)
    user_id = command["user_id"]
    text = clean_slack_text(command.get("text") or "")
    first, _, rest = text.partition(" ")
    with apology(respond, "/customer"):
        if first.casefold() in {"new", "add", "create", "新建"}:
            open_new_customer_modal(
                client, command["trigger_id"], user_id, rest.strip(), command.get("response_url")
            )
            return
        zone = crm.people.zone_of(user_id)
        asker = asker_of(crm, command)
        if not text:
            customers, total = own_customers(engine=crm.engine, asker=asker)
            reply(respond, customer_list_message(customers=customers, total=total, zone=zone))
            return
        if text.casefold() in {"help", "?", "帮助"}:
            reply(respond, plain_message(USAGE))
            return
        found = look_up_customer(engine=crm.engine, asker=asker, text=text, now=crm.clock())
        if isinstance(found, CustomerFile):
            message = customer_card_message(found, zone=zone)
        elif isinstance(found, CustomerChoices):
            message = customer_choices_message(customers=found.customers, typed=found.typed)
        else:
            message = customer_not_found_message(found.typed)
        reply(respond, message)
