"""Find customer, opened from the App Home: the typed customer's card, pushed over the form;
and reading a customer typed into a form as `/customer` reads it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot.catalog.texts.home import text as h
from bot.customers.actions import look_up_customer
from bot.customers.results import CustomerChoices, CustomerFile
from bot.home.service import customer_named
from bot.views.customer_card import customer_card_modal
from bot.views.formatting import truncate
from bot.views.home import FIND
from bot.views.step_modals import read_modal_values
from bot.wiring.services import Services
from handlers.common import asker_of, modal_guard, services, user_of

_CANDIDATES = 5


def submit_find(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    crm = services(context)
    with modal_guard(ack, action="finding a customer", field=FIND) as answer:
        typed = (read_modal_values(view["state"]["values"]).get(FIND) or "").strip()
        if not typed:
            answer(response_action="errors", errors={FIND: h.HOME_FIND_NOBODY.format(typed="")})
            return
        found = look_up_customer(
            engine=crm.engine, asker=asker_of(crm, body), text=typed, now=crm.clock()
        )
        if isinstance(found, CustomerFile):
            card = customer_card_modal(found, zone=crm.people.zone_of(user_of(body)))
            answer(response_action="push", view=card)
        elif isinstance(found, CustomerChoices):
            answer(response_action="errors", errors={FIND: _which(typed, found.customers)})
        else:
            answer(response_action="errors", errors={FIND: _nobody(typed)})


def customer_typed(crm: Services, body: dict[str, Any], typed: str | None) -> int | str:
    """The id of the one customer `typed` names, or what to say under the field."""
    text = (typed or "").strip()
    if not text:
        return _nobody(text)
    found = customer_named(engine=crm.engine, asker=asker_of(crm, body), text=text)
    if isinstance(found, list):
        return _which(text, found) if found else _nobody(text)
    return found.id or 0


def _nobody(typed: str) -> str:
    return h.HOME_FIND_NOBODY.format(typed=truncate(typed, 80))


def _which(typed: str, customers: list[Any]) -> str:
    names = ", ".join(f"{c.name} ({c.code})" for c in customers[:_CANDIDATES])
    return truncate(h.HOME_FIND_WHICH.format(typed=truncate(typed, 80), candidates=names), 1900)
