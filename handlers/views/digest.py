"""The `/crm digest` modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot.digest.setup import save_digest_channel
from bot.views.digest_modal import digest_saved_text, digest_stopped_text, read_digest_modal
from bot.views.followup import plain_message
from handlers.common import (
    Replier,
    asker_of,
    modal_guard,
    reply_url_of,
    services,
)


def submit_digest(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    later = Replier(crm, body, reply_url_of(view))

    with modal_guard(ack, action="saving a digest channel", field="channel", later=later) as answer:
        values = read_digest_modal(view["state"]["values"])
        done, errors = save_digest_channel(
            engine=crm.engine, asker=asker_of(crm, body), values=values, now=crm.clock()
        )
        if errors:
            answer(response_action="errors", errors=errors)
            return
        answer()
        if done == "stopped":
            later(plain_message(digest_stopped_text(values["channel"])))
        else:
            later(plain_message(digest_saved_text(values)))
