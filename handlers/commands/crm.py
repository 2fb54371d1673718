"""`/crm` — team-level commands. For now: help."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_bolt.context.respond import Respond

from bot.views.followup import plain_message
from handlers.commands.customer import USAGE as CUSTOMER_USAGE
from handlers.common import reply

HELP = (
    "*crmbot commands*\n"
    "• `/followup <customer> <what happened>, next: <next step>` — log a follow-up "
    "(`/followup help` for examples)\n\n" + CUSTOMER_USAGE + "\n\n"
    "• `/crm help` — this list"
)


def crm_command(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
    ack()
    reply(respond, plain_message(HELP))
