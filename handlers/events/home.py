"""The App Home tab: how to use the bot."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.views.home import home_view
from handlers.common import apology


def publish_home(event: dict[str, Any], client: WebClient) -> None:
    if event.get("tab") not in (None, "home"):
        return
    with apology(None, "publishing the Home tab"):
        client.views_publish(user_id=event["user"], view=home_view())
