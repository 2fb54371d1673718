"""'Restore…' on a version in `/crm rules history`: preview going back to it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.rules.admin import restore_preview
from bot.views.followup import plain_message
from bot.views.rules import RulesModalState, rules_preview_modal
from handlers.common import actor_of, apology, reply, services


def restore(
    ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    ack()
    crm = services(context)
    with apology(respond, "restoring rules"):
        version = int(body["actions"][0]["value"])
        preview = restore_preview(engine=crm.engine, actor=actor_of(crm, body), version=version)
        if preview is None:
            reply(respond, plain_message(f"There is no version {version} of the rules."))
            return
        state = RulesModalState(response_url=body.get("response_url"), restored_from=version)
        view = rules_preview_modal(
            preview, currency=crm.settings.crm_currency, state=state, pushed=False
        )
        client.views_open(trigger_id=body["trigger_id"], view=view)
