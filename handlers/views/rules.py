"""The rules editor (submit → preview) and the preview (submit → apply)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.access.permissions import NotAllowed
from bot.rules.admin import apply, preview, require_rules_editor
from bot.rules.book import RulesChangedMeanwhile
from bot.views.followup import plain_message
from bot.views.rules import (
    RulesModalState,
    read_rules_form,
    rules_applied_message,
    rules_changed_modal,
    rules_preview_modal,
)
from handlers.common import actor_of, refusal, reply_later, services, user_of

logger = logging.getLogger(__name__)


def submit_rules(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    state = RulesModalState.load(view.get("private_metadata"))
    actor = actor_of(crm, body)
    try:
        require_rules_editor(actor)
    except NotAllowed as reason:
        ack(response_action="errors", errors={"tier_1_name": str(reason)})
        return
    candidate, errors = read_rules_form(view["state"]["values"])
    if candidate is None:
        ack(response_action="errors", errors=errors)
        return
    result = preview(engine=crm.engine, actor=actor, candidate=candidate)
    if isinstance(result, dict):
        ack(response_action="errors", errors=result)
        return
    pushed = rules_preview_modal(
        result, currency=crm.settings.crm_currency, state=state, pushed=True
    )
    ack(response_action="push", view=pushed)


def apply_previewed_rules(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    user_id = user_of(body)
    state = RulesModalState.load(view.get("private_metadata"))
    try:
        applied = apply(
            engine=crm.engine,
            actor=actor_of(crm, body),
            rules=state.rules or {},
            base_version=state.base_version,
            restored_from=state.restored_from,
            now=crm.clock(),
        )
    except RulesChangedMeanwhile:
        ack(response_action="update", view=rules_changed_modal())
        return
    except NotAllowed as reason:
        ack()
        reply_later(crm, response_url=state.response_url, user_id=user_id, message=refusal(reason))
        return
    except Exception:
        logger.exception("applying rules failed")
        ack()
        message = plain_message(":warning: Sorry, the rules could not be applied. Nothing changed.")
        reply_later(crm, response_url=state.response_url, user_id=user_id, message=message)
        return
    ack(response_action="clear")
    message = rules_applied_message(
        version=applied.version, moved=applied.moved, by=user_id, summary=applied.summary
    )
    reply_later(crm, response_url=state.response_url, user_id=user_id, message=message)
