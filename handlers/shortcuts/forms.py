"""Each shortcut opens a form: the follow-up form with a customer picker (prefilled with the
message and its link for Log as follow-up), or the new-customer form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.slack.permalinks import permalink_of
from bot.views.step_modals import StepModalState, followup_modal, message_prefill
from handlers.common import apology, open_new_customer_modal, services, user_of


def log_message_as_followup(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
) -> None:
    ack()
    with apology(respond if body.get("response_url") else None, "opening Log as follow-up"):
        message = body.get("message") or {}
        channel = str((body.get("channel") or {}).get("id") or "")
        ts = str(message.get("ts") or body.get("message_ts") or "")
        link = permalink_of(client, channel=channel, ts=ts)
        text = message_prefill(str(message.get("text") or ""), link)
        _open_followup_form(body, client, context, text=text, link=link)


def log_followup(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    with apology(None, "opening the Log follow-up shortcut"):
        _open_followup_form(body, client, context, text=None, link=None)


def new_customer(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    with apology(None, "opening the New customer shortcut"):
        open_new_customer_modal(client, body["trigger_id"], user_of(body), "", None)


def _open_followup_form(
    body: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    *,
    text: str | None,
    link: str | None,
) -> None:
    crm = services(context)
    zone = crm.people.zone_of(user_of(body))
    state = StepModalState(response_url=body.get("response_url"), permalink=link)
    view = followup_modal(
        customer=None,
        zone=zone,
        state=state,
        text=text,
        logged_on=crm.clock().astimezone(zone).date(),
    )
    client.views_open(trigger_id=body["trigger_id"], view=view)
