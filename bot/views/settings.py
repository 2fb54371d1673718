"""`/crm settings` (the team's) and `/crm me` (a person's own) as modals, and what they answer
when saved."""

from __future__ import annotations

import json
from typing import Any

from bot.catalog.texts.reminders import text as reminders
from bot.catalog.texts.team import text as t
from bot.preferences.model import FIELDS, REMINDER_LEADS, PersonPreferences, TeamPreferences
from bot.preferences.values import rates_text
from bot.views import ids
from bot.views.blocks import Block, Message, context, input_block, message, option, plain, section
from bot.views.formatting import escape

VALUE = "value"
AUTO = "auto"
_MAX_LENGTHS = {
    "zone": 64,
    "currency": 3,
    "phone_region": 2,
    "nudge_time": 5,
    "escalation_days": 3,
    "code_prefix": 4,
    "rates": 500,
}


def team_settings_modal(team: TeamPreferences, *, response_url: str | None) -> dict[str, Any]:
    labels, hints = t.SETTINGS_LABELS, t.SETTINGS_HINTS
    now = {
        "zone": team.zone,
        "currency": team.currency,
        "phone_region": team.phone_region,
        "nudge_time": team.nudge_time,
        "escalation_days": str(team.escalation_days),
        "code_prefix": team.code_prefix,
        "rates": rates_text({code: format(rate, "f") for code, rate in team.rates.items()}),
    }
    blocks: list[Block] = [section(t.SETTINGS_INTRO)]
    for name in FIELDS:
        if name == "language":
            element = _language_select(team.language.value, with_auto=False)
        else:
            element = _text_input(now[name], _MAX_LENGTHS[name])
        optional = name == "rates"
        blocks.append(input_block(name, labels[name], element, hint=hints[name], optional=optional))
    return {
        "type": "modal",
        "callback_id": ids.SETTINGS_MODAL,
        "private_metadata": json.dumps({"url": response_url}),
        "title": plain(t.SETTINGS_TITLE, 24),
        "submit": plain(t.SETTINGS_SAVE, 24),
        "close": plain(t.SETTINGS_CANCEL, 24),
        "blocks": blocks,
    }


def my_settings_modal(
    *,
    mine: PersonPreferences,
    chosen_language: str | None,
    from_slack_region: str | None,
    response_url: str | None,
) -> dict[str, Any]:
    if mine.own_phone_region:
        how_region = t.ME_HOW_CHOSEN
    else:
        how_region = t.ME_HOW_SLACK if from_slack_region else t.ME_HOW_TEAM
    how_currency = t.ME_HOW_CHOSEN if mine.own_currency else t.ME_HOW_TEAM
    blocks: list[Block] = [
        section(t.ME_INTRO),
        input_block("language", t.ME_LANGUAGE, _language_select(chosen_language or AUTO, True)),
        input_block(
            "phone_region",
            t.ME_REGION,
            _text_input(mine.own_phone_region or "", 2),
            hint=t.ME_REGION_HINT.format(region=mine.phone_region, how=how_region),
            optional=True,
        ),
        input_block(
            "currency",
            t.ME_CURRENCY,
            _text_input(mine.own_currency or "", 3),
            hint=t.ME_CURRENCY_HINT.format(currency=mine.currency, how=how_currency),
            optional=True,
        ),
        input_block(
            "reminder_lead",
            reminders.REMINDER_ME_LEAD,
            _lead_select(mine.reminder_lead),
            hint=reminders.REMINDER_ME_LEAD_HINT,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": ids.ME_MODAL,
        "private_metadata": json.dumps({"url": response_url}),
        "title": plain(t.ME_TITLE, 24),
        "submit": plain(t.SETTINGS_SAVE, 24),
        "close": plain(t.SETTINGS_CANCEL, 24),
        "blocks": blocks,
    }


def read_settings_form(state_values: dict[str, Any]) -> dict[str, str | None]:
    """Block id -> what was typed or picked (None when left empty)."""
    typed: dict[str, str | None] = {}
    for block_id, elements in state_values.items():
        element = (elements or {}).get(VALUE) if isinstance(elements, dict) else None
        if not isinstance(element, dict):
            continue
        chosen = element.get("selected_option")
        value = chosen.get("value") if isinstance(chosen, dict) else element.get("value")
        typed[str(block_id)] = str(value) if isinstance(value, str) else None
    return typed


def settings_saved_message(changed: tuple[str, ...]) -> Message:
    if not changed:
        return message(t.SETTINGS_UNCHANGED, [section(t.SETTINGS_UNCHANGED)])
    labels = t.SETTINGS_LABELS
    names = t.LIST_JOIN.join(escape(labels[name]) for name in changed)
    said = t.SETTINGS_SAVED.format(changed=names)
    return message(said, [section(said)])


def my_settings_saved_message(*, language: str, mine: PersonPreferences) -> Message:
    name = t.LANGUAGE_NAMES.get(language, language)
    said = t.ME_SAVED.format(language=name, region=mine.phone_region, currency=mine.currency)
    lead = reminders.REMINDER_LEADS.get(str(mine.reminder_lead), str(mine.reminder_lead))
    reminded = reminders.REMINDER_ME_SAVED.format(lead=lead)
    return message(said, [section(said), context(reminded), context(t.LANGUAGE_USAGE)])


def _language_select(value: str, with_auto: bool) -> Block:
    names = t.LANGUAGE_NAMES
    options = [option(names["en"], "en"), option(names["zh"], "zh")]
    if with_auto:
        options.insert(0, option(t.ME_LANGUAGE_AUTO, AUTO))
    chosen = [o for o in options if o["value"] == value] or options[:1]
    return {
        "type": "static_select",
        "action_id": VALUE,
        "options": options,
        "initial_option": chosen[0],
    }


def _lead_select(minutes: int) -> Block:
    """How long before a step with a clock time its reminder comes (the choices
    `bot.preferences.model.REMINDER_LEADS` knows)."""
    labels = reminders.REMINDER_LEADS
    options = [option(labels.get(str(n), str(n)), str(n)) for n in REMINDER_LEADS]
    chosen = [o for o in options if o["value"] == str(minutes)] or options[:1]
    return {
        "type": "static_select",
        "action_id": VALUE,
        "options": options,
        "initial_option": chosen[0],
    }


def _text_input(value: str, max_length: int) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": VALUE, "max_length": max_length}
    if value:
        element["initial_value"] = value
    return element
