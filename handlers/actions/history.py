"""A customer's whole follow-up history: the card's "All follow-ups", paging, and editing or
deleting an entry (the edit modal's submission is handled here too, next to its button)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.catalog.messages import msg
from bot.followups.history import delete_followup, edit_followup, followup_for_edit, history_page
from bot.followups.history_results import FollowUpChanged, read_value
from bot.followups.intake import method_named
from bot.views.blocks import Message
from bot.views.followup import plain_message
from bot.views.history import (
    METHOD,
    VALUE,
    WHAT,
    FollowUpEditState,
    followup_changed_text,
    followup_edit_modal,
    history_message,
    history_with_note,
)
from bot.wiring.services import Services
from handlers.common import (
    MAX_ID,
    Replier,
    Unreadable,
    action_value,
    apology,
    asker_of,
    id_from,
    modal_guard,
    modal_state,
    reply,
    services,
    user_of,
)


def _id_and_page(body: dict[str, Any], key: str) -> tuple[int, int]:
    try:
        row_id, page = read_value(action_value(body), key)
    except (ValueError, KeyError, TypeError, OverflowError):
        raise Unreadable("not a history button value") from None
    return id_from(row_id), min(page, MAX_ID)


def show(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    """ "All follow-ups" on a card: the first page, as a new message under the card."""
    with apology(respond, "showing follow-ups"):
        customer_id = id_from(action_value(body))
        _show_page(body, respond, context, customer_id, 1, replace=False)


def turn_page(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    with apology(respond, "paging through follow-ups"):
        customer_id, page = _id_and_page(body, "c")
        _show_page(body, respond, context, customer_id, page, replace=True)


def _show_page(
    body: dict[str, Any],
    respond: Respond,
    context: BoltContext,
    customer_id: int,
    page: int,
    *,
    replace: bool,
) -> None:
    crm = services(context)
    with apology(respond, "showing follow-ups"):
        shown = history_page(
            engine=crm.engine, asker=asker_of(crm, body), customer_id=customer_id, page=page
        )
        if shown is None:
            reply(respond, plain_message(msg.CUSTOMER_GONE))
            return
        zone = crm.people.zone_of(user_of(body))
        reply(respond, history_message(shown, zone=zone), replace=replace)


def edit(body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext) -> None:
    crm = services(context)
    with apology(respond, "opening a follow-up for editing"):
        followup_id, page = _id_and_page(body, "f")
        found = followup_for_edit(
            engine=crm.engine, asker=asker_of(crm, body), followup_id=followup_id
        )
        if found is None:
            reply(respond, plain_message(msg.FOLLOWUP_GONE))
            return
        customer, followup = found
        state = FollowUpEditState(
            followup_id=followup_id, page=page, response_url=body.get("response_url")
        )
        view = followup_edit_modal(customer=customer, followup=followup, state=state)
        client.views_open(trigger_id=body["trigger_id"], view=view)


def delete(body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    crm = services(context)
    with apology(respond, "deleting a follow-up"):
        followup_id, page = _id_and_page(body, "f")
        asker = asker_of(crm, body)
        changed = delete_followup(
            engine=crm.engine, asker=asker, followup_id=followup_id, now=crm.clock()
        )
        if changed is None:
            reply(respond, plain_message(msg.FOLLOWUP_GONE))
            return
        message = _redrawn(crm, body, changed, page)
        reply(respond, message, replace=True)


def _redrawn(crm: Services, body: dict[str, Any], changed: FollowUpChanged, page: int) -> Message:
    """The history page again, saying what changed (or just that, if the customer is gone)."""
    note = followup_changed_text(changed)
    shown = history_page(
        engine=crm.engine,
        asker=asker_of(crm, body),
        customer_id=changed.customer.id or 0,
        page=page,
    )
    if shown is None:
        return plain_message(note)
    return history_with_note(shown, note, zone=crm.people.zone_of(user_of(body)))


def submit_edit(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    crm = services(context)
    state = modal_state(ack, FollowUpEditState, view, field=WHAT)
    if state is None:
        return

    later = Replier(crm, body, state.response_url)

    with modal_guard(ack, action="editing a follow-up", field=WHAT, later=later) as answer:
        values = view["state"]["values"]
        text = str((values.get(WHAT, {}).get(VALUE) or {}).get("value") or "").strip()
        if not text:
            answer(response_action="errors", errors={WHAT: msg.ERR_FOLLOWUP_BLANK})
            return
        chosen = ((values.get(METHOD, {}).get(VALUE) or {}).get("selected_option") or {}).get(
            "value"
        )
        changed = edit_followup(
            engine=crm.engine,
            asker=asker_of(crm, body),
            followup_id=state.followup_id,
            text=text,
            method=method_named(chosen),
            now=crm.clock(),
        )
        answer()
        if changed is None:
            later(plain_message(msg.FOLLOWUP_GONE))
            return
        later(_redrawn(crm, body, changed, state.page), replace=True)
