"""The Add contact form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot.catalog.messages import msg
from bot.customers.contact_results import NAME, PRIMARY
from bot.customers.contacts import add_contact
from bot.customers.results import FormErrors
from bot.views.contacts import contact_added_message
from bot.views.followup import plain_message
from bot.views.step_modals import read_modal_values
from handlers.common import (
    Replier,
    Unreadable,
    asker_of,
    id_from,
    metadata_of,
    modal_guard,
    services,
)


def submit_contact(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    try:
        meta = metadata_of(view)
    except Unreadable:
        meta = {}
    later = Replier(crm, body, meta.get("url"))
    with modal_guard(ack, action="adding a contact", field=NAME, later=later) as answer:
        state = view["state"]["values"]
        values: dict[str, Any] = dict(read_modal_values(state))
        chosen = ((state.get(PRIMARY) or {}).get("value") or {}).get("selected_options") or []
        values[PRIMARY] = any(option.get("value") == "yes" for option in chosen)
        saved = add_contact(
            engine=crm.engine,
            asker=asker_of(crm, body),
            customer_id=id_from(meta.get("customer_id")),
            values=values,
            now=crm.clock(),
        )
        if isinstance(saved, FormErrors):
            answer(response_action="errors", errors=saved.errors)
            return
        answer()
        later(plain_message(msg.CUSTOMER_GONE) if saved is None else contact_added_message(saved))
