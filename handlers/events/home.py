"""The App Home tab: the person's own Home, drawn as it stands now."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext

from bot.wiring.home_tab import publish_home
from handlers.common import apology, services


def publish_home_tab(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab") not in (None, "home"):
        return
    crm = services(context)
    team_id = str(context.team_id or body.get("team_id") or "")
    with apology(None, "publishing the Home tab"):
        publish_home(crm, team_id=team_id, user_id=str(event["user"]))
