"""The 'Set risk' modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot.catalog.messages import msg
from bot.customers.actions import set_risk
from bot.rules.model import Risk
from bot.views.followup import plain_message
from bot.views.risk import AUTOMATIC, RISK, risk_set_text
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


def submit_risk(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    crm = services(context)
    try:
        meta = metadata_of(view)
    except Unreadable:
        meta = {}

    later = Replier(crm, body, meta.get("url"))

    with modal_guard(ack, action="setting risk", field=RISK, later=later) as answer:
        chosen = read_modal_values(view["state"]["values"]).get(RISK) or AUTOMATIC
        if chosen != AUTOMATIC and chosen not in {r.value for r in Risk}:
            answer(response_action="errors", errors={RISK: msg.ERR_BAD_CHOICE})
            return
        customer = set_risk(
            engine=crm.engine,
            asker=asker_of(crm, body),
            customer_id=id_from(meta.get("customer_id")),
            risk=None if chosen == AUTOMATIC else Risk(chosen),
            now=crm.clock(),
        )
        answer()
        if customer is None:
            later(plain_message(msg.CUSTOMER_GONE))
            return
        later(plain_message(risk_set_text(customer, None if chosen == AUTOMATIC else chosen)))
