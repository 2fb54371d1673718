"""`/crm digest`: which channels get the weekly digest, when, and for which tiers."""

from __future__ import annotations

import json
from typing import Any

from bot.views import ids
from bot.views.blocks import Block, context, option, plain
from bot.views.formatting import escape
from storage.models import DigestChannel

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
VALUE = "value"


def digest_channels_line(channels: list[DigestChannel]) -> str:
    if not channels:
        return "No channel gets the weekly digest yet."
    parts = []
    for c in channels:
        tiers = ", ".join(escape(t) for t in c.tiers) if c.tiers else "all tiers"
        parts.append(f"<#{c.channel_id}> · {WEEKDAYS[c.weekday]}s {c.time} {c.zone} · {tiers}")
    return "Digests now: " + "; ".join(parts)


def digest_modal(
    *,
    channels: list[DigestChannel],
    tier_names: list[str],
    default_zone: str,
    response_url: str | None,
) -> dict[str, Any]:
    days = [option(day, str(n)) for n, day in enumerate(WEEKDAYS)]
    tiers = [option(name, name) for name in tier_names]
    blocks: list[Block] = [
        context(digest_channels_line(channels)),
        _input(
            "channel",
            "Channel",
            {
                "type": "conversations_select",
                "action_id": VALUE,
                "filter": {"include": ["public", "private"], "exclude_bot_users": True},
            },
        ),
        _input(
            "weekday",
            "Day",
            {
                "type": "static_select",
                "action_id": VALUE,
                "options": days,
                "initial_option": days[0],
            },
        ),
        _input("time", "Time", {"type": "timepicker", "action_id": VALUE, "initial_time": "09:00"}),
        _input(
            "zone",
            "Time zone",
            {
                "type": "plain_text_input",
                "action_id": VALUE,
                "initial_value": default_zone,
                "max_length": 64,
            },
            hint="A zone name such as Asia/Shanghai or America/New_York.",
        ),
        _input(
            "tiers",
            "Tiers",
            {
                "type": "multi_static_select",
                "action_id": VALUE,
                "options": tiers,
                "placeholder": plain("All tiers"),
            },
            optional=True,
            hint="Leave empty for all tiers, e.g. pick Strategic and Key for #key-accounts.",
        ),
        _input(
            "stop",
            "Stop",
            {
                "type": "checkboxes",
                "action_id": VALUE,
                "options": [option("Stop sending the digest to this channel", "stop")],
            },
            optional=True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": ids.DIGEST_MODAL,
        "title": plain("Weekly digest", 24),
        "submit": plain("Save", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"url": response_url}),
        "blocks": blocks,
    }


def _input(
    block_id: str, label: str, element: Block, *, optional: bool = False, hint: str | None = None
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
    }
    block["optional"] = optional
    if hint:
        block["hint"] = plain(hint, 150)
    return block


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
        "stop": bool(element("stop").get("selected_options")),
    }
