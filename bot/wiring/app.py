"""Building the Bolt app: one WebClient pointed at SLACK_API_URL, the services, the handlers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from sqlalchemy.engine import Engine

from bot.catalog.language import DEFAULT, Language, speak
from bot.preferences.language import language_for
from bot.preferences.team import team_zone_reader
from bot.slack.client import failing_fast, make_web_client
from bot.slack.people import PeopleDirectory
from bot.wiring.answering import AnsweringApp, ListenerExecutor
from bot.wiring.clock import Clock, system_clock
from bot.wiring.logs import install_redaction, keep_secret
from bot.wiring.services import Services
from bot.wiring.settings import Settings
from handlers import register_all

logger = logging.getLogger(__name__)
LISTENER_THREADS = 12
"""Requests worked on at once; a request waiting for a thread still gets its answer in time."""


class _DropTokenNotice(logging.Filter):
    """Bolt notes that SLACK_BOT_TOKEN is unused when a client is given; that is on purpose
    (the client carries the token and SLACK_API_URL), so the notice is only noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_TOKEN_NOTICE = _DropTokenNotice()


def _language_of(services: Services, context: BoltContext) -> Language:
    """The language to answer this request in: the person's (see bot.preferences.language).
    Never a reason to fail a request: English when it cannot be told."""
    if not (context.user_id and context.team_id):
        return DEFAULT
    try:
        return language_for(
            engine=services.engine,
            people=services.people,
            team_id=context.team_id,
            user_id=context.user_id,
        )
    except Exception:
        logger.exception("could not tell which language to answer in")
        return DEFAULT


def create_app(
    settings: Settings,
    engine: Engine,
    *,
    clock: Clock = system_clock,
    verify_token: bool = True,
) -> App:
    install_redaction()
    keep_secret(settings.secrets())
    client = make_web_client(settings)
    bolt_logger = logging.getLogger("slack_bolt")
    if _TOKEN_NOTICE not in bolt_logger.filters:
        bolt_logger.addFilter(_TOKEN_NOTICE)
    signing_secret = settings.slack_signing_secret
    services = Services(
        settings=settings,
        engine=engine,
        clock=clock,
        people=PeopleDirectory(client, settings.zone, team_zone_reader(engine, settings)),
        client=client,
    )
    with failing_fast(client):  # Bolt checks the token with auth.test here
        app = AnsweringApp(
            services,
            client=client,
            signing_secret=signing_secret.get_secret_value() if signing_secret else "",
            token_verification_enabled=verify_token,
            process_before_response=False,
            raise_error_for_unhandled_request=False,
            logger=bolt_logger,
            listener_executor=ListenerExecutor(max_workers=LISTENER_THREADS),
        )

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], Any]) -> Any:
        context["crm"] = services
        speak(_language_of(services, context))
        return next()

    @app.error
    def log_unhandled(error: Exception, body: dict[str, Any]) -> None:
        logger.error("unhandled error for %s: %r", body.get("type") or "command", error)

    register_all(app)
    return app
