"""`/followup <customer> <what happened>[, next: <next step>]`"""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_bolt.context.respond import Respond

from bot.followups.intake import take_followup_line
from bot.followups.results import LoggedFollowUp
from bot.views.followup import followup_reply_message
from bot.wiring.home_tab import refresh_homes
from handlers.common import apology, reply, services


def followup_command(command: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    crm = services(context)
    user_id = command["user_id"]
    with apology(respond, "/followup"):
        zone = crm.people.zone_of(user_id)
        result = take_followup_line(
            engine=crm.engine,
            team_id=command["team_id"],
            user_id=user_id,
            text=command.get("text") or "",
            zone=zone,
            now=crm.clock(),
        )
        reply(respond, followup_reply_message(result, zone))
        if isinstance(result, LoggedFollowUp) and not result.repeated:
            owners = (user_id, result.customer.owner_id)
            refresh_homes(crm, team_id=command["team_id"], user_ids=owners)
