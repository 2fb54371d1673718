"""The customer modal: inline errors, the duplicate warning, then save and confirm."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot.catalog.messages import msg
from bot.customers.actions import save_customer_form
from bot.customers.results import CustomerMissing, FormErrors, PossibleDuplicates
from bot.views.customer_card import customer_saved_message, reassigned_messages
from bot.views.customer_modal import CustomerModalState, customer_modal, read_customer_modal
from bot.views.followup import followup_reply_message, plain_message
from bot.wiring.home_tab import refresh_homes
from handlers.common import (
    Replier,
    asker_of,
    modal_guard,
    modal_state,
    send_dm,
    services,
    team_of,
    user_of,
)


def submit_customer(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    user_id = user_of(body)
    state = modal_state(ack, CustomerModalState, view, field="name")
    if state is None:
        return

    later = Replier(crm, body, state.response_url)

    with modal_guard(ack, action="saving a customer", field="name", later=later) as answer:
        values = read_customer_modal(view["state"]["values"])
        zone = crm.people.zone_of(user_id)
        outcome = save_customer_form(
            engine=crm.engine,
            settings=crm.settings,
            asker=asker_of(crm, body),
            values=values,
            customer_id=state.customer_id,
            acknowledged_duplicates=state.acknowledged_duplicates,
            draft_id=state.draft_id,
            user_zone=zone,
            now=crm.clock(),
        )
        if isinstance(outcome, FormErrors):
            answer(response_action="errors", errors=outcome.errors)
            return
        if isinstance(outcome, PossibleDuplicates):
            state.acknowledged_duplicates = [c.id or 0 for c, _ in outcome.duplicates]
            warning = customer_modal(values=values, state=state, duplicates=outcome.duplicates)
            answer(response_action="update", view=warning)
            return
        answer()
        if isinstance(outcome, CustomerMissing):
            later(plain_message(msg.CUSTOMER_GONE))
            return
        later(customer_saved_message(outcome.customer, created=outcome.created))
        if outcome.followup is not None:
            later(followup_reply_message(outcome.followup, zone))
        if outcome.previous_owner is not None:
            to_new, to_old = reassigned_messages(
                outcome.customer,
                previous_owner=outcome.previous_owner,
                by=user_id,
                moved_steps=outcome.moved_steps,
            )
            send_dm(crm, team_of(body), outcome.customer.owner_id, to_new)
            send_dm(crm, team_of(body), outcome.previous_owner, to_old)
        owners = (user_id, outcome.customer.owner_id, outcome.previous_owner or "")
        refresh_homes(crm, team_id=team_of(body), user_ids=owners)
