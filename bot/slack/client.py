"""The one WebClient every Web API call goes through."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.wiring.settings import Settings


def make_web_client(settings: Settings, *, retry_connection_errors: bool = True) -> WebClient:
    """Every Web API call the app makes goes through a client built here.

    429s are always retried after Retry-After (Slack did not act on the call). Dropped
    connections are retried only where a repeat is harmless; the scheduler's client leaves
    them to its ledger, which checks whether a message arrived before sending it again.
    """
    client = WebClient(
        token=settings.bot_token(),
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[],  # not slack_sdk's default, which retries dropped connections
    )
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    if retry_connection_errors:
        client.retry_handlers.append(ConnectionErrorRetryHandler(max_retry_count=2))
    return client
