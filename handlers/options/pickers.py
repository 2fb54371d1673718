"""The customer picker's options, answered within Slack's 3 s (index lookups only, at most
100 options, owners' names only as far as they are remembered)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot.customers.picker import find_customer_choices
from bot.views.pickers import customer_options as options_for
from handlers.common import apology, services, team_of


def customer_options(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    crm = services(context)
    answered = False
    with apology(None, "finding customers for a picker"):
        typed = body.get("value")
        choices = find_customer_choices(
            engine=crm.engine, team_id=team_of(body), query=typed if isinstance(typed, str) else ""
        )
        ack(options=options_for(choices, crm.people.known_name))
        answered = True
    if not answered:
        ack(options=[])
