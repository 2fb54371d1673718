"""The `/crm digest` modal."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.access.permissions import NotAllowed
from bot.catalog import messages as msg
from bot.digest.setup import save_digest_channel
from bot.views.digest_modal import WEEKDAYS, read_digest_modal
from bot.views.followup import plain_message
from handlers.common import actor_of, reply_later, services, user_of

logger = logging.getLogger(__name__)


def submit_digest(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    values = read_digest_modal(view["state"]["values"])
    try:
        done, errors = save_digest_channel(
            engine=crm.engine, actor=actor_of(crm, body), values=values, now=crm.clock()
        )
    except NotAllowed as reason:
        ack(response_action="errors", errors={"channel": str(reason)})
        return
    except Exception:
        logger.exception("saving a digest channel failed")
        ack(response_action="errors", errors={"channel": msg.SOMETHING_WENT_WRONG})
        return
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    channel = f"<#{values['channel']}>"
    if done == "stopped":
        text = f":white_check_mark: {channel} will no longer get the weekly digest."
    else:
        tiers = ", ".join(values["tiers"]) if values["tiers"] else "all tiers"
        day = WEEKDAYS[int(values["weekday"])]
        text = (
            f":white_check_mark: {channel} gets the weekly digest on {day}s at {values['time']} "
            f"({values['zone']}) for {tiers}. Make sure the app is in the channel "
            "(`/invite @crmbot`)."
        )
    url = json.loads(view.get("private_metadata") or "{}").get("url")
    reply_later(crm, response_url=url, user_id=user_of(body), message=plain_message(text))
