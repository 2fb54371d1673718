"""`/crm digest`: which channels get the weekly digest, when, for which tiers, in which
language."""

from __future__ import annotations

import json
from typing import Any

from bot.catalog.language import Language, current_language
from bot.catalog.texts.reports import text as t
from bot.catalog.texts.team import text as team_text
from bot.catalog.tiers import tier_label
from bot.views import ids
from bot.views.blocks import Block, context, input_block, option, plain
from bot.views.formatting import escape
from storage.models import DigestChannel

VALUE = "value"


def weekday_name(weekday: int, *, every: bool = False) -> str:
    """'Monday' for 0, or 'Mondays' with `every`."""
    names = t.DIGEST_EVERY_WEEKDAY if every else t.DIGEST_WEEKDAY_NAMES
    return names[str(weekday)]


def language_name(language: str) -> str:
    names = team_text.LANGUAGE_NAMES
    return names.get(language, names[Language.EN.value])


def tiers_text(tiers: list[str] | None) -> str:
    """The tiers a channel gets, or 'all tiers' (plain text: escape it for mrkdwn)."""
    return t.REPORTS_LIST_SEPARATOR.join(map(tier_label, tiers)) if tiers else t.DIGEST_ALL_TIERS


def digest_channels_line(channels: list[DigestChannel]) -> str:
    if not channels:
        return t.DIGEST_NO_CHANNELS
    parts = [
        t.DIGEST_CHANNEL_ITEM.format(
            channel=f"<#{c.channel_id}>",
            day=weekday_name(c.weekday, every=True),
            time=c.time,
            zone=c.zone,
            tiers=escape(tiers_text(c.tiers)),
            language=language_name(c.language),
        )
        for c in channels
    ]
    return t.DIGEST_CHANNELS_NOW.format(channels=t.DIGEST_CHANNELS_SEPARATOR.join(parts))


def digest_saved_text(values: dict[str, Any]) -> str:
    """The answer once a channel's digest is saved, from what `read_digest_modal` read."""
    return t.DIGEST_SAVED.format(
        channel=f"<#{values['channel']}>",
        day=weekday_name(int(values["weekday"]), every=True),
        time=values["time"],
        zone=values["zone"],
        tiers=escape(tiers_text(values["tiers"])),
        language=language_name(values["language"]),
    )


def digest_stopped_text(channel: str) -> str:
    return t.DIGEST_STOPPED.format(channel=f"<#{channel}>")


def digest_modal(
    *,
    channels: list[DigestChannel],
    tier_names: list[str],
    default_zone: str,
    response_url: str | None,
    language: Language | None = None,
) -> dict[str, Any]:
    """The setup form; the language offered first is `language`, else the admin's own."""
    days = [option(weekday_name(n), str(n)) for n in range(7)]
    tiers = [option(tier_label(name), name) for name in tier_names]
    languages = [option(language_name(known.value), known.value) for known in Language]
    chosen = (language or current_language()).value
    blocks: list[Block] = [
        context(digest_channels_line(channels)),
        input_block(
            "channel",
            t.DIGEST_LABEL_CHANNEL,
            {
                "type": "conversations_select",
                "action_id": VALUE,
                "filter": {"include": ["public", "private"], "exclude_bot_users": True},
            },
        ),
        input_block(
            "weekday",
            t.DIGEST_LABEL_DAY,
            {
                "type": "static_select",
                "action_id": VALUE,
                "options": days,
                "initial_option": days[0],
            },
        ),
        input_block(
            "time",
            t.DIGEST_LABEL_TIME,
            {"type": "timepicker", "action_id": VALUE, "initial_time": "09:00"},
        ),
        input_block(
            "zone",
            t.DIGEST_LABEL_ZONE,
            {
                "type": "plain_text_input",
                "action_id": VALUE,
                "initial_value": default_zone,
                "max_length": 64,
            },
            hint=t.DIGEST_HINT_ZONE,
        ),
        input_block(
            "tiers",
            t.DIGEST_LABEL_TIERS,
            {
                "type": "multi_static_select",
                "action_id": VALUE,
                "options": tiers,
                "placeholder": plain(t.DIGEST_ALL_TIERS_PLACEHOLDER),
            },
            optional=True,
            hint=t.DIGEST_HINT_TIERS,
        ),
        input_block(
            "language",
            t.DIGEST_LABEL_LANGUAGE,
            {
                "type": "static_select",
                "action_id": VALUE,
                "options": languages,
                "initial_option": next(o for o in languages if o["value"] == chosen),
            },
            hint=t.DIGEST_HINT_LANGUAGE,
        ),
        input_block(
            "stop",
            t.DIGEST_LABEL_STOP,
            {
                "type": "checkboxes",
                "action_id": VALUE,
                "options": [option(t.DIGEST_STOP_OPTION, "stop")],
            },
            optional=True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": ids.DIGEST_MODAL,
        "title": plain(t.DIGEST_SETUP_TITLE, 24),
        "submit": plain(t.REPORTS_SAVE, 24),
        "close": plain(t.REPORTS_CANCEL, 24),
        "private_metadata": json.dumps({"url": response_url}),
        "blocks": blocks,
    }


def read_digest_modal(state_values: dict[str, Any]) -> dict[str, Any]:
    def element(block: str) -> dict[str, Any]:
        found: dict[str, Any] = (state_values.get(block) or {}).get(VALUE) or {}
        return found

    return {
        "channel": element("channel").get("selected_conversation"),
        "weekday": (element("weekday").get("selected_option") or {}).get("value"),
        "time": element("time").get("selected_time"),
        "zone": (element("zone").get("value") or "").strip(),
        "tiers": [o["value"] for o in element("tiers").get("selected_options") or []],
        "language": (element("language").get("selected_option") or {}).get("value"),
        "stop": bool(element("stop").get("selected_options")),
    }
