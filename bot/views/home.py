"""The App Home tab."""

from __future__ import annotations

from typing import Any

from bot.catalog.texts.nudges import text as t
from bot.views.blocks import context, header, section
from bot.views.followup import usage_message


def home_view() -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            header(t.HOME_TITLE),
            *usage_message().blocks,
            section(t.HOME_CUSTOMERS),
            context(t.HOME_FOOTER),
        ],
    }
