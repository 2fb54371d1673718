"""'Restore…' on a version in `/crm rules history`: preview going back to it.

The trigger lasts 3 seconds, so a working view opens first; the preview replaces it."""

from __future__ import annotations

import uuid
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.access.identity import who_is
from bot.access.permissions import NotAllowed
from bot.catalog.messages import msg
from bot.preferences.team import team_preferences
from bot.rules.admin import require_rules_editor, restore_preview
from bot.views.followup import plain_message
from bot.views.rules import (
    RulesModalState,
    rules_done_modal,
    rules_preview_modal,
    rules_previewing_modal,
)
from handlers.common import action_value, apology, asker_of, id_from, refusal, reply, services


def restore(
    body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    crm = services(context)
    with apology(respond, "restoring rules"):
        asker = asker_of(crm, body)
        # Refused before anything opens; the preview checks again in its own transaction.
        require_rules_editor(who_is(engine=crm.engine, asker=asker))
        version = id_from(action_value(body), lowest=0)  # 0: the built-in defaults
        external_id = f"rules-restore-{uuid.uuid4().hex}"
        client.views_open(trigger_id=body["trigger_id"], view=rules_previewing_modal(external_id))
        try:
            preview = restore_preview(engine=crm.engine, asker=asker, version=version)
        except NotAllowed as reason:
            failed = rules_done_modal(refusal(reason).text)
            client.views_update(external_id=external_id, view=failed)
            raise
        except Exception:
            failed = rules_done_modal(msg.RULES_PREVIEW_FAILED)
            client.views_update(external_id=external_id, view=failed)
            raise
        if preview is None:
            missing = msg.RULES_NO_SUCH_VERSION.format(version=version)
            client.views_update(external_id=external_id, view=rules_done_modal(missing))
            reply(respond, plain_message(missing))
            return
        state = RulesModalState(response_url=body.get("response_url"), restored_from=version)
        view = rules_preview_modal(
            preview,
            currency=team_preferences(
                engine=crm.engine, settings=crm.settings, team_id=asker.team_id
            ).currency,
            state=state,
            pushed=False,
        )
        client.views_update(external_id=external_id, view=view)
