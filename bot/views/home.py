"""The App Home tab."""

from __future__ import annotations

from typing import Any

from bot.views.blocks import context, header, section
from bot.views.followup import USAGE_TEXT


def home_view() -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            header("crmbot"),
            section(USAGE_TEXT),
            section(
                "*Customers*\n• `/customer` — your customers\n• `/customer new` — add one\n"
                "• `/customer &lt;code or name&gt;` — a customer's card"
            ),
            context("Everything you log is kept with your team's customers. `/crm help` for more."),
        ],
    }
