"""A workspace uninstalled the app, or revoked its tokens: that team's installation and bot
tokens go (OAuth mode; in single-token mode nothing is stored, so there is nothing to do)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext

from handlers.common import services, team_of

logger = logging.getLogger(__name__)


def on_app_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
    team_id = context.team_id or team_of(body)
    if not team_id:
        return
    services(context).clients.tokens.forget(team_id=team_id, enterprise_id=context.enterprise_id)
    logger.info("team %s uninstalled the app; its installation and tokens are deleted", team_id)


def on_tokens_revoked(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
    team_id = context.team_id or team_of(body)
    if not team_id:
        return
    revoked = event.get("tokens") or {}
    tokens = services(context).clients.tokens
    if revoked.get("bot"):
        tokens.forget(team_id=team_id, enterprise_id=context.enterprise_id)
        logger.info("team %s revoked the bot's token; its installation is deleted", team_id)
    users = [str(user) for user in revoked.get("oauth") or []]
    if users:
        tokens.forget(team_id=team_id, enterprise_id=context.enterprise_id, user_ids=users)
        logger.info("team %s revoked %d user token(s)", team_id, len(users))
