"""Building the Bolt app: one WebClient pointed at SLACK_API_URL, the services, the handlers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from sqlalchemy.engine import Engine

from bot.clock import Clock, system_clock
from bot.people import PeopleDirectory
from bot.services import Services
from bot.settings import Settings
from handlers import register_all

logger = logging.getLogger(__name__)


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
    )
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    if retry_connection_errors:
        client.retry_handlers.append(ConnectionErrorRetryHandler(max_retry_count=2))
    return client


class _DropTokenNotice(logging.Filter):
    """Bolt notes that SLACK_BOT_TOKEN is unused when a client is given; that is on purpose
    (the client carries the token and SLACK_API_URL), so the notice is only noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_TOKEN_NOTICE = _DropTokenNotice()


def create_app(
    settings: Settings,
    engine: Engine,
    *,
    clock: Clock = system_clock,
    verify_token: bool = True,
) -> App:
    client = make_web_client(settings)
    bolt_logger = logging.getLogger("slack_bolt")
    if _TOKEN_NOTICE not in bolt_logger.filters:
        bolt_logger.addFilter(_TOKEN_NOTICE)
    signing_secret = settings.slack_signing_secret
    app = App(
        client=client,
        signing_secret=signing_secret.get_secret_value() if signing_secret else "",
        token_verification_enabled=verify_token,
        process_before_response=False,
        raise_error_for_unhandled_request=False,
        logger=bolt_logger,
    )
    services = Services(
        settings=settings,
        engine=engine,
        clock=clock,
        people=PeopleDirectory(client, settings.zone),
        client=client,
    )

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], Any]) -> Any:
        context["crm"] = services
        return next()

    @app.error
    def log_unhandled(error: Exception, body: dict[str, Any]) -> None:
        logger.error("unhandled error for %s: %r", body.get("type") or "command", error)

    register_all(app)
    return app
