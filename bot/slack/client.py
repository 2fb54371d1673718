"""The WebClients every Web API call goes through: one per bot token, so each team's calls
carry that team's own token."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.slack.tokens import TeamTokens
from bot.slack.workspace import team_in_hand
from bot.wiring.settings import Settings


def make_web_client(
    settings: Settings, *, retry_connection_errors: bool = True, token: str | None = None
) -> WebClient:
    """Every Web API call the app makes goes through a client built here, with `token` (by
    default SLACK_BOT_TOKEN; in OAuth mode the app's own client has none, and each team's
    client has its installation's token).

    429s are always retried after Retry-After (Slack did not act on the call). Dropped
    connections are retried only where a repeat is harmless; the scheduler's client leaves
    them to its ledger, which checks whether a message arrived before sending it again.
    """
    if token is None and not settings.oauth_mode:
        token = settings.bot_token()
    client = WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[],  # not slack_sdk's default, which retries dropped connections
    )
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    if retry_connection_errors:
        client.retry_handlers.append(ConnectionErrorRetryHandler(max_retry_count=2))
    return client


class TeamClients:
    """The WebClient for a team: built with that team's bot token (`tokens`), one per token.

    Work outside a request (jobs, the delivery ledger, a DM after a reply failed) asks for the
    team it is for; the people directory asks for the team in hand (bot.slack.workspace)."""

    def __init__(
        self,
        settings: Settings,
        tokens: TeamTokens,
        *,
        retry_connection_errors: bool = True,
        known: WebClient | None = None,
    ) -> None:
        """`known`: a client already built for its token (the app's, in single-token mode)."""
        self.tokens = tokens
        self._settings = settings
        self._retry = retry_connection_errors
        self._clients: dict[str, WebClient] = {}
        if known is not None and known.token:
            self._clients[known.token] = known
        self._lock = threading.Lock()

    def for_team(self, team_id: str | None) -> WebClient:
        """NotInstalled (bot.slack.tokens) when the team has no token."""
        token = self.tokens.bot_token(team_id)
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                client = make_web_client(
                    self._settings, retry_connection_errors=self._retry, token=token
                )
                self._clients[token] = client
            return client

    def in_hand(self) -> WebClient:
        """The client for the team the work in hand is for."""
        return self.for_team(team_in_hand())


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
