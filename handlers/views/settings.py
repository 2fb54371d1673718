"""The `/crm settings` (team) and `/crm me` (own) modals, saved."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext

from bot.catalog.language import speak
from bot.preferences.admin import SettingsErrors, change_team_settings
from bot.preferences.language import AUTO, language_for
from bot.preferences.person import choose_for_myself, person_preferences
from bot.views.settings import my_settings_saved_message, read_settings_form, settings_saved_message
from handlers.common import Replier, asker_of, modal_guard, reply_url_of, services


def submit_team_settings(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    later = Replier(crm, body, reply_url_of(view))
    with modal_guard(ack, action="saving team settings", field="zone", later=later) as answer:
        typed = read_settings_form(view["state"]["values"])
        result = change_team_settings(
            engine=crm.engine,
            settings=crm.settings,
            asker=asker_of(crm, body),
            typed=typed,
            now=crm.clock(),
        )
        if isinstance(result, SettingsErrors):
            answer(response_action="errors", errors=result.errors)
            return
        answer()
        later(settings_saved_message(result.changed))


def submit_my_settings(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
) -> None:
    crm = services(context)
    later = Replier(crm, body, reply_url_of(view))
    with modal_guard(
        ack, action="saving own settings", field="phone_region", later=later
    ) as answer:
        typed = read_settings_form(view["state"]["values"])
        asker = asker_of(crm, body)
        language = typed.get("language") or AUTO
        if language not in ("en", "zh", AUTO):
            language = AUTO
        errors = choose_for_myself(
            engine=crm.engine,
            asker=asker,
            language=language,
            phone_region=typed.get("phone_region"),
            currency=typed.get("currency"),
            now=crm.clock(),
            reminder_lead=typed.get("reminder_lead"),
        )
        if errors:
            answer(response_action="errors", errors=errors)
            return
        answer()
        now_in = language_for(
            engine=crm.engine, people=crm.people, team_id=asker.team_id, user_id=asker.user_id
        )
        speak(now_in)
        _, mine = person_preferences(
            engine=crm.engine,
            settings=crm.settings,
            people=crm.people,
            team_id=asker.team_id,
            user_id=asker.user_id,
        )
        later(my_settings_saved_message(language=now_in.value, mine=mine))
