"""Buttons on follow-up messages: Undo, pick a customer, create one, add or edit a next step."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.catalog.messages import msg
from bot.customers.actions import get_customer
from bot.followups.intake import draft_name_guess, log_draft_on_customer
from bot.followups.results import LoggedFollowUp, UndoneFollowUp
from bot.followups.steps import step_for_edit, undo_followup
from bot.views.followup import followup_reply_message, followup_undone_message, plain_message
from bot.views.step_modals import StepModalState, next_step_modal
from bot.wiring.home_tab import refresh_homes
from handlers.common import (
    Unreadable,
    action_value,
    apology,
    asker_of,
    id_from,
    open_new_customer_modal,
    reply,
    services,
    team_of,
    user_of,
)


def _choice(value: str) -> dict[str, Any]:
    try:
        choice = json.loads(value)
    except ValueError:
        raise Unreadable("not a customer choice") from None
    if not isinstance(choice, dict):
        raise Unreadable("not a customer choice")
    return choice


def undo(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    crm = services(context)
    with apology(respond, "undo"):
        result = undo_followup(
            engine=crm.engine,
            asker=asker_of(crm, body),
            followup_id=id_from(action_value(body)),
            now=crm.clock(),
        )
        if isinstance(result, UndoneFollowUp):
            message = followup_undone_message(
                customer=result.customer, removed_steps=result.removed_steps
            )
            reply(respond, message, replace=True)
            owners = (user_of(body), result.customer.owner_id)
            refresh_homes(crm, team_id=team_of(body), user_ids=owners)
        else:
            reply(respond, plain_message(msg.FOLLOWUP_GONE), replace=True)


def pick_customer(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    crm = services(context)
    with apology(respond, "picking a customer"):
        choice = _choice(action_value(body))
        user_id = user_of(body)
        zone = crm.people.zone_of(user_id)
        result = log_draft_on_customer(
            engine=crm.engine,
            team_id=team_of(body),
            user_id=user_id,
            draft_id=str(choice.get("draft") or ""),
            customer_id=id_from(choice.get("customer")),
            zone=zone,
            now=crm.clock(),
        )
        reply(respond, followup_reply_message(result, zone), replace=True)
        if isinstance(result, LoggedFollowUp) and not result.repeated:
            owners = (user_id, result.customer.owner_id)
            refresh_homes(crm, team_id=team_of(body), user_ids=owners)


def create_customer_for_followup(
    body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    with apology(respond, "opening the new-customer form"):
        draft_id = action_value(body)
        user_id = user_of(body)
        guess = draft_name_guess(
            engine=crm.engine, team_id=team_of(body), user_id=user_id, draft_id=draft_id
        )
        if guess is None:
            reply(respond, plain_message(msg.DRAFT_GONE), replace=True)
            return
        open_new_customer_modal(
            client, body["trigger_id"], user_id, guess, body.get("response_url"), draft_id
        )


def edit_next_step(
    body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    with apology(respond, "opening the next step"):
        found = step_for_edit(
            engine=crm.engine, asker=asker_of(crm, body), step_id=id_from(action_value(body))
        )
        if found is None:
            reply(respond, plain_message(msg.STEP_GONE))
            return
        customer, step = found
        state = StepModalState(
            customer_id=customer.id or 0, step_id=step.id, response_url=body.get("response_url")
        )
        zone = crm.people.zone_of(user_of(body))
        view = next_step_modal(customer=customer, step=step, zone=zone, state=state)
        client.views_open(trigger_id=body["trigger_id"], view=view)


def add_next_step(
    body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    with apology(respond, "opening a new next step"):
        customer = get_customer(
            engine=crm.engine, team_id=team_of(body), customer_id=id_from(action_value(body))
        )
        if customer is None:
            reply(respond, plain_message(msg.CUSTOMER_GONE))
            return
        state = StepModalState(customer_id=customer.id or 0, response_url=body.get("response_url"))
        zone = crm.people.zone_of(user_of(body))
        view = next_step_modal(customer=customer, step=None, zone=zone, state=state)
        client.views_open(trigger_id=body["trigger_id"], view=view)
