"""Find customer, opened from the App Home: the picked customer's card, pushed over the form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot.catalog.texts.shortcuts import text as s
from bot.customers.actions import customer_file
from bot.views.customer_card import customer_card_modal
from bot.views.pickers import CUSTOMER, picked_customer
from handlers.common import asker_of, id_from, modal_guard, services, user_of


def submit_find(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    crm = services(context)
    with modal_guard(ack, action="finding a customer", field=CUSTOMER) as answer:
        chosen = picked_customer(view["state"]["values"])
        if chosen is None:
            answer(response_action="errors", errors={CUSTOMER: s.SHORTCUT_PICK_CUSTOMER})
            return
        found = customer_file(
            engine=crm.engine, asker=asker_of(crm, body), customer_id=id_from(chosen),
            now=crm.clock(),
        )  # fmt: skip
        if found is None:
            answer(response_action="errors", errors={CUSTOMER: s.SHORTCUT_CUSTOMER_GONE})
            return
        card = customer_card_modal(found, zone=crm.people.zone_of(user_of(body)))
        answer(response_action="push", view=card)
