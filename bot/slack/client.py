"""The one WebClient every Web API call goes through."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def failing_fast(client: WebClient) -> Iterator[WebClient]:
    """Within this block `client` does not retry a failed connection: at start-up an
    unreachable Slack (or a wrong SLACK_API_URL) is said at once, not after seconds of
    retries with back-off."""
    kept = list(client.retry_handlers)
    client.retry_handlers[:] = [
        handler for handler in kept if not isinstance(handler, ConnectionErrorRetryHandler)
    ]
    try:
        yield client
    finally:
        client.retry_handlers[:] = kept
