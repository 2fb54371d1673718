"""Building the Bolt app: its WebClient pointed at SLACK_API_URL, the services, the handlers.

Single-token mode (SLACK_BOT_TOKEN): one workspace, one token. OAuth mode (SLACK_CLIENT_ID,
SLACK_CLIENT_SECRET, SLACK_STATE_SECRET; bot.wiring.installs): any workspace can install the
app, and each request and each job uses its own workspace's token."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from sqlalchemy.engine import Engine

from bot.catalog.language import DEFAULT, Language, speak
from bot.catalog.texts.install import text as install_texts
from bot.preferences.language import language_for
from bot.preferences.team import team_zone_reader
from bot.slack.client import TeamClients, failing_fast, make_web_client
from bot.slack.people import PeopleDirectory
from bot.slack.tokens import InstalledTokens, SingleToken, TeamTokens
from bot.slack.workspace import work_for
from bot.wiring.answering import AnsweringApp, ListenerExecutor
from bot.wiring.clock import Clock, system_clock
from bot.wiring.home_tab import prime_home_readers
from bot.wiring.installs import oauth_settings
from bot.wiring.logs import install_redaction, keep_secret
from bot.wiring.services import Services
from bot.wiring.settings import Settings
from handlers import register_all
from storage.deadline import GaveUp
from storage.installations import installation_store

logger = logging.getLogger(__name__)
LISTENER_THREADS = 12
"""Requests worked on at once; a request waiting for a thread still gets its answer in time."""


class _DropTokenNotice(logging.Filter):
    """Bolt notes that SLACK_BOT_TOKEN is unused when a client is given; that is on purpose
    (the client carries the token and SLACK_API_URL), so the notice is only noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_TOKEN_NOTICE = _DropTokenNotice()
OAUTH_WINS = (
    "SLACK_BOT_TOKEN is ignored: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are"
    " set, so this is OAuth mode and each workspace uses the bot token it installed the app with"
)


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
    except GaveUp:  # out of time (a busy database): the handler tells the person so
        logger.warning("ran out of time telling which language to answer in; using the default")
        return DEFAULT
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
    client = make_web_client(settings)  # in OAuth mode without a token: each request gets its own
    bolt_logger = logging.getLogger("slack_bolt")
    if _TOKEN_NOTICE not in bolt_logger.filters:
        bolt_logger.addFilter(_TOKEN_NOTICE)
    signing_secret = settings.slack_signing_secret
    options: dict[str, Any] = {}
    tokens: TeamTokens
    if settings.oauth_mode:
        store = installation_store(engine, client_id=str(settings.slack_client_id))
        tokens = InstalledTokens(store)
        options["oauth_settings"] = oauth_settings(settings, engine, store)
        options["user_facing_authorize_error_message"] = install_texts.INSTALL_NOT_INSTALLED
        if settings.slack_bot_token is not None:
            logger.warning(OAUTH_WINS)
        logger.info("OAuth mode: each workspace uses the bot token it installed the app with")
    else:
        tokens = SingleToken(settings.bot_token())
        options["token_verification_enabled"] = verify_token
    clients = TeamClients(settings, tokens, known=None if settings.oauth_mode else client)
    services = Services(
        settings=settings,
        engine=engine,
        clock=clock,
        people=PeopleDirectory(clients, settings.zone, team_zone_reader(engine, settings)),
        clients=clients,
    )
    prime_home_readers(engine)
    with failing_fast(client):  # single-token mode: Bolt checks the token with auth.test here
        app = AnsweringApp(
            services,
            client=client,
            signing_secret=signing_secret.get_secret_value() if signing_secret else "",
            process_before_response=False,
            raise_error_for_unhandled_request=False,
            logger=bolt_logger,
            listener_executor=ListenerExecutor(max_workers=LISTENER_THREADS),
            **options,
        )

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], Any]) -> Any:
        context["crm"] = services
        work_for(context.team_id)
        speak(_language_of(services, context))
        return next()

    @app.error
    def log_unhandled(error: Exception, body: dict[str, Any]) -> None:
        logger.error("unhandled error for %s: %r", body.get("type") or "command", error)

    register_all(app)
    return app
