"""Done / Snooze / Reschedule / Log follow-up on an item of the morning DM, and the same
buttons on a `/crm todo` list."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.catalog.messages import msg
from bot.nudges.actions import NudgeNow, act_on_nudge, customer_of_item
from bot.nudges.todo import act_on_todo
from bot.nudges.todo_results import read_todo_block_id
from bot.views.followup import plain_message
from bot.views.reminders import redrawn_dm
from bot.views.step_modals import StepModalState, followup_modal
from bot.views.todo import todo_message
from bot.wiring.home_tab import publish_home, refresh_homes
from handlers.common import (
    Unreadable,
    action_value,
    apology,
    asker_of,
    reply,
    services,
    team_of,
    user_of,
)

_ACTIONS = {"nudge_done": "done", "nudge_snooze": "snooze", "nudge_reschedule": "reschedule"}


def _action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
        raise Unreadable("no action in the payload")
    return actions[0]


def _where(body: dict[str, Any]) -> tuple[str, str]:
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    return str(channel), str(ts)


def act(body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext) -> None:
    crm = services(context)
    with apology(respond, "acting on a nudge"):
        action = _action(body)
        item = action.get("value") or str(action.get("block_id", "")).removeprefix(
            "nudge_"
        ).replace("_", ":", 1)
        choice = (action.get("selected_option") or {}).get("value") or action.get("selected_date")
        channel, ts = _where(body)
        redrawn = act_on_nudge(
            engine=crm.engine,
            asker=asker_of(crm, body),
            channel=channel,
            ts=ts,
            action=_ACTIONS[action["action_id"]],
            item=item,
            choice=choice,
            zone=crm.people.zone_of(user_of(body)),
            now=crm.clock(),
        )
        if redrawn is None:  # not a reminder this app sent (or no longer one it knows)
            reply(respond, plain_message(msg.NUDGE_GONE))
            return
        dm = redrawn_dm(
            redrawn.kind, redrawn.lines, more=redrawn.more, zone=redrawn.zone, now=crm.clock()
        )
        client.chat_update(channel=channel, ts=ts, text=dm.text, blocks=dm.blocks)
        refresh_homes(crm, team_id=team_of(body), user_ids=_owners_of(user_of(body), redrawn))


def _owners_of(user_id: str, redrawn: NudgeNow) -> list[str]:
    """Whose Home a click on a nudge changes: the clicker's, and the owners' of its items."""
    owners = [user_id]
    for line in redrawn.lines:
        if line.step is not None:
            owners.append(line.step.owner_id)
        elif line.customer is not None:
            owners.append(line.customer.owner_id)
    return owners


def log_followup(
    body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    with apology(respond, "opening the follow-up form from a nudge"):
        customer = customer_of_item(
            engine=crm.engine, team_id=team_of(body), item=action_value(body)
        )
        if customer is None:
            reply(respond, plain_message(msg.CUSTOMER_GONE))
            return
        channel, ts = _where(body)
        state = StepModalState(customer_id=customer.id or 0, dm_channel=channel, dm_ts=ts)
        zone = crm.people.zone_of(user_of(body))
        client.views_open(
            trigger_id=body["trigger_id"],
            view=followup_modal(customer=customer, zone=zone, state=state),
        )


_TODO_ACTIONS = {"todo_done": "done", "todo_snooze": "snooze", "todo_reschedule": "reschedule"}


def act_on_todo_item(
    ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext
) -> None:
    """Done / Snooze / Reschedule in a `/crm todo` reply: act, then redraw the list in place
    through the click's response_url (the reply is ephemeral; there is no message to update).
    On the App Home tab (a view: no response_url) the Home is published again instead."""
    crm = services(context)
    with apology(respond, "acting on a todo item"):
        action = _action(body)
        step_id, owner = read_todo_block_id(str(action.get("block_id", "")))
        choice = (action.get("selected_option") or {}).get("value") or action.get("selected_date")
        user = user_of(body)
        now = crm.clock()
        listed = act_on_todo(
            engine=crm.engine,
            asker=asker_of(crm, body),
            action=_TODO_ACTIONS[action["action_id"]],
            step_id=step_id,
            choice=choice,
            owner_id=owner,
            zone=crm.people.zone_of(user),
            owner_zone=crm.people.zone_of(owner),
            now=now,
        )
        if _on_home(body):
            ack()
            publish_home(crm, team_id=team_of(body), user_id=user)
            refresh_homes(crm, team_id=team_of(body), user_ids=[owner] if owner != user else [])
            return
        reply(respond, todo_message(listed, now=now, zone=crm.people.zone_of(user)), replace=True)
        refresh_homes(crm, team_id=team_of(body), user_ids=(user, owner))


def _on_home(body: dict[str, Any]) -> bool:
    return (body.get("view") or {}).get("type") == "home"
