"""A Slack message's link (`chat.getPermalink`), for a follow-up logged from that message."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)


def permalink_of(client: WebClient, *, channel: str, ts: str) -> str | None:
    """The message's link, or None when Slack won't give one (the form opens without it)."""
    if not channel or not ts:
        return None
    try:
        answer = client.chat_getPermalink(channel=channel, message_ts=ts)
    except SlackApiError as problem:
        logger.warning("chat.getPermalink failed: %s", problem.response.get("error"))
        return None
    except Exception:
        logger.warning("chat.getPermalink could not be reached", exc_info=True)
        return None
    link = answer.get("permalink")
    return link if isinstance(link, str) and link.startswith("https://") else None
