"""The rules editor (submit → preview) and the preview (submit → apply).

Both acknowledge at once with a "working…" view that carries an external_id, then do the
database work and replace that view with views.update, so Slack never gives up on the
submission however big the team is."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.access.identity import who_is
from bot.catalog.messages import msg
from bot.preferences.team import team_preferences
from bot.rules.admin import apply, preview, require_rules_editor
from bot.rules.book import RulesChangedMeanwhile
from bot.views.blocks import Message
from bot.views.rules import (
    RulesModalState,
    rules_applied_message,
    rules_applied_modal,
    rules_applying_modal,
    rules_changed_modal,
    rules_done_modal,
    rules_preview_modal,
    rules_previewing_modal,
    rules_problems_modal,
)
from bot.views.rules_form import read_rules_form
from bot.wiring.home_tab import refresh_team_homes
from bot.wiring.services import Services
from handlers.common import Replier, asker_of, modal_guard, services, team_of, user_of

logger = logging.getLogger(__name__)


def new_external_id(kind: str) -> str:
    return f"rules-{kind}-{uuid.uuid4().hex}"


def show(crm: Services, view: dict[str, Any], *, external_id: str) -> None:
    """Replace the working view; a failure (the person closed it) is only logged."""
    try:
        crm.client.views_update(external_id=external_id, view=view)
    except Exception:
        logger.exception("could not update the rules view %s", external_id)


def submit_rules(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    external_id = new_external_id("preview")

    def later(message: Message) -> None:
        show(crm, rules_done_modal(message.text), external_id=external_id)

    failed = msg.RULES_PREVIEW_FAILED
    with modal_guard(
        ack, action="previewing rules", field="tier_1_name", later=later, failed=failed
    ) as answer:
        state = RulesModalState.load(view.get("private_metadata"))
        asker = asker_of(crm, body)
        # Refused inside the form, before the ack; the preview after it checks again.
        require_rules_editor(who_is(engine=crm.engine, asker=asker))
        candidate, errors = read_rules_form(view["state"]["values"])
        if candidate is None:
            answer(response_action="errors", errors=errors)
            return
        answer(response_action="push", view=rules_previewing_modal(external_id))
        result = preview(engine=crm.engine, asker=asker, candidate=candidate)
        if isinstance(result, dict):
            show(crm, rules_problems_modal(result), external_id=external_id)
            return
        pushed = rules_preview_modal(
            result,
            currency=team_preferences(
                engine=crm.engine, settings=crm.settings, team_id=asker.team_id
            ).currency,
            state=state,
            pushed=True,
        )
        show(crm, pushed, external_id=external_id)


def apply_previewed_rules(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    user_id = user_of(body)
    external_id = new_external_id("apply")
    response_url: list[str | None] = [None]

    def later(message: Message) -> None:
        show(crm, rules_done_modal(message.text), external_id=external_id)
        Replier(crm, body, response_url[0])(message)

    # The preview has no inputs to hang an error on, so it is answered first, whatever happens.
    failed = msg.RULES_NOT_APPLIED
    with modal_guard(
        ack, action="applying rules", field="rules", later=later, failed=failed
    ) as answer:
        answer(response_action="update", view=rules_applying_modal(external_id))
        state = RulesModalState.load(view.get("private_metadata"))
        response_url[0] = state.response_url
        try:
            applied = apply(
                engine=crm.engine,
                asker=asker_of(crm, body),
                rules=state.rules or {},
                base_version=state.base_version,
                restored_from=state.restored_from,
                now=crm.clock(),
            )
        except RulesChangedMeanwhile:
            show(crm, rules_changed_modal(), external_id=external_id)
            return
        result = rules_applied_modal(
            version=applied.version, moved=applied.moved, summary=applied.summary
        )
        show(crm, result, external_id=external_id)
        message = rules_applied_message(
            version=applied.version, moved=applied.moved, by=user_id, summary=applied.summary
        )
        Replier(crm, body, state.response_url)(message)
        refresh_team_homes(crm, team_id=team_of(body))
