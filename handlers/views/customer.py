"""The customer modal: inline errors, the duplicate warning, then save and confirm."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.access.permissions import NotAllowed
from bot.catalog import messages as msg
from bot.customers.actions import save_customer_form
from bot.customers.results import CustomerMissing, CustomerSaved, FormErrors, PossibleDuplicates
from bot.views.customer_card import customer_saved_message, reassigned_messages
from bot.views.customer_modal import CustomerModalState, customer_modal, read_customer_modal
from bot.views.followup import followup_reply_message, plain_message
from handlers.common import actor_of, reply_later, send_dm, services, user_of

logger = logging.getLogger(__name__)


def submit_customer(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    user_id = user_of(body)
    state = CustomerModalState.load(view.get("private_metadata"))
    values = read_customer_modal(view["state"]["values"])
    try:
        zone = crm.people.zone_of(user_id)
        outcome = save_customer_form(
            engine=crm.engine,
            settings=crm.settings,
            actor=actor_of(crm, body),
            values=values,
            customer_id=state.customer_id,
            acknowledged_duplicates=state.acknowledged_duplicates,
            draft_id=state.draft_id,
            user_zone=zone,
            now=crm.clock(),
        )
    except NotAllowed as reason:
        ack(response_action="errors", errors={"name": str(reason)})
        return
    except Exception:
        logger.exception("saving a customer failed")
        ack(response_action="errors", errors={"name": msg.SOMETHING_WENT_WRONG})
        return
    if isinstance(outcome, FormErrors):
        ack(response_action="errors", errors=outcome.errors)
        return
    if isinstance(outcome, PossibleDuplicates):
        state.acknowledged_duplicates = [c.id or 0 for c, _ in outcome.duplicates]
        warning = customer_modal(values=values, state=state, duplicates=outcome.duplicates)
        ack(response_action="update", view=warning)
        return
    ack()
    if isinstance(outcome, CustomerMissing):
        message = plain_message(msg.CUSTOMER_GONE)
    else:
        message = customer_saved_message(outcome.customer, created=outcome.created)
    reply_later(crm, response_url=state.response_url, user_id=user_id, message=message)
    if isinstance(outcome, CustomerSaved) and outcome.followup is not None:
        followup = followup_reply_message(outcome.followup, zone)
        reply_later(crm, response_url=state.response_url, user_id=user_id, message=followup)
    if isinstance(outcome, CustomerSaved) and outcome.previous_owner is not None:
        to_new, to_old = reassigned_messages(
            outcome.customer,
            previous_owner=outcome.previous_owner,
            by=user_id,
            moved_steps=outcome.moved_steps,
        )
        send_dm(crm, outcome.customer.owner_id, to_new)
        send_dm(crm, outcome.previous_owner, to_old)
