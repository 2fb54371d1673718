"""The contact buttons: Contacts and Add contact on the card, Make primary and Erase personal
data in the contacts list."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.catalog.messages import msg
from bot.catalog.payloads import Unreadable
from bot.catalog.texts.contacts import text as t
from bot.customers.actions import customer_for_edit
from bot.customers.contacts import contact_book, erase_contact, make_primary
from bot.views.blocks import Message
from bot.views.contacts import contact_form, contacts_modal, erased_message, made_primary_message
from bot.views.followup import plain_message
from bot.wiring.services import Services
from handlers.common import (
    Replier,
    action_value,
    apology,
    asker_of,
    id_from,
    reply,
    services,
)


def _tell(crm: Services, body: dict[str, Any], respond: Respond | None, said: Message) -> None:
    """Through the response URL of the message clicked; a click inside a modal has none, so
    the answer goes to the person's DM."""
    if respond is not None:
        reply(respond, said)
    else:
        Replier(crm, body, None)(said)


def _open_or_push(body: dict[str, Any], client: WebClient, view: dict[str, Any]) -> None:
    """From a message, a new modal; from inside a modal (the contacts list), pushed on top."""
    if body.get("view"):
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def show_contacts(
    body: dict[str, Any], respond: Respond | None, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    with apology(respond, "opening the contacts"):
        book = contact_book(
            engine=crm.engine, asker=asker_of(crm, body), customer_id=id_from(action_value(body))
        )
        if book is None:
            _tell(crm, body, respond, plain_message(msg.CUSTOMER_GONE))
            return
        _open_or_push(body, client, contacts_modal(book))


def add_contact(
    body: dict[str, Any], respond: Respond | None, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    with apology(respond, "opening the contact form"):
        customer = customer_for_edit(
            engine=crm.engine, asker=asker_of(crm, body), customer_id=id_from(action_value(body))
        )
        if customer is None:
            _tell(crm, body, respond, plain_message(msg.CUSTOMER_GONE))
            return
        _open_or_push(body, client, contact_form(customer, response_url=body.get("response_url")))


def promote(
    body: dict[str, Any], respond: Respond | None, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    with apology(respond, "making a contact primary"):
        done = make_primary(
            engine=crm.engine,
            asker=asker_of(crm, body),
            contact_id=id_from(action_value(body)),
            now=crm.clock(),
        )
        if done is None:
            _tell(crm, body, respond, plain_message(t.CONTACTS_GONE))
            return
        _redraw(body, client, crm, done.customer.id)
        _tell(crm, body, respond, made_primary_message(done))


def erase(
    body: dict[str, Any], respond: Respond | None, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    with apology(respond, "erasing a contact's data"):
        try:
            chosen = json.loads(action_value(body))
            customer_id = id_from(chosen["c"])
            contact = chosen.get("k")
            contact_id = None if contact is None else id_from(contact)
        except (ValueError, TypeError, KeyError, Unreadable):
            _tell(crm, body, respond, plain_message(t.CONTACTS_GONE))
            return
        erased = erase_contact(
            engine=crm.engine,
            asker=asker_of(crm, body),
            customer_id=customer_id,
            contact_id=contact_id,
            now=crm.clock(),
        )
        if erased is None:
            _tell(crm, body, respond, plain_message(t.CONTACTS_GONE))
            return
        _redraw(body, client, crm, customer_id)
        _tell(crm, body, respond, erased_message(erased))


def _redraw(
    body: dict[str, Any], client: WebClient, crm: Services, customer_id: int | None
) -> None:
    """The contacts list the click came from, drawn again."""
    view = body.get("view") or {}
    if not view.get("id") or customer_id is None:
        return
    book = contact_book(engine=crm.engine, asker=asker_of(crm, body), customer_id=customer_id)
    if book is not None:
        client.views_update(view_id=view["id"], view=contacts_modal(book))
