"""Buttons on the App Home tab: Show more, New customer, Log follow-up and Find customer. Its
next steps carry the `/crm todo` buttons (handlers/actions/nudge.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.home.results import HomePages
from bot.views.home import find_customer_modal
from bot.views.step_modals import StepModalState, followup_modal
from bot.wiring.home_tab import publish_home
from handlers.common import (
    action_value,
    apology,
    open_new_customer_modal,
    services,
    team_of,
    user_of,
)


def show_more(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    """Draw the Home again with the bigger page the button carries."""
    crm = services(context)
    with apology(respond, "showing more on the Home tab"):
        pages = HomePages.load(action_value(body))
        ack()
        publish_home(crm, team_id=team_of(body), user_id=user_of(body), pages=pages)


def new_customer(
    body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    with apology(respond, "opening the customer form from the Home tab"):
        open_new_customer_modal(client, body["trigger_id"], user_of(body), "", None)


def log_followup(
    body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    """The follow-up form, with a customer picker."""
    crm = services(context)
    with apology(respond, "opening the follow-up form from the Home tab"):
        zone = crm.people.zone_of(user_of(body))
        view = followup_modal(customer=None, zone=zone, state=StepModalState())
        client.views_open(trigger_id=body["trigger_id"], view=view)


def find_customer(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
    with apology(respond, "opening Find customer"):
        client.views_open(trigger_id=body["trigger_id"], view=find_customer_modal())
